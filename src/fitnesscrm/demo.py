"""The demo business: 1 admin, 4 trainers, 60 clients, assignments and sign-ins, plus the scheduling setup
(booking rules, locations with rooms, services, working hours) and eight weeks of training and progress.
Idempotent: a second run changes nothing."""

from __future__ import annotations

import random
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from .accounts import passwords
from .accounts.models import User
from .clients.models import Client, ClientStatus, ClientTag, Gender, HealthRecord
from .core import audit
from .core.actor import Actor, Role
from .core.contact import sort_name
from .core.db import utcnow
from .core.storage import Storage
from .progress.metrics.service import sync_builtin_metrics
from .scheduling.availability import service as availability_service
from .scheduling.demo import seed_schedule
from .scheduling.models import Location
from .scheduling.setup import service as setup_service
from .staff.models import Trainer, TrainerAssignment
from .training.demo import seed_training
from .training.exercises.library import sync_builtin_library
from .training.programs.service import business_today

DEMO_DOMAIN = "demo.example.com"
DEMO_PASSWORD = "demo-studio-2024!"  # noqa: S105 - printed on purpose for the demo
ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"
TRAINER_EMAIL = f"maya@{DEMO_DOMAIN}"
CLIENT_EMAIL = f"client@{DEMO_DOMAIN}"

TRAINERS = [
    ("Maya", "Okafor", ["Strength", "Powerlifting"], ["NSCA-CSCS"], 6500),
    ("Jonas", "Lindqvist", ["Mobility", "Rehab"], ["Physio BSc"], 7000),
    ("Priya", "Raman", ["HIIT", "Weight loss"], ["ACE CPT"], 5500),
    ("Diego", "Santos", ["Boxing", "Conditioning"], ["NASM CPT"], 6000),
]
FIRST = [
    "Alex",
    "Sam",
    "Charlie",
    "Jordan",
    "Taylor",
    "Morgan",
    "Riley",
    "Casey",
    "Jamie",
    "Robin",
    "Noor",
    "Lena",
    "Mateo",
    "Aisha",
    "Kenji",
    "Freya",
    "Omar",
    "Zara",
    "Luca",
    "Ines",
    "Tom",
    "Hana",
    "Ben",
    "Mia",
]
LAST = [
    "Walker",
    "Nguyen",
    "Schmidt",
    "Rossi",
    "Kowalski",
    "Haddad",
    "Murphy",
    "Tanaka",
    "Silva",
    "Novak",
    "Berg",
    "Costa",
    "Ahmed",
    "Fischer",
    "Brown",
    "Dubois",
    "Moreau",
    "Jensen",
    "Kaur",
    "Evans",
]
TAGS = ["morning", "evening", "online", "student", "corporate", "post-natal", "marathon", "senior"]
SOURCES = ["walk-in", "website", "referral", "instagram", "corporate partner"]
# A realistic spread: most active, a pipeline of leads and trials, some paused and former.
STATUS_WEIGHTS = [
    (ClientStatus.ACTIVE, 30),
    (ClientStatus.LEAD, 10),
    (ClientStatus.TRIAL, 8),
    (ClientStatus.PAUSED, 6),
    (ClientStatus.FORMER, 6),
]


