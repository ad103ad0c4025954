"""Append-only, hash-chained audit log: who did what to which object, when, from where."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer, String, select, text
from sqlalchemy.event import listens_for
from sqlalchemy.orm import Mapped, Session, SessionTransaction, mapped_column

from .actor import Actor
from .db import Base, utcnow

GENESIS = "0" * 64
# PostgreSQL advisory-lock key serialising chain appends (arbitrary constant, "AUDIT").
AUDIT_LOCK_KEY = 0x41554454
# Session.info key of the events recorded in the session's transaction, not yet appended to the chain.
_PENDING = "audit_pending"


class AuditEvent(Base):
    __tablename__ = "audit_events"

    # Integer sequence keeps the chain order; the uuid is the public id.
    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    id: Mapped[uuid.UUID] = mapped_column(unique=True, default=uuid.uuid4)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    actor_email: Mapped[str | None] = mapped_column(String(320))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(64))
    ip: Mapped[str | None] = mapped_column(String(64))
    request_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


def _digest(prev_hash: str, event: AuditEvent) -> str:
    payload = json.dumps(
        {
            "id": str(event.id),
            "at": event.occurred_at.isoformat(),
            "actor": str(event.actor_id),
            "email": event.actor_email,
            "action": event.action,
            "type": event.object_type,
            "object": event.object_id,
            "ip": event.ip,
            "request": event.request_id,
            "details": event.details,
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


def record(
    session: Session,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: Any = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record one event in the caller's transaction (so it commits or rolls back with the change).

    The event joins the chain when the transaction commits (``_append_pending``), not here: appends are serialised
    by a database-wide lock held until the commit, and taking it here would make every other audited request wait
    for the rest of this one (a read of health data, a logged set) instead of for a few statements.

    ``details`` must never hold health data or secrets: record field names, not values.
    """
    audit_event = AuditEvent(
        id=uuid.uuid4(),
        occurred_at=utcnow(),
        actor_id=actor.user_id,
        actor_email=actor.email,
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        ip=actor.ip,
        request_id=actor.request_id,
        details=details,
    )
    if session.get_transaction() is None:
        session.begin()  # so that a rollback before the first statement also forgets the event
    session.info.setdefault(_PENDING, []).append((session.get_nested_transaction(), audit_event))
    return audit_event


@listens_for(Session, "before_commit")
def _append_pending(session: Session) -> None:
    """Chain the transaction's events, in the order they were recorded, right before it commits."""
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    # Serialise appends so two transactions cannot fork the chain from the same predecessor; held until COMMIT.
    latest = select(AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": AUDIT_LOCK_KEY})
    else:
        latest = latest.with_for_update()  # SQLite: the database's write lock (core.db), taken before the read
    prev = session.scalar(latest) or GENESIS
    for _savepoint, audit_event in pending:
        audit_event.prev_hash = prev
        audit_event.hash = prev = _digest(prev, audit_event)
        session.add(audit_event)


@listens_for(Session, "after_soft_rollback")
def _forget_rolled_back(session: Session, rolled_back: SessionTransaction) -> None:
    """Events recorded inside what was rolled back (the whole transaction, or a savepoint) are not appended."""
    pending = session.info.get(_PENDING)
    if not pending:
        return
    if not rolled_back.nested:
        session.info.pop(_PENDING, None)
        return
    session.info[_PENDING] = [
        (savepoint, audit_event) for savepoint, audit_event in pending if not _within(savepoint, rolled_back)
    ]


@listens_for(Session, "after_transaction_end")
def _forget_at_the_end(session: Session, ended: SessionTransaction) -> None:
    """A session closed without commit or rollback appends nothing later either."""
    if ended.parent is None:
        session.info.pop(_PENDING, None)


def _within(savepoint: SessionTransaction | None, outer: SessionTransaction) -> bool:
    while savepoint is not None:
        if savepoint is outer:
            return True
        savepoint = savepoint.parent
    return False


# --- naming what an event is about -----------------------------------------------------------------
# The log stores ids (names change; the chain must not). Readers see names: each domain registers, once, how to
# name its objects from a batch of ids in ONE query, so a page of events costs one query per kind of object.

SubjectLabeller = Callable[[Session, list[uuid.UUID]], Mapping[uuid.UUID, str]]
_labellers: dict[str, SubjectLabeller] = {}


def register_subject_labels(object_type: str, labeller: SubjectLabeller) -> None:
    """How the audit log names ``object_type`` objects. Label only what every admin may see: never health data."""
    _labellers[object_type] = labeller


def _join_present(*values: Any) -> str:
    return " ".join(str(value) for value in values if value)


def column_labels(
    id_column: Any, *label_columns: Any, fmt: Callable[..., str] = _join_present, joins: Iterable[tuple[Any, Any]] = ()
) -> SubjectLabeller:
    """The common labeller: ``fmt`` of the label columns (default: the present ones joined by spaces) of the rows
    with those ids; ``joins`` are (target, on clause) pairs for columns of related tables."""

    def labeller(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
        stmt = select(id_column, *label_columns).where(id_column.in_(ids))
        for target, on in joins:
            stmt = stmt.join(target, on)
        return {row[0]: fmt(*row[1:]) for row in session.execute(stmt)}

    return labeller


def subject_labels(session: Session, subjects: Iterable[tuple[str, str | None]]) -> dict[tuple[str, str], str]:
    """Labels for (object_type, object_id) pairs, keyed by the pair; unknown kinds and gone objects are left out."""
    wanted: dict[str, set[uuid.UUID]] = defaultdict(set)
    for object_type, object_id in subjects:
        if object_id is not None and object_type in _labellers:
            try:
                wanted[object_type].add(uuid.UUID(object_id))
            except ValueError:
                continue
    labels: dict[tuple[str, str], str] = {}
    for object_type, ids in wanted.items():
        for found_id, label in _labellers[object_type](session, sorted(ids)).items():
            labels[(object_type, str(found_id))] = label
    return labels


def verify_chain(session: Session) -> tuple[bool, int | None]:
    """Walk the chain; return (intact, seq of the first broken event)."""
    prev = GENESIS
    for event in session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).yield_per(1000):
        if event.prev_hash != prev or _digest(prev, event) != event.hash:
            return False, event.seq
        prev = event.hash
    return True, None
