"""Test data for the session, class, booking, attendance and concurrency tests (H2): a small studio with one
location and room, a 1:1 service and a class service, two trainers, their clients and the booking rules."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from fitnesscrm.accounts.models import ApiToken
from fitnesscrm.accounts.service import API_TOKEN_PREFIX
from fitnesscrm.core.actor import Actor
from fitnesscrm.core.business import get_business
from fitnesscrm.core.crypto import new_token, token_hash
from fitnesscrm.scheduling import placement
from fitnesscrm.scheduling.models import (
    Appointment,
    Booking,
    BookingRules,
    Location,
    PenaltyPolicy,
    Room,
    Service,
    ServiceKind,
    WorkingHours,
)

from ..factories import Api, Factory, Person

SYSTEM = Actor.system("test")
SESSIONS, CLASSES, BOOKINGS = "/api/v1/sessions", "/api/v1/classes", "/api/v1/bookings"


@dataclass
class Studio:
    factory: Factory
    admin: Person
    trainer: Person
    other_trainer: Person
    client: Person  # trainer's client, with a portal account
    other_client: Person  # other_trainer's client, with a portal account
    location_id: uuid.UUID
    room_id: uuid.UUID
    pt_id: uuid.UUID  # 1:1, 60 min, 15 min buffer, client bookable
    class_id: uuid.UUID  # group, 45 min, capacity 3

    @property
    def database(self) -> Any:
        return self.factory.database

    def api(self, who: Person | None) -> Api:
        return self.factory.api(who)


def token_api(world: Studio, person: Person) -> Api:
    """An API client authenticated by its own personal API token (no login, so no login rate limit)."""
    raw = API_TOKEN_PREFIX + new_token()
    with world.database.session() as s:
        s.add(
            ApiToken(
                user_id=person.user_id,
                name="test",
                token_hash=token_hash(raw),
                scopes=["read", "write"],
                expires_at=datetime.now(UTC) + timedelta(days=1),
            )
        )
    api = Api(world.factory.app.test_client())
    api.headers["Authorization"] = f"Bearer {raw}"
    return api


def at(days: int = 3, hour: int = 10, minute: int = 0) -> datetime:
    """A UTC instant ``days`` from today at a round hour (well inside max advance, outside min notice)."""
    day = datetime.now(UTC).date() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def from_now(hours: float) -> datetime:
    return datetime.now(UTC).replace(microsecond=0) + timedelta(hours=hours)


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def set_rules(database: Any, **fields: Any) -> None:
    with database.session() as s:
        rules = s.get(BookingRules, 1) or BookingRules(id=1)
        get_business(s).timezone = fields.pop("timezone", "UTC")
        defaults = {
            "min_notice_minutes": 120,
            "max_advance_days": 60,
            "cancellation_window_hours": 24,
            "late_cancel_policy": PenaltyPolicy.FORFEIT_CREDIT,
            "no_show_policy": PenaltyPolicy.FEE,
            "no_show_fee_minor": 1500,
            "slot_interval_minutes": 30,
        }
        for name, value in {**defaults, **fields}.items():
            setattr(rules, name, value)
        s.add(rules)


def studio(factory: Factory) -> Studio:
    trainer, other_trainer = factory.trainer(first_name="Tara"), factory.trainer(first_name="Otto")
    client = factory.client(trainer=trainer, account=True, first_name="Cara")
    other_client = factory.client(trainer=other_trainer, account=True, first_name="Omar")
    with factory.database.session() as s:
        location = Location(id=uuid.uuid4(), name="Riverside")
        room = Room(id=uuid.uuid4(), location_id=location.id, name="Studio A", capacity=20)
        pt = Service(
            id=uuid.uuid4(),
            name="PT 60",
            kind=ServiceKind.ONE_TO_ONE,
            duration_minutes=60,
            buffer_minutes=15,
            default_capacity=1,
            colour="#ff8800",
            client_bookable=True,
        )
        hiit = Service(
            id=uuid.uuid4(),
            name="HIIT 45",
            kind=ServiceKind.GROUP,
            duration_minutes=45,
            buffer_minutes=0,
            default_capacity=3,
            colour="#00aa55",
            client_bookable=True,
        )
        s.add_all([location, room, pt, hiit])
    set_rules(factory.database)
    return Studio(
        factory, factory.admin(), trainer, other_trainer, client, other_client, location.id, room.id, pt.id, hiit.id
    )


def working_hours(world: Studio, trainer: Person, start: time = time(8), end: time = time(18)) -> None:
    """The trainer works every day of the week at the studio's location (UTC rules, so wall clock = UTC)."""
    with world.database.session() as s:
        s.add_all(
            WorkingHours(
                id=uuid.uuid4(),
                trainer_id=trainer.trainer_id,
                location_id=world.location_id,
                weekday=day,
                start_time=start,
                end_time=end,
            )
            for day in range(7)
        )


def add_session(
    world: Studio, *, client: Person, trainer: Person | None = None, starts_at: datetime, room: bool = False
) -> uuid.UUID:
    """A 1:1 session placed directly (as staff would), returning the appointment id."""
    with world.database.session() as s:
        service = s.get(Service, world.pt_id)
        appointment = placement.place_appointment(
            s,
            SYSTEM,
            service=service,
            trainer_id=(trainer or world.trainer).trainer_id,
            starts_at=starts_at,
            location_id=world.location_id,
            room_id=world.room_id if room else None,
            client_ids=(client.client_id,),
        )
        return appointment.id


def add_class(
    world: Studio,
    *,
    starts_at: datetime,
    capacity: int = 3,
    trainer: Person | None = None,
    clients: tuple[Person, ...] = (),
) -> uuid.UUID:
    with world.database.session() as s:
        service = s.get(Service, world.class_id)
        appointment = placement.place_appointment(
            s,
            SYSTEM,
            service=service,
            trainer_id=(trainer or world.trainer).trainer_id,
            starts_at=starts_at,
            location_id=world.location_id,
            capacity=capacity,
            client_ids=tuple(c.client_id for c in clients),
        )
        return appointment.id


def move_start(world: Studio, appointment_id: uuid.UUID, starts_at: datetime) -> None:
    """Put an appointment (and its bookings) at another time, e.g. in the past, bypassing the API's rules."""
    with world.database.session() as s:
        appointment = s.get(Appointment, appointment_id)
        length, blocked = appointment.ends_at - appointment.starts_at, appointment.blocked_until - appointment.ends_at
        appointment.starts_at, appointment.ends_at = starts_at, starts_at + length
        appointment.blocked_until = appointment.ends_at + blocked
        for booking in appointment.bookings:
            booking.starts_at, booking.blocked_until = appointment.starts_at, appointment.blocked_until


def booking_of(world: Studio, appointment_id: uuid.UUID, client: Person) -> Booking:
    with world.database.session() as s:
        booking = s.scalars(
            select(Booking)
            .where(Booking.appointment_id == appointment_id, Booking.client_id == client.client_id)
            .order_by(Booking.created_at.desc())
        ).first()
        assert booking is not None
        return booking


def bookings_of(world: Studio, appointment_id: uuid.UUID) -> list[Booking]:
    with world.database.session() as s:
        return list(
            s.scalars(select(Booking).where(Booking.appointment_id == appointment_id).order_by(Booking.created_at))
        )


def problem_type(response: Any) -> str:
    return str(response.json["type"]).rsplit("/", 1)[-1]
