"""Metric definitions. Built-ins are seeded idempotently; custom metrics are managed by admins."""

from __future__ import annotations

import re
import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...core import audit
from ...core.actor import Actor
from ...core.db import utcnow
from ...core.errors import Conflict, NotFound, ValidationFailed
from ...core.pagination import Page, paginate
from ...core.policy import require_admin_writer, require_authenticated
from ..models import MetricDefinition, Quantity

audit.register_subject_labels("metric", audit.column_labels(MetricDefinition.id, MetricDefinition.name))

# key → (name, quantity). Keys are stable: measurements, goals and the API refer to them.
BUILTIN_METRICS: dict[str, tuple[str, Quantity]] = {
    "body_weight": ("Body weight", Quantity.MASS),
    "body_fat": ("Body fat", Quantity.PERCENT),
    "waist": ("Waist", Quantity.LENGTH),
    "hips": ("Hips", Quantity.LENGTH),
    "chest": ("Chest", Quantity.LENGTH),
    "arm": ("Arm", Quantity.LENGTH),
    "thigh": ("Thigh", Quantity.LENGTH),
    "resting_heart_rate": ("Resting heart rate", Quantity.HEART_RATE),
}
CUSTOM_PREFIX = "custom_"
UUID_RE = re.compile(r"^[0-9a-fA-F-]{32,36}$")


def sync_builtin_metrics(session: Session) -> int:
    """Create the missing built-in metrics (and fix renamed ones); returns how many were added. Idempotent."""
    existing = {
        m.key: m for m in session.scalars(select(MetricDefinition).where(MetricDefinition.key.in_(BUILTIN_METRICS)))
    }
    added = 0
    for key, (name, quantity) in BUILTIN_METRICS.items():
        metric = existing.get(key)
        if metric is None:
            session.add(MetricDefinition(key=key, name=name, quantity=quantity, is_builtin=True))
            added += 1
        elif metric.name != name or not metric.is_builtin:
            metric.name, metric.is_builtin = name, True
    if added:
        try:
            with session.begin_nested():
                session.flush()
        except IntegrityError:  # another request seeded them at the same moment
            pass
    return added


def ensure_builtin_metrics(session: Session) -> None:
    # Lazily on first use, so a fresh install needs no seed step; one cheap query once they exist.
    if session.scalar(select(MetricDefinition.id).where(MetricDefinition.is_builtin.is_(True)).limit(1)) is None:
        sync_builtin_metrics(session)


def list_metrics(
    session: Session, *, actor: Actor, include_archived: bool = False, limit: int = 100, cursor: str | None = None
) -> Page[MetricDefinition]:
    require_authenticated(actor)
    ensure_builtin_metrics(session)
    stmt = select(MetricDefinition)
    if not include_archived:
        stmt = stmt.where(MetricDefinition.archived_at.is_(None))
    return paginate(
        session,
        stmt,
        sort_column=MetricDefinition.key,
        id_column=MetricDefinition.id,
        descending=False,
        limit=limit,
        cursor=cursor,
    )


def get_metric(session: Session, *, actor: Actor, metric_id: uuid.UUID) -> MetricDefinition:
    require_authenticated(actor)
    metric = session.get(MetricDefinition, metric_id)
    if metric is None:
        raise NotFound("No such metric.")
    return metric


def resolve_metric(
    session: Session, *, ref: str | uuid.UUID, field: str = "metric", allow_archived: bool = False
) -> MetricDefinition:
    """A metric by id or key (``body_weight``); unknown → 422 on the given field."""
    ensure_builtin_metrics(session)
    if isinstance(ref, uuid.UUID) or UUID_RE.match(ref):
        try:
            metric = session.get(MetricDefinition, ref if isinstance(ref, uuid.UUID) else uuid.UUID(ref))
        except ValueError:
            metric = None
    else:
        metric = session.scalar(select(MetricDefinition).where(MetricDefinition.key == ref))
    if metric is None:
        raise ValidationFailed(field, "Unknown metric: use a key from GET /api/v1/metrics.")
    if metric.archived_at is not None and not allow_archived:
        raise ValidationFailed(field, "This metric is archived.")
    return metric


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.casefold()).strip("_")[:40]


def create_metric(
    session: Session, *, actor: Actor, name: str, quantity: Quantity, key: str | None = None
) -> MetricDefinition:
    require_admin_writer(actor)
    name = " ".join(name.split())
    if not name:
        raise ValidationFailed("name", "This field is required.")
    slug = _slug(key.removeprefix(CUSTOM_PREFIX) if key else name)
    if not slug:
        raise ValidationFailed("key" if key else "name", "Use letters or digits.")
    metric = MetricDefinition(key=CUSTOM_PREFIX + slug, name=name, quantity=Quantity(quantity), is_builtin=False)
    session.add(metric)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        raise Conflict(f"A metric with the key {metric.key} already exists.") from exc
    audit.record(session, actor, "metric.create", "metric", metric.id, {"key": metric.key})
    return metric


def _custom(metric: MetricDefinition) -> MetricDefinition:
    if metric.is_builtin:
        raise Conflict("Built-in metrics cannot be changed.")
    return metric


def update_metric(session: Session, *, actor: Actor, metric: MetricDefinition, name: str) -> MetricDefinition:
    require_admin_writer(actor)
    _custom(metric)
    name = " ".join(name.split())
    if not name:
        raise ValidationFailed("name", "This field is required.")
    # The key and the quantity stay: stored measurements were converted for this quantity.
    metric.name = name
    metric.updated_at = utcnow()
    audit.record(session, actor, "metric.update", "metric", metric.id, {"fields": ["name"]})
    return metric


def set_archived(session: Session, *, actor: Actor, metric: MetricDefinition, archived: bool) -> MetricDefinition:
    """Archived metrics keep their measurements and charts but accept no new values."""
    require_admin_writer(actor)
    _custom(metric)
    if archived != (metric.archived_at is not None):
        metric.archived_at = utcnow() if archived else None
        metric.updated_at = utcnow()
        audit.record(session, actor, "metric.archive" if archived else "metric.restore", "metric", metric.id)
    return metric
