"""Periodic jobs: reminders once per booking, series extension, idempotency-key purge; the CLI; a real worker."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import time
from datetime import timedelta
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import func, select

from fitnesscrm import jobs
from fitnesscrm.cli import main as cli
from fitnesscrm.core.db import utcnow
from fitnesscrm.core.events import DomainEvent
from fitnesscrm.core.idempotency import IdempotencyRecord
from fitnesscrm.scheduling import placement, tasks
from fitnesscrm.scheduling.models import Appointment, Booking, Series

from ..factories import Factory
from .calendar_support import SYSTEM, at, booking_of, place, studio

WORKER_WAIT_SECONDS = 60


@pytest.fixture
def bookings(factory: Factory) -> dict[str, Any]:
    """Bookings at various distances from now: due (2 h, 20 h), not yet due (30 h), past, cancelled, waitlisted."""
    s = studio(factory)
    trainer = factory.trainer()
    clients = [factory.client(trainer=trainer) for _ in range(4)]
    now = utcnow().replace(microsecond=0)

    def one(hours: float, client: int) -> Any:
        appointment = place(
            factory,
            service_id=s.pt_id,
            trainer_id=trainer.trainer_id,
            starts_at=now + timedelta(hours=hours),
            clients=(clients[client].client_id,),
        )
        return booking_of(factory, appointment, clients[client].client_id)

    ids = {"soon": one(2, 0), "tomorrow": one(20, 1), "later": one(30, 2), "past": one(-3, 3), "cancelled": one(5, 3)}
    full_class = place(
        factory,
        service_id=s.class_id,
        trainer_id=trainer.trainer_id,
        starts_at=now + timedelta(hours=8),
        clients=(clients[0].client_id,),
    )
    with factory.database.session() as session:
        placement.cancel_booking(session, SYSTEM, booking=session.get(Booking, ids["cancelled"]))
        appointment = session.get(Appointment, full_class)
        assert appointment is not None
        appointment.capacity = 1
        ids["waitlisted"] = placement.add_seat(
            session, SYSTEM, appointment=appointment, client_id=clients[1].client_id
        ).id
        ids["class_seat"] = booking_of(factory, full_class, clients[0].client_id)
    return ids


def _reminded(factory: Factory) -> dict[Any, Any]:
    with factory.database.session() as session:
        rows = session.execute(select(Booking.id, Booking.reminded_at))
        return {row.id: row.reminded_at for row in rows}


def _reminder_events(factory: Factory) -> list[str]:
    with factory.database.session() as session:
        return list(session.scalars(select(DomainEvent.subject_id).where(DomainEvent.kind == "booking.reminder_due")))


def test_reminders_are_emitted_once_for_booked_places_within_the_lead_time(factory: Factory, bookings: dict) -> None:
    with factory.database.session() as session:
        assert tasks.emit_due_reminders(session, now=utcnow(), lead_hours=24) == 3
    due = {bookings["soon"], bookings["tomorrow"], bookings["class_seat"]}
    assert sorted(_reminder_events(factory)) == sorted(str(b) for b in due)
    reminded = _reminded(factory)
    assert {b for b, at_ in reminded.items() if at_ is not None} == due
    with factory.database.session() as session:
        assert tasks.emit_due_reminders(session, now=utcnow(), lead_hours=24) == 0
        assert tasks.emit_due_reminders(session, now=utcnow(), lead_hours=48) == 1  # "later" is now due
    assert len(_reminder_events(factory)) == 4


def test_reminder_event_carries_the_appointment(factory: Factory, bookings: dict) -> None:
    with factory.database.session() as session:
        tasks.emit_due_reminders(session, now=utcnow(), lead_hours=3)
        event = session.scalar(select(DomainEvent).where(DomainEvent.kind == "booking.reminder_due"))
        booking = session.get(Booking, bookings["soon"])
        assert event is not None
        assert booking is not None
        assert event.subject_id == str(booking.id)
        assert event.client_id == booking.client_id
        assert event.payload["appointment_id"] == str(booking.appointment_id)
        assert event.payload["starts_at"] == booking.starts_at.isoformat()


def _old_key(factory: Factory) -> None:
    with factory.database.session() as session:
        session.add_all(
            [
                IdempotencyRecord(owner="u", key="old", fingerprint="f", created_at=utcnow() - timedelta(days=2)),
                IdempotencyRecord(owner="u", key="new", fingerprint="f", created_at=utcnow()),
            ]
        )


def test_run_job_runs_each_job_inline(app: Any, factory: Factory, bookings: dict) -> None:
    _old_key(factory)
    s = studio(factory)
    trainer = factory.trainer()
    from fitnesscrm.scheduling.series import service as series_service

    with factory.database.session() as session:
        series = series_service.create_series(
            session,
            actor=SYSTEM,
            horizon_days=7,
            service_id=s.class_id,
            trainer_id=trainer.trainer_id,
            starts_on=at(1, 0).date(),
            start_time=at(0, 7).time(),
            rrule="FREQ=DAILY",
        )
        series_id = series.id
    assert jobs.run_job(app, "send-reminders") == 3
    assert jobs.run_job(app, "purge-idempotency-keys") == 1
    assert jobs.run_job(app, "extend-series") > 70  # 7 days → the 90-day horizon
    assert jobs.run_job(app, "extend-series") == 0
    with factory.database.session() as session:
        assert session.scalar(select(func.count()).select_from(IdempotencyRecord)) == 1
        stored = session.get(Series, series_id)
        assert stored is not None
        assert stored.materialised_until > at(80, 0).date()
    with pytest.raises(KeyError):
        jobs.run_job(app, "no-such-job")


def _env(pg_url: str, redis_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "FITNESSCRM_ENV": "test",
        "FITNESSCRM_DATABASE_URL": pg_url,
        "FITNESSCRM_REDIS_URL": redis_url,
        "FITNESSCRM_LOG_LEVEL": "WARNING",
        "FITNESSCRM_SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
    }


def test_cli_runs_a_job_now(factory: Factory, bookings: dict, pg_url: str, redis_url: str) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["jobs", "run", "send-reminders"], env=_env(pg_url, redis_url))
    assert result.exit_code == 0, result.output
    assert "send-reminders: 3" in result.output
    unknown = runner.invoke(cli, ["jobs", "run", "nope"], env=_env(pg_url, redis_url))
    assert unknown.exit_code != 0
    assert "unknown job" in unknown.output


def test_beat_schedule_covers_every_job() -> None:
    assert {entry["task"] for entry in jobs.BEAT_SCHEDULE.values()} == set(jobs.JOBS.values())


def test_embedded_mode_runs_tasks_inline(app: Any, factory: Factory, bookings: dict, pg_url: str) -> None:
    """Without Redis the Celery app is eager: ``delay()`` runs the task in the caller."""
    # The same runtime without Redis, on a bare Flask app: a second create_app would rebind the shared
    # rate limiter to in-memory storage for every later test in this process.
    runtime = app.extensions["fitnesscrm"]
    embedded = Flask("embedded")
    embedded.extensions["fitnesscrm"] = dataclasses.replace(
        runtime, settings=runtime.settings.model_copy(update={"redis_url": None})
    )
    celery = jobs.init_celery(embedded)
    assert celery.conf.task_always_eager
    celery.tasks["scheduling.emit_reminders"].delay()
    assert len(_reminder_events(factory)) == 3


def test_a_real_worker_runs_a_task_sent_through_redis(
    app: Any, factory: Factory, bookings: dict, pg_url: str, redis_url: str
) -> None:
    """The wiring end to end: `celery -A fitnesscrm.jobs worker` consumes a task this process sends via Redis."""
    celery = jobs.init_celery(app)
    assert not celery.conf.task_always_eager
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "fitnesscrm.jobs",
            "worker",
            "--pool",
            "solo",
            "--concurrency",
            "1",
            "--loglevel",
            "WARNING",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        env=_env(pg_url, redis_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        celery.tasks["scheduling.emit_reminders"].delay()
        deadline = time.monotonic() + WORKER_WAIT_SECONDS
        while len(_reminder_events(factory)) < 3 and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.2)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode(errors="replace")
    assert len(_reminder_events(factory)) == 3, output
