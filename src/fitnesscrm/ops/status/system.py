"""The admins' System page: what is running, since when, and how its dependencies and queues are doing.

Each figure is best effort: a dependency that is down makes the figures that need it ``None`` ("unknown"),
never an error, so the page is most useful exactly when something is wrong.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import structlog
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ...clients.metrics import ACTIVE_CLIENTS
from ...core.actor import Actor, Role
from ...core.db import utcnow
from ...core.policy import require_role
from ...observability import metrics, server_errors
from ...observability.collector import AppCollector
from . import service
from .metrics import LAST_BACKUP_SUCCESS
from .models import BackupReport

if TYPE_CHECKING:
    from ...web import Runtime

log = structlog.get_logger(__name__)
PROCESS_START_METRIC = "fitnesscrm_process_start_time_seconds"
_IMPORTED_AT = time.time()


def instance_started_at() -> datetime:
    """Start of this instance: the oldest process start any of its processes recorded (gunicorn workers are
    recycled, the instance is not), read from the same gauge Prometheus scrapes."""
    starts = [
        sample.value
        for family in metrics.exposition_registry().collect()
        if family.name == PROCESS_START_METRIC
        for sample in family.samples
    ]
    return datetime.fromtimestamp(min(starts, default=_IMPORTED_AT), UTC)


def no_backup(status: str) -> dict[str, Any]:
    """``not_configured`` (no run reported yet) or ``unknown`` (the database could not be read)."""
    return {"status": status, "finished_at": None, "last_success_at": None, "kind": None, "size_bytes": None}


def last_backup(session: Session, *, last_success_at: datetime | None) -> dict[str, Any]:
    """The seam the backup capability feeds: one ``backup_reports`` row per run. No row → not configured.

    ``last_success_at`` is the newest successful run's end, which the metrics collector already read."""
    newest = session.scalar(select(BackupReport).order_by(BackupReport.finished_at.desc()).limit(1))
    if newest is None:
        return no_backup("not_configured")
    return {
        "status": "succeeded" if newest.succeeded else "failed",
        "finished_at": newest.finished_at,
        # the newest run's own end when it succeeded: it may have finished after the collector's query
        "last_success_at": newest.finished_at if newest.succeeded else last_success_at,
        "kind": newest.kind,
        "size_bytes": newest.size_bytes,
    }


def _server_errors(runtime: Runtime) -> int | None:
    try:
        return server_errors.server_errors_last_hour(runtime.redis)
    except Exception as exc:
        log.warning("system.server_errors_unreadable", error=type(exc).__name__)
        return None


def system_report(
    session: Session, *, actor: Actor, runtime: Runtime, version: str, revision: str, now: datetime | None = None
) -> dict[str, Any]:
    require_role(actor, Role.ADMIN)
    now = now or utcnow()
    seen = service.probe(runtime)
    states = service.component_states(seen.signals)
    collector = AppCollector(runtime)
    figures = collector.database_figures() if seen.signals.database_ok else None
    redis_up = seen.signals.redis_ok
    depths = collector.queue_depths() if redis_up else None
    started = instance_started_at()
    if seen.signals.redis_configured:
        heartbeat_state: str = states["background_jobs"].value
    else:
        heartbeat_state = "not_configured"
    backup = no_backup("unknown")
    if figures is not None:
        try:
            backup = last_backup(session, last_success_at=figures.gauges.get(LAST_BACKUP_SUCCESS))
        except SQLAlchemyError as exc:
            session.rollback()
            log.warning("system.backups_unreadable", error=type(exc).__name__)
    oldest = figures.outbox_oldest if figures else None
    return {
        "version": version,
        "revision": revision,
        "environment": runtime.settings.env,
        "checked_at": now,
        "instance_started_at": started,
        "uptime_seconds": max(0.0, (now - started).total_seconds()),
        "readiness": seen.readiness,
        "components": service.components_out(states),
        "redis_configured": seen.signals.redis_configured,
        "server_errors_last_hour": _server_errors(runtime) if redis_up else None,
        "celery_queue_depth": sum(depths.values()) if depths is not None else None,
        "worker_heartbeat": {
            "status": heartbeat_state,
            "last_seen_at": seen.heartbeat.last_seen_at if seen.heartbeat else None,
            "age_seconds": seen.heartbeat.age_seconds if seen.heartbeat else None,
        },
        "outbox": {
            "pending_events": figures.outbox_pending if figures else None,
            "oldest_pending_age_seconds": max((now - oldest).total_seconds(), 0.0)
            if oldest
            else (0.0 if figures else None),
        },
        "active_clients": figures.gauges.get(ACTIVE_CLIENTS) if figures else None,
        "last_backup": backup,
    }
