"""Prometheus metrics of the app and its workers (names: docs/observability.md, shared with deploy/monitoring).

Counters, histograms and live gauges defined here are recorded by whichever process does the work; under
gunicorn or Celery's prefork pool prometheus-client keeps them in the multiprocess directory (see
``multiproc``) and an exposition sums every process. Without that directory (``flask run``, tests, the embedded
mode) they live in the default in-process registry. No label ever names a person: routes are URL rule templates.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import event
from sqlalchemy.orm import Session

from . import multiproc

# The multiprocess exposition has no *_created series; the in-process one matches it.
disable_created_metrics()

HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED_ROUTE = "unmatched"

HTTP_REQUESTS = Counter(
    "fitnesscrm_http_requests", "HTTP requests answered, by route template and status.", ["method", "route", "status"]
)
HTTP_DURATION = Histogram(
    "fitnesscrm_http_request_duration_seconds",
    "Time from the first request hook to the access log, by route template.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
HTTP_IN_PROGRESS = Gauge(
    "fitnesscrm_http_requests_in_progress", "Requests being handled right now.", multiprocess_mode="livesum"
)
WEB_THREADS = Gauge(
    "fitnesscrm_web_threads", "Request threads of the live gunicorn workers (gthread).", multiprocess_mode="livesum"
)
DB_QUERIES_PER_REQUEST = Histogram(
    "fitnesscrm_db_queries_per_request", "SQL statements executed per request.", buckets=(1, 2, 5, 10, 20, 50, 100)
)
DB_TIME_PER_REQUEST = Histogram(
    "fitnesscrm_db_query_duration_seconds_per_request",
    "Time spent executing SQL statements per request.",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
)
DB_POOL_CONNECTIONS = Gauge(
    "fitnesscrm_db_pool_connections",
    "Database connections held by the pools, checked out or idle.",
    ["state"],
    multiprocess_mode="livesum",
)
DB_POOL_MAX = Gauge(
    "fitnesscrm_db_pool_max_connections", "Pool size plus overflow, summed over processes.", multiprocess_mode="livesum"
)
DB_POOL_TIMEOUTS = Counter("fitnesscrm_db_pool_timeouts", "Pool checkouts that gave up waiting for a connection.")
CACHE_REQUESTS = Counter(
    "fitnesscrm_cache_requests", "Cache lookups by cache and result (hit, miss, error).", ["cache", "result"]
)
RATE_LIMITED = Counter("fitnesscrm_rate_limited", "Requests refused by a rate limit (429).", ["scope"])
LOGINS = Counter("fitnesscrm_logins", "Password sign-in attempts by outcome.", ["result"])
PASSWORD_HASH_BUSY = Counter(
    "fitnesscrm_password_hash_busy",
    "Password checks and hashes refused: the process's hashing slots and queue were full.",
)
BOOKINGS = Counter("fitnesscrm_bookings", "Places booked (directly or promoted from a waitlist), committed.", ["kind"])
NO_SHOWS = Counter("fitnesscrm_no_shows", "Bookings marked as no-show, committed.")
CELERY_TASKS = Counter("fitnesscrm_celery_tasks", "Celery task runs by outcome.", ["task", "state"])
CELERY_TASK_DURATION = Histogram(
    "fitnesscrm_celery_task_duration_seconds",
    "Celery task run time.",
    ["task"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 600),
)
PROCESS_START = Gauge(
    "fitnesscrm_process_start_time_seconds",
    "Start of the oldest process of this instance since it started (Unix time).",
    multiprocess_mode="min",
)
PROCESS_START.set(time.time())

for _state in ("checked_out", "idle"):
    DB_POOL_CONNECTIONS.labels(state=_state)
for _result in ("success", "failure"):
    LOGINS.labels(result=_result)
for _scope in ("auth", "api"):
    RATE_LIMITED.labels(scope=_scope)
for _kind in ("session", "class"):
    BOOKINGS.labels(kind=_kind)


def method_label(method: str) -> str:
    """Any token is a valid HTTP method: unknown ones share one label so nobody can mint new series."""
    return method if method in HTTP_METHODS else "other"


# The labelled series of each (method, route, status) seen: ``labels()`` validates and locks on every call, a few
# percent of a small request. Bounded like the series themselves (methods, route templates, status codes).
_REQUEST_SERIES: dict[tuple[str, str, int], tuple[Any, Any]] = {}


def observe_request(
    *, method: str, route: str, status: int, seconds: float, db_queries: int, db_seconds: float
) -> None:
    method = method_label(method)
    series = _REQUEST_SERIES.get((method, route, status))
    if series is None:
        series = _REQUEST_SERIES[(method, route, status)] = (
            HTTP_REQUESTS.labels(method=method, route=route, status=str(status)),
            HTTP_DURATION.labels(method=method, route=route),
        )
    series[0].inc()
    series[1].observe(seconds)
    DB_QUERIES_PER_REQUEST.observe(db_queries)
    DB_TIME_PER_REQUEST.observe(db_seconds)


# --- business counters: counted when the transaction that made the change commits ------------------------

_PENDING = "fitnesscrm_pending_counts"


def count_on_commit(session: Session, counter: Any) -> None:
    """Increment ``counter`` (a counter or labelled child) once ``session`` commits; a rollback forgets it."""
    session.info.setdefault(_PENDING, []).append(counter)


@event.listens_for(Session, "after_commit")
def _apply_pending_counts(session: Session) -> None:
    for counter in session.info.pop(_PENDING, ()):
        counter.inc()


@event.listens_for(Session, "after_rollback")
def _drop_pending_counts(session: Session) -> None:
    session.info.pop(_PENDING, None)


def count_booking(session: Session, *, group: bool) -> None:
    count_on_commit(session, BOOKINGS.labels(kind="class" if group else "session"))


def count_no_show(session: Session) -> None:
    count_on_commit(session, NO_SHOWS)


# --- exposition -------------------------------------------------------------------------------------------


class BuildInfoCollector(Collector):
    def __init__(self, version: str, revision: str) -> None:
        self.version, self.revision = version, revision

    def describe(self) -> Iterable[Metric]:
        return []

    def collect(self) -> Iterable[Metric]:
        info = GaugeMetricFamily(
            "fitnesscrm_build_info", "Version and source revision of the running code.", labels=["version", "revision"]
        )
        info.add_metric([self.version, self.revision], 1)
        yield info


class _Forward(Collector):
    """The default registry (our metrics and the process/GC collectors) inside an exposition registry."""

    def describe(self) -> Iterable[Metric]:
        return []

    def collect(self) -> Iterable[Metric]:
        return REGISTRY.collect()


def exposition_registry(*extra: Collector) -> CollectorRegistry:
    """What a scrape reads: every process's values (multiprocess) or this process's, plus ``extra`` collectors."""
    registry = CollectorRegistry(auto_describe=False)
    if multiproc.enabled():
        MultiProcessCollector(registry)
    else:
        registry.register(_Forward())
    for collector in extra:
        registry.register(collector)
    return registry


def render(*extra: Collector) -> tuple[bytes, str]:
    """The text exposition format 0.0.4, which every Prometheus version reads."""
    return generate_latest(exposition_registry(*extra)), CONTENT_TYPE_PLAIN_0_0_4
