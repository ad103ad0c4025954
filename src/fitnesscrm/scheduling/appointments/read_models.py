"""Read models for sessions, classes and bookings: names, colours, seat counts and waitlist positions
for a whole page in a fixed number of queries (never one per row)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ...clients import service as clients_service
from ...clients.read import ClientNames
from ...core.actor import Actor
from ...staff import service as staff_service
from ...staff.read import TrainerNames
from ..models import SEAT_HOLDING, Appointment, Booking, BookingStatus, Location, Room, Service
from ..rules import check_in_opens_at

APPOINTMENT_FIELDS = (
    "id",
    "service_id",
    "trainer_id",
    "location_id",
    "room_id",
    "title",
    "starts_at",
    "ends_at",
    "status",
    "notes",
    "cancelled_at",
    "cancel_reason",
    "series_id",
    "created_at",
    "updated_at",
)


@dataclass
class Lookups:
    """Everything a page of appointments or bookings needs besides its own rows."""

    services: dict[uuid.UUID, Service] = field(default_factory=dict)
    trainer_names: dict[uuid.UUID, str] = field(default_factory=dict)
    client_names: dict[uuid.UUID, str] = field(default_factory=dict)
    positions: dict[uuid.UUID, int] = field(default_factory=dict)  # waitlisted booking id → 1-based place
    place_names: dict[uuid.UUID, str] = field(default_factory=dict)  # location and room ids → their names

    def service_fields(self, service_id: uuid.UUID) -> dict[str, Any]:
        service = self.services.get(service_id)
        return {"service_name": service.name if service else "", "colour": service.colour if service else NO_COLOUR}


NO_COLOUR = "#868e96"  # a service that is gone (never expected: appointments keep theirs)


def _named_joins(stmt: Select[Any]) -> Select[Any]:
    """The names a row of a list shows, joined in (one statement instead of one per lookup): the service's name and
    colour, the trainer's name."""
    return (
        stmt.add_columns(
            Service.name.label("service_name"),
            Service.colour.label("service_colour"),
            TrainerNames.first_name.label("trainer_first_name"),
            TrainerNames.last_name.label("trainer_last_name"),
        )
        .outerjoin(Service, Service.id == Appointment.service_id)
        .outerjoin(TrainerNames.table, TrainerNames.id == Appointment.trainer_id)
    )


def _named_fields(row: Any) -> dict[str, Any]:
    return {
        "service_name": row.service_name or "",
        "colour": row.service_colour or NO_COLOUR,
        "trainer_name": f"{row.trainer_first_name} {row.trainer_last_name}" if row.trainer_first_name else "",
    }


def _services(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, Service]:
    if not ids:
        return {}
    return {s.id: s for s in session.scalars(select(Service).where(Service.id.in_(ids)))}


def _counts(session: Session, appointment_ids: set[uuid.UUID]) -> tuple[dict[uuid.UUID, int], dict[uuid.UUID, int]]:
    """Seats taken and waitlist length per appointment, in one grouped query."""
    seats: dict[uuid.UUID, int] = {}
    waiting: dict[uuid.UUID, int] = {}
    if not appointment_ids:
        return seats, waiting
    rows = session.execute(
        select(Booking.appointment_id, Booking.status, func.count())
        .where(
            Booking.appointment_id.in_(appointment_ids), Booking.status.in_((*SEAT_HOLDING, BookingStatus.WAITLISTED))
        )
        .group_by(Booking.appointment_id, Booking.status)
    )
    for appointment_id, status, count in rows:
        target = waiting if status is BookingStatus.WAITLISTED else seats
        target[appointment_id] = target.get(appointment_id, 0) + count
    return seats, waiting


