"""1:1 sessions, group classes, bookings and attendance: who may do what, and the business rules around
``scheduling.placement``, which performs every change to the calendar and emits the domain events.

Scope: admins everything; a trainer their own calendar (another trainer's appointments are 404) and only
their assigned clients; a client only their own bookings. Classes are listed to everyone signed in.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session, contains_eager

from ...clients import service as clients_service
from ...clients.read import ClientNames
from ...core import audit, events
from ...core.actor import Actor, Role
from ...core.business import business_zone
from ...core.db import utcnow
from ...core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from ...core.pagination import Page, paginate
from ...core.policy import require_authenticated, require_role, require_write_scope
from ...staff import service as staff_service
from .. import placement, policy
from ..availability import service as availability_service
from ..models import (
    CALLED_OFF_BOOKING,
    SEAT_HOLDING,
    STANDING_BOOKING,
    Appointment,
    AppointmentStatus,
    Booking,
    BookingRules,
    BookingStatus,
    Location,
    PenaltyPolicy,
    Room,
    Service,
    ServiceKind,
)
from ..rules import CHECK_IN_OPENS_BEFORE, check_in_opens_at, get_rules
from . import read_models

if TYPE_CHECKING:
    from ...clients.models import Client

Unset: Any = object()  # "field not sent" (None means "clear it")

# A booking is named by whose place it is and in what (a class's own title, else its service's name).
audit.register_subject_labels(
    "booking",
    audit.column_labels(
        Booking.id,
        ClientNames.first_name,
        ClientNames.last_name,
        Appointment.title,
        Service.name,
        fmt=lambda first, last, title, service: f"{first} {last} · {title or service}",
        joins=[
            (ClientNames.table, Booking.client_id == ClientNames.id),
            (Appointment, Booking.appointment_id == Appointment.id),
            (Service, Appointment.service_id == Service.id),
        ],
    ),
)


class SlotUnavailable(Conflict):
    title, type_slug = "Slot not offered", "slot-unavailable"


# --- shared checks -------------------------------------------------------------------------------


def holds_place(session: Session, *, client_id: uuid.UUID, appointment_id: uuid.UUID) -> bool:
    """Whether the client holds a place (booked or attended) in the appointment and it is still scheduled: for
    other domains that link to a session (a programme workout planned for it). No scope: callers scope the client."""
    booked = session.scalar(
        select(Booking.id)
        .join(Appointment, Appointment.id == Booking.appointment_id)
        .where(
            Booking.appointment_id == appointment_id,
            Booking.client_id == client_id,
            Booking.status.in_(SEAT_HOLDING),
            Appointment.status == AppointmentStatus.SCHEDULED,
        )
        .limit(1)
    )
    return booked is not None


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _service(session: Session, service_id: uuid.UUID, kind: ServiceKind) -> Service:
    service = session.get(Service, service_id)
    if service is None:
        raise NotFound("No such service.")
    if service.archived_at is not None:
        raise ValidationFailed("service_id", "The service is archived; restore it before booking it.")
    if service.kind is not kind:
        hint = "Book classes with POST /classes." if kind is ServiceKind.ONE_TO_ONE else "Use a group service."
        raise ValidationFailed("service_id", f"This is a {service.kind.value} service. {hint}")
    return service


def _active_trainer(session: Session, actor: Actor, trainer_id: uuid.UUID) -> None:
    trainer = staff_service.get_trainer(session, actor=actor, trainer_id=trainer_id)
    if not trainer.active:
        raise Conflict("This trainer is inactive.")


def _bookable_client(session: Session, actor: Actor, client_id: uuid.UUID) -> Client:
    client = clients_service.get_client(session, actor=actor, client_id=client_id)
    if client.archived_at is not None:
        raise Conflict("This client is archived; restore them before booking.")
    return client


def _place(
    session: Session, location_id: uuid.UUID | None, room_id: uuid.UUID | None
) -> tuple[uuid.UUID | None, Room | None]:
    """Check a location and room exist, are in use and belong together; a room implies its location."""
    room = None
    if room_id is not None:
        room = session.get(Room, room_id)
        if room is None or room.archived_at is not None:
            raise ValidationFailed("room_id", "No such room in use.")
        if location_id is not None and room.location_id != location_id:
            raise ValidationFailed("room_id", "The room is not at that location.")
        location_id = room.location_id
    if location_id is not None:
        location = session.get(Location, location_id)
        if location is None or location.archived_at is not None:
            raise ValidationFailed("location_id", "No such location in use.")
    return location_id, room


def _not_started(appointment: Appointment, action: str) -> None:
    if appointment.starts_at <= utcnow():
        raise Conflict(f"It has already started; it cannot be {action}. Staff record attendance instead.")


def _is_late(rules: BookingRules, appointment: Appointment) -> bool:
    return utcnow() >= appointment.starts_at - timedelta(hours=rules.cancellation_window_hours)


def _range(stmt: Any, column: Any, range_from: datetime | None, range_to: datetime | None) -> Any:
    if range_from is not None:
        stmt = stmt.where(column >= range_from)
    if range_to is not None:
        stmt = stmt.where(column < range_to)
    return stmt


# --- 1:1 sessions --------------------------------------------------------------------------------


def list_sessions(
    session: Session,
    *,
    actor: Actor,
    range_from: datetime | None = None,
    range_to: datetime | None = None,
    trainer_id: uuid.UUID | None = None,
    client_id: uuid.UUID | None = None,
    status: AppointmentStatus | None = None,
    limit: int = 25,
    cursor: str | None = None,
) -> Page[Appointment]:
    stmt = _range(
        select(Appointment).where(*policy.visible_sessions(actor)), Appointment.starts_at, range_from, range_to
    )
    if trainer_id is not None:
        stmt = stmt.where(Appointment.trainer_id == trainer_id)
    if client_id is not None:
        stmt = stmt.where(exists().where(Booking.appointment_id == Appointment.id, Booking.client_id == client_id))
    if status is not None:
        stmt = stmt.where(Appointment.status == status)
    return paginate(
        session,
        stmt,
        sort_column=Appointment.starts_at,
        id_column=Appointment.id,
        descending=False,
        limit=limit,
        cursor=cursor,
    )


def get_session(session: Session, *, actor: Actor, appointment_id: uuid.UUID) -> Appointment:
    appointment = session.scalar(
        select(Appointment).where(Appointment.id == appointment_id, *policy.visible_sessions(actor))
    )
    if appointment is None:
        raise NotFound("No such session.")
    return appointment


def _offered_location(
    session: Session,
    actor: Actor,
    *,
    service: Service,
    trainer_id: uuid.UUID,
    starts_at: datetime,
    location_id: uuid.UUID | None,
) -> uuid.UUID | None:
    """A client books only a start the slot computation offers them (rules, hours, time off, busy times).

    Returns the location of the offered slot. The slot list scopes trainers and services to the client.
    """
    found = availability_service.list_slots(
        session,
        actor=actor,
        service_id=service.id,
        range_from=starts_at,
        range_to=starts_at + timedelta(minutes=1),
        trainer_id=trainer_id,
    )
    for slot in found.items:
        if slot.starts_at == starts_at and slot.trainer_id == trainer_id and location_id in (None, slot.location_id):
            return slot.location_id
    raise SlotUnavailable(
        "That time is not offered for booking (outside working hours or the booking rules, "
        "or already taken). Pick one of the offered slots."
    )


def book_one_to_one_session(
    session: Session,
    *,
    actor: Actor,
    service_id: uuid.UUID,
    trainer_id: uuid.UUID,
    client_id: uuid.UUID,
    starts_at: datetime,
    location_id: uuid.UUID | None = None,
    room_id: uuid.UUID | None = None,
    notes: str | None = None,
    allow_outside_hours: bool = False,
) -> Appointment:
    """Book a 1:1 session (an ``Appointment`` of a one-to-one service, its client's booking included; not a
    database session). Staff book any time on a calendar they manage (outside working hours once confirmed); a
    client books themselves into an offered slot."""
    require_authenticated(actor)
    require_write_scope(actor)
    starts_at = _utc(starts_at)
    if actor.is_client:
        if client_id != actor.client_id:
            raise PermissionDenied("Clients book only for themselves.")
        if room_id is not None:
            raise PermissionDenied("Rooms are chosen by the studio.")
        service = session.get(Service, service_id)
        if service is not None and service.kind is ServiceKind.ONE_TO_ONE and not service.client_bookable:
            raise PermissionDenied("This service is booked by the studio only.")
        service = _service(session, service_id, ServiceKind.ONE_TO_ONE)
        _active_trainer(session, actor, trainer_id)  # 404 unless assigned to the client
        location_id = _offered_location(
            session, actor, service=service, trainer_id=trainer_id, starts_at=starts_at, location_id=location_id
        )
    else:
        policy.require_calendar_manager(actor, trainer_id)
        service = _service(session, service_id, ServiceKind.ONE_TO_ONE)
        _active_trainer(session, actor, trainer_id)
    client = _bookable_client(session, actor, client_id)
    location_id, room = _place(session, location_id, room_id)
    return placement.place_appointment(
        session,
        actor,
        service=service,
        trainer_id=trainer_id,
        starts_at=starts_at,
        location_id=location_id,
        room_id=room.id if room else None,
        notes=notes,
        client_ids=(client.id,),
        check_hours=not actor.is_client,
        allow_outside_hours=allow_outside_hours,
    )


def _move(
    session: Session,
    actor: Actor,
    appointment: Appointment,
    *,
    starts_at: datetime | None,
    duration_minutes: int | None,
    trainer_id: uuid.UUID | None,
    location_id: Any,
    room_id: Any,
    allow_outside_hours: bool,
) -> None:
    """Reschedule or re-assign through placement, after checking the new trainer, location and room."""
    if trainer_id is not None and trainer_id != appointment.trainer_id:
        policy.require_calendar_manager(actor, trainer_id)
        _active_trainer(session, actor, trainer_id)
    new_location: uuid.UUID | None = None if location_id is Unset else location_id
    room: Room | None = None
    if room_id is Unset:  # the room stays, unless the appointment moves to another location
        clear_room = new_location is not None and new_location != appointment.location_id
        new_location, _ = _place(session, new_location, None)
    else:
        new_location, room = _place(session, new_location, room_id)
        _room_fits(room, appointment.capacity)
        clear_room = room is None
    service = session.get(Service, appointment.service_id)
    assert service is not None
    placement.move_appointment(
        session,
        actor,
        appointment=appointment,
        service=service,
        starts_at=_utc(starts_at) if starts_at else None,
        duration_minutes=duration_minutes,
        trainer_id=trainer_id,
        location_id=new_location,
        room_id=room.id if room else None,
        clear_room=clear_room,
        check_hours=True,
        allow_outside_hours=allow_outside_hours,
    )


def update_session(session: Session, *, actor: Actor, appointment: Appointment, **fields: Any) -> Appointment:
    """Reschedule (``starts_at``, ``trainer_id``, ``location_id``, ``room_id``) or edit ``notes``; staff only."""
    policy.require_staff_writer(actor)
    policy.require_calendar_manager(actor, appointment.trainer_id)
    if {"starts_at", "trainer_id", "location_id", "room_id"} & set(fields):
        _move(
            session,
            actor,
            appointment,
            starts_at=fields.get("starts_at"),
            duration_minutes=None,
            trainer_id=fields.get("trainer_id"),
            location_id=fields.get("location_id", Unset),
            room_id=fields.get("room_id", Unset),
            allow_outside_hours=fields.get("allow_outside_hours", False),
        )
    if "notes" in fields:
        appointment.notes = fields["notes"]
    session.flush()
    return appointment


def cancel_session(
    session: Session, *, actor: Actor, appointment: Appointment, reason: str | None = None, waive_penalty: bool = False
) -> Appointment:
    """A client inside the cancellation window late-cancels (the rule's penalty applies); staff cancel freely."""
    require_write_scope(actor)
    if appointment.status is AppointmentStatus.CANCELLED:
        raise Conflict("This session is already cancelled.")
    _not_started(appointment, "cancelled")
    if actor.is_client:
        if waive_penalty:
            raise PermissionDenied("Only staff may waive a penalty.")
        rules = get_rules(session)
        late = _is_late(rules, appointment)
        mine = [b for b in appointment.bookings if b.client_id == actor.client_id and b.status is BookingStatus.BOOKED]
        for booking in mine:
            placement.cancel_booking(
                session,
                actor,
                booking=booking,
                late=late,
                penalty=rules.late_cancel_policy if late else None,
                reason=reason,
            )
    else:
        policy.require_calendar_manager(actor, appointment.trainer_id)
    return placement.cancel_appointment(session, actor, appointment=appointment, reason=reason)


# --- group classes -------------------------------------------------------------------------------


def list_classes(
    session: Session,
    *,
    actor: Actor,
    range_from: datetime | None = None,
    range_to: datetime | None = None,
    trainer_id: uuid.UUID | None = None,
    service_id: uuid.UUID | None = None,
    status: AppointmentStatus | None = None,
    limit: int = 25,
    cursor: str | None = None,
) -> Page[Any]:
    """A page of classes as rows (read_models.class_rows)."""
    require_authenticated(actor)
    stmt = _range(
        read_models.class_rows().where(Appointment.kind == ServiceKind.GROUP),
        Appointment.starts_at,
        range_from,
        range_to,
    )
    for column, value in (
        (Appointment.trainer_id, trainer_id),
        (Appointment.service_id, service_id),
        (Appointment.status, status),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    return paginate(
        session,
        stmt,
        sort_column=Appointment.starts_at,
        id_column=Appointment.id,
        descending=False,
        limit=limit,
        cursor=cursor,
        columns=True,
    )


def get_class(session: Session, *, actor: Actor, appointment_id: uuid.UUID) -> Appointment:
    """Any signed-in user may look at a class (as in the list); the roster is separate."""
    require_authenticated(actor)
    appointment = session.get(Appointment, appointment_id)
    if appointment is None or appointment.kind is not ServiceKind.GROUP:
        raise NotFound("No such class.")
    return appointment


def managed_class(session: Session, *, actor: Actor, appointment_id: uuid.UUID) -> Appointment:
    """A class the actor manages: its trainer or an admin (clients 403, another trainer 404)."""
    require_role(actor, Role.ADMIN, Role.TRAINER)
    appointment = get_class(session, actor=actor, appointment_id=appointment_id)
    policy.require_calendar_manager(actor, appointment.trainer_id)
    return appointment


def _room_fits(room: Room | None, capacity: int) -> None:
    if room is not None and room.capacity is not None and capacity > room.capacity:
        raise ValidationFailed("capacity", f"The room holds {room.capacity}; lower the capacity or pick a bigger room.")


def create_class(
    session: Session,
    *,
    actor: Actor,
    service_id: uuid.UUID,
    trainer_id: uuid.UUID,
    starts_at: datetime,
    duration_minutes: int | None = None,
    capacity: int | None = None,
    location_id: uuid.UUID | None = None,
    room_id: uuid.UUID | None = None,
    title: str | None = None,
    notes: str | None = None,
    allow_outside_hours: bool = False,
) -> Appointment:
    policy.require_staff_writer(actor)
    policy.require_calendar_manager(actor, trainer_id)
    service = _service(session, service_id, ServiceKind.GROUP)
    _active_trainer(session, actor, trainer_id)
    location_id, room = _place(session, location_id, room_id)
    seats = capacity or service.default_capacity
    _room_fits(room, seats)
    return placement.place_appointment(
        session,
        actor,
        service=service,
        trainer_id=trainer_id,
        starts_at=_utc(starts_at),
        duration_minutes=duration_minutes,
        location_id=location_id,
        room_id=room.id if room else None,
        capacity=seats,
        title=title,
        notes=notes,
        check_hours=True,
        allow_outside_hours=allow_outside_hours,
    )


def _set_capacity(session: Session, actor: Actor, appointment: Appointment, capacity: int) -> None:
    """Change the number of places under the row lock placement also takes; extra places go to the waitlist."""
    session.execute(select(Appointment.id).where(Appointment.id == appointment.id).with_for_update())
    taken = placement.seats_taken(session, appointment.id)
    if capacity < taken:
        raise Conflict(f"{taken} places are already taken; cancel bookings before lowering the capacity to {capacity}.")
    if appointment.room_id is not None:
        _room_fits(session.get(Room, appointment.room_id), capacity)
    grew = capacity > appointment.capacity
    appointment.capacity = capacity
    session.flush()
    if grew:
        placement.promote_waitlist(session, actor, appointment=appointment)


def update_class(session: Session, *, actor: Actor, appointment: Appointment, **fields: Any) -> Appointment:
    policy.require_staff_writer(actor)
    policy.require_calendar_manager(actor, appointment.trainer_id)
    if appointment.status is AppointmentStatus.CANCELLED:
        raise Conflict("A cancelled class cannot be edited.")
    if fields.get("capacity") is not None:
        _set_capacity(session, actor, appointment, fields["capacity"])
    if {"starts_at", "duration_minutes", "trainer_id", "location_id", "room_id"} & set(fields):
        _move(
            session,
            actor,
            appointment,
            starts_at=fields.get("starts_at"),
            duration_minutes=fields.get("duration_minutes"),
            trainer_id=fields.get("trainer_id"),
            location_id=fields.get("location_id", Unset),
            room_id=fields.get("room_id", Unset),
            allow_outside_hours=fields.get("allow_outside_hours", False),
        )
    if fields.get("title") is not None:
        appointment.title = fields["title"]
    if "notes" in fields:
        appointment.notes = fields["notes"]
    session.flush()
    return appointment


def cancel_class(session: Session, *, actor: Actor, appointment: Appointment, reason: str | None = None) -> Appointment:
    """Cancel the class and every open place in it (a booking.cancelled event per place; nothing is sent yet)."""
    policy.require_staff_writer(actor)
    if appointment.status is AppointmentStatus.CANCELLED:
        raise Conflict("This class is already cancelled.")
    _not_started(appointment, "cancelled")
    return placement.cancel_appointment(session, actor, appointment=appointment, reason=reason)


# --- bookings ------------------------------------------------------------------------------------


def _bookings() -> Any:
    return select(Booking).join(Booking.appointment).options(contains_eager(Booking.appointment))


def list_bookings(
    session: Session,
    *,
    actor: Actor,
    client_id: uuid.UUID | None = None,
    appointment_id: uuid.UUID | None = None,
    status: BookingStatus | None = None,
    when: Literal["upcoming", "past"] | None = None,
    cancelled: bool | None = None,
    limit: int = 25,
    cursor: str | None = None,
) -> Page[Any]:
    """A page of bookings as rows (read_models.booking_rows)."""
    stmt = read_models.booking_rows().where(*policy.visible_bookings(actor))
    for column, value in (
        (Booking.client_id, client_id),
        (Booking.appointment_id, appointment_id),
        (Booking.status, status),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    if when == "upcoming":
        stmt = stmt.where(Booking.starts_at >= utcnow())
    elif when == "past":
        stmt = stmt.where(Booking.starts_at < utcnow())
    if cancelled is True:
        stmt = stmt.where(
            or_(Booking.status.in_(CALLED_OFF_BOOKING), Appointment.status == AppointmentStatus.CANCELLED)
        )
    elif cancelled is False:
        stmt = stmt.where(Booking.status.in_(STANDING_BOOKING), Appointment.status != AppointmentStatus.CANCELLED)
    # Upcoming reads soonest first; past and cancelled ones latest first.
    descending = when == "past" or (cancelled is True and when is None)
    return paginate(
        session,
        stmt,
        sort_column=Booking.starts_at,
        id_column=Booking.id,
        descending=descending,
        limit=limit,
        cursor=cursor,
        columns=True,
    )


def get_booking(session: Session, *, actor: Actor, booking_id: uuid.UUID) -> Booking:
    booking = session.scalar(_bookings().where(Booking.id == booking_id, *policy.visible_bookings(actor)))
    if booking is None:
        raise NotFound("No such booking.")
    return booking


def _client_may_book_class(session: Session, appointment: Appointment) -> None:
    service = session.get(Service, appointment.service_id)
    if service is not None and not service.client_bookable:
        raise PermissionDenied("This class is booked by the studio only.")
    rules = get_rules(session)
    if appointment.starts_at > utcnow() + timedelta(days=rules.max_advance_days):
        raise Conflict(f"Classes open for booking {rules.max_advance_days} days ahead.")


def create_booking(
    session: Session,
    *,
    actor: Actor,
    appointment_id: uuid.UUID,
    client_id: uuid.UUID | None = None,
    waitlist: bool = True,
) -> Booking:
    """A place in a class, or a waitlist place when it is full (``waitlist=False``: 409 instead)."""
    require_authenticated(actor)
    require_write_scope(actor)
    appointment = session.get(Appointment, appointment_id)
    if appointment is None or appointment.kind is not ServiceKind.GROUP:
        raise NotFound("No such class. (1:1 sessions are booked with POST /sessions.)")
    if actor.is_client:
        if client_id not in (None, actor.client_id):
            raise PermissionDenied("Clients book only for themselves.")
        assert actor.client_id is not None
        client_id = actor.client_id
        _client_may_book_class(session, appointment)
    else:
        if client_id is None:
            raise ValidationFailed("client_id", "Say which client to book.")
        policy.require_calendar_manager(actor, appointment.trainer_id)
    client = _bookable_client(session, actor, client_id)
    if appointment.status is AppointmentStatus.CANCELLED:
        raise Conflict("This class is cancelled.")
    _not_started(appointment, "booked")
    return placement.add_seat(session, actor, appointment=appointment, client_id=client.id, waitlist=waitlist)


def cancel_booking(
    session: Session, *, actor: Actor, booking: Booking, reason: str | None = None, waive_penalty: bool = False
) -> Booking:
    """Cancel one place (a 1:1 booking cancels its session). The freed seat goes to the waitlist in order."""
    require_write_scope(actor)
    appointment = booking.appointment
    if appointment.kind is ServiceKind.ONE_TO_ONE:
        cancel_session(session, actor=actor, appointment=appointment, reason=reason, waive_penalty=waive_penalty)
        return booking
    _not_started(appointment, "cancelled")
    late, penalty = False, None
    if actor.is_client:
        if waive_penalty:
            raise PermissionDenied("Only staff may waive a penalty.")
        rules = get_rules(session)
        late = _is_late(rules, appointment)
        penalty = rules.late_cancel_policy if late else None
    return placement.cancel_booking(session, actor, booking=booking, late=late, penalty=penalty, reason=reason)


def staff_booking(session: Session, *, actor: Actor, booking_id: uuid.UUID) -> Booking:
    """A booking the actor may record attendance for or void (clients 403, another trainer's 404)."""
    require_role(actor, Role.ADMIN, Role.TRAINER)
    require_write_scope(actor)
    return get_booking(session, actor=actor, booking_id=booking_id)


class AttendanceNotOpen(Conflict):
    title, type_slug = "Too early for attendance", "attendance-not-open"


def _local(session: Session, moment: datetime) -> str:
    return moment.astimezone(business_zone(session)).strftime("%d %b %Y, %H:%M")


def _attendance_open(session: Session, appointment: Appointment, *, check_in: bool) -> None:
    """Check-in opens a little before the start (clients arrive early); attended and no-show at the start."""
    now = utcnow()
    if check_in:
        opens = check_in_opens_at(appointment.starts_at)
        if now < opens:
            minutes = int(CHECK_IN_OPENS_BEFORE.total_seconds() // 60)
            raise AttendanceNotOpen(f"Check-in opens {minutes} minutes before the start, at {_local(session, opens)}.")
    elif now < appointment.starts_at:
        starts = _local(session, appointment.starts_at)
        raise AttendanceNotOpen(
            f"Attendance is recorded once it has started ({starts}). "
            "Until then, cancel the booking if the client is not coming."
        )


def _late_cancel_open(session: Session, appointment: Appointment) -> None:
    """A late cancellation (with its penalty) is one inside the cancellation window; earlier, it is a cancel."""
    rules = get_rules(session)
    if not _is_late(rules, appointment):
        raise AttendanceNotOpen(
            f"It is more than {rules.cancellation_window_hours} hours before the start: "
            "cancel the booking instead (no late-cancel penalty applies yet)."
        )


def _audit_attendance(session: Session, actor: Actor, booking: Booking, previous: BookingStatus) -> None:
    audit.record(
        session,
        actor,
        "booking.attendance",
        "booking",
        booking.id,
        {"from": previous.value, "to": booking.status.value, "appointment_id": str(booking.appointment_id)},
    )


def check_in(session: Session, *, actor: Actor, booking: Booking) -> Booking:
    policy.require_calendar_manager(actor, booking.appointment.trainer_id)
    _attendance_open(session, booking.appointment, check_in=True)
    previous = booking.status
    placement.mark_attendance(session, actor, booking=booking, status=BookingStatus.ATTENDED, check_in=True)
    _audit_attendance(session, actor, booking, previous)
    return booking


def record_attendance(
    session: Session, *, actor: Actor, booking: Booking, status: BookingStatus, waive_penalty: bool = False
) -> Booking:
    """Attended, no-show or late-cancelled; the latter two carry the rule's penalty unless staff waive it.

    Attended and no-show are recorded from the start; a late cancellation may be recorded before it. Staff
    correct a mark by recording another one, or take it back with ``booked``. Every change is audited.
    """
    policy.require_calendar_manager(actor, booking.appointment.trainer_id)
    if status is not BookingStatus.LATE_CANCELLED:
        _attendance_open(session, booking.appointment, check_in=False)
    else:
        _late_cancel_open(session, booking.appointment)
    penalty: PenaltyPolicy | None = None
    if status in (BookingStatus.NO_SHOW, BookingStatus.LATE_CANCELLED):
        rules = get_rules(session)
        rule = rules.no_show_policy if status is BookingStatus.NO_SHOW else rules.late_cancel_policy
        penalty = PenaltyPolicy.NONE if waive_penalty else rule
    previous = booking.status
    placement.mark_attendance(session, actor, booking=booking, status=status, penalty=penalty)
    _audit_attendance(session, actor, booking, previous)
    return booking


def void_booking(session: Session, *, actor: Actor, booking: Booking, reason: str) -> Booking:
    """Staff strike out a booking made by mistake, once its session has started (before then: cancel it).

    Unlike a cancellation there is no penalty and no late-cancel, and it counts nowhere: as if it never
    happened. Who, when and why stay on the booking; the audit log and the client's timeline record it.
    """
    policy.require_calendar_manager(actor, booking.appointment.trainer_id)
    if booking.appointment.starts_at > utcnow():
        raise Conflict("It has not started yet; cancel the booking instead of voiding it.")
    previous = booking.status
    placement.void_booking(session, actor, booking=booking, reason=reason)
    # The reason may be personal: it stays on the booking, the audit log records that one was given.
    audit.record(
        session,
        actor,
        "booking.void",
        "booking",
        booking.id,
        {"from": previous.value, "appointment_id": str(booking.appointment_id), "fields": ["void_reason"]},
    )
    return booking


# --- the client's activity timeline --------------------------------------------------------------


def list_activity(
    session: Session, *, actor: Actor, client_id: uuid.UUID, limit: int = 25, cursor: str | None = None
) -> Page[events.DomainEvent]:
    client_id = clients_service.visible_client_id(session, actor=actor, client_id=client_id)
    return events.list_for_client(session, client_id=client_id, limit=limit, cursor=cursor)
