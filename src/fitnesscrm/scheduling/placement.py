"""Putting things on the calendar and taking them off: the primitives every scheduling path shares.

Sessions, classes, series and the client's own booking flow all place, move and cancel appointments and seats
through these functions, so the rules hold everywhere: no double booking (checked, then enforced by the
database), capacity under a row lock, the waitlist promoted in order, entitlement checked once per seat, and
one domain event per booking change. Authorisation is the caller's job; these functions trust their caller.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..core import events
from ..core.actor import Actor
from ..core.db import utcnow
from ..core.errors import Conflict
from ..observability.metrics import count_booking, count_no_show
from . import entitlements, hours
from .conflicts import DoubleBooking, ensure_free, refuse_overlap
from .models import (
    SEAT_HOLDING,
    Appointment,
    AppointmentStatus,
    Booking,
    BookingStatus,
    PenaltyPolicy,
    Service,
    ServiceKind,
)

LIVE = (BookingStatus.BOOKED, BookingStatus.WAITLISTED, BookingStatus.ATTENDED)
ATTENDANCE_MARKS = (BookingStatus.ATTENDED, BookingStatus.NO_SHOW, BookingStatus.LATE_CANCELLED)


def place_appointment(
    session: Session,
    actor: Actor,
    *,
    service: Service,
    trainer_id: uuid.UUID,
    starts_at: datetime,
    duration_minutes: int | None = None,
    location_id: uuid.UUID | None = None,
    room_id: uuid.UUID | None = None,
    capacity: int | None = None,
    title: str | None = None,
    notes: str | None = None,
    client_ids: Iterable[uuid.UUID] = (),
    series_id: uuid.UUID | None = None,
    original_start: datetime | None = None,
    check_hours: bool = False,
    allow_outside_hours: bool = False,
) -> Appointment:
    """Create an appointment and book ``client_ids`` into it (a 1:1 session passes its one client).

    ``check_hours`` (staff placing by hand): the trainer's time off refuses it, and so does a time outside
    their working hours unless ``allow_outside_hours`` says staff confirmed it.
    """
    clients = tuple(client_ids)
    ends_at = starts_at + timedelta(minutes=duration_minutes or service.duration_minutes)
    blocked_until = ends_at + timedelta(minutes=service.buffer_minutes)
    seats = capacity or (1 if service.kind is ServiceKind.ONE_TO_ONE else service.default_capacity)
    if len(clients) > seats:
        raise Conflict(f"Only {seats} place(s) in this appointment.")
    ensure_free(
        session,
        starts_at=starts_at,
        ends_at=ends_at,
        blocked_until=blocked_until,
        trainer_id=trainer_id,
        room_id=room_id,
        client_ids=clients,
    )
    if check_hours:
        hours.require_trainer_at_work(
            session,
            trainer_id=trainer_id,
            starts_at=starts_at,
            ends_at=ends_at,
            allow_outside_hours=allow_outside_hours,
        )
    for client_id in clients:
        entitlements.require_entitlement(session, client_id=client_id, service_id=service.id, starts_at=starts_at)
    appointment = Appointment(
        id=uuid.uuid4(),
        service_id=service.id,
        kind=service.kind,
        trainer_id=trainer_id,
        location_id=location_id,
        room_id=room_id,
        title=title or service.name,
        starts_at=starts_at,
        ends_at=ends_at,
        blocked_until=blocked_until,
        capacity=seats,
        status=AppointmentStatus.SCHEDULED,
        notes=notes,
        series_id=series_id,
        original_start=original_start,
        created_by_id=actor.user_id,
    )
    with refuse_overlap(session):
        session.add(appointment)
        session.flush()
        bookings = [_new_booking(appointment, client_id, BookingStatus.BOOKED, actor) for client_id in clients]
        session.add_all(bookings)
    for booking in bookings:
        _emit(session, actor, "booking.booked", booking, appointment)
        count_booking(session, group=appointment.kind is ServiceKind.GROUP)
    return appointment


def add_seat(
    session: Session, actor: Actor, *, appointment: Appointment, client_id: uuid.UUID, waitlist: bool = True
) -> Booking:
    """Book ``client_id`` into a class, or put them on its waitlist when it is full.

    The appointment row is locked first, so N parallel requests for the last place serialise here and
    exactly one gets it (the others are waitlisted, or refused when ``waitlist`` is false).
    """
    _lock(session, appointment)
    if appointment.status is not AppointmentStatus.SCHEDULED:
        raise Conflict("This appointment is cancelled.")
    existing = session.scalar(
        select(Booking).where(
            Booking.appointment_id == appointment.id, Booking.client_id == client_id, Booking.status.in_(LIVE)
        )
    )
    if existing is not None:
        raise Conflict(f"The client already has a place ({existing.status.value}) in this appointment.")
    entitlements.require_entitlement(
        session, client_id=client_id, service_id=appointment.service_id, starts_at=appointment.starts_at
    )
    if seats_taken(session, appointment.id) >= appointment.capacity:
        if not waitlist:
            raise Conflict("This class is full.")
        booking = _new_booking(appointment, client_id, BookingStatus.WAITLISTED, actor)
        session.add(booking)
        session.flush()
        _emit(session, actor, "booking.waitlisted", booking, appointment)
        return booking
    ensure_free(
        session,
        starts_at=appointment.starts_at,
        ends_at=appointment.ends_at,
        blocked_until=appointment.blocked_until,
        client_ids=(client_id,),
        exclude_appointment_id=appointment.id,
    )
    with refuse_overlap(session):  # the booking is built inside: its backref must not be autoflushed before add
        booking = _new_booking(appointment, client_id, BookingStatus.BOOKED, actor)
        session.add(booking)
    _emit(session, actor, "booking.booked", booking, appointment)
    count_booking(session, group=appointment.kind is ServiceKind.GROUP)
    return booking


def cancel_booking(
    session: Session,
    actor: Actor,
    *,
    booking: Booking,
    late: bool = False,
    penalty: PenaltyPolicy | None = None,
    reason: str | None = None,
) -> Booking:
    """Cancel one place; a freed seat goes to the waitlist. ``late`` records a late cancellation and its penalty."""
    if booking.status not in (BookingStatus.BOOKED, BookingStatus.WAITLISTED):
        raise Conflict(f"A {booking.status.value.replace('_', ' ')} booking cannot be cancelled.")
    held_seat = booking.status is BookingStatus.BOOKED
    if late and held_seat:
        booking.status, booking.penalty = BookingStatus.LATE_CANCELLED, penalty
    else:
        booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = utcnow()
    session.flush()
    kind = "booking.late_cancelled" if booking.status is BookingStatus.LATE_CANCELLED else "booking.cancelled"
    _emit(session, actor, kind, booking, booking.appointment, reason=reason)
    if held_seat:
        promote_waitlist(session, actor, appointment=booking.appointment)
    return booking


def promote_waitlist(session: Session, actor: Actor, *, appointment: Appointment) -> list[Booking]:
    """Fill free seats from the waitlist, earliest first; a client now busy elsewhere keeps their place in line."""
    _lock(session, appointment)
    if appointment.status is not AppointmentStatus.SCHEDULED or appointment.starts_at <= utcnow():
        return []
    free = appointment.capacity - seats_taken(session, appointment.id)
    promoted: list[Booking] = []
    if free <= 0:
        return promoted
    waiting = session.scalars(
        select(Booking)
        .where(Booking.appointment_id == appointment.id, Booking.status == BookingStatus.WAITLISTED)
        .order_by(Booking.waitlisted_at, Booking.id)
    )
    for booking in waiting:
        if len(promoted) == free:
            break
        try:
            ensure_free(
                session,
                starts_at=appointment.starts_at,
                ends_at=appointment.ends_at,
                blocked_until=appointment.blocked_until,
                client_ids=(booking.client_id,),
                exclude_appointment_id=appointment.id,
            )
            with refuse_overlap(session):
                booking.status, booking.promoted_at = BookingStatus.BOOKED, utcnow()
        except DoubleBooking:
            continue
        _emit(session, actor, "booking.waitlist_promoted", booking, appointment)
        count_booking(session, group=appointment.kind is ServiceKind.GROUP)
        promoted.append(booking)
    return promoted


def move_appointment(
    session: Session,
    actor: Actor,
    *,
    appointment: Appointment,
    service: Service,
    starts_at: datetime | None = None,
    duration_minutes: int | None = None,
    trainer_id: uuid.UUID | None = None,
    location_id: uuid.UUID | None = None,
    room_id: uuid.UUID | None = None,
    clear_room: bool = False,
    check_hours: bool = False,
    allow_outside_hours: bool = False,
) -> Appointment:
    """Reschedule or re-assign; every client with a seat must be free at the new time too.

    ``check_hours`` as for ``place_appointment``, when the time or the trainer changes.
    """
    if appointment.status is not AppointmentStatus.SCHEDULED:
        raise Conflict("A cancelled appointment cannot be moved.")
    new_start = starts_at or appointment.starts_at
    length = timedelta(minutes=duration_minutes) if duration_minutes else appointment.ends_at - appointment.starts_at
    new_end = new_start + length
    new_blocked = new_end + timedelta(minutes=service.buffer_minutes)
    new_trainer = trainer_id or appointment.trainer_id
    new_room = None if clear_room else (room_id or appointment.room_id)
    seated = [b for b in appointment.bookings if b.status in SEAT_HOLDING]
    ensure_free(
        session,
        starts_at=new_start,
        ends_at=new_end,
        blocked_until=new_blocked,
        trainer_id=new_trainer,
        room_id=new_room,
        client_ids=tuple(b.client_id for b in seated),
        exclude_appointment_id=appointment.id,
    )
    moved = new_start != appointment.starts_at or new_end != appointment.ends_at
    if check_hours and (moved or new_trainer != appointment.trainer_id):
        hours.require_trainer_at_work(
            session,
            trainer_id=new_trainer,
            starts_at=new_start,
            ends_at=new_end,
            allow_outside_hours=allow_outside_hours,
        )
    previous_start = appointment.starts_at
    with refuse_overlap(session):
        appointment.starts_at, appointment.ends_at, appointment.blocked_until = new_start, new_end, new_blocked
        appointment.trainer_id, appointment.room_id = new_trainer, new_room
        if location_id is not None:
            appointment.location_id = location_id
        for booking in appointment.bookings:
            booking.starts_at, booking.blocked_until = new_start, new_blocked
    if moved:
        for booking in seated:
            _emit(
                session,
                actor,
                "booking.rescheduled",
                booking,
                appointment,
                previous_starts_at=previous_start.isoformat(),
            )
    return appointment


def cancel_appointment(
    session: Session, actor: Actor, *, appointment: Appointment, reason: str | None = None
) -> Appointment:
    """Cancel the appointment and every open place in it; attendance already recorded is kept as history."""
    if appointment.status is AppointmentStatus.CANCELLED:
        return appointment
    appointment.status, appointment.cancelled_at, appointment.cancel_reason = (
        AppointmentStatus.CANCELLED,
        utcnow(),
        reason,
    )
    for booking in appointment.bookings:
        if booking.status in (BookingStatus.BOOKED, BookingStatus.WAITLISTED):
            booking.status, booking.cancelled_at = BookingStatus.CANCELLED, utcnow()
            _emit(session, actor, "booking.cancelled", booking, appointment, reason=reason or "appointment cancelled")
    session.flush()
    return appointment


def mark_attendance(
    session: Session,
    actor: Actor,
    *,
    booking: Booking,
    status: BookingStatus,
    penalty: PenaltyPolicy | None = None,
    check_in: bool = False,
) -> Booking:
    """Record what happened: attended (optionally checked in now), no-show or late-cancelled (with penalty).

    ``BOOKED`` takes a mistaken attended or no-show mark back: the place is booked and unmarked again.
    """
    if status not in (*ATTENDANCE_MARKS, BookingStatus.BOOKED):
        raise Conflict("Attendance is one of attended, no_show or late_cancelled (or booked, to take a mark back).")
    if booking.status in (BookingStatus.WAITLISTED, BookingStatus.CANCELLED, BookingStatus.VOIDED):
        raise Conflict(f"A {booking.status.value} booking has no attendance to mark.")
    if booking.appointment.status is AppointmentStatus.CANCELLED:
        raise Conflict("The appointment was cancelled.")
    unmark = status is BookingStatus.BOOKED
    if unmark and booking.status not in (BookingStatus.ATTENDED, BookingStatus.NO_SHOW):
        raise Conflict("Only an attended or no-show mark can be taken back; book the client again instead.")
    held_seat = booking.status in SEAT_HOLDING
    if not held_seat and status in SEAT_HOLDING:
        # A late cancel's place may have gone to the waitlist since; correcting the mark must not overfill.
        _lock(session, booking.appointment)
        if seats_taken(session, booking.appointment_id) >= booking.appointment.capacity:
            raise Conflict(
                "Every place is taken now (the freed place went to someone else); "
                "this mark cannot give the client a place back."
            )
    if status is BookingStatus.NO_SHOW and booking.status is not BookingStatus.NO_SHOW:
        count_no_show(session)
    # Back to a seat from a no-show/late cancel takes the client's time again: the database may refuse it.
    with refuse_overlap(session):
        booking.status = status
        booking.penalty = penalty if status not in SEAT_HOLDING else None
        booking.attendance_marked_at = None if unmark else utcnow()
        if unmark:
            booking.checked_in_at = None
        elif check_in and booking.checked_in_at is None:
            booking.checked_in_at = utcnow()
    _emit(
        session,
        actor,
        "booking.attendance_cleared" if unmark else f"booking.{status.value}",
        booking,
        booking.appointment,
    )
    if held_seat and status not in SEAT_HOLDING:  # a late cancel before the start frees a seat for the waitlist
        promote_waitlist(session, actor, appointment=booking.appointment)
    return booking


def void_booking(session: Session, actor: Actor, *, booking: Booking, reason: str) -> Booking:
    """Strike out a booking made by mistake: no attendance, no penalty, and (in the past) nothing to free.

    A 1:1 session is nothing without its client, so it is cancelled with the booking.
    """
    if booking.status in (BookingStatus.CANCELLED, BookingStatus.VOIDED):
        raise Conflict(f"This booking is already {booking.status.value}; there is nothing to void.")
    booking.status, booking.penalty = BookingStatus.VOIDED, None
    booking.voided_at, booking.voided_by_id, booking.void_reason = utcnow(), actor.user_id, reason
    session.flush()
    _emit(session, actor, "booking.voided", booking, booking.appointment, reason=reason)
    if booking.appointment.kind is ServiceKind.ONE_TO_ONE:
        cancel_appointment(session, actor, appointment=booking.appointment, reason=reason)
    return booking


def seats_taken(session: Session, appointment_id: uuid.UUID) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Booking)
            .where(Booking.appointment_id == appointment_id, Booking.status.in_(SEAT_HOLDING))
        )
        or 0
    )


def waitlist_position(session: Session, booking: Booking) -> int | None:
    """1 for the next in line; None when the booking is not waitlisted."""
    if booking.status is not BookingStatus.WAITLISTED or booking.waitlisted_at is None:
        return None
    ahead = (
        session.scalar(
            select(func.count())
            .select_from(Booking)
            .where(
                Booking.appointment_id == booking.appointment_id,
                Booking.status == BookingStatus.WAITLISTED,
                (Booking.waitlisted_at < booking.waitlisted_at)
                | ((Booking.waitlisted_at == booking.waitlisted_at) & (Booking.id < booking.id)),
            )
        )
        or 0
    )
    return ahead + 1


def _lock(session: Session, appointment: Appointment) -> None:
    """Take the appointment's row lock (PostgreSQL) and reload it, so capacity decisions see committed seats."""
    session.execute(select(Appointment.id).where(Appointment.id == appointment.id).with_for_update())
    session.refresh(appointment)


def _new_booking(appointment: Appointment, client_id: uuid.UUID, status: BookingStatus, actor: Actor) -> Booking:
    now = utcnow()
    return Booking(
        id=uuid.uuid4(),
        appointment=appointment,
        appointment_id=appointment.id,
        client_id=client_id,
        status=status,
        starts_at=appointment.starts_at,
        blocked_until=appointment.blocked_until,
        waitlisted_at=now if status is BookingStatus.WAITLISTED else None,
        booked_by_id=actor.user_id,
    )


def _emit(
    session: Session, actor: Actor, kind: str, booking: Booking, appointment: Appointment, **extra: str | None
) -> None:
    payload = {
        "appointment_id": str(appointment.id),
        "service_id": str(appointment.service_id),
        "trainer_id": str(appointment.trainer_id),
        "starts_at": appointment.starts_at.isoformat(),
        "title": appointment.title,
        **{k: v for k, v in extra.items() if v is not None},
    }
    events.emit(
        session,
        actor,
        kind,
        subject_type="booking",
        subject_id=booking.id,
        client_id=booking.client_id,
        payload=payload,
    )
