"""Celery bound to the Flask app: background jobs and the beat schedule.

Production runs workers and exactly one beat against Redis::

    celery -A fitnesscrm.jobs worker --loglevel INFO
    celery -A fitnesscrm.jobs beat --loglevel INFO

Both build the app from ``FITNESSCRM_*`` settings. Without ``FITNESSCRM_REDIS_URL`` (the embedded mode) tasks
run eagerly, inline in the caller, so ``celery -A fitnesscrm.jobs beat`` alone runs the schedule in-process.
``fitnesscrm jobs run <name>`` runs one job now, whatever the broker.
"""

from __future__ import annotations

import sys
from typing import Any

from celery import Celery, Task, shared_task
from celery.schedules import crontab
from flask import Flask

from . import __version__
from .ops.status.tasks import HEARTBEAT_EXPIRES_SECONDS, HEARTBEAT_INTERVAL_SECONDS, HEARTBEAT_TASK

# Job name (CLI and beat entry) → Celery task name.
JOBS = {
    "extend-series": "scheduling.extend_series",
    "send-reminders": "scheduling.emit_reminders",
    "purge-idempotency-keys": "core.purge_idempotency_keys",
    "heartbeat": HEARTBEAT_TASK,
}
BEAT_SCHEDULE = {
    "extend-series": {"task": JOBS["extend-series"], "schedule": crontab(hour=2, minute=30)},
    "send-reminders": {"task": JOBS["send-reminders"], "schedule": crontab(minute="*/15")},
    "purge-idempotency-keys": {"task": JOBS["purge-idempotency-keys"], "schedule": crontab(hour=3, minute=15)},
    # The status page reads its age (ops/status/tasks.py). A beat left queued is dropped.
    "heartbeat": {
        "task": JOBS["heartbeat"],
        "schedule": HEARTBEAT_INTERVAL_SECONDS,
        "options": {"expires": HEARTBEAT_EXPIRES_SECONDS},
    },
}
TASK_TIME_LIMIT_SECONDS = 600  # every task has a timeout


def init_celery(app: Flask) -> Celery:
    """Create the Celery app for ``app``: every task runs inside its app context (database, settings)."""
    settings = app.extensions["fitnesscrm"].settings

    class FlaskTask(Task):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.import_name, task_cls=FlaskTask)
    celery.conf.update(
        broker_url=settings.redis_url or "memory://",
        task_always_eager=not settings.redis_url,
        task_eager_propagates=True,
        task_ignore_result=True,
        task_time_limit=TASK_TIME_LIMIT_SECONDS,
        task_soft_time_limit=TASK_TIME_LIMIT_SECONDS - 30,
        task_acks_late=True,  # a worker killed mid-task leaves it for another (the jobs are idempotent)
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        timezone="UTC",
        enable_utc=True,
        beat_schedule=BEAT_SCHEDULE,
        worker_redirect_stdouts=False,  # our log handler writes JSON lines to stdout itself
    )
    from .observability.celery import instrument
    from .ops.status import tasks as status_tasks  # noqa: F401 - registers the heartbeat task
    from .scheduling import tasks  # noqa: F401 - registers the scheduling tasks

    instrument(settings, version=__version__)  # JSON logs and task metrics in workers (observability/celery.py)

    celery.set_default()
    app.extensions["celery"] = celery
    return celery


@shared_task(name="core.purge_idempotency_keys")
def purge_idempotency_keys() -> int:
    from . import web
    from .core import idempotency

    with web.runtime().database.session() as session:
        return idempotency.purge_expired(session)


def run_job(app: Flask, name: str) -> Any:
    """Run one job now, inline, in ``app``'s context; returns what the job returns (usually a count)."""
    if name not in JOBS:
        raise KeyError(name)
    celery = app.extensions.get("celery") or init_celery(app)
    return celery.tasks[JOBS[name]]()


def __getattr__(name: str) -> Any:
    """``celery -A fitnesscrm.jobs`` finds the Celery app here; it is built on first use, not at import."""
    if name != "celery":
        raise AttributeError(name)
    from .observability import multiproc

    multiproc.prepare_for_celery(sys.argv)  # before the app (and prometheus_client) is imported
    from .app import create_app

    globals()["celery"] = instance = init_celery(create_app())
    return instance
