"""Demo training data: workout templates, two programmes, assignments and eight weeks of logged workouts.

Everything goes through the training services as the demo trainers (and the portal client logging their
own workouts), so the data obeys the real rules: block validation, canonical kg beside the unit typed,
snapshots of the plan, personal records found by the real detector, an audit record per write.
The services stamp "now" on what they create; the seed then moves those timestamps back to the day the
workout was done, so records, "last time" and charts read like eight weeks of real use.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import domains
from ..accounts.models import User
from ..clients.models import Client, ClientStatus
from ..core.actor import Actor, Role
from ..core.business import business_today
from ..core.demo import ADMIN_EMAIL, DEMO_DOMAIN
from ..core.demo import CLIENT_EMAIL as PORTAL_EMAIL
from ..core.storage import Storage
from ..staff.models import Trainer, TrainerAssignment
from .exercises.library import sync_builtin_library
from .logs import service as logs_service
from .models import Exercise, PersonalRecord, RecordKind, WorkoutTemplate
from .programs import service as programs_service
from .units import KG_PER_LB
from .workouts import service as workouts_service

WEEKS = 8
MAX_CLIENTS = 15
# primary trainer → the programme their clients follow (Diego's boxers do Priya's circuit, assigned by the admin)
FOLLOWS = {"maya": "Strength foundations", "priya": "Fat-loss circuit", "diego": "Fat-loss circuit"}


def _ex(
    slug: str,
    sets: int,
    reps: int | None = None,
    kg: float | None = None,
    *,
    seconds: int | None = None,
    metres: float | None = None,
    rest: int | None = None,
    tempo: str | None = None,
    notes: str | None = None,
) -> dict[str, Any]:
    return {
        "slug": slug,
        "sets": sets,
        "reps": reps,
        "kg": kg,
        "seconds": seconds,
        "metres": metres,
        "rest": rest,
        "tempo": tempo,
        "notes": notes,
    }


# trainer e-mail name → [(template name, description, [(block kind, rounds, [exercise])])]
TEMPLATES: dict[str, list[tuple[str, str, list[tuple[str, int | None, list[dict[str, Any]]]]]]] = {
    "maya": [
        (
            "Lower A",
            "Squat-focused lower body strength.",
            [
                (
                    "single",
                    None,
                    [
                        _ex(
                            "barbell-back-squat",
                            3,
                            5,
                            60,
                            rest=180,
                            tempo="3-1-1-0",
                            notes="Brace before each rep; hit depth.",
                        )
                    ],
                ),
                ("single", None, [_ex("romanian-deadlift", 3, 8, 50, rest=120)]),
                (
                    "superset",
                    None,
                    [_ex("dumbbell-walking-lunge", 3, 10, 12, rest=60), _ex("plank", 3, seconds=40, rest=60)],
                ),
            ],
        ),
        (
            "Upper A",
            "Horizontal and vertical push and pull.",
            [
                ("single", None, [_ex("barbell-bench-press", 3, 5, 45, rest=180)]),
                (
                    "superset",
                    None,
                    [_ex("seated-cable-row", 3, 10, 40, rest=60), _ex("overhead-press", 3, 8, 27.5, rest=90)],
                ),
                ("single", None, [_ex("lat-pulldown", 3, 10, 40, rest=90)]),
            ],
        ),
        (
            "Lower B",
            "Hinge-focused lower body strength.",
            [
                ("single", None, [_ex("conventional-deadlift", 3, 5, 70, rest=180)]),
                ("single", None, [_ex("barbell-hip-thrust", 3, 10, 60, rest=90)]),
                ("superset", None, [_ex("goblet-squat", 3, 10, 20, rest=60), _ex("dead-bug", 3, 10, rest=60)]),
            ],
        ),
    ],
    "priya": [
        (
            "Full body conditioning",
            "A strength superset, then a four-station circuit.",
            [
                ("superset", None, [_ex("goblet-squat", 3, 12, 16, rest=45), _ex("push-up", 3, 12, rest=45)]),
                (
                    "circuit",
                    3,
                    [
                        _ex("kettlebell-swing", 1, 15, 16),
                        _ex("burpee", 1, 10),
                        _ex("mountain-climber", 1, seconds=30),
                        _ex("rowing-machine", 1, metres=250, notes="Hard but steady pace."),
                    ],
                ),
            ],
        ),
        (
            "Metabolic circuit",
            "Four rounds, minimal rest, then a core finisher.",
            [
                (
                    "circuit",
                    4,
                    [
                        _ex("dumbbell-thruster", 1, 12, 10),
                        _ex("box-jump", 1, 10),
                        _ex("medicine-ball-slam", 1, 12, 6),
                        _ex("jumping-jack", 1, 30),
                    ],
                ),
                ("single", None, [_ex("plank", 3, seconds=40, rest=45)]),
            ],
        ),
    ],
}
# (owner, name, description, weeks, progression, [(day, template name)] repeated every week)
PROGRAMS: list[tuple[str, str, str, int, dict[str, Any], list[tuple[int, str]]]] = [
    (
        "maya",
        "Strength foundations",
        "Three full-body strength days a week; add 2.5 kg each week.",
        4,
        {"load_kg_per_week": 2.5},
        [(1, "Lower A"), (3, "Upper A"), (5, "Lower B")],
    ),
    (
        "priya",
        "Fat-loss circuit",
        "Three conditioning days a week; one more rep each week.",
        6,
        {"reps_per_week": 1},
        [(1, "Full body conditioning"), (3, "Metabolic circuit"), (5, "Full body conditioning")],
    ),
]


@dataclass
class DemoClient:
    """What the progress seed needs to know about one client's eight weeks."""

    client_id: uuid.UUID
    actor: Actor
    program: str
    start: date
    portal: bool
    strength: float  # this client's loads relative to the template (0.8-1.3)
    growth: float  # weekly gain in working loads
    adherence: float
    units: str = "kg"
    squat_exercise_id: uuid.UUID | None = None  # strength clients: their squat e1RM goal
    first_squat_e1rm: float | None = None
    client_actor: Actor | None = None  # the portal client, who logs and uploads their own


