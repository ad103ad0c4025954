"""Idempotency keys: a retried write with the same ``Idempotency-Key`` gets the first response back.

The key row is inserted before the write runs, in the same transaction. A concurrent duplicate blocks on
the unique index until the first commits, then fails and is told to retry (which then replays). A key
reused with a different request body is refused, so a client bug cannot silently book the wrong thing.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, String, UniqueConstraint, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from .db import Base, utcnow
from .errors import Conflict, DomainError

KEY_LIFETIME = timedelta(hours=24)


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


def begin(session: Session, *, owner: str, key: str, request_fingerprint: str) -> IdempotencyRecord | Replay:
    """Claim ``key`` for this request, or return the stored response of the request that claimed it."""
    existing = session.scalar(select(IdempotencyRecord).where(IdempotencyRecord.owner == owner,
                                                              IdempotencyRecord.key == key))
    if existing is not None and existing.created_at > utcnow() - KEY_LIFETIME:
        if existing.fingerprint != request_fingerprint:
            raise IdempotencyKeyReused("This Idempotency-Key was already used for a different request.")
        if existing.status_code is None:
            raise Conflict("A request with this Idempotency-Key is still in progress; retry shortly.")
        return Replay(existing.status_code, existing.response_body)
    if existing is not None:  # expired: the key may be used afresh
        session.delete(existing)
        session.flush()
    record = IdempotencyRecord(owner=owner, key=key, fingerprint=request_fingerprint)
    try:
        with session.begin_nested():
            session.add(record)
    except IntegrityError as exc:  # a concurrent request committed the same key first
        raise Conflict("A request with this Idempotency-Key is still in progress; retry shortly.") from exc
    return record


def finish(session: Session, record: IdempotencyRecord, *, status_code: int, body: Any) -> None:
    record.status_code = status_code
    record.response_body = body
    session.flush()


def purge_expired(session: Session) -> int:
    result = session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.created_at < utcnow() - KEY_LIFETIME))
    return int(getattr(result, "rowcount", 0) or 0)
