"""The default per-caller rate limit: a fixed window, counted in Redis or, without it, in this process's memory.

It is not Flask-Limiter's default limit because of cost: that one takes three Redis round trips per request
(count, then two reads for the headers). Here the count is one ``INCR`` in the same script as the auth-cache read
(``accounts.admission``), and the headers are computed from its answer. The routes with their own
limits (sign-in, password reset, the error tunnel) keep Flask-Limiter's decorators.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from limits import parse

# Blueprints outside the default limit (health checks, metrics, API docs); their modules register them.
EXEMPT_BLUEPRINTS: set[str] = set()


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """'600 per minute', '20/hour', '5 per 15 minutes' (the same notation as the other limits)."""
        item = parse(text)
        return cls(limit=item.amount, seconds=item.get_expiry())


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    limit: int
    remaining: int
    reset_in: int  # seconds until the window ends

    def headers(self) -> dict[str, str]:
        # Reset as a Unix time, as Flask-Limiter sends it on the routes with their own limits.
        headers = {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(int(time.time()) + self.reset_in),
        }
        if not self.allowed:
            headers["Retry-After"] = str(max(1, self.reset_in))
        return headers


class FixedWindow:
    """Windows aligned to the epoch: every instance counts a caller's requests in the same Redis key."""

    def __init__(self, rate: Rate, prefix: str = "fcrm:rl") -> None:
        self.rate = rate
        self.prefix = prefix
        self._memory = _MemoryCounts()

    def window(self, now: float) -> tuple[int, int]:
        """(index, seconds until it ends) of the window ``now`` falls in."""
        index = int(now // self.rate.seconds)
        return index, (index + 1) * self.rate.seconds - int(now)

    def key(self, caller: str, index: int) -> str:
        return f"{self.prefix}:{caller}:{index}"

    def verdict_from(self, count: int, now: float) -> Verdict:
        _, reset_in = self.window(now)
        return Verdict(
            allowed=count <= self.rate.limit,
            limit=self.rate.limit,
            remaining=max(0, self.rate.limit - count),
            reset_in=reset_in,
        )

    def hit_in_memory(self, caller: str, now: float) -> Verdict:
        """Redis unreachable: each instance keeps its own count (looser across instances, never absent)."""
        index, _ = self.window(now)
        return self.verdict_from(self._memory.hit(caller, index), now)


class _MemoryCounts:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._window = -1
        self._counts: dict[str, int] = {}

    def hit(self, caller: str, window: int) -> int:
        with self._lock:
            if window != self._window:  # a new window: the old counts are over
                self._window, self._counts = window, {}
            count = self._counts.get(caller, 0) + 1
            self._counts[caller] = count
            return count
