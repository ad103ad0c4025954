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

from . import __version__, domains

# The core's own job; every other comes from a domain's declaration (``Domain.jobs``).
CORE_JOBS = (domains.Job("purge-idempotency-keys", "core.purge_idempotency_keys", cron={"hour": 3, "minute": 15}),)


def scheduled_jobs() -> tuple[domains.Job, ...]:
    return CORE_JOBS + tuple(job for domain in domains.installed() for job in domain.jobs)


# Job name (CLI and beat entry) → Celery task name.
JOBS = {job.name: job.task for job in scheduled_jobs()}


def _beat_entry(job: domains.Job) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "task": job.task,
        "schedule": crontab(**job.cron) if job.cron is not None else job.every_seconds,
    }
    if job.expires_seconds is not None:
        entry["options"] = {"expires": job.expires_seconds}
    return entry


BEAT_SCHEDULE = {job.name: _beat_entry(job) for job in scheduled_jobs()}
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

    for domain in domains.installed():
        for module in domain.tasks:
            domain.load(module)  # registers the domain's tasks

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
