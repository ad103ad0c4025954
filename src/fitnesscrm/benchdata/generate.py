"""The rows of a benchmark dataset, generated deterministically from a seed.

Small tables (rules, locations, services, the exercise library, templates, programmes, trainers and staff
accounts) are ORM objects; the big ones are plain tuples in column order, handed to a ``Sink`` that COPYs
them. Every row obeys what the app enforces:

- appointments sit on a grid of one-hour slots (local time) and every service plus its buffer fits in an
  hour, so a trainer, a room or a client holding one thing per slot can never overlap (the exclusion
  constraints are checked when they are rebuilt after the load);
- a class never seats more than its capacity; a 1:1 session has its one client; bookings carry the
  appointment's span; attendance, no-shows, cancellations and penalties follow placement.py's rules
  (a client cancelling a 1:1 session cancels the session; a cancelled appointment cancels its places);
- names, sort names, e-mails and units are written as the services write them (core.contact.sort_name,
  progress.units.encode), measurement values and health notes are encrypted with the app's key ring,
  personal records come from training.records over each client's sets in the order they were done.

Each table draws from its own ``random.Random`` stream named after the seed, so the same seed gives the
same ids, names and numbers (ciphertexts differ: Fernet adds a random IV by design).
"""

from __future__ import annotations

import json
import random
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..clients.models import Client, ClientStatus, Gender
from ..core.actor import Role
from ..core.business import BusinessSettings
from ..core.contact import sort_name
from ..core.crypto import KeyRing
from ..progress import units
from ..progress.metrics.service import BUILTIN_METRICS
from ..progress.models import MetricDefinition, Quantity
from ..scheduling.models import (
    BookingRules,
    Location,
    PenaltyPolicy,
    Room,
    Service,
    ServiceKind,
    WorkingHours,
)
from ..staff.models import Trainer
from ..training import records
from ..training.demo import PROGRAMS, TEMPLATES
from ..training.exercises.library import LIBRARY
from ..training.models import Exercise, Program, ProgramDay, Tracking, WorkoutTemplate
from ..training.units import LoadUnit, to_kg
from ..training.workouts import service as workouts_service
from . import names
from .shape import ADMIN_EMAIL, ADMINS, CLIENT_EMAIL, DAYS_AHEAD, DAYS_BACK, MEAN_SETS_PER_CLIENT, TRAINER_EMAIL, Shape

Sink = Callable[[str, Sequence[str], list[tuple[Any, ...]]], None]

TIMEZONE = "Europe/London"
HOURS = tuple(range(7, 20))  # local start hours of the one-hour slots
CLASS_SHARE = 0.15  # of appointments; the rest are 1:1 sessions
CLIENT_CHUNK = 500  # clients whose history is generated (and COPYed) together
LONG_HISTORY_WORKOUTS = 312  # client 1 trains three times a week for two years
# (name, kind, minutes, buffer, capacity, colour, share within its kind): minutes + buffer ≤ 60, see the grid
SERVICES = (
    ("PT session 50 min", ServiceKind.ONE_TO_ONE, 50, 10, 1, "#228be6", 0.9),
    ("Assessment 30 min", ServiceKind.ONE_TO_ONE, 30, 0, 1, "#15aabf", 0.1),
    ("HIIT class 45 min", ServiceKind.GROUP, 45, 15, 12, "#fa5252", 0.4),
    ("Yoga flow 50 min", ServiceKind.GROUP, 50, 10, 16, "#40c057", 0.3),
    ("Small-group strength 45 min", ServiceKind.GROUP, 45, 15, 6, "#fd7e14", 0.3),
)
ROOMS = (("Studio A", 16), ("Studio B", 16), ("Main floor", 20))  # class rooms in every location
STATUS_WEIGHTS = (
    (ClientStatus.ACTIVE, 60),
    (ClientStatus.TRIAL, 10),
    (ClientStatus.LEAD, 12),
    (ClientStatus.PAUSED, 8),
    (ClientStatus.FORMER, 10),
)
TRAINING = (ClientStatus.ACTIVE, ClientStatus.TRIAL, ClientStatus.PAUSED)  # clients who book sessions
TAGS = ("morning", "evening", "online", "student", "corporate", "post-natal", "marathon", "senior")
SOURCES = ("walk-in", "website", "referral", "instagram", "corporate partner")
SPECIALITIES = (
    "Strength",
    "Powerlifting",
    "Mobility",
    "Rehab",
    "HIIT",
    "Weight loss",
    "Boxing",
    "Yoga",
    "Conditioning",
    "Pre/post-natal",
)
FOLLOWS = ("Strength foundations", "Fat-loss circuit")  # the demo's programmes; a client follows one

