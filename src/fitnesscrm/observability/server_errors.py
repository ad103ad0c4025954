"""A per-minute count of server errors (5xx) across every instance, kept in Redis: the admins' System page shows
the last hour's (ops/status/system.py). Redis is the one store all instances share that is cheap to write on a hot
path; readers raise the client's errors so the caller can say "unknown" instead of 0."""

from __future__ import annotations

import time
from typing import Any

import structlog

log = structlog.get_logger(__name__)

SERVER_ERRORS_PREFIX = "fitnesscrm:http_5xx:"  # + minute number (Unix time // 60)
SERVER_ERRORS_WINDOW_MINUTES = 60
SERVER_ERRORS_TTL_SECONDS = 2 * 3600
# After Redis failed once, a process stops trying for this long: a 5xx must not also wait on a dead Redis.
SERVER_ERRORS_BACKOFF_SECONDS = 30.0
_counter_paused_until = 0.0


def _minute(at: float | None = None) -> int:
    return int((time.time() if at is None else at) // 60)


def count_server_error(redis: Any | None, *, now: float | None = None) -> None:
    """Best effort, called for every 5xx response: one pipelined INCR + EXPIRE, never raises."""
    global _counter_paused_until
    if redis is None or time.monotonic() < _counter_paused_until:
        return
    key = f"{SERVER_ERRORS_PREFIX}{_minute(now)}"
    try:
        pipe = redis.pipeline(transaction=False)
        pipe.incr(key)
        pipe.expire(key, SERVER_ERRORS_TTL_SECONDS)
        pipe.execute()
    except Exception as exc:  # any client error: skip counting for a while
        _counter_paused_until = time.monotonic() + SERVER_ERRORS_BACKOFF_SECONDS
        log.warning("server_errors.count_failed", error=type(exc).__name__)


def server_errors_last_hour(redis: Any, *, now: float | None = None) -> int:
    """5xx responses of every instance in the current minute and the 59 before it."""
    current = _minute(now)
    keys = [
        f"{SERVER_ERRORS_PREFIX}{minute}" for minute in range(current - SERVER_ERRORS_WINDOW_MINUTES + 1, current + 1)
    ]
    return sum(int(value) for value in redis.mget(keys) if value is not None)