def _positions(session: Session, appointment_ids: set[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Every waitlisted booking's place in line (the order placement promotes in), in one query."""
    if not appointment_ids:
        return {}
    place = (
        func.row_number()
        .over(partition_by=Booking.appointment_id, order_by=(Booking.waitlisted_at, Booking.id))
        .label("place")
    )
    rows = session.execute(
        select(Booking.id, place).where(
            Booking.appointment_id.in_(appointment_ids), Booking.status == BookingStatus.WAITLISTED
        )
    )
    return {row.id: int(row.place) for row in rows}


def _place_names(session: Session, appointments: list[Appointment]) -> dict[uuid.UUID, str]:
    """Location and room names in one query (ids are unique across both tables)."""
    if not appointments:
        return {}
    location_ids = {a.location_id for a in appointments if a.location_id}
    room_ids = {a.room_id for a in appointments if a.room_id}
    rows = session.execute(
        select(Location.id, Location.name)
        .where(Location.id.in_(location_ids))
        .union_all(select(Room.id, Room.name).where(Room.id.in_(room_ids)))
    )
    return {row.id: row.name for row in rows}


def lookups(
    session: Session,
    appointments: Iterable[Appointment],
    *,
    client_ids: Iterable[uuid.UUID] = (),
    positions: bool = False,
    places: bool = False,
) -> Lookups:
    items = list(appointments)
    ids = {a.id for a in items}
    found = Lookups(
        services=_services(session, {a.service_id for a in items}),
        trainer_names=staff_service.trainer_names(session, {a.trainer_id for a in items}),
        client_names=clients_service.client_names(session, set(client_ids)),
    )
    if positions:
        found.positions = _positions(session, ids)
    if places:
        found.place_names = _place_names(session, items)
    return found


def _appointment_fields(appointment: Appointment, found: Lookups) -> dict[str, Any]:
    def place(place_id: uuid.UUID | None) -> str | None:
        return found.place_names.get(place_id) if place_id else None

    return {
        **{name: getattr(appointment, name) for name in APPOINTMENT_FIELDS},
        **found.service_fields(appointment.service_id),
        "trainer_name": found.trainer_names.get(appointment.trainer_id, ""),
        "location_name": place(appointment.location_id),
        "room_name": place(appointment.room_id),
    }


# --- sessions ------------------------------------------------------------------------------------


def _session_bookings(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, Booking]:
    """The client's booking of each 1:1 session (the latest, should there ever be several)."""
    if not ids:
        return {}
    latest: dict[uuid.UUID, Booking] = {}
    for booking in session.scalars(
        select(Booking).where(Booking.appointment_id.in_(ids)).order_by(Booking.created_at, Booking.id)
    ):
        latest[booking.appointment_id] = booking
    return latest


def sessions(session: Session, appointments: list[Appointment]) -> list[dict[str, Any]]:
    bookings = _session_bookings(session, {a.id for a in appointments})
    found = lookups(session, appointments, client_ids={b.client_id for b in bookings.values()}, places=True)
    out = []
    for appointment in appointments:
        booking = bookings.get(appointment.id)
        out.append(
            {
                **_appointment_fields(appointment, found),
                "client_id": booking.client_id if booking else None,
                "client_name": found.client_names.get(booking.client_id) if booking else None,
                "booking_id": booking.id if booking else None,
                "booking_status": booking.status if booking else None,
                "penalty": booking.penalty if booking else None,
                "checked_in_at": booking.checked_in_at if booking else None,
                "check_in_opens_at": check_in_opens_at(appointment.starts_at),
                "void_reason": booking.void_reason if booking else None,
            }
        )
    return out


# --- classes -------------------------------------------------------------------------------------


def class_rows() -> Select[Any]:
    """A page of classes as rows: the appointment's columns, its service, trainer, location and room names."""
    return _named_joins(
        select(
            *(getattr(Appointment, name) for name in APPOINTMENT_FIELDS),
            Appointment.capacity,
            Location.name.label("location_name"),
            Room.name.label("room_name"),
        )
        .select_from(Appointment)
        .outerjoin(Location, Location.id == Appointment.location_id)
        .outerjoin(Room, Room.id == Appointment.room_id)
    )


def class_row(session: Session, appointment_id: uuid.UUID) -> Any:
    return session.execute(class_rows().where(Appointment.id == appointment_id)).one()


def _my_bookings(session: Session, actor: Actor, ids: set[uuid.UUID]) -> dict[uuid.UUID, Any]:
    if not actor.is_client or not ids:
        return {}
    live = (*SEAT_HOLDING, BookingStatus.WAITLISTED)
    return {
        row.appointment_id: row
        for row in session.execute(
            select(Booking.id, Booking.appointment_id, Booking.status).where(
                Booking.appointment_id.in_(ids), Booking.client_id == actor.client_id, Booking.status.in_(live)
            )
        )
    }


def classes(session: Session, actor: Actor, rows: list[Any]) -> list[dict[str, Any]]:
    """Rows of ``class_rows()``, with seats taken, waitlist length and (for a client) their own place: two more
    statements, three when the client waits for one of these classes."""
    ids = {row.id for row in rows}
    mine = _my_bookings(session, actor, ids)
    seats, waiting = _counts(session, ids)
    positions = _positions(session, ids) if any(b.status is BookingStatus.WAITLISTED for b in mine.values()) else {}
    out = []
    for row in rows:
        taken = seats.get(row.id, 0)
        booking = mine.get(row.id)
        out.append(
            {
                **{name: getattr(row, name) for name in APPOINTMENT_FIELDS},
                **_named_fields(row),
                "location_name": row.location_name,
                "room_name": row.room_name,
                "capacity": row.capacity,
                "seats_taken": taken,
                "spots_left": max(row.capacity - taken, 0),
                "waitlist_count": waiting.get(row.id, 0),
                "my_booking": None
                if booking is None
                else {"id": booking.id, "status": booking.status, "waitlist_position": positions.get(booking.id)},
            }
        )
    return out


def roster(session: Session, appointment: Appointment) -> dict[str, Any]:
    """Three groups, each counted from its own entries so the header always matches the list: places held,
    the waitlist, and those not attending (late-cancelled, no-show, voided). Cancelled places are gone."""
    entries = [
        b
        for b in session.scalars(
            select(Booking).where(Booking.appointment_id == appointment.id, Booking.status != BookingStatus.CANCELLED)
        )
    ]
    found = lookups(session, [appointment], client_ids={b.client_id for b in entries}, positions=True)
    by_booking_order = sorted(entries, key=lambda b: (b.created_at, b.id))
    seated = [b for b in by_booking_order if b.status in SEAT_HOLDING]
    waiting = sorted(
        (b for b in entries if b.status is BookingStatus.WAITLISTED), key=lambda b: found.positions.get(b.id, 0)
    )
    not_attending = [b for b in by_booking_order if b.status not in (*SEAT_HOLDING, BookingStatus.WAITLISTED)]
    return {
        "appointment_id": appointment.id,
        "capacity": appointment.capacity,
        "seats_taken": len(seated),
        "waitlist_count": len(waiting),
        "not_attending_count": len(not_attending),
        "starts_at": appointment.starts_at,
        "check_in_opens_at": check_in_opens_at(appointment.starts_at),
        "items": [
            {
                "booking_id": b.id,
                "client_id": b.client_id,
                "client_name": found.client_names.get(b.client_id, ""),
                "status": b.status,
                "waitlist_position": found.positions.get(b.id),
                "checked_in_at": b.checked_in_at,
                "attendance_marked_at": b.attendance_marked_at,
                "penalty": b.penalty,
                "void_reason": b.void_reason,
                "booked_at": b.created_at,
            }
            for b in seated + waiting + not_attending
        ],
    }


# --- bookings ------------------------------------------------------------------------------------

BOOKING_FIELDS = (
    "id",
    "appointment_id",
    "client_id",
    "status",
    "penalty",
    "checked_in_at",
    "attendance_marked_at",
    "cancelled_at",
    "voided_at",
    "void_reason",
    "promoted_at",
    "created_at",
    "updated_at",
)


def booking_rows() -> Select[Any]:
    """A page of bookings as rows: the booking's columns, its appointment's, the service, trainer and client names."""
    return _named_joins(
        select(
            *(getattr(Booking, name) for name in BOOKING_FIELDS),
            Booking.starts_at,
            Appointment.kind,
            Appointment.service_id,
            Appointment.trainer_id,
            Appointment.title,
            Appointment.location_id,
            Appointment.room_id,
            Appointment.starts_at.label("appointment_starts_at"),
            Appointment.ends_at,
            Appointment.status.label("appointment_status"),
            Appointment.capacity,
            ClientNames.first_name.label("client_first_name"),
            ClientNames.last_name.label("client_last_name"),
        )
        .select_from(Booking)
        .join(Appointment, Appointment.id == Booking.appointment_id)
        .outerjoin(ClientNames.table, ClientNames.id == Booking.client_id)
    )


def booking_row(session: Session, booking_id: uuid.UUID) -> Any:
    return session.execute(booking_rows().where(Booking.id == booking_id)).one()


def bookings(session: Session, rows: list[Any]) -> list[dict[str, Any]]:
    """Rows of ``booking_rows()``, with each appointment's seats taken and each waitlisted booking's place: one
    more statement, two when one of them waits."""
    ids = {row.appointment_id for row in rows}
    seats, _ = _counts(session, ids)
    positions = _positions(session, ids) if any(r.status is BookingStatus.WAITLISTED for r in rows) else {}
    return [
        {
            **{name: getattr(row, name) for name in BOOKING_FIELDS},
            **_named_fields(row),
            "kind": row.kind,
            "service_id": row.service_id,
            "trainer_id": row.trainer_id,
            "client_name": f"{row.client_first_name} {row.client_last_name}" if row.client_first_name else None,
            "title": row.title,
            "location_id": row.location_id,
            "room_id": row.room_id,
            "starts_at": row.appointment_starts_at,
            "ends_at": row.ends_at,
            "appointment_status": row.appointment_status,
            "capacity": row.capacity,
            "seats_taken": seats.get(row.appointment_id, 0),
            "waitlist_position": positions.get(row.id),
        }
        for row in rows
    ]