def seed_training(session: Session, *, today: date, storage: Storage | None = None) -> bool:
    """Seed training and progress data once; False (and nothing written) when any workout template exists."""
    if session.scalar(select(WorkoutTemplate.id).limit(1)) is not None:
        return False
    rng = random.Random(20261126)
    users = {u.email: u for u in session.scalars(select(User).where(User.email.like(f"%@{DEMO_DOMAIN}")))}
    trainers = {
        t.email.split("@")[0]: t
        for t in session.scalars(select(Trainer))
        if t.email and t.email.endswith(f"@{DEMO_DOMAIN}")
    }
    if not all(name in trainers and trainers[name].email in users for name in FOLLOWS) or ADMIN_EMAIL not in users:
        return False  # not the demo business
    coach = {name: _actor(users[trainers[name].email]) for name in FOLLOWS}
    admin = _actor(users[ADMIN_EMAIL])
    exercises = {e.slug: e for e in session.scalars(select(Exercise).where(Exercise.slug.is_not(None)))}

    templates: dict[str, WorkoutTemplate] = {}
    for owner, items in TEMPLATES.items():
        for name, description, blocks in items:
            templates[name] = workouts_service.create_template(
                session,
                actor=coach[owner],
                name=name,
                description=description,
                blocks=[_block(kind, rounds, items, exercises) for kind, rounds, items in blocks],
            )
    programs = {}
    for owner, name, description, weeks, progression, days in PROGRAMS:
        programs[name] = (
            owner,
            weeks,
            programs_service.create_program(
                session,
                actor=coach[owner],
                name=name,
                description=description,
                weeks=weeks,
                progression=progression,
                days=[
                    {"week": w, "day": d, "template_id": templates[t].id} for w in range(1, weeks + 1) for d, t in days
                ],
            ),
        )

    clients = _pick_clients(session, trainers)
    demo_clients: list[DemoClient] = []
    for i, (client, trainer_name) in enumerate(clients):
        program_name = FOLLOWS[trainer_name]
        owner, weeks, program = programs[program_name]
        # Trainers see only their own programmes, so the admin assigns a colleague's one.
        assigner = coach[owner] if owner == trainer_name else admin
        portal = client.email == PORTAL_EMAIL
        # Blocks back to back from about eight weeks ago; the last one runs on past today, so there is a plan.
        start = today - timedelta(weeks=WEEKS) - timedelta(days=0 if portal else rng.randrange(0, 3))
        starts = [start + timedelta(weeks=weeks * n) for n in range(WEEKS // weeks + 1)]
        for n, block_start in enumerate(starts):
            programs_service.create_assignment(
                session,
                actor=assigner,
                client_id=client.id,
                program_id=program.id,
                start_date=block_start,
                notes=f"Block {n + 1}",
            )
        client_actor = _actor(users[PORTAL_EMAIL]) if portal else None
        demo = DemoClient(
            client_id=client.id,
            actor=coach[trainer_name],
            program=program_name,
            start=start,
            portal=portal,
            strength=1.0 if portal else rng.uniform(0.8, 1.3),
            growth=0.025 if portal else rng.uniform(0.015, 0.035),
            adherence=0.85 if portal else rng.uniform(0.7, 0.92),
            units="lb" if i % 7 == 3 else "kg",
            squat_exercise_id=exercises["barbell-back-squat"].id if owner == "maya" else None,
            client_actor=client_actor,
        )
        _log_weeks(session, rng, demo, client_actor or coach[trainer_name], today)
        demo_clients.append(demo)

    # Progress builds on training (it reads the squat records), so it seeds its part when told, from the same
    # random stream: the demo comes out the same on every install.
    domains.announce(
        "training.demo_seeded", session=session, rng=rng, clients=demo_clients, today=today, storage=storage
    )
    session.flush()
    return True


def _actor(user: User) -> Actor:
    return Actor(
        user_id=user.id, role=Role(user.role), email=user.email, trainer_id=user.trainer_id, client_id=user.client_id
    )


def _block(
    kind: str, rounds: int | None, items: list[dict[str, Any]], exercises: dict[str | None, Exercise]
) -> dict[str, Any]:
    return {
        "kind": kind,
        "rounds": rounds,
        "exercises": [
            {
                "exercise_id": exercises[x["slug"]].id,
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
            for x in items
        ],
    }


def _pick_clients(session: Session, trainers: dict[str, Trainer]) -> list[tuple[Client, str]]:
    """Active clients whose primary trainer runs a programme, the portal client first."""
    owners = {trainers[name].id: name for name in FOLLOWS}
    rows = (
        session.execute(
            select(Client, TrainerAssignment.trainer_id)
            .join(TrainerAssignment, TrainerAssignment.client_id == Client.id)
            .where(
                TrainerAssignment.is_primary.is_(True),
                TrainerAssignment.trainer_id.in_(owners),
                Client.status == ClientStatus.ACTIVE,
                Client.archived_at.is_(None),
            )
            .order_by(Client.email != PORTAL_EMAIL, Client.sort_name, Client.id)
        )
        .tuples()
        .all()
    )
    return [(client, owners[trainer_id]) for client, trainer_id in rows[:MAX_CLIENTS]]


def _round_load(kg: float, unit: str) -> float:
    """What someone loads on a bar or picks off the rack: 2.5 kg / 5 lb steps (1 kg for light dumbbells)."""
    if unit == "lb":
        return max(5.0, round(kg / KG_PER_LB / 5) * 5)
    step = 2.5 if kg >= 20 else 1.0
    return max(step, round(kg / step) * step)


def _log_weeks(session: Session, rng: random.Random, demo: DemoClient, logger: Actor, today: date) -> None:
    """Log the planned workouts before today, skipping some (adherence), with loads that creep up."""
    _, _, planned = programs_service.plan(
        session, actor=demo.actor, client_id=demo.client_id, start=demo.start, end=today - timedelta(days=1)
    )
    logged_exercises: set[uuid.UUID] = set()
    for item in planned:
        if rng.random() > demo.adherence:
            continue
        log = logs_service.create_log(
            session, actor=logger, client_id=demo.client_id, performed_on=item.date, assignment_id=item.assignment.id
        )
        weeks_in = (item.date - demo.start).days / 7
        started = datetime.combine(item.date, time(rng.choice((7, 8, 12, 17, 18)), rng.choice((0, 15, 30))), tzinfo=UTC)
        at = started
        with_rpe = rng.random() < 0.6
        position = 0
        sets: list[dict[str, Any]] = []
        for block in log.planned:
            rounds = block.get("rounds") or 1
            for ex in block["exercises"]:
                position += 1
                feel = rng.uniform(0.97, 1.03)  # a good or a flat day: the working sets share one weight
                for set_number in range(1, ex["sets"] * rounds + 1):
                    fields = _actual_set(
                        rng, demo, ex, weeks_in, feel, last=set_number == ex["sets"] * rounds, with_rpe=with_rpe
                    )
                    at += timedelta(seconds=(ex.get("rest_seconds") or 60) + 40)
                    exercise_id = uuid.UUID(ex["exercise_id"])
                    logged_exercises.add(exercise_id)
                    sets.append(
                        {
                            "position": position,
                            "set_number": set_number,
                            "performed_at": at,
                            "exercise_id": exercise_id,
                            **fields,
                        }
                    )
        # The weeks' sets go in as a history, and their records are found in one replay at the end.
        logs_service.import_sets(session, actor=logger, log=log, sets=sets)
        if rng.random() < 0.15:
            log.notes = rng.choice(
                [
                    "Felt strong today.",
                    "Short on sleep; kept it steady.",
                    "Gym was busy.",
                    "Knee a bit stiff at the start, fine after the warm-up.",
                ]
            )
        logs_service.complete_log(session, actor=logger, log=log)
        log.created_at, log.updated_at, log.completed_at = started, at, at
    session.flush()
    logs_service.rebuild_records(session, actor=logger, client_id=demo.client_id, exercise_ids=logged_exercises)
    if demo.squat_exercise_id is not None:
        demo.first_squat_e1rm = session.scalar(
            select(PersonalRecord.value)
            .where(
                PersonalRecord.client_id == demo.client_id,
                PersonalRecord.exercise_id == demo.squat_exercise_id,
                PersonalRecord.kind == RecordKind.ESTIMATED_1RM,
            )
            .order_by(PersonalRecord.achieved_at)
            .limit(1)
        )


def _actual_set(
    rng: random.Random,
    demo: DemoClient,
    ex: dict[str, Any],
    weeks_in: float,
    feel: float,
    *,
    last: bool,
    with_rpe: bool,
) -> dict[str, Any]:
    """One set as the client did it: the prescription scaled to them, rising over the weeks, with noise."""
    fields: dict[str, Any] = {}
    reps = ex.get("reps_max")
    load = ex.get("load")
    progress = 1 + demo.growth * weeks_in
    if reps is not None:
        done = reps + round(progress * 2 - 2) if load is None else reps  # unloaded work gets more reps
        if last and rng.random() < 0.25:
            done -= 1
        fields["reps"] = max(1, done)
    if load is not None and load.get("kind") == "weight":
        # The programme's weekly step restarts with each block; the client's own strength keeps growing.
        kg = load["value_kg"] * demo.strength * progress * feel
        fields["load"], fields["load_unit"] = _round_load(kg, demo.units), demo.units
    if ex.get("duration_seconds"):
        fields["duration_seconds"] = int(ex["duration_seconds"] * progress + rng.randint(-3, 5))
    if ex.get("distance_m"):
        fields["distance_m"] = ex["distance_m"]
        fields["duration_seconds"] = int(62 / progress + rng.randint(-2, 3))
    if with_rpe and last and (reps is not None or load is not None):
        fields["rpe"] = rng.choice((7.0, 7.5, 8.0, 8.0, 8.5, 9.0))
    return fields


def seed(session: Session, *, storage: Storage | None = None) -> str | None:
    """The built-in exercise library, kept up to date; then, once, eight weeks of the demo clients' training and
    progress (None when they are already there)."""
    sync_builtin_library(session)
    if not seed_training(session, today=business_today(session), storage=storage):
        return None
    return "8 weeks of training and progress"
