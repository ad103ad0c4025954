"""The demo business: its settings, 1 admin, 4 trainers, 60 clients, assignments and sign-ins; then each domain
adds its own demo data (the studio and its calendar, the exercise library and metrics, eight weeks of training
and progress). Idempotent: a second run changes nothing."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import domains
from .accounts import passwords
from .accounts.models import User
from .business import service as business_service
from .clients.models import Client, ClientStatus, ClientTag, Gender, HealthRecord
from .core import audit
from .core.actor import Actor, Role
from .core.contact import sort_name
from .core.db import utcnow
from .core.demo import ADMIN_EMAIL, CLIENT_EMAIL, DEMO_DOMAIN, TRAINER_EMAIL
from .core.storage import Storage
from .staff.models import Trainer, TrainerAssignment

DEMO_PASSWORD = "demo-studio-2024!"  # noqa: S105 - printed on purpose for the demo

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


BUSINESS = {"name": "Riverside Fitness", "timezone": "Europe/London", "currency": "GBP", "locale": "en-GB"}


def seed(session: Session, *, storage: Storage | None = None, base_url: str = "http://127.0.0.1:8000") -> str:
    """The people (here), then each domain's demo data (``Domain.demo``), each after those it builds on.

    ``storage`` receives the portal client's placeholder progress photos (none without it). A demo made before a
    domain existed gains that domain's data once; after that nothing changes.
    """
    present = session.scalar(select(User.id).where(User.email == ADMIN_EMAIL)) is not None
    people = None if present else _seed_people(session)
    added = [
        what
        for domain in domains.installed()
        if domain.demo and (what := domain.load(domain.demo)(session, storage=storage))
    ]
    if people is not None:
        return _summary(base_url, f"created {', '.join([people, *added])}")
    return _summary(
        base_url, f"already present; added {' and '.join(added)}" if added else "already present; nothing changed"
    )


def _seed_people(session: Session) -> str:
    """The business's settings, its admin, trainers, clients, assignments and the portal client's login."""
    rng = random.Random(20241125)  # deterministic demo data
    business_service.update_settings(session, actor=Actor.system("seed"), if_match="*", **BUSINESS)
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
            currency=BUSINESS["currency"],
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
    return f"1 admin, {len(trainers)} trainers, {len(clients)} clients"


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
