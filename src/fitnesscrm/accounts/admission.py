"""Admission of a request: the default rate limit and the auth-cache read, in one Redis round trip.

``Gate.check`` sends one pipeline: ``INCR`` (and ``EXPIRE NX``) of the caller's rate window, ``GET`` of the cached
sign-in for the credential the request carries, and ``GET`` of the cache's generation. Without Redis (the embedded
default) or while it is unreachable, the count is kept in this process's memory and the caller is read from the
database; a failure marks Redis down for a few seconds so that requests do not each wait for a dead server.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

import structlog
from redis.exceptions import RedisError

from ..core.ratelimit import FixedWindow, Rate, Verdict
from ..observability.metrics import CACHE_REQUESTS
from .cache import GENERATION_KEY, AuthCache, CachedCaller, entry_key

log = structlog.get_logger(__name__)
RETRY_REDIS_AFTER = 5.0  # seconds a failed Redis is left alone before the next attempt


# One round trip: the cached sign-in (if the request carries a credential), the cache generation, and the count.
# A cached sign-in is counted against its user (so more tokens or sessions do not buy more budget); a credential
# the cache does not know, against itself; no credential, against the address. For an unknown credential the
# address's count is read too, so that guesses from an address over its limit are refused before any SQL.
# KEYS: entry (or ""), generation, credential window, address window. ARGV: window index, expiry, "count"|"",
# user window prefix.
_ADMIT = """
local entry = false
if KEYS[1] ~= '' then entry = redis.call('GET', KEYS[1]) end
local generation = redis.call('GET', KEYS[2])
local count = -1
if ARGV[3] == 'count' then
  local key = KEYS[4]
  if KEYS[1] ~= '' then key = KEYS[3] end
  if entry then
    local ok, decoded = pcall(cjson.decode, entry)
    if ok and type(decoded) == 'table' and type(decoded['user_id']) == 'string' then
      key = ARGV[4] .. decoded['user_id'] .. ':' .. ARGV[1]
    end
  end
  count = redis.call('INCR', key)
  if count == 1 then redis.call('EXPIRE', key, ARGV[2]) end
end
local address = 0
if KEYS[1] ~= '' and not entry then address = tonumber(redis.call('GET', KEYS[4]) or '0') end
return {entry, generation, count, address}
"""


@dataclass(frozen=True)
class Admission:
    verdict: Verdict | None  # None: the endpoint is exempt from the default limit
    cached: CachedCaller | None
    generation: bytes | None  # the cache generation when the request started (for storing what it reads)
    cache_usable: bool  # Redis answered: a miss may be filled
    address_over_limit: bool = False  # an unknown credential from an address already over its limit


class Gate:
    def __init__(self, redis: Any | None, rate: Rate) -> None:
        self.redis = redis
        self.window = FixedWindow(rate)
        self.cache = AuthCache(redis) if redis is not None else None
        self._admit = redis.register_script(_ADMIT) if redis is not None else None
        self._down_until = 0.0
        self._lock = threading.Lock()

    def redis_available(self) -> bool:
        return self.redis is not None and time.monotonic() >= self._down_until

    def mark_redis_down(self, error: Exception) -> None:
        with self._lock:
            was_up = time.monotonic() >= self._down_until
            self._down_until = time.monotonic() + RETRY_REDIS_AFTER
        if was_up:
            log.warning(
                "redis.unavailable", error=type(error).__name__, fallback="memory rate limits, database sign-ins"
            )

    def check(self, *, limited: bool, token_hash: str | None, address: str) -> Admission:
        """Count the request (when ``limited``) and read the cached sign-in for ``token_hash``, in one trip."""
        now = time.time()
        credential_key, address_key = f"c:{token_hash}", f"ip:{address}"
        if self._admit is None or not self.redis_available():
            verdict = self.window.hit_in_memory(credential_key if token_hash else address_key, now) if limited else None
            return Admission(verdict, None, None, cache_usable=False)
        index, _ = self.window.window(now)
        try:
            raw, generation, count, address_count = self._admit(
                keys=[
                    entry_key(token_hash) if token_hash else "",
                    GENERATION_KEY,
                    self.window.key(credential_key, index),
                    self.window.key(address_key, index),
                ],
                args=[index, self.window.rate.seconds + 1, "count" if limited else "", f"{self.window.prefix}:u:"],
            )
        except (RedisError, OSError) as error:
            self.mark_redis_down(error)
            return self.check(limited=limited, token_hash=token_hash, address=address)
        verdict = self.window.verdict_from(int(count), now) if limited else None
        cached = CachedCaller.loads(raw) if raw else None
        if token_hash is not None:
            CACHE_REQUESTS.labels(cache="auth", result="hit" if cached else "miss").inc()
        return Admission(
            verdict,
            cached,
            generation,
            cache_usable=token_hash is not None,
            address_over_limit=cached is None and int(address_count) >= self.window.rate.limit,
        )

    def count_address(self, address: str) -> Verdict:
        """Count a request whose credential turned out unknown against its address (no fresh budget per guess)."""
        return self._count(f"ip:{address}")

    def count_user(self, user_id: uuid.UUID) -> Verdict:
        """Count a request whose sign-in was read from the database against its user, as a cached one is."""
        return self._count(f"u:{user_id}")

    def _count(self, key: str) -> Verdict:
        now = time.time()
        if self.redis is None or not self.redis_available():
            return self.window.hit_in_memory(key, now)
        index, _ = self.window.window(now)
        try:
            pipe = self.redis.pipeline(transaction=False)
            pipe.incr(self.window.key(key, index))
            pipe.expire(self.window.key(key, index), self.window.rate.seconds + 1, nx=True)
            count, _ = pipe.execute()
        except (RedisError, OSError) as error:
            self.mark_redis_down(error)
            return self.window.hit_in_memory(key, now)
        return self.window.verdict_from(int(count), now)

    def refuse_address(self, address: str) -> Verdict:
        """The verdict for an address already over its limit (nothing more is counted)."""
        now = time.time()
        return Verdict(allowed=False, limit=self.window.rate.limit, remaining=0, reset_in=self.window.window(now)[1])

    def remember(self, token_hash: str, caller: CachedCaller, admission: Admission, **lifetimes: Any) -> None:
        if self.cache is None or not admission.cache_usable:
            return
        try:
            self.cache.store(token_hash, caller, generation=admission.generation, **lifetimes)
        except (RedisError, OSError) as error:
            self.mark_redis_down(error)