CLIENT_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "first_name",
    "last_name",
    "sort_name",
    "email",
    "phone",
    "date_of_birth",
    "gender",
    "address",
    "status",
    "source",
    "goals_summary",
)
USER_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "email",
    "full_name",
    "role",
    "password_hash",
    "client_id",
    "is_active",
    "password_changed_at",
    "unit_system",
)
TAG_COLUMNS = ("client_id", "tag")
HEALTH_COLUMNS = ("client_id", "medical_conditions", "injuries", "updated_at", "updated_by_id")
ASSIGNMENT_COLUMNS = ("id", "client_id", "trainer_id", "is_primary", "created_at")
APPOINTMENT_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "service_id",
    "kind",
    "trainer_id",
    "location_id",
    "room_id",
    "title",
    "starts_at",
    "ends_at",
    "blocked_until",
    "capacity",
    "status",
    "cancelled_at",
    "cancel_reason",
    "detached",
    "created_by_id",
)
BOOKING_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "appointment_id",
    "client_id",
    "status",
    "starts_at",
    "blocked_until",
    "cancelled_at",
    "checked_in_at",
    "attendance_marked_at",
    "reminded_at",
    "penalty",
    "booked_by_id",
)
PROGRAM_ASSIGNMENT_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "client_id",
    "program_id",
    "start_date",
    "status",
    "assigned_by_id",
)
WORKOUT_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "client_id",
    "template_id",
    "title",
    "performed_on",
    "status",
    "completed_at",
    "planned",
    "notes",
    "logged_by_id",
)
SET_COLUMNS = (
    "id",
    "workout_log_id",
    "client_id",
    "exercise_id",
    "position",
    "set_number",
    "reps",
    "load_kg",
    "load_unit",
    "duration_seconds",
    "distance_m",
    "rpe",
    "completed",
    "performed_at",
)
RECORD_COLUMNS = ("id", "client_id", "exercise_id", "kind", "value", "previous_value", "set_log_id", "achieved_at")
MEASUREMENT_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "client_id",
    "metric_id",
    "measured_at",
    "value",
    "entered_value",
    "entered_unit",
    "recorded_by_id",
)
GOAL_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "client_id",
    "title",
    "metric_id",
    "exercise_id",
    "direction",
    "start_value",
    "target_value",
    "display_unit",
    "start_date",
    "deadline",
    "milestones",
    "status",
    "created_by_id",
)

_DIALECT = postgresql.dialect()


def _stored(column: Any, value: Any) -> Any:
    """A value as SQLAlchemy would bind it to this column (name-stored enums, for instance)."""
    process = column.type.bind_processor(_DIALECT)
    return process(value) if process else value


ROLE_CLIENT = _stored(User.__table__.c.role, Role.CLIENT)
STATUS_STORED = {s: _stored(Client.__table__.c.status, s) for s in ClientStatus}
GENDER_STORED = {g: _stored(Client.__table__.c.gender, g) for g in Gender}


def new_uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    if end <= start:
        return start
    return start + timedelta(seconds=rng.randrange(int((end - start).total_seconds()) or 1))


@dataclass
class ClientInfo:
    id: uuid.UUID
    n: int
    user_id: uuid.UUID
    trainer: int
    status: ClientStatus
    created_at: datetime
    imperial: bool


@dataclass
class TemplateInfo:
    id: uuid.UUID
    name: str
    planned: str  # the snapshot a log copies, as JSON
    # (position, exercise id, tracking, sets, reps, kg, seconds, metres, rest)
    exercises: list[tuple[int, uuid.UUID, Tracking, int, int | None, float | None, int | None, float | None, int]]


@dataclass
class Samples:
    """Ids worth requesting in a benchmark, written to the manifest."""

    busy_trainer_id: str = ""
    busy_trainer_email: str = ""
    long_history_client_id: str = ""
    long_history_client_email: str = ""
    class_id: str = ""
    session_id: str = ""
    exercise_id: str = ""
    template_id: str = ""


