"""Signals kept in Redis so every app instance sees the same value: the background-job heartbeat and a
per-minute count of server errors (5xx) across instances.

Redis is the one store all instances and workers share that is cheap to write on a hot path. Every function
here takes the Redis client; readers raise the client's errors so the caller can say "unknown" instead of 0.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import structlog

log = structlog.get_logger(__name__)

# The heartbeat job (tasks.py), scheduled by the ops domain's declaration (ops/__init__.py).
HEARTBEAT_TASK = "ops.heartbeat"
HEARTBEAT_INTERVAL_SECONDS = 60.0
# A heartbeat still queued after this long is dropped: a worker catching up on a backlog must not make old
# beats look fresh.
HEARTBEAT_EXPIRES_SECONDS = 55

HEARTBEAT_KEY = "fitnesscrm:heartbeat:jobs"
# Long enough to still show "last seen 40 minutes ago" on the System page; a missing key reads as "never".
HEARTBEAT_TTL_SECONDS = 24 * 3600

SERVER_ERRORS_PREFIX = "fitnesscrm:http_5xx:"  # + minute number (Unix time // 60)
SERVER_ERRORS_WINDOW_MINUTES = 60
SERVER_ERRORS_TTL_SECONDS = 2 * 3600
# After Redis failed once, a process stops trying for this long: a 5xx must not also wait on a dead Redis.
SERVER_ERRORS_BACKOFF_SECONDS = 30.0
_counter_paused_until = 0.0


@dataclass(frozen=True)
class Heartbeat:
    last_seen_at: datetime | None
    age_seconds: float | None  # None: no heartbeat within HEARTBEAT_TTL_SECONDS


def _redis_now(redis: Any) -> float:
    seconds, micros = redis.time()
    return float(seconds) + float(micros) / 1e6


def beat(redis: Any) -> float:
    """Record that a worker ran the beat-scheduled heartbeat now. Redis's clock, not the worker's, so the age
    a web instance computes later is free of clock skew between machines."""
    now = _redis_now(redis)
    redis.set(HEARTBEAT_KEY, repr(now), ex=HEARTBEAT_TTL_SECONDS)
    return now


def read_heartbeat(redis: Any) -> Heartbeat:
    pipe = redis.pipeline(transaction=False)
    pipe.get(HEARTBEAT_KEY)
    pipe.time()
    stored, (seconds, micros) = pipe.execute()
    if stored is None:
        return Heartbeat(last_seen_at=None, age_seconds=None)
    try:
        last = float(stored)
        last_seen_at = datetime.fromtimestamp(last, UTC)  # text or NaN: ValueError; out of range: OverflowError
    except (ValueError, OverflowError, OSError):
        # Not something beat() wrote: Redis itself answered, so this is "no heartbeat", not "Redis down".
        log.warning("status.heartbeat_corrupt", stored=repr(stored)[:80])
        return Heartbeat(last_seen_at=None, age_seconds=None)
    now = float(seconds) + float(micros) / 1e6
    return Heartbeat(last_seen_at=last_seen_at, age_seconds=max(0.0, now - last))


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
