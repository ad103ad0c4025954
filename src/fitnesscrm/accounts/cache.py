"""The authentication cache: who a session cookie or API token belongs to, kept in Redis for a minute at most.

Why: resolving the caller was two SQL statements on every request (the session or token row with its user, and
the commit), the largest fixed cost of an API request after the rate limit. A hit costs nothing extra: the read
travels in the rate limit's Redis round trip (``accounts.admission``).

Never a stale permission:

- an entry lives until the next time its session or token must be touched (``TOUCH_INTERVAL``, 60 s) and never
  past its expiry, so idle and absolute expiry stay exact and the "last seen" write keeps its rhythm;
- every change that can alter a caller's rights removes the user's entries once it commits: any ORM change to a
  ``User``, a session or token revoked or deleted (tracked by the session events below), and the bulk updates
  that bypass the ORM (``forget_user_after_commit``, called by ``accounts.service``);
- a request that missed the cache stores what it read from the database only if no invalidation happened since
  it started (a global generation number read in the same round trip), so a revocation committed while it was
  reading cannot be overwritten by the older answer.

If Redis is unreachable when an invalidation runs, the entry it could not delete expires within the minute: the
bound on staleness in that failure, and the reason the lifetime is short.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import structlog
from sqlalchemy import event, inspect
from sqlalchemy.orm import InstanceState, Session, sessionmaker

from ..core.actor import Actor, Role
from ..observability.metrics import CACHE_REQUESTS
from .models import ApiToken, LoginSession, User

if TYPE_CHECKING:
    from .admission import Gate

log = structlog.get_logger(__name__)
# Versioned: instances of two releases share Redis during a rolling release; a new entry format takes a new prefix.
PREFIX = "fcrm:auth:v2"
GENERATION_KEY = f"{PREFIX}:generation"
_CHANGED = "fitnesscrm.auth_changed_users"

# Store only if no invalidation happened since the request read the generation (ARGV[1], "" when there was none).
_STORE = """
local current = redis.call('GET', KEYS[1]) or ''
if current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
redis.call('SADD', KEYS[3], KEYS[2])
redis.call('EXPIRE', KEYS[3], ARGV[4])
return 1
"""
# Bump the generation, then delete every entry of each user (KEYS[2..] are the users' index sets).
_FORGET = """
redis.call('INCR', KEYS[1])
for i = 2, #KEYS do
  local entries = redis.call('SMEMBERS', KEYS[i])
  for _, key in ipairs(entries) do redis.call('DEL', key) end
  redis.call('DEL', KEYS[i])
