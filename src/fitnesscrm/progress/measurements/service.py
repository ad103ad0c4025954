"""Measurements: values converted to the metric's canonical unit and encrypted; every read is audited."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...core import audit
from ...core.actor import Actor
from ...core.db import utcnow
from ...core.errors import NotFound, ValidationFailed
from ...core.pagination import Page, paginate
from .. import units
from ..metrics import service as metrics_service
from ..models import Measurement, MetricDefinition
from ..policy import visible_client, writable_client
from ..units import unit_system

FUTURE_SLACK = timedelta(hours=24)  # a phone a time zone ahead is fine; next week is a typo


@dataclass(frozen=True)
class MeasurementView:
    measurement: Measurement
    metric: MetricDefinition
    value: float  # in `unit`, the actor's preferred unit
    unit: str
    canonical_value: float


def describe(
    session: Session, *, actor: Actor, rows: list[Measurement], metrics: dict[uuid.UUID, MetricDefinition] | None = None
) -> list[MeasurementView]:
    system = unit_system(session, actor)
    if metrics is None:
        ids = {m.metric_id for m in rows}
        metrics = {m.id: m for m in session.scalars(select(MetricDefinition).where(MetricDefinition.id.in_(ids)))}
    views = []
    for row in rows:
        metric = metrics[row.metric_id]
        canonical = float(row.value)
        unit = units.display_unit(metric.quantity, system)
        views.append(
            MeasurementView(
                row, metric, units.shown(units.from_canonical(metric.quantity, canonical, unit)), unit, canonical
            )
        )
    return views


def create_measurement(
    session: Session,
    *,
    actor: Actor,
    client_id: uuid.UUID,
    value: float,
    metric_id: uuid.UUID | None = None,
    metric: str | None = None,
    unit: str | None = None,
    measured_at: datetime | None = None,
    notes: str | None = None,
) -> Measurement:
    client = writable_client(session, actor=actor, client_id=client_id)
    if (metric_id is None) == (metric is None):
        raise ValidationFailed("metric_id", "Send either metric_id or metric (a key such as body_weight).")
    definition = metrics_service.resolve_metric(
        session, ref=metric_id or metric or "", field="metric_id" if metric_id else "metric"
    )
    unit = unit or units.display_unit(definition.quantity, unit_system(session, actor))
    canonical = units.to_canonical(definition.quantity, value, unit)
    now = utcnow()
    measured_at = measured_at or now
    if measured_at.tzinfo is None:
        raise ValidationFailed("measured_at", "Send the time with its UTC offset (RFC 3339).")
    if measured_at > now + FUTURE_SLACK:
        raise ValidationFailed("measured_at", "The measurement cannot be in the future.")
    row = Measurement(
        client_id=client.id,
        metric_id=definition.id,
        measured_at=measured_at,
        value=units.encode(canonical),
        entered_value=units.encode(value),
        entered_unit=unit,
        notes=(notes or "").strip() or None,
        recorded_by_id=actor.user_id,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "measurement.create",
        "client",
        client.id,
        {"measurement_id": str(row.id), "metric": definition.key},
    )
    from ..goals import service as goals_service  # goals read measurements: import here to avoid a cycle

    goals_service.refresh_status(session, actor=actor, client_id=client.id, metric_id=definition.id)
    return row


def list_measurements(
    session: Session,
    *,
    actor: Actor,
    client_id: uuid.UUID,
    metric: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int = 25,
    cursor: str | None = None,
) -> tuple[Page[Measurement], dict[uuid.UUID, MetricDefinition]]:
    client = visible_client(session, actor=actor, client_id=client_id)
    stmt = select(Measurement).where(Measurement.client_id == client.id)
    metrics: dict[uuid.UUID, MetricDefinition] | None = None
    if metric:
        definition = metrics_service.resolve_metric(session, ref=metric, field="metric", allow_archived=True)
        stmt = stmt.where(Measurement.metric_id == definition.id)
        metrics = {definition.id: definition}
    if date_from and date_to and date_from > date_to:
        raise ValidationFailed("from", "`from` must not be after `to`.")
    if date_from:
        stmt = stmt.where(Measurement.measured_at >= datetime.combine(date_from, time(), tzinfo=UTC))
    if date_to:
        stmt = stmt.where(Measurement.measured_at < datetime.combine(date_to + timedelta(days=1), time(), tzinfo=UTC))
    page = paginate(
        session,
        stmt,
        sort_column=Measurement.measured_at,
        id_column=Measurement.id,
        descending=True,
        limit=limit,
        cursor=cursor,
    )
    if metrics is None:
        ids = {m.metric_id for m in page.items}
        metrics = {m.id: m for m in session.scalars(select(MetricDefinition).where(MetricDefinition.id.in_(ids)))}
    audit.record(session, actor, "measurement.read", "client", client.id, {"count": len(page.items)})
    return page, metrics


def delete_measurement(session: Session, *, actor: Actor, measurement_id: uuid.UUID) -> None:
    row = session.get(Measurement, measurement_id)
    if row is None:
        raise NotFound("No such measurement.")
    try:
        writable_client(session, actor=actor, client_id=row.client_id)
    except NotFound:
        raise NotFound("No such measurement.") from None
    session.delete(row)
    audit.record(session, actor, "measurement.delete", "client", row.client_id, {"measurement_id": str(row.id)})
