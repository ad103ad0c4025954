"""Test data for the series, calendar, iCal and task tests (H3): a studio, its services, appointments."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from fitnesscrm.core.actor import Actor
from fitnesscrm.core.business import get_business
from fitnesscrm.scheduling import placement
from fitnesscrm.scheduling.models import (
    Appointment,
    Booking,
    BookingRules,
    Location,
    Room,
    Service,
    ServiceKind,
)

from ..factories import Factory

SYSTEM = Actor.system("tests")


@dataclass
class Studio:
    location_id: uuid.UUID
    room_id: uuid.UUID
    pt_id: uuid.UUID  # 1:1, 60 min
    class_id: uuid.UUID  # group, 45 min, 10 places


def studio(factory: Factory, *, timezone: str = "Europe/London") -> Studio:
    with factory.database.session() as s:
        s.add(s.get(BookingRules, 1) or BookingRules(id=1))
        get_business(s).timezone = timezone
        location = Location(id=uuid.uuid4(), name="Riverside")
        room = Room(id=uuid.uuid4(), location=location, name="Studio A", capacity=12)
        pt = Service(
            id=uuid.uuid4(),
            name="PT session",
            kind=ServiceKind.ONE_TO_ONE,
            duration_minutes=60,
            buffer_minutes=0,
            default_capacity=1,
            colour="#ff8800",
        )
        hiit = Service(
            id=uuid.uuid4(),
            name="HIIT class",
            kind=ServiceKind.GROUP,
            duration_minutes=45,
            buffer_minutes=0,
            default_capacity=10,
            colour="#2b8a3e",
        )
        s.add_all([location, room, pt, hiit])
        s.flush()
        return Studio(location.id, room.id, pt.id, hiit.id)


def place(
    factory: Factory,
    *,
    service_id: uuid.UUID,
    trainer_id: uuid.UUID,
    starts_at: datetime,
    clients: tuple[uuid.UUID, ...] = (),
    room_id: uuid.UUID | None = None,
    location_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """An appointment placed through the real placement code, with ``clients`` booked into it."""
    with factory.database.session() as s:
        service = s.get(Service, service_id)
        appointment = placement.place_appointment(
            s,
            SYSTEM,
            service=service,
            trainer_id=trainer_id,
            starts_at=starts_at,
            client_ids=clients,
            room_id=room_id,
            location_id=location_id,
        )
        return appointment.id


def booking_of(factory: Factory, appointment_id: uuid.UUID, client_id: uuid.UUID) -> uuid.UUID:
    with factory.database.session() as s:
        booking = s.query(Booking).filter_by(appointment_id=appointment_id, client_id=client_id).one()
        return booking.id


def appointments(factory: Factory, **filters: Any) -> list[Appointment]:
    with factory.database.session() as s:
        return list(s.query(Appointment).filter_by(**filters).order_by(Appointment.starts_at))


def at(day_offset: int, hour: int, minute: int = 0) -> datetime:
    """A UTC instant ``day_offset`` days from today at hour:minute (UTC)."""
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return today + timedelta(days=day_offset, hours=hour, minutes=minute)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