BOOKING_RULES = {
    "timezone": "Europe/London",
    "min_notice_minutes": 120,
    "max_advance_days": 60,
    "cancellation_window_hours": 24,
    "late_cancel_policy": "forfeit_credit",
    "late_cancel_fee_minor": 0,
    "no_show_policy": "fee",
    "no_show_fee_minor": 1500,
    "currency": "EUR",
    "slot_interval_minutes": 15,
}
# (name, address, [(room, capacity)])
LOCATIONS = [
    ("Riverside Studio", "12 Wharf Road, London N1 7GR", [("Studio A", 16), ("Studio B", 12), ("PT Suite", 2)]),
    ("Camden Box", "48 Kentish Town Road, London NW1 9PU", [("Main floor", 20), ("Boxing ring", 8)]),
]
# (name, kind, duration, buffer, capacity, colour)
SERVICES = [
    ("PT session 60 min", "one_to_one", 60, 15, None, "#228be6"),
    ("Assessment 30 min", "one_to_one", 30, 0, None, "#15aabf"),
    ("HIIT class 45 min", "group", 45, 15, 12, "#fa5252"),
    ("Yoga flow 60 min", "group", 60, 15, 16, "#40c057"),
    ("Small-group strength 50 min", "group", 50, 10, 6, "#fd7e14"),
]
# trainer e-mail name → [(location index, weekdays, start, end)]; Monday = 0
WORKING_HOURS: dict[str, list[tuple[int, tuple[int, ...], str, str]]] = {
    "maya": [(0, (0, 1, 2, 3, 4), "07:00", "12:00"), (0, (0, 2), "16:00", "20:00")],
    "jonas": [(0, (1, 2, 3, 4, 5), "09:00", "17:00")],
    "priya": [(1, (0, 1, 2, 3, 4), "06:30", "10:30"), (1, (1, 3), "17:00", "21:00")],
    "diego": [(1, (0, 1, 2, 3), "12:00", "20:00"), (1, (5,), "09:00", "13:00")],
}


def seed(session: Session, *, storage: Storage | None = None, base_url: str = "http://127.0.0.1:8000") -> str:
    """``storage`` receives the portal client's placeholder progress photos (none without it)."""
    if session.scalar(select(User.id).where(User.email == ADMIN_EMAIL)):
        # A demo made before scheduling (or training) existed gains it once; after that nothing changes.
        added = _seed_scheduling_setup(session)
        _sync_libraries(session)
        trained = seed_training(session, today=business_today(session), storage=storage)
        parts = [what for what, done in (("the scheduling setup", added), ("training and progress", trained)) if done]
        return _summary(
            base_url, f"already present; added {' and '.join(parts)}" if parts else "already present; nothing changed"
        )
    rng = random.Random(20241125)  # deterministic demo data
    pw_hash = passwords.hash_password(DEMO_PASSWORD)
    now = utcnow()
    session.add(
        User(email=ADMIN_EMAIL, full_name="Ada Admin", role=Role.ADMIN, password_hash=pw_hash, password_changed_at=now)
    )
    trainers: list[Trainer] = []
    for first, last, specialities, certs, rate in TRAINERS:
        trainer = Trainer(
            first_name=first,
            last_name=last,
            sort_name=sort_name(first, last),
            email=f"{first.lower()}@{DEMO_DOMAIN}",
            phone=f"+4420794601{len(trainers):02d}",
            bio=f"{first} coaches {', '.join(specialities).lower()}.",
            specialities=specialities,
            certifications=certs,
            hourly_rate_minor=rate,
            currency="EUR",
            active=True,
        )
        session.add(trainer)
        trainers.append(trainer)
    session.flush()
    for trainer in trainers:
        session.add(
            User(
                email=trainer.email,
                full_name=trainer.full_name,
                role=Role.TRAINER,
                password_hash=pw_hash,
                trainer_id=trainer.id,
                password_changed_at=now,
            )
        )
    statuses = [s for s, weight in STATUS_WEIGHTS for _ in range(weight)]
    rng.shuffle(statuses)
    clients = []
    for i, status in enumerate(statuses):
        first, last = FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)]
        client = Client(
            first_name=first,
            last_name=last,
            sort_name=sort_name(first, last),
            email=f"{first.lower()}.{last.lower()}{i}@{DEMO_DOMAIN}",
            phone=f"+447700900{i:03d}",
            status=status,
            source=rng.choice(SOURCES),
            date_of_birth=date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 45)),
            gender=rng.choice(list(Gender)),
            goals_summary=rng.choice(
                ["Lose 5 kg before summer", "First pull-up", "Run a half marathon", "Stronger back", None]
            ),
            address={
                "line1": f"{i + 1} High Street",
                "line2": None,
                "city": "London",
                "region": None,
                "postal_code": "N1 9GU",
                "country": "GB",
            },
            created_at=now - timedelta(days=rng.randrange(1, 700)),
        )
        client.updated_at = client.created_at
        client.tags = [ClientTag(tag=t) for t in sorted(rng.sample(TAGS, rng.randrange(0, 3)))]
        session.add(client)
        clients.append(client)
    session.flush()
    for i, client in enumerate(clients):
        primary = trainers[i % len(trainers)]
        session.add(TrainerAssignment(client_id=client.id, trainer_id=primary.id, is_primary=True))
        if i % 5 == 0:
            session.add(TrainerAssignment(client_id=client.id, trainer_id=trainers[(i + 1) % len(trainers)].id))
        if i % 6 == 0:
            session.add(
                HealthRecord(
                    client_id=client.id,
                    medical_conditions="Mild asthma; inhaler in bag.",
                    injuries="Left knee meniscus repair (2021).",
                )
            )
    portal_client = clients[0]
    portal_client.email, portal_client.status = CLIENT_EMAIL, ClientStatus.ACTIVE
    session.add(
        User(
            email=portal_client.email or "",
            full_name=portal_client.full_name,
            role=Role.CLIENT,
            password_hash=pw_hash,
            client_id=portal_client.id,
            password_changed_at=now,
        )
    )
    audit.record(
        session,
        Actor.system("seed"),
        "demo.seeded",
        "business",
        None,
        {"trainers": len(trainers), "clients": len(clients)},
    )
    session.flush()
    _seed_scheduling_setup(session)
    _sync_libraries(session)
    seed_training(session, today=business_today(session), storage=storage)
    return _summary(
        base_url,
        f"created 1 admin, {len(trainers)} trainers, {len(clients)} clients, "
        f"{len(LOCATIONS)} locations and {len(SERVICES)} services, with 8 weeks of training",
    )