end
return #KEYS - 1
"""


@dataclass(frozen=True)
class CachedCaller:
    """A live sign-in session or API token and the user it acts for: what a request needs to know who calls."""

    kind: str  # "session" | "token"
    record_id: uuid.UUID  # LoginSession.id or ApiToken.id
    user_id: uuid.UUID
    role: Role
    email: str
    full_name: str
    trainer_id: uuid.UUID | None
    client_id: uuid.UUID | None
    unit_system: str
    csrf_token: str | None  # sessions only
    scopes: frozenset[str] | None  # tokens only
    expires_at: datetime
    touched_at: datetime  # the session's last_seen_at / the token's last_used_at, as stored
    # The business requires a second factor of this role and the user has none: only setting one up is open.
    two_factor_setup_required: bool

    @classmethod
    def of_session(cls, login: LoginSession, *, two_factor_setup_required: bool) -> CachedCaller:
        return cls._of(
            login.user,
            two_factor_setup_required=two_factor_setup_required,
            kind="session",
            record_id=login.id,
            csrf_token=login.csrf_token,
            scopes=None,
            expires_at=login.expires_at,
            touched_at=login.last_seen_at,
        )

    @classmethod
    def of_token(cls, token: ApiToken, *, two_factor_setup_required: bool) -> CachedCaller:
        return cls._of(
            token.user,
            two_factor_setup_required=two_factor_setup_required,
            kind="token",
            record_id=token.id,
            csrf_token=None,
            scopes=frozenset(token.scopes),
            expires_at=token.expires_at,
            touched_at=token.last_used_at or token.created_at,
        )

    @classmethod
    def _of(cls, user: User, **fields: Any) -> CachedCaller:
        return cls(
            user_id=user.id,
            role=user.role,
            email=user.email,
            full_name=user.full_name,
            trainer_id=user.trainer_id,
            client_id=user.client_id,
            unit_system=user.unit_system,
            **fields,
        )

    def actor(self, *, ip: str | None, request_id: str | None) -> Actor:
        return Actor(
            user_id=self.user_id,
            role=self.role,
            email=self.email,
            trainer_id=self.trainer_id,
            client_id=self.client_id,
            ip=ip,
            request_id=request_id,
            scopes=self.scopes,
        )

    def user_view(self) -> dict[str, Any]:
        """The fields of ``UserOut``."""
        return {
            "id": self.user_id,
            "email": self.email,
            "full_name": self.full_name,
            "role": self.role,
            "trainer_id": self.trainer_id,
            "client_id": self.client_id,
            "unit_system": self.unit_system,
        }

    def dumps(self) -> str:
        fields = asdict(self)
        fields["scopes"] = sorted(self.scopes) if self.scopes is not None else None
        return json.dumps(fields, default=str, separators=(",", ":"))

    @classmethod
    def loads(cls, raw: bytes | str) -> CachedCaller | None:
        """The entry, or None when it cannot be read (treated as a miss: the database answers)."""
        try:
            return cls._from_json(json.loads(raw))
        except (ValueError, KeyError, TypeError):
            return None

    @classmethod
    def _from_json(cls, data: dict[str, Any]) -> CachedCaller:
        optional_uuid = {k: uuid.UUID(data[k]) if data[k] else None for k in ("trainer_id", "client_id")}
        return cls(
            kind=data["kind"],
            record_id=uuid.UUID(data["record_id"]),
            user_id=uuid.UUID(data["user_id"]),
            role=Role(data["role"]),
            email=data["email"],
            full_name=data["full_name"],
            **optional_uuid,
            unit_system=data["unit_system"],
            csrf_token=data["csrf_token"],
            scopes=frozenset(data["scopes"]) if data["scopes"] is not None else None,
            expires_at=datetime.fromisoformat(data["expires_at"]),
            touched_at=datetime.fromisoformat(data["touched_at"]),
            two_factor_setup_required=bool(data["two_factor_setup_required"]),
        )


def entry_key(token_hash: str) -> str:
    return f"{PREFIX}:t:{token_hash}"


def _user_index_key(user_id: uuid.UUID) -> str:
    return f"{PREFIX}:u:{user_id}"


class AuthCache:
    def __init__(self, redis: Any) -> None:
        self.redis = redis
        self._store = redis.register_script(_STORE)
        self._forget = redis.register_script(_FORGET)

    def store(
        self,
        token_hash: str,
        caller: CachedCaller,
        *,
        generation: bytes | None,
        now: datetime,
        touch_interval: timedelta,
        idle: timedelta | None,
    ) -> bool:
        """Keep ``caller`` until its next touch is due or it expires, whichever is first (at least 1 s)."""
        until = min(
            caller.touched_at + touch_interval,
            caller.expires_at,
            caller.touched_at + idle if idle is not None else caller.expires_at,
        )
        seconds = int((until - now).total_seconds())
        if seconds < 1:
            return False
        stored = self._store(
            keys=[GENERATION_KEY, entry_key(token_hash), _user_index_key(caller.user_id)],
            args=[(generation or b"").decode(), caller.dumps(), seconds, seconds + 60],
        )
        return bool(stored)

    def clear(self) -> None:
        """Forget every cached sign-in (after editing users, sessions or tokens with SQL, outside the app)."""
        self.redis.incr(GENERATION_KEY)
        for key in self.redis.scan_iter(match=f"{PREFIX}:[tu]:*", count=1000):
            self.redis.delete(key)

    def forget_users(self, user_ids: set[uuid.UUID]) -> None:
        self._forget(keys=[GENERATION_KEY, *(_user_index_key(u) for u in sorted(user_ids))])


# --- invalidation on commit --------------------------------------------------------------------------------


def forget_user_after_commit(session: Session, user_id: uuid.UUID) -> None:
    """For changes the ORM does not see (bulk ``update()``): drop the user's cached sign-ins once this commits."""
    session.info.setdefault(_CHANGED, set()).add(user_id)


def _track_changes(session: Session, _flush_context: Any) -> None:
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, User) and (obj in session.deleted or session.is_modified(obj)):
            forget_user_after_commit(session, obj.id)
        elif isinstance(obj, LoginSession | ApiToken) and (obj in session.deleted or _revoked_now(obj)):
            forget_user_after_commit(session, obj.user_id)


def _revoked_now(obj: LoginSession | ApiToken) -> bool:
    state: InstanceState[Any] = inspect(obj)
    return bool(state.attrs.revoked_at.history.added)


def install(factory: sessionmaker[Session], gate: Gate) -> None:
    """Watch every session of ``factory`` for changes to callers' rights; drop their entries after each commit."""
    event.listen(factory, "before_flush", lambda s, ctx, _instances: _track_changes(s, ctx))

    def after_commit(session: Session) -> None:
        changed = session.info.pop(_CHANGED, None)
        if not changed or gate.cache is None:
            return
        if not gate.redis_available():  # known down: waiting for its timeout would only delay the answer
            CACHE_REQUESTS.labels(cache="auth", result="error").inc()
            return
        try:
            gate.cache.forget_users(changed)
        except Exception as error:  # Redis down: the entries expire within the minute
            gate.mark_redis_down(error)
            CACHE_REQUESTS.labels(cache="auth", result="error").inc()
            log.error("auth_cache.invalidation_failed", error=type(error).__name__, users=len(changed))

    event.listen(factory, "after_commit", after_commit)
    event.listen(factory, "after_rollback", lambda s: s.info.pop(_CHANGED, None))
