"""Readiness checks and the audit trail listing."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

import structlog
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from .. import lifecycle
from ..accounts import service as accounts_service
from ..core import audit
from ..core.actor import Actor, Role
from ..core.audit import AuditEvent
from ..core.pagination import Page, paginate
from ..core.policy import require_role
from ..migrations import alembic_config

if TYPE_CHECKING:
    from ..web import Runtime

log = structlog.get_logger(__name__)
AUDIT_EVENT_FIELDS = (
    "id",
    "occurred_at",
    "actor_id",
    "actor_email",
    "action",
    "object_type",
    "object_id",
    "ip",
    "request_id",
)


@lru_cache(maxsize=1)
def _script_heads() -> frozenset[str]:
    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


def _check_database(runtime: Runtime) -> tuple[bool, str]:
    try:
        with runtime.database.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            current = set(MigrationContext.configure(conn).get_current_heads())
        heads = _script_heads()
    except SQLAlchemyError as exc:
        return False, f"database unreachable: {type(exc).__name__}"
    if current != heads:
        return False, "migrations not at head; run `fitnesscrm db upgrade`"
    return True, "connected, migrations at head"


def _check_redis(runtime: Runtime) -> tuple[bool, str]:
    if runtime.redis is None:
        return True, "not configured (embedded mode: in-process limits)"
    try:
        runtime.redis.ping()
    except Exception as exc:  # any client error means "not ready"
        return False, f"redis unreachable: {type(exc).__name__}"
    return True, "connected"


def readiness(runtime: Runtime) -> dict[str, Any]:
    """`unavailable` (→ 503) when requests cannot be served: no database, or the process is draining.
    Redis only holds rate-limit counters and the job queue, so without it the API still serves (limits fall back
    to per-process memory): `degraded`, still ready, so an orchestrator does not pull every instance at once."""
    checks = {name: check(runtime) for name, check in (("database", _check_database), ("redis", _check_redis))}
    for name, (ok, detail) in checks.items():
        if not ok:  # probes run every few seconds, so an outage shows in the logs while it lasts
            log.warning("dependency.down", dependency=name, detail=detail)
    checks["shutdown"] = (
        (False, "draining: finishing in-flight requests") if lifecycle.draining() else (True, "serving")
    )
    if not (checks["database"][0] and checks["shutdown"][0]):
        status = "unavailable"
    else:
        status = "ok" if checks["redis"][0] else "degraded"
    return {
        "status": status,
        "checks": {name: {"ok": result, "detail": detail} for name, (result, detail) in checks.items()},
    }


def list_audit_events(session: Session, *, actor: Actor, limit: int, cursor: str | None) -> Page[AuditEvent]:
    require_role(actor, Role.ADMIN)
    return paginate(
        session,
        select(AuditEvent),
        sort_column=AuditEvent.seq,
        id_column=AuditEvent.seq,
        descending=True,
        limit=limit,
        cursor=cursor,
    )


def describe_audit_events(session: Session, events: list[AuditEvent]) -> list[dict[str, Any]]:
    """The events with who did it and what it was about named as they are now: one query for the people and one
    per kind of object on the page, whatever its length. Events keep their ids (the chain is over ids)."""
    people = accounts_service.names_and_roles(session, (e.actor_id for e in events if e.actor_id is not None))
    subjects = audit.subject_labels(session, ((e.object_type, e.object_id) for e in events))
    described = []
    for event in events:
        name, role = people.get(event.actor_id, (None, None)) if event.actor_id else (None, None)
        described.append(
            {
                **{column: getattr(event, column) for column in AUDIT_EVENT_FIELDS},
                "actor_name": name,
                "actor_role": role,
                "subject_label": subjects.get((event.object_type, event.object_id or "")),
            }
        )
    return described
