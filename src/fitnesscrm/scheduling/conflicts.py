"""No double booking: a trainer, a room and a client are each in one place at a time, buffers included.

``ensure_free`` gives a readable 409 naming the clash before a write. It is not the guarantee: under
concurrency two requests can both pass it, and on PostgreSQL the exclusion constraints on ``appointments``
and ``bookings`` then refuse the second insert; ``refuse_overlap`` turns that into the same 409. (SQLite, the
embedded single-user mode, serialises writers, so the check alone holds there.)
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from ..clients import service as clients_service
from ..core.business import business_zone
from ..core.errors import Conflict
from ..staff import service as staff_service
from .models import SEAT_HOLDING, Appointment, AppointmentStatus, Booking

# Names of the PostgreSQL exclusion constraints created by the scheduling migration.
EXCLUSION_CONSTRAINTS = {
    "ex_appointments_trainer_overlap": "The trainer is already booked at that time.",
    "ex_appointments_room_overlap": "The room is already in use at that time.",
    "ex_bookings_client_overlap": "The client already has a booking at that time.",
}


class DoubleBooking(Conflict):
    title, type_slug = "Double booking", "double-booking"

    @classmethod
    def with_(cls, detail: str, what: str, clash: Appointment) -> DoubleBooking:
        """Names the clash for programs as well as people: whose time it is (``trainer``, ``room``, ``client``)
        and the appointment in the way, so a client can show it or offer to move it."""
        return cls(detail, extensions={"conflict_with": what, "conflicting_appointment_id": str(clash.id)})


def _overlapping(starts_at: datetime, blocked_until: datetime, exclude: uuid.UUID | None) -> list[Any]:
    conditions = [
        Appointment.status == AppointmentStatus.SCHEDULED,
        Appointment.starts_at < blocked_until,
        Appointment.blocked_until > starts_at,
    ]
    if exclude is not None:
        conditions.append(Appointment.id != exclude)
    return conditions


def ensure_free(
    session: Session,
    *,
    starts_at: datetime,
    ends_at: datetime,
    blocked_until: datetime,
    trainer_id: uuid.UUID | None = None,
    room_id: uuid.UUID | None = None,
    client_ids: tuple[uuid.UUID, ...] = (),
    exclude_appointment_id: uuid.UUID | None = None,
) -> None:
    """Raise ``DoubleBooking`` naming the first clash for the trainer, the room or any of the clients."""
    wanted = _Wanted(starts_at, ends_at, blocked_until)
    overlap = _overlapping(starts_at, blocked_until, exclude_appointment_id)
    if trainer_id is not None:
        clash = session.scalar(select(Appointment).where(Appointment.trainer_id == trainer_id, *overlap).limit(1))
        if clash is not None:
            name = staff_service.trainer_name(session, trainer_id)
            who = f"The trainer {name}" if name else "The trainer"
            raise DoubleBooking.with_(_clash_detail(session, f"{who} already has", clash, wanted), "trainer", clash)
    if room_id is not None:
        clash = session.scalar(select(Appointment).where(Appointment.room_id == room_id, *overlap).limit(1))
        if clash is not None:
            raise DoubleBooking.with_(
                _clash_detail(session, "The room is already used by", clash, wanted), "room", clash
            )
    for client_id in client_ids:
        conditions = [
            Booking.client_id == client_id,
            Booking.status.in_(SEAT_HOLDING),
            Booking.starts_at < blocked_until,
            Booking.blocked_until > starts_at,
        ]
        if exclude_appointment_id is not None:
            conditions.append(Booking.appointment_id != exclude_appointment_id)
        clash_booking = session.scalar(select(Booking).where(*conditions).limit(1))
        if clash_booking is not None:
            name = clients_service.client_name(session, client_id)
            who = f"The client {name}" if name else "The client"
            clash = clash_booking.appointment
            raise DoubleBooking.with_(_clash_detail(session, f"{who} already has", clash, wanted), "client", clash)


@dataclass(frozen=True)
class _Wanted:
    starts_at: datetime
    ends_at: datetime
    blocked_until: datetime  # ends_at + this service's buffer


def _clash_detail(session: Session, lead: str, clash: Appointment, wanted: _Wanted) -> str:
    """What clashes and, when only a buffer makes it clash, which buffer and the nearest start that fits."""
    zone = business_zone(session)
    text = f"{lead} {_describe(session, clash)}."
    if clash.ends_at <= wanted.starts_at:  # the sessions touch only through the clash's own buffer
        buffer = _minutes(clash.blocked_until - clash.ends_at)
        return (
            f"{text} With the {buffer}-minute buffer between sessions the next one can start at "
            f"{clash.blocked_until.astimezone(zone):%H:%M}."
        )
    if wanted.ends_at <= clash.starts_at:  # this session's buffer runs into the clash
        buffer = _minutes(wanted.blocked_until - wanted.ends_at)
        latest = clash.starts_at - (wanted.blocked_until - wanted.starts_at)
        return (
            f"{text} With the {buffer}-minute buffer after this session it can start at "
            f"{latest.astimezone(zone):%H:%M} at the latest."
        )
    return text


def _minutes(span: timedelta) -> int:
    return int(span.total_seconds() // 60)


def _describe(session: Session, appointment: Appointment) -> str:
    """E.g. "PT session 60 min on Thu 26 Nov 09:00-10:00 (Europe/London)", in the business's own time."""
    zone = business_zone(session)
    start, end = appointment.starts_at.astimezone(zone), appointment.ends_at.astimezone(zone)
    label = appointment.title or "a session"
    return f"{label} on {start:%a %d %b %H:%M}-{end:%H:%M} ({zone.key})"


DEADLOCK_DETECTED = "40P01"


@contextmanager
def refuse_overlap(session: Session) -> Iterator[None]:
    """Flush inside a savepoint and map an exclusion-constraint violation to a readable 409.

    Concurrent inserts that clash wait on each other's uncommitted rows to check the constraint; three or more can
    wait in a circle, and PostgreSQL then cancels one of them (deadlock_detected, after ``deadlock_timeout``). That
    one lost a race for the same time, so it gets the same 409, not a 503 as if the database were down."""
    try:
        with session.begin_nested():
            yield
            session.flush()
    except OperationalError as exc:
        if getattr(exc.orig, "sqlstate", None) != DEADLOCK_DETECTED:
            raise
        raise DoubleBooking("Someone else booked that time at the same moment; pick another time.") from exc
    except IntegrityError as exc:
        message = str(exc.orig)
        for name, detail in EXCLUSION_CONSTRAINTS.items():
            if name in message:
                raise DoubleBooking(detail + " Someone booked it a moment ago.") from exc
        raise
