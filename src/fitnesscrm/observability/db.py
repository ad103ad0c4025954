"""SQLAlchemy instrumentation: statements per request, and the connection pool's use.

Statement counts and time accumulate into a per-request ``QueryStats`` held in a context variable, so each
gthread worker thread (and each test request) counts only its own statements. Pool gauges are per-process
counts kept from pool events; prometheus-client sums them over the instance's processes.
"""

from __future__ import annotations

import threading
import time
import weakref
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import sqlalchemy.exc
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

from . import metrics


@dataclass
class QueryStats:
    count: int = 0
    seconds: float = 0.0


_current: ContextVar[QueryStats | None] = ContextVar("fitnesscrm_query_stats", default=None)
_START = "fitnesscrm_statement_started"


def start_counting() -> QueryStats:
    stats = QueryStats()
    _current.set(stats)
    return stats


def stop_counting() -> None:
    _current.set(None)


def _before_cursor_execute(
    conn: Any, _cursor: Any, _statement: str, _params: Any, context: Any, _executemany: bool
) -> None:
    if _current.get() is not None and context is not None:
        setattr(context, _START, time.perf_counter())


def _after_cursor_execute(
    conn: Any, _cursor: Any, _statement: str, _params: Any, context: Any, _executemany: bool
) -> None:
    stats = _current.get()
    if stats is None:
        return
    stats.count += 1
    started = getattr(context, _START, None)
    if started is not None:
        stats.seconds += time.perf_counter() - started


class _PoolUse:
    """Connections opened and checked out by every instrumented pool of this process."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.opened = 0
        self.checked_out = 0

    def change(self, *, opened: int = 0, checked_out: int = 0) -> None:
        with self.lock:
            self.opened += opened
            self.checked_out += checked_out
            metrics.DB_POOL_CONNECTIONS.labels(state="checked_out").set(max(self.checked_out, 0))
            metrics.DB_POOL_CONNECTIONS.labels(state="idle").set(max(self.opened - self.checked_out, 0))

    def reset(self) -> None:
        with self.lock:
            self.opened = self.checked_out = 0
        self.change()


pool_use = _PoolUse()
_engines: weakref.WeakSet[Engine] = weakref.WeakSet()


_counting_classes: dict[str, type[Pool]] = {}


def _timeout_counting(pool_class: type[Pool]) -> type[Pool]:
    """SQLAlchemy has no event for a checkout that timed out: a subclass of the pool's own class counts them.
    ``Pool.recreate()`` builds ``self.__class__``, so the subclass survives ``engine.dispose()``."""
    if getattr(pool_class, "counts_timeouts", False):
        return pool_class
    key = f"{pool_class.__module__}.{pool_class.__qualname__}"
    if key in _counting_classes:
        return _counting_classes[key]

    def _do_get(self: Pool) -> Any:
        try:
            return pool_class._do_get(self)
        except sqlalchemy.exc.TimeoutError:
            metrics.DB_POOL_TIMEOUTS.inc()
            raise

    counting = type(
        f"TimeoutCounting{pool_class.__name__}", (pool_class,), {"_do_get": _do_get, "counts_timeouts": True}
    )
    _counting_classes[key] = counting
    return counting


def instrument_engine(engine: Engine) -> None:
    """Count statements and pool use on ``engine``; calling it twice for one engine does nothing more."""
    if engine in _engines:
        return
    _engines.add(engine)
    event.listen(engine, "before_cursor_execute", _before_cursor_execute)
    event.listen(engine, "after_cursor_execute", _after_cursor_execute)
    event.listen(engine, "connect", lambda *_: pool_use.change(opened=1))
    event.listen(engine, "close", lambda *_: pool_use.change(opened=-1))
    event.listen(engine, "checkout", lambda *_: pool_use.change(checked_out=1))
    event.listen(engine, "checkin", lambda *_: pool_use.change(checked_out=-1))
    # A detached connection leaves the pool for good (its fairy is never checked back in).
    event.listen(engine, "detach", lambda *_: pool_use.change(opened=-1, checked_out=-1))
    if _capacity(engine.pool) is not None:
        engine.pool.__class__ = _timeout_counting(type(engine.pool))
    _publish_capacity()


def _capacity(pool: Pool) -> int | None:
    """Pool size plus overflow of a QueuePool; None for pools without a fixed maximum (SQLite's, NullPool)."""
    size = getattr(pool, "size", None)
    if not callable(size):
        return None
    return int(size()) + max(int(getattr(pool, "_max_overflow", 0)), 0)


def _publish_capacity() -> None:
    metrics.DB_POOL_MAX.set(sum(_capacity(engine.pool) or 0 for engine in list(_engines)))


def reset_after_fork() -> None:
    """In a forked child (Celery prefork): drop the parent's connections without closing them (they belong to
    the parent), and start this process's pool figures from zero."""
    for engine in list(_engines):
        engine.dispose(close=False)
    pool_use.reset()
    _publish_capacity()