def _seed_scheduling_setup(session: Session) -> bool:
    """Booking rules, locations with rooms, services and weekly hours; False when they are already there."""
    if session.scalar(select(Location.id).where(Location.name == LOCATIONS[0][0]).limit(1)):
        return False
    actor = Actor.system("seed")
    setup_service.update_booking_rules(session, actor=actor, if_match="*", **BOOKING_RULES)
    locations = [
        setup_service.create_location(
            session,
            actor=actor,
            name=name,
            address=address,
            rooms=[{"name": room, "capacity": capacity} for room, capacity in rooms],
        )
        for name, address, rooms in LOCATIONS
    ]
    for name, kind, duration, buffer, capacity, colour in SERVICES:
        setup_service.create_service(
            session,
            actor=actor,
            name=name,
            kind=kind,
            duration_minutes=duration,
            buffer_minutes=buffer,
            default_capacity=capacity,
            colour=colour,
        )
    trainers = {
        t.email.split("@")[0]: t
        for t in session.scalars(
            select(Trainer).where(Trainer.email.in_([f"{name}@{DEMO_DOMAIN}" for name in WORKING_HOURS]))
        )
    }
    for name, blocks in WORKING_HOURS.items():
        if name not in trainers:  # removed from an older demo
            continue
        windows = [
            {
                "location_id": locations[where].id,
                "weekday": day,
                "start_time": time.fromisoformat(start),
                "end_time": time.fromisoformat(end),
            }
            for where, days, start, end in blocks
            for day in days
        ]
        availability_service.replace_working_hours(
            session, actor=actor, trainer_id=trainers[name].id, windows=windows, if_match="*"
        )
    session.flush()
    # Eight weeks of sessions and classes around today; only on this first pass, so re-running changes nothing.
    today = utcnow().astimezone(ZoneInfo(str(BOOKING_RULES["timezone"]))).date()
    seed_schedule(session, trainers_by_name={name: trainer.id for name, trainer in trainers.items()}, today=today)
    session.flush()
    return True


def _sync_libraries(session: Session) -> None:
    """Built-in metrics and exercises: idempotent, so an older demo picks up new releases of them."""
    sync_builtin_metrics(session)
    sync_builtin_library(session)


def _summary(base_url: str, result: str) -> str:
    return "\n".join(
        [
            f"Demo business: {result}.",
            f"Sign in at {base_url} (password for every demo account: {DEMO_PASSWORD}):",
            f"  admin    {ADMIN_EMAIL}",
            f"  trainer  {TRAINER_EMAIL}",
            f"  client   {CLIENT_EMAIL}",
        ]
    )
