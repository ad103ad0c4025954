"""Public component states from the app's own checks, and the incidents admins post on the status page.

States of the public components:

- Web app & API: this instance answered, so it is operational (when no instance answers, the page itself
  cannot load and the web app says so).
- Database: the readiness check (connection and migrations at head); failing → outage.
- Sign-in & rate limiting: sessions live in the database (down → outage); per-account sign-in limits live in
  Redis, and without it they fall back to each instance's memory (Redis down → degraded).
- Background jobs (only when Redis is configured; the embedded mode runs jobs inline): a beat-scheduled task
  stamps a heartbeat into Redis every minute. Older than 3 minutes → degraded, older than 10 or missing →
  outage; Redis down → outage (it is the job queue).

An unresolved incident makes the components it names at least as bad as its impact. The overall state is an
outage when the web app or the database is out, degraded when anything else is not operational.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

import structlog
from redis import RedisError
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, selectinload

from ...accounts import service as accounts_service
from ...core import audit
from ...core.actor import Actor, Role
from ...core.db import utcnow
from ...core.errors import Conflict, NotFound, ValidationFailed
from ...core.pagination import Page, paginate
from ...core.policy import require_admin_writer, require_role
from .. import service as ops_service
from . import signals
from .models import ComponentState, Impact, Incident, IncidentStatus, IncidentUpdate

audit.register_subject_labels("status_incident", audit.column_labels(Incident.id, Incident.title))

if TYPE_CHECKING:
    from ...web import Runtime

log = structlog.get_logger(__name__)
T = TypeVar("T")

STATUS_CACHE_SECONDS = 5.0
RECENT_DAYS = 14
MAX_PUBLIC_INCIDENTS = 50
HEARTBEAT_DEGRADED_AFTER_SECONDS = 180  # the heartbeat runs every 60 s: three missed beats
HEARTBEAT_OUTAGE_AFTER_SECONDS = 600
MAX_BACKDATE_DAYS = 30


@dataclass(frozen=True)
class Component:
    key: str
    name: str
    description: str


COMPONENTS = (
    Component("web", "Web app & API", "The web app and the API answering requests."),
    Component("database", "Database", "Storing and reading your data."),
    Component("sign_in", "Sign-in & rate limiting", "Signing in, and the limits that protect accounts."),
    Component("background_jobs", "Background jobs", "Reminders and other scheduled work."),
)
COMPONENT_KEYS = tuple(c.key for c in COMPONENTS)
CORE_COMPONENTS = ("web", "database")  # without these nobody can use the app
_RANK = {ComponentState.OPERATIONAL: 0, ComponentState.DEGRADED: 1, ComponentState.OUTAGE: 2}


# --- component states: pure functions of what the checks saw --------------------------------------------


@dataclass(frozen=True)
class Signals:
    database_ok: bool
    redis_configured: bool
    redis_ok: bool
    heartbeat_age_seconds: float | None  # None: no heartbeat recorded (or Redis could not be read)


def worst(*states: ComponentState) -> ComponentState:
    return max(states, key=_RANK.__getitem__)


def heartbeat_state(age_seconds: float | None) -> ComponentState:
    if age_seconds is None or age_seconds > HEARTBEAT_OUTAGE_AFTER_SECONDS:
        return ComponentState.OUTAGE
    if age_seconds > HEARTBEAT_DEGRADED_AFTER_SECONDS:
        return ComponentState.DEGRADED
    return ComponentState.OPERATIONAL


def component_states(seen: Signals) -> dict[str, ComponentState]:
    ok, down = ComponentState.OPERATIONAL, ComponentState.OUTAGE
    redis_down = seen.redis_configured and not seen.redis_ok
    states = {
        "web": ok,
        "database": ok if seen.database_ok else down,
        "sign_in": down if not seen.database_ok else ComponentState.DEGRADED if redis_down else ok,
    }
    if seen.redis_configured:
        states["background_jobs"] = down if redis_down else heartbeat_state(seen.heartbeat_age_seconds)
    return states


def apply_incidents(states: Mapping[str, ComponentState], incidents: Iterable[Incident]) -> dict[str, ComponentState]:
    result = dict(states)
    for incident in incidents:
        if incident.status is IncidentStatus.RESOLVED:
            continue
        for key in incident.components:
            if key in result:
                result[key] = worst(result[key], ComponentState(incident.impact.value))
    return result


def overall_state(states: Mapping[str, ComponentState]) -> ComponentState:
    if any(states.get(key) is ComponentState.OUTAGE for key in CORE_COMPONENTS):
        return ComponentState.OUTAGE
    if any(state is not ComponentState.OPERATIONAL for state in states.values()):
        return ComponentState.DEGRADED
    return ComponentState.OPERATIONAL


# --- probing the dependencies ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    readiness: dict[str, Any]  # ops.service.readiness(): status and per-dependency detail (operators only)
    heartbeat: signals.Heartbeat | None  # None when Redis is not configured or could not be read
    signals: Signals


def probe(runtime: Runtime) -> Probe:
    report = ops_service.readiness(runtime)
    checks = report["checks"]
    configured = runtime.redis is not None
    redis_ok = configured and bool(checks["redis"]["ok"])
    heartbeat = None
    if redis_ok:
        try:
            heartbeat = signals.read_heartbeat(runtime.redis)
        except (RedisError, OSError) as exc:  # Redis went away between the ping and this read
            log.warning("status.heartbeat_unreadable", error=type(exc).__name__)
            redis_ok = False
    seen = Signals(
        database_ok=bool(checks["database"]["ok"]),
        redis_configured=configured,
        redis_ok=redis_ok,
        heartbeat_age_seconds=heartbeat.age_seconds if heartbeat else None,
    )
    return Probe(readiness=report, heartbeat=heartbeat, signals=seen)


def components_out(states: Mapping[str, ComponentState]) -> list[dict[str, Any]]:
    return [
        {"key": c.key, "name": c.name, "description": c.description, "status": states[c.key]}
        for c in COMPONENTS
        if c.key in states
    ]


# --- the public status -----------------------------------------------------------------------------------


class StatusCache:
    """The public status of one app instance, recomputed at most every few seconds: the page is public and
    polled, so a crowd of visitors costs one set of checks per instance per interval, not one per visit.

    One thread refreshes an expired value while the others keep answering with the stale one: during an outage
    a check can block for seconds (connect timeouts), and every request probing at once would pile up behind
    them. Only the very first fill (nothing to serve yet) makes the others wait for that one computation."""

    def __init__(self, ttl_seconds: float = STATUS_CACHE_SECONDS) -> None:
        self.ttl_seconds = ttl_seconds
        self._value: Any = None
        self._expires = 0.0
        self._refreshing = False
        self._generation = 0  # bumped by clear(): a computation started before it is not cached
        self._changed = threading.Condition()

    def get(self, compute: Callable[[], T]) -> T:
        with self._changed:
            while True:
                if self._value is not None and (self._refreshing or time.monotonic() < self._expires):
                    return self._value  # fresh, or stale while another thread refreshes it
                if not self._refreshing:
                    break
                self._changed.wait()  # first fill: wait for the thread computing it
            self._refreshing = True
            generation = self._generation
        try:
            value = compute()  # outside the lock: readers of the stale value are not held up by a slow check
        except BaseException:
            with self._changed:
                self._refreshing = False
                self._changed.notify_all()  # a waiter takes over the computation
            raise
        with self._changed:
            if generation == self._generation:
                self._value, self._expires = value, time.monotonic() + self.ttl_seconds
            self._refreshing = False
            self._changed.notify_all()
        return value

    def clear(self) -> None:
        with self._changed:
            self._value, self._expires = None, 0.0
            self._generation += 1


def recent_incidents(session: Session, *, now: datetime) -> list[Incident]:
    """Unresolved incidents first, then those resolved within RECENT_DAYS; newest first; bounded."""
    cutoff = now - timedelta(days=RECENT_DAYS)
    stmt = (
        select(Incident)
        .options(selectinload(Incident.updates))
        .where(or_(Incident.resolved_at.is_(None), Incident.resolved_at >= cutoff))
        .order_by(Incident.resolved_at.is_not(None), Incident.started_at.desc(), Incident.id.desc())
        .limit(MAX_PUBLIC_INCIDENTS)
    )
    return list(session.scalars(stmt))


def public_incident(incident: Incident) -> dict[str, Any]:
    """What anyone may read: no author, no internal ids beyond the incident's own."""
    return {
        "id": incident.id,
        "title": incident.title,
        "impact": incident.impact,
        "status": incident.status,
        "components": [key for key in COMPONENT_KEYS if key in incident.components],
        "started_at": incident.started_at,
        "resolved_at": incident.resolved_at,
        "updates": [
            {"id": u.id, "status": u.status, "message": u.message, "created_at": u.created_at} for u in incident.updates
        ],
    }


