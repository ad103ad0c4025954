"""Gauges computed when Prometheus scrapes: dependency health, business and backlog figures.

One short read-only query answers every database figure and one Redis pipeline every queue depth; both have
tight timeouts. A scrape never fails because a dependency is down: that dependency's ``fitnesscrm_dependency_up``
is 0 and the figures that needed it are left out of this scrape. Anything else (a bug) fails the scrape, which
shows as the instance being down rather than as a false "database down".
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

import structlog
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from redis.exceptions import RedisError
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from .. import domains
from ..core import events
from ..core.db import utcnow
from ..core.events import DomainEvent

if TYPE_CHECKING:
    from ..web import Runtime

log = structlog.get_logger("fitnesscrm.metrics")
STATEMENT_TIMEOUT_MS = 2000
DEFAULT_QUEUES = ("celery",)
# kombu's Redis transport keeps messages with a priority in sibling lists named queue + "\x06\x16" + step.
PRIORITY_SUFFIXES = ("", "\x06\x163", "\x06\x166", "\x06\x169")


class DatabaseFigures(NamedTuple):
    outbox_pending: int
    outbox_oldest: datetime | None
    gauges: dict[str, Any]  # the domains' figures (``Domain.gauges``) by metric name


def _domain_gauges(figures: DatabaseFigures) -> Iterable[Metric]:
    for gauge in domains.gauges():
        value = figures.gauges.get(gauge.metric)
        if gauge.timestamp:
            if value is not None:  # absent until there is one (a backup reported, say)
                yield GaugeMetricFamily(gauge.metric, gauge.help, value=value.timestamp())
        else:
            yield GaugeMetricFamily(gauge.metric, gauge.help, value=float(value or 0))


class AppCollector(Collector):
    def __init__(self, runtime: Runtime, queues: Iterable[str] = DEFAULT_QUEUES) -> None:
        self.runtime = runtime
        self.queues = tuple(queues)

    def describe(self) -> Iterable[Metric]:
        return []  # computed per scrape; nothing to describe ahead

    def collect(self) -> Iterable[Metric]:
        up = GaugeMetricFamily(
            "fitnesscrm_dependency_up", "1 when the dependency answered this scrape, else 0.", labels=["dependency"]
        )
        figures = self.database_figures()
        up.add_metric(["database"], 0 if figures is None else 1)
        depths = None
        if self.runtime.redis is not None:  # the embedded mode has no Redis, and no queue
            depths = self.queue_depths()
            up.add_metric(["redis"], 0 if depths is None else 1)
        yield up
        if figures is not None:
            yield from _domain_gauges(figures)
            yield GaugeMetricFamily(
                "fitnesscrm_outbox_pending_events", "Domain events not yet delivered.", value=figures.outbox_pending
            )
            oldest = figures.outbox_oldest
            age = max((utcnow() - oldest).total_seconds(), 0.0) if oldest is not None else 0.0
            yield GaugeMetricFamily(
                "fitnesscrm_outbox_oldest_pending_age_seconds",
                "Age of the oldest undelivered domain event (0 when none).",
                value=age,
            )
        if depths is not None:
            queue = GaugeMetricFamily(
                "fitnesscrm_celery_queue_depth", "Tasks waiting in the Celery queue.", labels=["queue"]
            )
            for name, depth in depths.items():
                queue.add_metric([name], depth)
            yield queue

    def database_figures(self) -> DatabaseFigures | None:
        """The figures read from PostgreSQL in one statement, or None; the System page reads them too."""
        undelivered = DomainEvent.delivered_at.is_(None) & DomainEvent.kind.in_(sorted(events.CONSUMED_KINDS))
        gauges = domains.gauges()
        query = select(
            select(func.count()).select_from(DomainEvent).where(undelivered).scalar_subquery(),
            select(func.min(DomainEvent.occurred_at)).where(undelivered).scalar_subquery(),
            *(gauge.query() for gauge in gauges),
        )
        engine = self.runtime.database.engine
        try:
            with engine.connect() as conn:
                if engine.dialect.name == "postgresql":
                    conn.execute(text(f"SET LOCAL statement_timeout = {STATEMENT_TIMEOUT_MS}"))
                row = conn.execute(query).one()
        except (SQLAlchemyError, OSError) as exc:  # down, timed out, pool exhausted, schema missing: "not up"
            log.warning("metrics.database_unavailable", error=type(exc).__name__)
            return None
        values = {gauge.metric: value for gauge, value in zip(gauges, row[2:], strict=True)}
        return DatabaseFigures(int(row[0] or 0), row[1], values)

    def queue_depths(self) -> dict[str, int] | None:
        """Messages waiting per queue, or None when Redis cannot be read; the System page reads it too."""
        redis: Any = self.runtime.redis
        try:
            pipe = redis.pipeline(transaction=False)
            for queue in self.queues:
                for suffix in PRIORITY_SUFFIXES:
                    pipe.llen(queue + suffix)
            lengths = pipe.execute()
        except (RedisError, OSError) as exc:
            log.warning("metrics.redis_unavailable", error=type(exc).__name__)
            return None
        steps = len(PRIORITY_SUFFIXES)
        return {queue: int(sum(lengths[i * steps : (i + 1) * steps])) for i, queue in enumerate(self.queues)}
