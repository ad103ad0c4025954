"""Idempotency keys: a retried write with the same ``Idempotency-Key`` gets the first response back.

The key row is inserted before the write runs, in the same transaction. A concurrent duplicate blocks on
the unique index until the first commits, then replays its response. A key reused with a different request
body is refused, so a client bug cannot silently book the wrong thing.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, String, UniqueConstraint, delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from .db import Base, utcnow
from .errors import Conflict, DomainError

KEY_LIFETIME = timedelta(hours=24)
IN_PROGRESS = "A request with this Idempotency-Key is still in progress; retry shortly."


class IdempotencyKeyReused(DomainError):
    status, title, type_slug = 422, "Idempotency key reused", "idempotency-key-reused"


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("owner", "key"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    owner: Mapped[str] = mapped_column(String(64))  # user id, or "anonymous"
    key: Mapped[str] = mapped_column(String(200))
    fingerprint: Mapped[str] = mapped_column(String(64))  # method, path and body of the first request
    status_code: Mapped[int | None]
    response_body: Mapped[Any | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


@dataclass
class Replay:
    status_code: int
    body: Any


def fingerprint(method: str, path: str, body: Any) -> str:
    raw = json.dumps([method, path, body], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class Claim:
    """This request holds the key: its response is stored under ``record_id`` when it commits."""

    record_id: uuid.UUID


def _insert_if_absent(session: Session) -> Any:
    dialect = session.get_bind().dialect.name
    return (postgresql_insert if dialect == "postgresql" else sqlite_insert)(IdempotencyRecord)


def begin(session: Session, *, owner: str, key: str, request_fingerprint: str) -> Claim | Replay:
    """Claim ``key`` for this request, or return the stored response of the request that claimed it.

    One statement in the usual case (a new key): the insert does nothing when the key exists. On PostgreSQL an
    insert that meets a concurrent request's uncommitted key waits for it; once that request has committed (its
    response is stored by then) the key is found and replayed, and if it rolled back the insert claims the key."""
    now = utcnow()
    claimed = session.scalar(
        _insert_if_absent(session)
        .values(id=uuid.uuid4(), owner=owner, key=key, fingerprint=request_fingerprint, created_at=now)
        .on_conflict_do_nothing(index_elements=["owner", "key"])
        .returning(IdempotencyRecord.id)
    )
    if claimed is not None:
        return Claim(claimed)
    existing = session.execute(
        select(
            IdempotencyRecord.id,
            IdempotencyRecord.fingerprint,
            IdempotencyRecord.status_code,
            IdempotencyRecord.response_body,
            IdempotencyRecord.created_at,
        ).where(IdempotencyRecord.owner == owner, IdempotencyRecord.key == key)
    ).one_or_none()
    if existing is None:  # purged between the two statements
        raise Conflict(IN_PROGRESS)
    if existing.created_at <= now - KEY_LIFETIME:
        # Expired: the key may be used afresh. Taken over only if nobody else took it over meanwhile.
        taken = session.execute(
            update(IdempotencyRecord)
            .where(IdempotencyRecord.id == existing.id, IdempotencyRecord.created_at == existing.created_at)
            .values(fingerprint=request_fingerprint, status_code=None, response_body=None, created_at=now)
            .execution_options(synchronize_session=False)
        )
        if getattr(taken, "rowcount", 0) == 1:
            return Claim(existing.id)
        raise Conflict(IN_PROGRESS)
    if existing.fingerprint != request_fingerprint:
        raise IdempotencyKeyReused("This Idempotency-Key was already used for a different request.")
    if existing.status_code is None:
        raise Conflict(IN_PROGRESS)
    return Replay(existing.status_code, existing.response_body)


def finish(session: Session, claim: Claim, *, status_code: int, body: Any) -> None:
    session.execute(
        update(IdempotencyRecord)
        .where(IdempotencyRecord.id == claim.record_id)
        .values(status_code=status_code, response_body=body)
        .execution_options(synchronize_session=False)
    )


def purge_expired(session: Session) -> int:
    result = session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.created_at < utcnow() - KEY_LIFETIME))
    return int(getattr(result, "rowcount", 0) or 0)