def public_status(session: Session, *, runtime: Runtime, now: datetime | None = None) -> dict[str, Any]:
    """Overall state, component states and recent incidents. Never raises for a dependency that is down:
    without a database the incidents are left out (``incidents_available`` false) and the states say why."""
    now = now or utcnow()
    seen = probe(runtime).signals
    states = component_states(seen)
    incidents: list[Incident] | None = None
    if seen.database_ok:
        try:
            incidents = recent_incidents(session, now=now)
        except SQLAlchemyError as exc:  # went down after the readiness check
            session.rollback()
            log.warning("status.incidents_unavailable", error=type(exc).__name__)
            states["database"] = ComponentState.OUTAGE
            states["sign_in"] = ComponentState.OUTAGE
    if incidents:
        states = apply_incidents(states, incidents)
    return {
        "status": overall_state(states),
        "checked_at": now,
        "components": components_out(states),
        "incidents": [public_incident(incident) for incident in incidents or []],
        "incidents_available": incidents is not None,
    }


# --- incidents (admins) ----------------------------------------------------------------------------------


def _components(keys: Iterable[str]) -> list[str]:
    wanted = set(keys)
    unknown = wanted - set(COMPONENT_KEYS)
    if unknown:
        raise ValidationFailed("components", f"Unknown components: {', '.join(sorted(unknown))}.")
    if not wanted:
        raise ValidationFailed("components", "Name at least one affected component.")
    return [key for key in COMPONENT_KEYS if key in wanted]  # catalogue order, no duplicates


