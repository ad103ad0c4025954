"""The demo studio (`fitnesscrm seed demo`): what a newcomer finds in it, and that seeding is idempotent and fills
in what an older demo lacks.

Seeding costs seconds of real service calls, so the module seeds once (`seeded`) and its tests share that studio
(the `shared_data` mark: rows are not deleted between them, only when the module is done). Each test leaves a
whole demo behind: the "older demo" tests delete a domain's rows and seed them back.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import delete, func, select

from fitnesscrm import demo
from fitnesscrm.accounts.models import User
from fitnesscrm.core.actor import Actor
from fitnesscrm.core.audit import AuditEvent
from fitnesscrm.core.business import get_business
from fitnesscrm.core.db import utcnow
from fitnesscrm.models import Base
from fitnesscrm.progress.goals import service as goals_service
from fitnesscrm.progress.models import Goal, Measurement, MetricDefinition, PhotoPose, ProgressPhoto
from fitnesscrm.scheduling.availability import service as availability_service
from fitnesscrm.scheduling.models import Appointment, Booking, BookingRules, Location, Room, Service, WorkingHours
from fitnesscrm.staff.models import Trainer
from fitnesscrm.training.models import (
    PersonalRecord,
    Program,
    ProgramAssignment,
    SetLog,
    WorkoutLog,
    WorkoutStatus,
    WorkoutTemplate,
)
from fitnesscrm.training.programs import service as programs_service

from .conftest import reset_app_state
from .factories import Api, Factory

pytestmark = pytest.mark.shared_data

TRAINING_TABLES = (
    PersonalRecord,
    SetLog,
    WorkoutLog,
    ProgramAssignment,
    Program,
    WorkoutTemplate,
    Goal,
    Measurement,
    ProgressPhoto,
)


def _seed(app: Any) -> str:
    runtime = app.extensions["fitnesscrm"]
    with runtime.database.session() as s:
        return demo.seed(s, storage=runtime.storage)


@pytest.fixture(scope="module")
def seeded(app: Any) -> Iterator[Any]:
    """The demo studio, seeded once for the module on empty tables; the tables are emptied again after it."""
    reset_app_state(app)
    assert "2 locations and 5 services" in _seed(app)
    try:
        yield app
    finally:
        reset_app_state(app)


def _row_counts(factory: Factory) -> dict[str, int]:
    with factory.database.session() as s:
        return {
            table.name: s.scalar(select(func.count()).select_from(table)) or 0 for table in Base.metadata.sorted_tables
        }


def _portal(s: Any) -> User:
    user = s.scalar(select(User).where(User.email == demo.CLIENT_EMAIL))
    assert user is not None
    assert user.client_id is not None
    return user


def test_the_demo_has_a_bookable_studio(seeded: Any, factory: Factory) -> None:
    with factory.database.session() as s:
        rules = s.get(BookingRules, 1)
        assert rules is not None
        assert rules.no_show_fee_minor == 1500
        business = get_business(s)
        assert (business.name, business.timezone, business.currency) == ("Riverside Fitness", "Europe/London", "GBP")
        assert sorted(s.scalars(select(Location.name))) == ["Camden Box", "Riverside Studio"]
        assert s.scalar(select(func.count()).select_from(Room)) == 5
        services = {svc.name: svc for svc in s.scalars(select(Service))}
        assert set(services) == {
            "PT session 60 min",
            "Assessment 30 min",
            "HIIT class 45 min",
            "Yoga flow 60 min",
            "Small-group strength 50 min",
        }
        pt = services["PT session 60 min"]
        assert (pt.kind, pt.duration_minutes, pt.buffer_minutes, pt.default_capacity) == ("one_to_one", 60, 15, 1)
        assert [
            services[n].default_capacity
            for n in ("HIIT class 45 min", "Yoga flow 60 min", "Small-group strength 50 min")
        ] == [12, 16, 6]
        with_hours = set(s.scalars(select(WorkingHours.trainer_id).distinct()))
        assert with_hours == set(s.scalars(select(Trainer.id)))
        assert len(with_hours) == 4
        # The hours really turn into slots for the PT session over the coming fortnight.
        now = utcnow()
        offered = availability_service.list_slots(
            s, actor=Actor.system(), service_id=pt.id, range_from=now, range_to=now + timedelta(days=14)
        )
        assert len({slot.trainer_id for slot in offered.items}) == 4


def test_seeding_again_changes_nothing(seeded: Any, factory: Factory) -> None:
    before = _row_counts(factory)
    assert "nothing changed" in _seed(seeded)
    assert _row_counts(factory) == before


def test_an_older_demo_gains_the_scheduling_setup_once(seeded: Any, factory: Factory) -> None:
    with factory.database.session() as s:  # as a demo seeded before scheduling existed
        for model in (Booking, Appointment, WorkingHours, Room, Location, Service, BookingRules):
            s.execute(delete(model))
    assert "added 2 locations and 5 services" in _seed(seeded)
    after = _row_counts(factory)
    assert (after["locations"], after["services"]) == (2, 5)
    assert "nothing changed" in _seed(seeded)
    assert _row_counts(factory) == after
    with factory.database.session() as s:
        actions = set(s.scalars(select(AuditEvent.action)))
    assert {"booking_rules.update", "location.create", "service.create", "working_hours.replace"} <= actions


def test_the_demo_has_programmes_logs_and_progress_and_seeding_twice_changes_nothing(
    seeded: Any, factory: Factory
) -> None:
    app = seeded
    with factory.database.session() as s:
        templates = {t.name: t for t in s.scalars(select(WorkoutTemplate))}
        assert {"Lower A", "Upper A", "Full body conditioning"} <= set(templates)
        assert 4 <= len(templates) <= 6
        assert all(t.owner_trainer_id is not None for t in templates.values())  # written by the demo trainers
        kinds = {b["kind"] for b in templates["Full body conditioning"].blocks}
        assert {"superset", "circuit"} <= kinds
        programs = {p.name: p for p in s.scalars(select(Program))}
        assert programs["Strength foundations"].progression == {"load_kg_per_week": 2.5}
        assert (programs["Strength foundations"].weeks, len(programs["Strength foundations"].days)) == (4, 12)

        assigned = set(s.scalars(select(ProgramAssignment.client_id)))
        assert 12 <= len(assigned) <= 16
        logs = list(s.scalars(select(WorkoutLog)))
        assert {log.client_id for log in logs} == assigned
        assert all(log.status is WorkoutStatus.COMPLETED and log.planned for log in logs)
        span = max(log.performed_on for log in logs) - min(log.performed_on for log in logs)
        assert span.days >= 7 * 7  # about eight weeks of history
        # Adherence is realistic: most, but not all, planned workouts were done.
        per_client = Counter(log.client_id for log in logs)
        assert all(10 <= n <= 24 for n in per_client.values()), per_client
        # Personal records come from the real detector and are dated on the day the set was done.
        records = list(s.scalars(select(PersonalRecord)))
        assert len(records) > 100
        sets = {row.id: row for row in s.scalars(select(SetLog))}
        assert all(r.achieved_at == sets[r.set_log_id].performed_at for r in records)
        assert any(r.previous_value is not None for r in records)  # records were broken, not only set
        assert {row.load_unit for row in sets.values()} >= {"kg", "lb"}  # canonical kg beside the unit typed
        imports = list(s.scalars(select(AuditEvent).where(AuditEvent.action == "workout_set.import")))
        assert sum(event.details["sets"] for event in imports) == len(sets)  # each workout's sets, audited once

        user = _portal(s)
        client_id = user.client_id
        assert client_id in assigned
        metrics = {m.id: m.key for m in s.scalars(select(MetricDefinition))}
        measured = Counter(
            metrics[m.metric_id] for m in s.scalars(select(Measurement).where(Measurement.client_id == client_id))
        )
        assert 16 <= measured["body_weight"] <= 26  # 2-3 a week for 8 weeks
        assert 4 <= measured["body_fat"] <= 5
        assert 4 <= measured["waist"] <= 5
        assert 8 <= measured["resting_heart_rate"] <= 9

        goals = list(s.scalars(select(Goal).where(Goal.client_id == client_id)))
        assert len(goals) >= 3
        views = {
            v.goal.title: v
            for v in goals_service.describe(s, actor=Actor.system("test"), client_id=client_id, goals=goals)
        }
        weight = views["Lose 8 kg"]
        assert (weight.goal.start_value, weight.goal.target_value) == (90.0, 82.0)
        assert 20 <= weight.progress_percent <= 90  # on the way down, not there yet
        assert [m["reached"] for m in weight.milestones()][:1] == [True]
        squat = next(v for v in views.values() if v.goal.exercise_id is not None)
        assert squat.current is not None
        assert squat.current > squat.goal.start_value

        photos = list(s.scalars(select(ProgressPhoto).where(ProgressPhoto.client_id == client_id)))
        assert len(photos) == 6
        assert Counter((p.pose, p.taken_on) for p in photos) == {
            (pose, day): 1 for pose in PhotoPose for day in {p.taken_on for p in photos}
        }
        assert len({p.taken_on for p in photos}) == 2
        storage = app.extensions["fitnesscrm"].storage
        raw = (storage.root / photos[0].storage_key).read_bytes()
        assert not raw.startswith(b"\xff\xd8")  # encrypted at rest
        with Image.open(io.BytesIO(storage.get(photos[0].storage_key))) as image:
            assert image.format == "JPEG"
            assert not image.getexif()

    # The portal client's Today view has a workout to log, and a history behind it.
    with factory.database.session() as s:
        user = _portal(s)
        today = programs_service.business_today(s)
    api = Api(app.test_client())
    assert api.login(demo.CLIENT_EMAIL, demo.DEMO_PASSWORD).status_code == 200
    plan = api.get(f"/api/v1/clients/{user.client_id}/plan")
    assert plan.status_code == 200
    upcoming = [item for item in plan.json["items"] if item["status"] == "planned"]
    assert upcoming
    assert upcoming[0]["date"] == today.isoformat()
    history = api.get(f"/api/v1/workout-logs?client_id={user.client_id}&limit=100")
    assert history.status_code == 200
    assert len(history.json["items"]) >= 10

    # Seeding again changes nothing.
    before = _row_counts(factory)
    assert before["workout_logs"] > 0
    assert before["progress_photos"] == 6
    assert "nothing changed" in _seed(app)
    assert _row_counts(factory) == before


def test_an_older_demo_gains_training_once(seeded: Any, factory: Factory) -> None:
    app = seeded
    with factory.database.session() as s:  # as a demo seeded before training existed
        for model in TRAINING_TABLES:
            s.execute(delete(model))
    assert "added 8 weeks of training and progress" in _seed(app)
    after = _row_counts(factory)
    assert after["workout_templates"] == 5
    assert after["progress_photos"] == 6
    assert "nothing changed" in _seed(app)
    assert _row_counts(factory) == after
