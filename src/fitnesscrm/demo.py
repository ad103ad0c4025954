"""The demo business: 1 admin, 4 trainers, 60 clients, assignments and sign-ins. Idempotent."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from .accounts import passwords
from .accounts.models import User
from .clients.models import Client, ClientStatus, ClientTag, Gender, HealthRecord
from .core import audit
from .core.actor import Actor, Role
from .core.contact import sort_name
from .core.db import utcnow
from .staff.models import Trainer, TrainerAssignment

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
FIRST = ["Alex", "Sam", "Charlie", "Jordan", "Taylor", "Morgan", "Riley", "Casey", "Jamie", "Robin", "Noor",
         "Lena", "Mateo", "Aisha", "Kenji", "Freya", "Omar", "Zara", "Luca", "Ines", "Tom", "Hana", "Ben", "Mia"]
LAST = ["Walker", "Nguyen", "Schmidt", "Rossi", "Kowalski", "Haddad", "Murphy", "Tanaka", "Silva", "Novak",
        "Berg", "Costa", "Ahmed", "Fischer", "Brown", "Dubois", "Moreau", "Jensen", "Kaur", "Evans"]
TAGS = ["morning", "evening", "online", "student", "corporate", "post-natal", "marathon", "senior"]
SOURCES = ["walk-in", "website", "referral", "instagram", "corporate partner"]
# A realistic spread: most active, a pipeline of leads and trials, some paused and former.
STATUS_WEIGHTS = [(ClientStatus.ACTIVE, 30), (ClientStatus.LEAD, 10), (ClientStatus.TRIAL, 8),
                  (ClientStatus.PAUSED, 6), (ClientStatus.FORMER, 6)]


def seed(session: Session) -> str:
    if session.scalar(select(User.id).where(User.email == ADMIN_EMAIL)):
        return _summary("already present; nothing changed")
    rng = random.Random(20241125)  # deterministic demo data
    pw_hash = passwords.hash_password(DEMO_PASSWORD)
    now = utcnow()
    session.add(User(email=ADMIN_EMAIL, full_name="Ada Admin", role=Role.ADMIN, password_hash=pw_hash,
                     password_changed_at=now))
    trainers: list[Trainer] = []
    for first, last, specialities, certs, rate in TRAINERS:
        trainer = Trainer(first_name=first, last_name=last, sort_name=sort_name(first, last),
                          email=f"{first.lower()}@{DEMO_DOMAIN}", phone=f"+4420794601{len(trainers):02d}",
                          bio=f"{first} coaches {', '.join(specialities).lower()}.", specialities=specialities,
                          certifications=certs, hourly_rate_minor=rate, currency="EUR", active=True)
        session.add(trainer)
        trainers.append(trainer)
    session.flush()
    for trainer in trainers:
        session.add(User(email=trainer.email, full_name=trainer.full_name, role=Role.TRAINER,
                         password_hash=pw_hash, trainer_id=trainer.id, password_changed_at=now))
    statuses = [s for s, weight in STATUS_WEIGHTS for _ in range(weight)]
    rng.shuffle(statuses)
    clients = []
    for i, status in enumerate(statuses):
        first, last = FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)]
        client = Client(
            first_name=first, last_name=last, sort_name=sort_name(first, last),
            email=f"{first.lower()}.{last.lower()}{i}@{DEMO_DOMAIN}",
            phone=f"+447700900{i:03d}", status=status, source=rng.choice(SOURCES),
            date_of_birth=date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 45)),
            gender=rng.choice(list(Gender)), goals_summary=rng.choice(
                ["Lose 5 kg before summer", "First pull-up", "Run a half marathon", "Stronger back", None]),
            address={"line1": f"{i + 1} High Street", "line2": None, "city": "London", "region": None,
                     "postal_code": "N1 9GU", "country": "GB"},
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
            session.add(HealthRecord(client_id=client.id, medical_conditions="Mild asthma; inhaler in bag.",
                                     injuries="Left knee meniscus repair (2021)."))
    portal_client = clients[0]
    portal_client.email, portal_client.status = CLIENT_EMAIL, ClientStatus.ACTIVE
    session.add(User(email=portal_client.email or "", full_name=portal_client.full_name, role=Role.CLIENT,
                     password_hash=pw_hash, client_id=portal_client.id, password_changed_at=now))
    audit.record(session, Actor.system("seed"), "demo.seeded", "business", None,
                 {"trainers": len(trainers), "clients": len(clients)})
    session.flush()
    return _summary(f"created 1 admin, {len(trainers)} trainers, {len(clients)} clients")


def _summary(result: str) -> str:
    return "\n".join([
        f"Demo business: {result}.",
        f"Sign in at http://127.0.0.1:8000 (password for every demo account: {DEMO_PASSWORD}):",
        f"  admin    {ADMIN_EMAIL}",
        f"  trainer  {TRAINER_EMAIL}",
        f"  client   {CLIENT_EMAIL}",
    ])