def _text(field: str, value: str, *, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(field, "This field is required.")
    if len(value) > max_length:
        raise ValidationFailed(field, f"At most {max_length} characters.")
    return value


def _started_at(value: datetime | None, now: datetime) -> datetime:
    if value is None:
        return now
    if value > now + timedelta(minutes=5):
        raise ValidationFailed("started_at", "An incident cannot start in the future.")
    if value < now - timedelta(days=MAX_BACKDATE_DAYS):
        raise ValidationFailed("started_at", f"At most {MAX_BACKDATE_DAYS} days in the past.")
    return value


def _author_name(session: Session, actor: Actor) -> str:
    if actor.user_id is None:
        return actor.email or "System"
    return accounts_service.get_user(session, actor=actor).full_name


def list_incidents(session: Session, *, actor: Actor, limit: int, cursor: str | None) -> Page[Incident]:
    require_role(actor, Role.ADMIN)
    stmt = select(Incident).options(selectinload(Incident.updates))
    return paginate(
        session,
        stmt,
        sort_column=Incident.started_at,
        id_column=Incident.id,
        descending=True,
        limit=limit,
        cursor=cursor,
    )


def get_incident(session: Session, *, actor: Actor, incident_id: uuid.UUID, lock: bool = False) -> Incident:
    require_role(actor, Role.ADMIN)
    # Writers lock the row: two updates posted at once get consecutive places in the timeline.
    incident = session.get(Incident, incident_id, with_for_update=lock)
    if incident is None:
        raise NotFound("No such incident.")
    return incident


def _append(
    session: Session, actor: Actor, incident: Incident, status: IncidentStatus, message: str, now: datetime
) -> IncidentUpdate:
    update = IncidentUpdate(
        id=uuid.uuid4(),
        seq=len(incident.updates) + 1,
        status=status,
        message=message,
        author_id=actor.user_id,
        author_name=_author_name(session, actor),
        created_at=now,
    )
    incident.updates.insert(0, update)  # the relationship is ordered newest first
    incident.status = status
    incident.resolved_at = max(now, incident.started_at) if status is IncidentStatus.RESOLVED else None
    incident.updated_at = now
    return update


def create_incident(
    session: Session,
    *,
    actor: Actor,
    title: str,
    impact: Impact,
    components: Iterable[str],
    message: str,
    status: IncidentStatus = IncidentStatus.INVESTIGATING,
    started_at: datetime | None = None,
) -> Incident:
    require_admin_writer(actor)
    now = utcnow()
    incident = Incident(
        id=uuid.uuid4(),
        title=_text("title", title, max_length=120),
        impact=Impact(impact),
        components=_components(components),
        status=IncidentStatus(status),
        started_at=_started_at(started_at, now),
        created_by_id=actor.user_id,
        updates=[],
    )
    _append(session, actor, incident, IncidentStatus(status), _text("message", message, max_length=2000), now)
    session.add(incident)
    session.flush()
    audit.record(
        session,
        actor,
        "status_incident.create",
        "status_incident",
        incident.id,
        {"impact": incident.impact.value, "status": incident.status.value, "components": incident.components},
    )
    return incident


def edit_incident(session: Session, *, actor: Actor, incident: Incident, **fields: Any) -> Incident:
    """Correct the title, impact, components or start of an incident; the timeline is never rewritten."""
    require_admin_writer(actor)
    now = utcnow()
    if "title" in fields:
        incident.title = _text("title", fields["title"], max_length=120)
    if fields.get("impact") is not None:
        incident.impact = Impact(fields["impact"])
    if "components" in fields:
        incident.components = _components(fields["components"] or [])
    if fields.get("started_at") is not None:
        started = _started_at(fields["started_at"], now)
        if incident.resolved_at is not None and started > incident.resolved_at:
            raise ValidationFailed("started_at", "An incident cannot start after it was resolved.")
        incident.started_at = started
    incident.updated_at = now
    audit.record(session, actor, "status_incident.edit", "status_incident", incident.id, {"fields": sorted(fields)})
    return incident


def add_update(session: Session, *, actor: Actor, incident: Incident, status: IncidentStatus, message: str) -> Incident:
    """Post the next entry of the timeline. ``resolved`` resolves the incident; any other status posted on a
    resolved incident reopens it."""
    require_admin_writer(actor)
    status = IncidentStatus(status)
    was_resolved = incident.status is IncidentStatus.RESOLVED
    if was_resolved and status is IncidentStatus.RESOLVED:
        raise Conflict("This incident is already resolved; post another status to reopen it.")
    update = _append(session, actor, incident, status, _text("message", message, max_length=2000), utcnow())
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:  # another update took this place in the timeline since the incident was read
        raise Conflict("Another update was posted to this incident at the same time; reload and try again.") from exc
    action = (
        "status_incident.resolve"
        if status is IncidentStatus.RESOLVED
        else "status_incident.reopen"
        if was_resolved
        else "status_incident.add_update"
    )
    audit.record(
        session, actor, action, "status_incident", incident.id, {"status": status.value, "update_id": str(update.id)}
    )
    return incident
