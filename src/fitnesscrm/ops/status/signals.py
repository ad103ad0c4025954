"""The background-job heartbeat, kept in Redis so every app instance sees the same value (the per-minute count
of server errors beside it lives in observability/server_errors.py).

Redis is the one store all instances and workers share that is cheap to write on a hot path. Every function
here takes the Redis client; readers raise the client's errors so the caller can say "unknown" instead of 0.
"""

from __future__ import annotations

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
