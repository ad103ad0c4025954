"""Server-side aggregated series for the progress charts: one query per source, aggregated in Python.

Measurement values are encrypted at rest, so the database cannot average them: the rows of the range are
read once (O(rows)), decrypted on load, converted to the caller's units and bucketed by local date.
Training volume (kg x reps of completed sets) and workout counts are summed per day by the database and
bucketed here, which keeps the transfer at one row per training day.
"""

from __future__ import annotations

import functools
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from ..core import audit
from ..core.actor import Actor
from ..core.db import utcnow
from ..core.errors import ValidationFailed
from ..training import read as training_read
from . import units
from .goals import service as goals_service
from .metrics import service as metrics_service
from .models import Measurement, MetricDefinition, Quantity
from .policy import visible_client_id
from .units import unit_system

Bucket = Literal["day", "week", "month"]
MAX_DAYS = 3700  # ten years of daily points at most
MAX_METRICS = 20
MAX_GOALS = 50
DEFAULT_DAYS = 90


def bucket_start(day: date, bucket: Bucket) -> date:
    if bucket == "week":
        return day - timedelta(days=day.weekday())  # ISO weeks start on Monday
    if bucket == "month":
        return day.replace(day=1)
    return day


@dataclass
class _Stats:
    count: int = 0
    total: float = 0.0
    low: float = float("inf")
    high: float = float("-inf")
    last_at: datetime | None = None
    last: float = 0.0

    def add(self, value: float, at: datetime) -> None:
        self.count += 1
        self.total += value
        self.low, self.high = min(self.low, value), max(self.high, value)
        if self.last_at is None or at >= self.last_at:
            self.last_at, self.last = at, value


@dataclass(frozen=True)
class Metric:
    """What a series tells of its metric."""

    id: uuid.UUID
    key: str
    name: str
    quantity: Quantity


@dataclass
class MetricSeries:
    metric: Metric
    unit: str
    points: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ClientProgress:
    client_id: uuid.UUID
    date_from: date
    date_to: date
    bucket: Bucket
    timezone: str
    unit_system: str
    metrics: list[MetricSeries]
    volume_unit: str
    training: list[dict[str, Any]]
    goals: list[goals_service.GoalView]


def _metric_definitions(session: Session, keys: list[str] | None) -> dict[uuid.UUID, Metric] | None:
    if keys is None:
        return None
    keys = list(dict.fromkeys(k.strip() for k in keys if k.strip()))
    if len(keys) > MAX_METRICS:
        raise ValidationFailed("metrics", f"Ask for at most {MAX_METRICS} metrics at once.")
    metrics_service.ensure_builtin_metrics(session)
    found = {m.key: m for m in session.scalars(select(MetricDefinition).where(MetricDefinition.key.in_(keys)))}
    missing = [k for k in keys if k not in found]
    if missing:
        raise ValidationFailed("metrics", f"Unknown metric keys: {', '.join(missing)}.")
    return {m.id: Metric(m.id, m.key, m.name, m.quantity) for m in found.values()}


# The statements are built once, their values bound per request: building one and computing its cache key costs
# more CPU than running it.


@functools.cache
def _measurements_statement(*, chosen_metrics: bool) -> Select[Any]:
    """The range's measurements with their metric, in no particular order (the stats do not depend on it)."""
    stmt = (
        select(
            Measurement.metric_id,
            MetricDefinition.key,
            MetricDefinition.name,
            MetricDefinition.quantity,
            Measurement.measured_at,
            Measurement.value,
        )
        .join(MetricDefinition, MetricDefinition.id == Measurement.metric_id)
        .where(
            Measurement.client_id == bindparam("client_id"),
            Measurement.measured_at >= bindparam("start"),
            Measurement.measured_at < bindparam("end"),
        )
    )
    if chosen_metrics:
        stmt = stmt.where(Measurement.metric_id.in_(bindparam("metric_ids", expanding=True)))
    return stmt


