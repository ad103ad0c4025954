"""Helpers shared by the status-page, System-page and heartbeat tests."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fitnesscrm.app import create_app
from fitnesscrm.core.actor import Actor
from fitnesscrm.core.db import Database
from fitnesscrm.extensions import limiter
from fitnesscrm.ops.status import service, signals
from fitnesscrm.ops.status.api import STATUS_CACHE
from fitnesscrm.ops.status.models import Impact, IncidentStatus

from ..conftest import make_settings

SYSTEM = Actor.system("status-tests")
DEAD_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:1/nowhere"  # nothing listens on port 1
DEAD_REDIS_URL = "redis://127.0.0.1:1/0"


def forget_cached_status(app: Any) -> None:
    """The public status is cached per app for a few seconds; tests that change the world read it afresh."""
    app.extensions.pop(STATUS_CACHE, None)


@contextmanager
def app_with(database_url: str, redis_url: str | None, mailer: Any, **settings: Any) -> Iterator[Any]:
    """A second app (e.g. with one dependency down). Creating it rebinds the process-wide rate limiter to its
    storage: put the limiter back afterwards so later tests keep the session app's Redis-backed limits."""
    saved = dict(limiter.__dict__)
    try:
        yield create_app(make_settings(database_url, redis_url, **settings), mailer=mailer)
    finally:
        limiter.__dict__.clear()
        limiter.__dict__.update(saved)


def add_incident(
    database: Database,
    *,
    title: str = "Reminders are delayed",
    impact: Impact = Impact.DEGRADED,
    components: tuple[str, ...] = ("background_jobs",),
    status: IncidentStatus = IncidentStatus.INVESTIGATING,
    message: str = "We are looking into delayed reminder e-mails.",
    **fields: Any,
) -> uuid.UUID:
    with database.session() as session:
        incident = service.create_incident(
            session,
            actor=SYSTEM,
            title=title,
            impact=impact,
            components=components,
            status=status,
            message=message,
            **fields,
        )
        return incident.id


def redis_clock(redis: Any) -> float:
    seconds, micros = redis.time()
    return float(seconds) + float(micros) / 1e6


def stamp_heartbeat(redis: Any, *, seconds_ago: float) -> None:
    redis.set(signals.HEARTBEAT_KEY, repr(redis_clock(redis) - seconds_ago))