@dataclass
class Generator:
    shape: Shape
    seed: int
    today: date
    now: datetime
    password_hash: str
    ring: KeyRing
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo(TIMEZONE))
    samples: Samples = field(default_factory=Samples)
    # filled by reference() and people()
    admin_user_ids: list[uuid.UUID] = field(default_factory=list)
    trainer_ids: list[uuid.UUID] = field(default_factory=list)
    trainer_user_ids: list[uuid.UUID] = field(default_factory=list)
    trainer_location: list[int] = field(default_factory=list)
    location_ids: list[uuid.UUID] = field(default_factory=list)
    room_ids: list[list[uuid.UUID]] = field(default_factory=list)
    services: dict[str, Service] = field(default_factory=dict)
    metric_ids: dict[str, uuid.UUID] = field(default_factory=dict)
    exercise_ids: dict[str, uuid.UUID] = field(default_factory=dict)
    templates: dict[str, TemplateInfo] = field(default_factory=dict)
    programs: dict[str, tuple[uuid.UUID, list[str]]] = field(default_factory=dict)
    clients: list[ClientInfo] = field(default_factory=list)

    def rng(self, stream: str) -> random.Random:
        return random.Random(f"{self.seed}:{stream}")

    def local(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=self.zone).astimezone(UTC)

    # --- small tables, through the ORM --------------------------------------------------------------

    def reference(self, session: Session) -> None:
        rng = self.rng("reference")
        business = BusinessSettings(id=1, name="Bench Fitness", timezone=TIMEZONE, currency="EUR", updated_at=self.now)
        session.add(business)
        session.add(
            BookingRules(
                id=1,
                min_notice_minutes=120,
                max_advance_days=60,
                cancellation_window_hours=24,
                late_cancel_policy=PenaltyPolicy.FORFEIT_CREDIT,
                late_cancel_fee_minor=0,
                no_show_policy=PenaltyPolicy.FEE,
                no_show_fee_minor=1500,
                slot_interval_minutes=15,
                updated_at=self.now,
            )
        )
        for n in range(self.shape.locations):
            location = Location(id=new_uuid(rng), name=f"Bench Studio {n + 1}", address=f"{n + 1} Bench Street")
            session.add(location)
            self.location_ids.append(location.id)
            rooms = [
                Room(id=new_uuid(rng), location_id=location.id, name=name, capacity=capacity)
                for name, capacity in ROOMS
            ]
            session.add_all([*rooms, Room(id=new_uuid(rng), location_id=location.id, name="PT suite", capacity=2)])
            self.room_ids.append([r.id for r in rooms])
        for name, kind, minutes, buffer, capacity, colour, _ in SERVICES:
            self.services[name] = Service(
                id=new_uuid(rng),
                name=name,
                kind=kind,
                duration_minutes=minutes,
                buffer_minutes=buffer,
                default_capacity=capacity,
                colour=colour,
                client_bookable=True,
            )
        session.add_all(self.services.values())
        for key, (name, quantity) in BUILTIN_METRICS.items():
            metric = MetricDefinition(id=new_uuid(rng), key=key, name=name, quantity=quantity, is_builtin=True)
            session.add(metric)
            self.metric_ids[key] = metric.id
        # The built-in library exactly as sync_builtin_library writes it (a later sync finds nothing to change).
        tracking: dict[uuid.UUID, Tracking] = {}
        for entry in LIBRARY:
            exercise = Exercise(id=new_uuid(rng), slug=entry.slug, is_builtin=True, **entry.columns())
            session.add(exercise)
            self.exercise_ids[entry.slug] = exercise.id
            tracking[exercise.id] = entry.tracking
        session.flush()
        self._templates(session, rng, tracking)
        self._staff(session, rng)
        session.flush()
        self.samples.exercise_id = str(self.exercise_ids["barbell-back-squat"])

    def _templates(self, session: Session, rng: random.Random, tracking: dict[uuid.UUID, Tracking]) -> None:
        """The demo's templates and programmes, shared (written by an admin), stored as the service stores them."""
        for items in TEMPLATES.values():
            for name, description, blocks in items:
                given = [
                    {
                        "kind": kind,
                        "rounds": rounds,
                        "exercises": [
                            {
                                "exercise_id": self.exercise_ids[x["slug"]],
                                "sets": x["sets"],
                                "reps_min": x["reps"],
                                "reps_max": x["reps"],
                                "duration_seconds": x["seconds"],
                                "distance_m": x["metres"],
                                "load": {"kind": "weight", "value": x["kg"], "unit": "kg"} if x["kg"] else None,
                                "tempo": x["tempo"],
                                "rest_seconds": x["rest"],
                                "notes": x["notes"],
                            }
                            for x in exercises
                        ],
                    }
                    for kind, rounds, exercises in blocks
                ]
                stored = workouts_service.normalise_blocks(session, given)
                template = WorkoutTemplate(
                    id=new_uuid(rng), name=name, description=description, blocks=stored, owner_trainer_id=None
                )
                session.add(template)
                snapshot = workouts_service.snapshot(
                    stored, workouts_service.exercise_names(session, workouts_service.exercise_ids(stored))
                )
                plan = []
                position = 0
                for block in stored:
                    for ex in block["exercises"]:
                        position += 1
                        exercise_id = uuid.UUID(ex["exercise_id"])
                        load = ex["load"]["value_kg"] if ex.get("load") else None
                        plan.append(
                            (
                                position,
                                exercise_id,
                                tracking[exercise_id],
                                ex["sets"] * (block["rounds"] or 1),
                                ex["reps_max"],
                                load,
                                ex["duration_seconds"],
                                ex["distance_m"],
                                ex["rest_seconds"] or 60,
                            )
                        )
                self.templates[name] = TemplateInfo(template.id, name, json.dumps(snapshot), plan)
        for _owner, name, description, weeks, progression, days in PROGRAMS:
            program = Program(
                id=new_uuid(rng),
                name=name,
                description=description,
                weeks=weeks,
                progression=progression,
                owner_trainer_id=None,
            )
            session.add(program)
            session.add_all(
                ProgramDay(id=new_uuid(rng), program_id=program.id, week=w, day=d, template_id=self.templates[t].id)
                for w in range(1, weeks + 1)
                for d, t in days
            )
            self.programs[name] = (program.id, [t for _, t in days])
        self.samples.template_id = str(self.templates["Lower A"].id)

    def _staff(self, session: Session, rng: random.Random) -> None:
        for n in range(1, ADMINS + 1):
            user = User(
                id=new_uuid(rng),
                email=ADMIN_EMAIL.format(n=n),
                full_name=f"Bench Admin {n}",
                role=Role.ADMIN,
                password_hash=self.password_hash,
                is_active=True,
                password_changed_at=self.now,
            )
            session.add(user)
            self.admin_user_ids.append(user.id)
        for n in range(1, self.shape.trainers + 1):
            first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES)
            trainer = Trainer(
                id=new_uuid(rng),
                first_name=first,
                last_name=last,
                sort_name=sort_name(first, last),
                email=TRAINER_EMAIL.format(n=n),
                phone=f"+447700900{rng.randrange(1000):03d}",
                bio=f"{first} has coached for {rng.randint(2, 20)} years.",
                specialities=rng.sample(SPECIALITIES, 2),
                certifications=["Level 3 PT"],
                hourly_rate_minor=rng.choice((4500, 5500, 6500, 7500)),
                currency="EUR",
                active=True,
            )
            location = (n - 1) % self.shape.locations
            user = User(
                id=new_uuid(rng),
                email=trainer.email,
                full_name=f"{first} {last}",
                role=Role.TRAINER,
                password_hash=self.password_hash,
                trainer_id=trainer.id,
                is_active=True,
                password_changed_at=self.now,
            )
            session.add(trainer)
            session.flush()  # the user row points at the trainer
            session.add(user)
            session.add_all(
                WorkingHours(
                    id=new_uuid(rng),
                    trainer_id=trainer.id,
                    location_id=self.location_ids[location],
                    weekday=weekday,
                    start_time=time(HOURS[0]),
                    end_time=time(HOURS[-1] + 1),
                )
                for weekday in range(7)
                if weekday != self.day_off(n - 1)
            )
            self.trainer_ids.append(trainer.id)
            self.trainer_user_ids.append(user.id)
            self.trainer_location.append(location)
        self.samples.busy_trainer_id = str(self.trainer_ids[0])
        self.samples.busy_trainer_email = TRAINER_EMAIL.format(n=1)

    @staticmethod
    def day_off(trainer: int) -> int:
        return trainer % 7

    # --- clients and their accounts ------------------------------------------------------------------

    def people(self, sink: Sink) -> None:
        rng = self.rng("people")
        statuses = [s for s, weight in STATUS_WEIGHTS for _ in range(weight)]
        clients: list[tuple[Any, ...]] = []
        users: list[tuple[Any, ...]] = []
        tags: list[tuple[Any, ...]] = []
        health: list[tuple[Any, ...]] = []
        assignments: list[tuple[Any, ...]] = []
        for n in range(1, self.shape.clients + 1):
            first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES)
            status = ClientStatus.ACTIVE if n == 1 else rng.choice(statuses)
            # Clients who book joined before the calendar's first day; leads arrived within the last year.
            joined = (1, DAYS_BACK) if status is ClientStatus.LEAD else (DAYS_BACK + 30, DAYS_BACK * 2)
            created = self.now - timedelta(
                days=DAYS_BACK * 2 if n == 1 else rng.randint(*joined), seconds=rng.randrange(86400)
            )
            info = ClientInfo(
                id=new_uuid(rng),
                n=n,
                user_id=new_uuid(rng),
                trainer=(n - 1) % self.shape.trainers,
                status=status,
                created_at=created,
                imperial=rng.random() < 0.1,
            )
            self.clients.append(info)
            email = CLIENT_EMAIL.format(n=n)
            address = {
                "line1": f"{rng.randint(1, 200)} {rng.choice(names.LAST_NAMES)} Road",
                "line2": None,
                "city": "London",
                "region": None,
                "postal_code": "N1 9GU",
                "country": "GB",
            }
            clients.append(
                (
                    info.id,
                    created,
                    created,
                    first,
                    last,
                    sort_name(first, last),
                    email,
                    f"+447700900{rng.randrange(1000):03d}",
                    date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55)),
                    GENDER_STORED[
                        rng.choice((Gender.FEMALE, Gender.MALE, Gender.FEMALE, Gender.MALE, Gender.NON_BINARY))
                    ],
                    json.dumps(address),
                    STATUS_STORED[status],
                    rng.choice(SOURCES),
                    rng.choice(("Lose 5 kg", "First pull-up", "Run a half marathon", "Stronger back", None)),
                )
            )
            users.append(
                (
                    info.user_id,
                    created,
                    created,
                    email,
                    f"{first} {last}",
                    ROLE_CLIENT,
                    self.password_hash,
                    info.id,
                    True,
                    created,
                    "imperial" if info.imperial else "metric",
                )
            )
            if rng.random() < 0.3:
                tags.extend((info.id, tag) for tag in sorted(rng.sample(TAGS, rng.randint(1, 2))))
            if rng.random() < 0.12:
                health.append(
                    (
                        info.id,
                        self.ring.encrypt("Mild asthma; inhaler in bag."),
                        self.ring.encrypt("Left knee meniscus repair (2021)."),
                        created,
                        self.trainer_user_ids[info.trainer],
                    )
                )
            assignments.append((new_uuid(rng), info.id, self.trainer_ids[info.trainer], True, created))
            if len(clients) >= 5000:
                self._flush_people(sink, clients, users, tags, health, assignments)
        self._flush_people(sink, clients, users, tags, health, assignments)
        self.samples.long_history_client_id = str(self.clients[0].id)
        self.samples.long_history_client_email = CLIENT_EMAIL.format(n=1)

    @staticmethod
    def _flush_people(sink: Sink, *tables: list[tuple[Any, ...]]) -> None:
        for (name, columns), rows in zip(
            (
                ("clients", CLIENT_COLUMNS),
                ("users", USER_COLUMNS),
                ("client_tags", TAG_COLUMNS),
                ("client_health_records", HEALTH_COLUMNS),
                ("trainer_assignments", ASSIGNMENT_COLUMNS),
            ),
            tables,
            strict=True,
        ):
            sink(name, columns, rows)
            rows.clear()

    # --- the calendar ---------------------------------------------------------------------------------

    def schedule(self, sink: Sink) -> None:
        """Two years of sessions and classes, one day at a time (each day's rows are COPYed together)."""
        rng = self.rng("schedule")
        shape = self.shape
        first_day = self.today - timedelta(days=DAYS_BACK)
        days = [first_day + timedelta(days=i) for i in range(DAYS_BACK + DAYS_AHEAD + 1)]
        working = [sum(1 for d in days if d.weekday() != self.day_off(t)) for t in range(shape.trainers)]
        quota = [
            shape.appointments // shape.trainers + (1 if t < shape.appointments % shape.trainers else 0)
            for t in range(shape.trainers)
        ]
        worked = [0] * shape.trainers
        own_clients: list[list[ClientInfo]] = [[] for _ in range(shape.trainers)]
        for client in self.clients:
            if client.status in TRAINING:
                own_clients[client.trainer].append(client)
        everyone = [c for c in self.clients if c.status in TRAINING] or self.clients
        one_to_one = [s for s in SERVICES if s[1] is ServiceKind.ONE_TO_ONE]
        group = [s for s in SERVICES if s[1] is ServiceKind.GROUP]
        admin = self.admin_user_ids[0]
        for day in days:
            slots: dict[int, list[tuple[int, tuple[Any, ...], uuid.UUID | None]]] = defaultdict(list)
            rooms_taken: dict[tuple[int, int], int] = defaultdict(int)
            for t in range(shape.trainers):
                if day.weekday() == self.day_off(t):
                    continue
                w = worked[t]
                worked[t] += 1
                count = (w + 1) * quota[t] // working[t] - w * quota[t] // working[t]
                for hour in rng.sample(HOURS, min(count, len(HOURS))):
                    location = self.trainer_location[t]
                    room = None
                    if rng.random() < CLASS_SHARE and rooms_taken[(location, hour)] < len(ROOMS):
                        room = self.room_ids[location][rooms_taken[(location, hour)]]
                        rooms_taken[(location, hour)] += 1
                        service = _weighted(rng, group)
                    else:
                        service = _weighted(rng, one_to_one)
                    slots[hour].append((t, service, room))
            appointments: list[tuple[Any, ...]] = []
            bookings: list[tuple[Any, ...]] = []
            for hour in sorted(slots):
                start = self.local(day, hour)
                taken: set[int] = set()  # clients (by number) with a place in this slot
                # 1:1 sessions first: a trainer's own clients are theirs alone, so they never clash
                for t, service, room in sorted(slots[hour], key=lambda s: s[2] is not None):
                    name, kind, minutes, buffer, capacity = service[:5]
                    service_id = self.services[name].id
                    ends, blocked = start + timedelta(minutes=minutes), start + timedelta(minutes=minutes + buffer)
                    appointment_id = new_uuid(rng)
                    created = start - timedelta(days=rng.randint(1, 21), minutes=rng.randrange(600))
                    if created > self.now:
                        created = self.now - timedelta(minutes=rng.randrange(1, 60 * 24 * 7))
                    if kind is ServiceKind.ONE_TO_ONE:
                        seated = _sample_free(rng, own_clients[t], taken, 1) if own_clients[t] else []
                        if not seated:  # none of the trainer's own clients is free in this slot
                            seated = _sample_free(rng, everyone, taken, 1)
                    else:
                        free = len(everyone) - len(taken)
                        wanted = (
                            rng.randint(capacity // 2, capacity)
                            if start < self.now + timedelta(days=14)
                            else rng.randint(0, capacity // 2)
                        )
                        seated = _sample_free(rng, everyone, taken, min(wanted, free))
                    cancelled = kind is ServiceKind.GROUP and rng.random() < 0.01
                    rows, cancelled_at, updated = self._places(
                        rng, seated, appointment_id, kind, start, ends, blocked, created, cancelled, admin
                    )
                    bookings.extend(rows)
                    taken.update(c.n for c in seated)
                    cancelled = cancelled or cancelled_at is not None
                    appointments.append(
                        (
                            appointment_id,
                            created,
                            updated,
                            service_id,
                            kind.value,
                            self.trainer_ids[t],
                            self.location_ids[self.trainer_location[t]],
                            room,
                            name,
                            start,
                            ends,
                            blocked,
                            capacity,
                            "cancelled" if cancelled else "scheduled",
                            cancelled_at,
                            ("Studio closed" if kind is ServiceKind.GROUP else "Cancelled by the client")
                            if cancelled
                            else None,
                            False,
                            admin,
                        )
                    )
                    if t == 0 and not cancelled and start > self.now and seated:
                        if kind is ServiceKind.GROUP and not self.samples.class_id:
                            self.samples.class_id = str(appointment_id)
                        if kind is ServiceKind.ONE_TO_ONE and not self.samples.session_id:
                            self.samples.session_id = str(appointment_id)
            sink("appointments", APPOINTMENT_COLUMNS, appointments)
            sink("bookings", BOOKING_COLUMNS, bookings)

    def _places(
        self,
        rng: random.Random,
        seated: list[ClientInfo],
        appointment_id: uuid.UUID,
        kind: ServiceKind,
        start: datetime,
        ends: datetime,
        blocked: datetime,
        created: datetime,
        studio_cancelled: bool,
        admin: uuid.UUID,
    ) -> tuple[list[tuple[Any, ...]], datetime | None, datetime]:
        """The bookings of one appointment; returns them, when the appointment was cancelled, and its updated_at."""
        now = self.now
        past = ends <= now
        rows = []
        appointment_cancelled_at = _between(rng, created, min(start, now)) if studio_cancelled else None
        updated = appointment_cancelled_at or created
        for client in seated:
            booked = created if kind is ServiceKind.ONE_TO_ONE else _between(rng, created, min(start, now))
            status, cancelled_at, checked_in, marked, penalty = "booked", None, None, None, None
            roll = rng.random()
            if studio_cancelled:
                booked = min(booked, appointment_cancelled_at or booked)
                status, cancelled_at = "cancelled", appointment_cancelled_at
            elif past:
                if roll < 0.86:
                    status, marked = "attended", ends
                    checked_in = max(booked, start - timedelta(minutes=rng.randint(0, 10)))
                elif roll < 0.92:
                    status, marked, penalty = "no_show", ends, PenaltyPolicy.FEE.value
                elif roll < 0.95:  # inside the 24-hour cancellation window
                    status, penalty = "late_cancelled", PenaltyPolicy.FORFEIT_CREDIT.value
                    cancelled_at = max(booked, start - timedelta(minutes=rng.randint(30, 23 * 60)))
                else:
                    status, cancelled_at = "cancelled", _between(rng, booked, start - timedelta(days=1))
            elif roll < 0.06:
                status, cancelled_at = "cancelled", _between(rng, booked, now)
            if kind is ServiceKind.ONE_TO_ONE and status in ("cancelled", "late_cancelled"):
                # A 1:1 booking called off cancels its session (appointments.service.cancel_session).
                appointment_cancelled_at = cancelled_at
            due = start - timedelta(hours=24)
            reminded = max(due, booked) if status in SEATS_AND_MARKS and due <= now else None
            changed = max(t for t in (booked, cancelled_at, marked, reminded) if t is not None)
            updated = max(updated, changed)
            rows.append(
                (
                    new_uuid(rng),
                    booked,
                    changed,
                    appointment_id,
                    client.id,
                    status,
                    start,
                    blocked,
                    cancelled_at,
                    checked_in,
                    marked,
                    reminded,
                    penalty,
                    admin if kind is ServiceKind.ONE_TO_ONE else client.user_id,
                )
            )
        return rows, appointment_cancelled_at, updated

    # --- training and progress ------------------------------------------------------------------------

    def history(self, sink: Sink) -> None:
        rng = self.rng("history")
        # Leads never train; the rest train for a while: the mean is chosen for MEAN_SETS_PER_CLIENT overall.
        trainers = 1 - dict(STATUS_WEIGHTS)[ClientStatus.LEAD] / sum(w for _, w in STATUS_WEIGHTS)
        sets_per_workout = sum(sum(e[3] for e in t.exercises) for t in self.templates.values()) / len(self.templates)
        mean_workouts = MEAN_SETS_PER_CLIENT / trainers / sets_per_workout
        tables: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        for start in range(0, len(self.clients), CLIENT_CHUNK):
            for client in self.clients[start : start + CLIENT_CHUNK]:
                self._client_history(rng, client, mean_workouts, tables)
            for name, columns in (
                ("program_assignments", PROGRAM_ASSIGNMENT_COLUMNS),
                ("workout_logs", WORKOUT_COLUMNS),
                ("set_logs", SET_COLUMNS),
                ("personal_records", RECORD_COLUMNS),
                ("measurements", MEASUREMENT_COLUMNS),
                ("goals", GOAL_COLUMNS),
            ):
                sink(name, columns, tables[name])
                tables[name].clear()

    def _client_history(
        self, rng: random.Random, client: ClientInfo, mean_workouts: float, tables: dict[str, list[tuple[Any, ...]]]
    ) -> None:
        coach = self.trainer_user_ids[client.trainer]
        since = client.created_at.astimezone(self.zone).date()
        if client.status is ClientStatus.LEAD:
            if rng.random() < 0.5:
                self._measure(rng, client, [since], 80.0, 0.0, coach, tables)
            return
        if client.n == 1:
            workouts, last = LONG_HISTORY_WORKOUTS, self.today - timedelta(days=1)
        else:
            workouts = min(400, round(rng.expovariate(1 / mean_workouts)))
            back = {
                ClientStatus.ACTIVE: (1, 6),
                ClientStatus.TRIAL: (1, 6),
                ClientStatus.PAUSED: (20, 90),
                ClientStatus.FORMER: (90, 500),
            }[client.status]
            last = self.today - timedelta(days=rng.randint(*back))
        gaps = [2 if client.n == 1 else rng.randint(1, 5) for _ in range(workouts)]
        while gaps and last - timedelta(days=sum(gaps)) < since:
            gaps.pop()
        dates, day = [], last
        for gap in gaps:
            dates.append(day)
            day -= timedelta(days=gap)
        dates.reverse()
        program = FOLLOWS[0] if rng.random() < 0.6 else FOLLOWS[1]
        program_id, rotation = self.programs[program]
        strength, growth = rng.uniform(0.7, 1.3), rng.uniform(0.01, 0.03)
        unit: LoadUnit = "lb" if client.imperial else "kg"
        best: dict[tuple[uuid.UUID, Any], float] = {}
        top_e1rm = 0.0
        for i, performed_on in enumerate(dates):
            template = self.templates[rotation[i % len(rotation)]]
            top_e1rm = max(
                top_e1rm,
                self._workout(
                    rng,
                    client,
                    template,
                    performed_on,
                    (performed_on - dates[0]).days / 7,
                    strength,
                    growth,
                    unit,
                    coach,
                    best,
                    tables,
                ),
            )
        weight = min(140.0, max(48.0, rng.gauss(80, 13)))
        if dates:
            span = [
                dates[0] + timedelta(days=d)
                for d in range(0, (dates[-1] - dates[0]).days + 1, 7 if client.n == 1 else rng.randint(7, 14))
            ]
            weights = self._measure(rng, client, span, weight, rng.uniform(-0.15, 0.05), coach, tables)
            if rng.random() < 0.35:
                self._goal(
                    client,
                    "Reach my target weight",
                    self.metric_ids["body_weight"],
                    None,
                    weights[0],
                    min(weights) - rng.randint(2, 6),
                    dates[0],
                    coach,
                    tables,
                    rng,
                )
            if program == FOLLOWS[0] and top_e1rm and rng.random() < 0.3:
                self._goal(
                    client,
                    "Squat PR",
                    None,
                    self.exercise_ids["barbell-back-squat"],
                    top_e1rm * 0.8,
                    round(top_e1rm * 1.3 + 10),
                    dates[0],
                    coach,
                    tables,
                    rng,
                )
            if client.status is ClientStatus.ACTIVE and rng.random() < 0.3:
                begins = self.today - timedelta(days=rng.randint(0, 27))
                at = self.local(begins, 9)
                tables["program_assignments"].append(
                    (new_uuid(rng), at, at, client.id, program_id, begins, "active", self.admin_user_ids[0])
                )

    def _workout(
        self,
        rng: random.Random,
        client: ClientInfo,
        template: TemplateInfo,
        performed_on: date,
        weeks_in: float,
        strength: float,
        growth: float,
        unit: LoadUnit,
        coach: uuid.UUID,
        best: dict[tuple[uuid.UUID, Any], float],
        tables: dict[str, list[tuple[Any, ...]]],
    ) -> float:
        """One completed workout from a template, its sets and the records they set; returns the best squat e1RM."""
        log_id = new_uuid(rng)
        started = self.local(performed_on, rng.choice((7, 8, 12, 17, 18)), rng.choice((0, 15, 30)))
        at = started
        progress = 1 + growth * weeks_in
        with_rpe = rng.random() < 0.6
        sets, found = tables["set_logs"], tables["personal_records"]
        squat = self.exercise_ids["barbell-back-squat"]
        top = 0.0
        for position, exercise_id, tracking, count, reps, kg, seconds, metres, rest in template.exercises:
            feel = rng.uniform(0.97, 1.03)
            for set_number in range(1, count + 1):
                done_reps = load_kg = load_unit = duration = distance = rpe = None
                if reps is not None:
                    done_reps = reps + round(progress * 2 - 2) if kg is None else reps
                    if set_number == count and rng.random() < 0.25:
                        done_reps = max(1, done_reps - 1)
                if kg is not None:
                    typed = _round_load(kg * strength * progress * feel, unit)
                    load_kg, load_unit = to_kg(typed, unit), unit
                if seconds:
                    duration = int(seconds * progress) + rng.randint(-3, 5)
                if metres:
                    distance, duration = metres, int(62 / progress) + rng.randint(-2, 3)
                if with_rpe and set_number == count and (reps is not None or kg is not None):
                    rpe = rng.choice((7.0, 7.5, 8.0, 8.0, 8.5, 9.0))
                at += timedelta(seconds=rest + 40)
                set_id = new_uuid(rng)
                sets.append(
                    (
                        set_id,
                        log_id,
                        client.id,
                        exercise_id,
                        position,
                        set_number,
                        done_reps,
                        load_kg,
                        load_unit,
                        duration,
                        distance,
                        rpe,
                        True,
                        at,
                    )
                )
                values = records.candidates(tracking, reps=done_reps, load_kg=load_kg, duration_seconds=duration)
                for kind, value in values.items():
                    before = best.get((exercise_id, kind))
                    if before is None or value > before + records.TOLERANCE:
                        found.append((new_uuid(rng), client.id, exercise_id, kind.value, value, before, set_id, at))
                        best[(exercise_id, kind)] = value
                if exercise_id == squat:
                    top = max(top, records.estimated_1rm(load_kg, done_reps) or 0.0)
        logger = client.user_id if rng.random() < 0.5 else coach
        notes = (
            rng.choice(("Felt strong today.", "Short on sleep; kept it steady.", "Gym was busy."))
            if rng.random() < 0.1
            else None
        )
        tables["workout_logs"].append(
            (
                log_id,
                started,
                at,
                client.id,
                template.id,
                template.name,
                performed_on,
                "completed",
                at,
                template.planned,
                notes,
                logger,
            )
        )
        return top

    def _measure(
        self,
        rng: random.Random,
        client: ClientInfo,
        days: Iterable[date],
        weight: float,
        trend: float,
        coach: uuid.UUID,
        tables: dict[str, list[tuple[Any, ...]]],
    ) -> list[float]:
        """Body weight on each day (trend kg a week), body fat and waist every fourth week; returns the weights."""
        rows = tables["measurements"]
        weights = []
        fat, waist = rng.uniform(14, 34), rng.uniform(68, 104)
        for i, day in enumerate(days):
            at = self.local(day, 7, rng.randrange(60))
            kg = max(40.0, weight + trend * i + rng.uniform(-0.8, 0.8))
            weights.append(round(kg, 1))
            readings = [
                (
                    "body_weight",
                    Quantity.MASS,
                    round(kg / units.LB_IN_KG, 1) if client.imperial else round(kg, 1),
                    "lb" if client.imperial else "kg",
                )
            ]
            if i % 4 == 0:
                readings += [
                    ("body_fat", Quantity.PERCENT, round(fat - i * 0.05, 1), "%"),
                    ("waist", Quantity.LENGTH, round(waist - i * 0.1, 1), "cm"),
                ]
            for key, quantity, entered, unit in readings:
                canonical = units.to_canonical(quantity, entered, unit)
                rows.append(
                    (
                        new_uuid(rng),
                        at,
                        at,
                        client.id,
                        self.metric_ids[key],
                        at,
                        self.ring.encrypt(units.encode(canonical)),
                        self.ring.encrypt(units.encode(entered)),
                        unit,
                        coach,
                    )
                )
        return weights

    def _goal(
        self,
        client: ClientInfo,
        title: str,
        metric_id: uuid.UUID | None,
        exercise_id: uuid.UUID | None,
        start: float,
        target: float,
        start_date: date,
        coach: uuid.UUID,
        tables: dict[str, list[tuple[Any, ...]]],
        rng: random.Random,
    ) -> None:
        """An active goal whose target lies beyond what the client has reached (so refresh_status keeps it)."""
        at = self.local(start_date, 9)
        direction = "decrease" if metric_id is not None else "increase"
        tables["goals"].append(
            (
                new_uuid(rng),
                at,
                at,
                client.id,
                title,
                metric_id,
                exercise_id,
                direction,
                round(start, 1),
                float(target),
                "kg",
                start_date,
                start_date + timedelta(days=180),
                "[]",
                "active",
                coach,
            )
        )


SEATS_AND_MARKS = ("booked", "attended", "no_show")  # places that were (or will be) reminded


def _weighted(rng: random.Random, services: list[tuple[Any, ...]]) -> tuple[Any, ...]:
    return rng.choices(services, weights=[s[6] for s in services])[0]


def _sample_free(rng: random.Random, pool: list[ClientInfo], taken: set[int], k: int) -> list[ClientInfo]:
    """Up to k distinct clients from pool, none of them already in this slot."""
    chosen: dict[int, ClientInfo] = {}
    for _ in range(k * 20):  # random draws first: the pool is large and a slot holds few
        if len(chosen) >= k:
            break
        client = pool[rng.randrange(len(pool))]
        if client.n not in taken:
            chosen[client.n] = client
    if len(chosen) >= k:
        return list(chosen.values())
    free = [c for c in pool if c.n not in taken and c.n not in chosen]  # a small pool, nearly all taken
    return [*chosen.values(), *rng.sample(free, min(k - len(chosen), len(free)))]


def _round_load(kg: float, unit: str) -> float:
    """What someone puts on a bar: 2.5 kg (or 5 lb) steps, 1 kg for light dumbbells; in the unit typed."""
    if unit == "lb":
        return max(5.0, round(kg / units.LB_IN_KG / 5) * 5)
    step = 2.5 if kg >= 20 else 1.0
    return max(step, round(kg / step) * step)