def client_progress(
    session: Session,
    *,
    actor: Actor,
    client_id: uuid.UUID,
    date_from: date | None = None,
    date_to: date | None = None,
    metrics: list[str] | None = None,
    bucket: Bucket = "week",
    timezone: str = "UTC",
    known_unit_system: str | None = None,
) -> ClientProgress:
    """A constant number of statements whatever the range: the scope check, the measurements with their metrics,
    the training days, the goals (one statement), and the audit record. ``known_unit_system`` is the caller's
    unit system when already known (the request's sign-in), else it is read."""
    client_id = visible_client_id(session, actor=actor, client_id=client_id)
    try:
        zone = ZoneInfo(timezone)
    except (ValueError, KeyError, OSError):
        raise ValidationFailed("tz", "Use an IANA time zone such as Europe/London.") from None
    date_to = date_to or utcnow().astimezone(zone).date()
    date_from = date_from or date_to - timedelta(days=DEFAULT_DAYS)
    if date_from > date_to:
        raise ValidationFailed("from", "`from` must not be after `to`.")
    if (date_to - date_from).days > MAX_DAYS:
        raise ValidationFailed("from", f"Ask for at most {MAX_DAYS} days at once.")
    system = unit_system(session, actor, known_unit_system)
    wanted = _metric_definitions(session, metrics)

    # Measurements: one query over the range, with their metrics.
    start = datetime.combine(date_from, time(), tzinfo=zone)
    end = datetime.combine(date_to + timedelta(days=1), time(), tzinfo=zone)
    params: dict[str, Any] = {"client_id": client_id, "start": start, "end": end}
    if wanted is not None:
        params["metric_ids"] = list(wanted)
    stats: dict[uuid.UUID, dict[date, _Stats]] = defaultdict(lambda: defaultdict(_Stats))
    seen: dict[uuid.UUID, Metric] = {}
    for metric_id, key, name, quantity, measured_at, value in session.execute(
        _measurements_statement(chosen_metrics=wanted is not None), params
    ):
        if metric_id not in seen:
            seen[metric_id] = Metric(metric_id, key, name, quantity)
        day = bucket_start(measured_at.astimezone(zone).date(), bucket)
        stats[metric_id][day].add(float(value), measured_at)
    if wanted is None:
        wanted = seen
    series = []
    for metric in sorted(wanted.values(), key=lambda m: m.key):
        unit = units.display_unit(metric.quantity, system)
        per_unit = units.factor(metric.quantity, unit)  # canonical units in one shown unit
        points = [
            {
                "period_start": day,
                "count": s.count,
                "avg": units.shown(s.total / s.count / per_unit),
                "min": units.shown(s.low / per_unit),
                "max": units.shown(s.high / per_unit),
                "last": units.shown(s.last / per_unit),
            }
            for day, s in sorted(stats.get(metric.id, {}).items())
        ]
        series.append(MetricSeries(metric, unit, points))

    # Training: one grouped query (one row per training day), bucketed here.
    volume_unit = units.display_unit(Quantity.MASS, system)
    day_rows = session.execute(
        training_read.training_days_statement(), {"client_id": client_id, "date_from": date_from, "date_to": date_to}
    )
    training: dict[date, list[float]] = defaultdict(lambda: [0, 0, 0.0])
    for performed_on, workouts, sets, volume in day_rows:
        acc = training[bucket_start(performed_on, bucket)]
        acc[0] += workouts
        acc[1] += sets
        acc[2] += float(volume or 0.0)
    training_points = [
        {
            "period_start": day,
            "workouts": int(w),
            "sets": int(s),
            "volume": units.shown(units.from_canonical(Quantity.MASS, v, volume_unit), 1),
        }
        for day, (w, s, v) in sorted(training.items())
    ]

    views = goals_service.client_goals(session, actor=actor, client_id=client_id, system=system, limit=MAX_GOALS)
    audit.record(
        session,
        actor,
        "progress.read",
        "client",
        client_id,
        {"from": date_from.isoformat(), "to": date_to.isoformat(), "metrics": sorted(m.key for m in wanted.values())},
    )
    return ClientProgress(
        client_id, date_from, date_to, bucket, zone.key, system, series, volume_unit, training_points, views
    )
