"""Admission of a request: the default rate limit and the auth-cache read, in one Redis round trip.

``Gate.check`` sends one pipeline: ``INCR`` (and ``EXPIRE NX``) of the caller's rate window, ``GET`` of the cached
sign-in for the credential the request carries, and ``GET`` of the cache's generation. Without Redis (the embedded
default) or while it is unreachable, the count is kept in this process's memory and the caller is read from the
database; a failure marks Redis down for a few seconds so that requests do not each wait for a dead server.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

import structlog
from redis.exceptions import RedisError

from ..core.ratelimit import FixedWindow, Rate, Verdict
from ..observability.metrics import CACHE_REQUESTS
from .cache import GENERATION_KEY, AuthCache, CachedCaller, entry_key

log = structlog.get_logger(__name__)
RETRY_REDIS_AFTER = 5.0  # seconds a failed Redis is left alone before the next attempt


@dataclass(frozen=True)
class Admission:
    verdict: Verdict | None  # None: the endpoint is exempt from the default limit
    cached: CachedCaller | None
    generation: bytes | None  # the cache generation when the request started (for storing what it reads)
    cache_usable: bool  # Redis answered: a miss may be filled


class Gate:
    def __init__(self, redis: Any | None, rate: Rate) -> None:
        self.redis = redis
        self.window = FixedWindow(rate)
        self.cache = AuthCache(redis) if redis is not None else None
        self._down_until = 0.0
        self._lock = threading.Lock()

    def redis_available(self) -> bool:
        return self.redis is not None and time.monotonic() >= self._down_until

    def mark_redis_down(self, error: Exception) -> None:
        with self._lock:
            was_up = time.monotonic() >= self._down_until
            self._down_until = time.monotonic() + RETRY_REDIS_AFTER
        if was_up:
            log.warning("redis.unavailable", error=type(error).__name__,
                        fallback="memory rate limits, database sign-ins")

    def check(self, *, limit_key: str | None, token_hash: str | None) -> Admission:
        now = time.time()
        if self.redis is None or not self.redis_available() or (limit_key is None and token_hash is None):
            return self._without_redis(limit_key, token_hash, now)
        pipe = self.redis.pipeline(transaction=False)
        if limit_key is not None:
            self.window.queue(pipe, limit_key, now)
        if token_hash is not None:
            pipe.get(entry_key(token_hash))
            pipe.get(GENERATION_KEY)
        try:
            answers = pipe.execute()
        except (RedisError, OSError) as error:
            self.mark_redis_down(error)
            return self._without_redis(limit_key, token_hash, now)
        verdict = None
        if limit_key is not None:
            verdict = self.window.verdict_from(int(answers[0]), now)
            answers = answers[2:]
        cached = generation = None
        if token_hash is not None:
            raw, generation = answers
            cached = CachedCaller.loads(raw) if raw is not None else None
            CACHE_REQUESTS.labels(cache="auth", result="hit" if cached else "miss").inc()
        return Admission(verdict, cached, generation, cache_usable=token_hash is not None)

    def _without_redis(self, limit_key: str | None, token_hash: str | None, now: float) -> Admission:
        verdict = self.window.hit_in_memory(limit_key, now) if limit_key is not None else None
        return Admission(verdict, None, None, cache_usable=False)

    def count_only(self, limit_key: str) -> Verdict:
        """A second count, against another key (the address behind a credential that turned out invalid)."""
        return self.check(limit_key=limit_key, token_hash=None).verdict  # type: ignore[return-value]

    def remember(self, token_hash: str, caller: CachedCaller, admission: Admission, **lifetimes: Any) -> None:
        if self.cache is None or not admission.cache_usable:
            return
        try:
            self.cache.store(token_hash, caller, generation=admission.generation, **lifetimes)
        except (RedisError, OSError) as error:
            self.mark_redis_down(error)
