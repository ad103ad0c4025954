"""Domain events: the one seam through which business changes reach other capabilities.

``emit`` stores the event in the caller's transaction (a transactional outbox: it exists if and only if
the change committed) and logs it. Today events are read back as a client's activity timeline; the
messaging capability will deliver undelivered ones (reminders, confirmations) and set ``delivered_at``.
Payloads hold ids and times, never health data.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import structlog
from sqlalchemy import JSON, Index, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from .actor import Actor
from .db import Base, utcnow
from .pagination import Page, paginate

log = structlog.get_logger("fitnesscrm.events")


class DomainEvent(Base):
    __tablename__ = "domain_events"
    __table_args__ = (
        Index("ix_domain_events_client_occurred", "client_id", "occurred_at"),
        Index("ix_domain_events_undelivered", "delivered_at", "occurred_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(64))  # e.g. "booking.booked"
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[str] = mapped_column(String(64))
    client_id: Mapped[uuid.UUID | None]  # whose timeline shows it (no FK: core knows no domain tables)
    actor_id: Mapped[uuid.UUID | None]
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Set by the deliverer (messaging) once handled; reminders are found by this being null.
    delivered_at: Mapped[datetime | None]


def emit(
    session: Session,
    actor: Actor,
    kind: str,
    *,
    subject_type: str,
    subject_id: Any,
    client_id: uuid.UUID | None = None,
    payload: dict[str, Any] | None = None,
) -> DomainEvent:
    event = DomainEvent(
        id=uuid.uuid4(),
        occurred_at=utcnow(),
        kind=kind,
        subject_type=subject_type,
        subject_id=str(subject_id),
        client_id=client_id,
        actor_id=actor.user_id,
        payload=payload or {},
    )
    session.add(event)
    log.info(
        "domain_event",
        kind=kind,
        subject_type=subject_type,
        subject_id=str(subject_id),
        client_id=None if client_id is None else str(client_id),
        event_id=str(event.id),
    )
    return event


# Event kinds some deliverer consumes (marks delivered_at). Only these can be "stuck": the outbox backlog metric
# and its alert count nothing else, so kinds that are only a timeline (no consumer yet) never page anyone.
# A deliverer (messaging, webhooks) registers its kinds at import time with `consume`.
CONSUMED_KINDS: set[str] = set()


def consume(*kinds: str) -> None:
    CONSUMED_KINDS.update(kinds)


def list_for_client(session: Session, *, client_id: uuid.UUID, limit: int, cursor: str | None) -> Page[DomainEvent]:
    """A client's timeline, newest first. The caller has already checked the actor may see the client."""
    query = select(DomainEvent).where(DomainEvent.client_id == client_id)
    return paginate(
        session,
        query,
        sort_column=DomainEvent.occurred_at,
        id_column=DomainEvent.id,
        descending=True,
        limit=limit,
        cursor=cursor,
    )
