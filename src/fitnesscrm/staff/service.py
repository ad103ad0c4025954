"""Trainer profiles: the directory, their details, and who may change them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import FromClause, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import domains
from ..core import audit, search
from ..core.actor import Actor
from ..core.business import business_currency
from ..core.contact import clean_labels, normalise_email, normalise_phone, sort_name
from ..core.db import utcnow
from ..core.errors import Conflict, NotFound, ValidationFailed
from ..core.pagination import Page, paginate
from ..core.sqljson import json_rows
from ..domains import Invitee
from . import policy
from .models import Trainer, TrainerAssignment

audit.register_subject_labels("trainer", audit.column_labels(Trainer.id, Trainer.first_name, Trainer.last_name))

TrainerSort = Literal["name", "-name", "created_at", "-created_at"]


@dataclass(frozen=True)
class TrainerView:
    trainer: Trainer
    client_count: int
    has_account: bool
    show_rate: bool


def list_trainers(
    session: Session,
    *,
    actor: Actor,
    q: str | None = None,
    active: bool | None = True,
    sort: TrainerSort = "name",
    limit: int = 25,
    cursor: str | None = None,
) -> Page[Trainer]:
    stmt = select(Trainer).where(*policy.visible_trainers(actor))
    if active is not None:
        stmt = stmt.where(Trainer.active.is_(active))
    if q and q.strip():
        # The same rule as the clients list (clients.service._search), which this list's picker sits next to:
        # "last first", "first last" or e-mail.
        full_name = func.lower(Trainer.first_name + " " + Trainer.last_name)
        stmt = stmt.where(
            search.starts_with(Trainer.sort_name, q)
            if search.is_short(q)
            else search.matches(q, Trainer.sort_name, full_name, func.lower(Trainer.email))
        )
    column = Trainer.sort_name if sort.lstrip("-") == "name" else Trainer.created_at
    return paginate(
        session,
        stmt,
        sort_column=column,
        id_column=Trainer.id,
        descending=sort.startswith("-"),
        limit=limit,
        cursor=cursor,
    )


def get_trainer(session: Session, *, actor: Actor, trainer_id: uuid.UUID) -> Trainer:
    trainer = session.scalar(select(Trainer).where(Trainer.id == trainer_id, *policy.visible_trainers(actor)))
    if trainer is None:
        raise NotFound("No such trainer.")
    return trainer


def _rate_in_business_currency(session: Session, fields: dict[str, Any]) -> dict[str, Any]:
    """An hourly rate sent without a currency is in the business's."""
    rate = fields.get("hourly_rate")
    if rate is not None and not rate.get("currency"):
        return {**fields, "hourly_rate": {**rate, "currency": business_currency(session)}}
    return fields


def _apply(trainer: Trainer, fields: dict[str, Any], *, phone_region: str) -> None:
    if "first_name" in fields or "last_name" in fields:
        for name in ("first_name", "last_name"):
            value = (fields.get(name, getattr(trainer, name, None)) or "").strip()
            if not value:
                raise ValidationFailed(name, "This field is required.")
            setattr(trainer, name, value)
        trainer.sort_name = sort_name(trainer.first_name, trainer.last_name)
    if "email" in fields:
        trainer.email = normalise_email(fields["email"], required=True) or ""
    if "phone" in fields:
        trainer.phone = normalise_phone(fields["phone"], region=phone_region)
    for name in ("specialities", "certifications"):
        if name in fields:
            setattr(trainer, name, clean_labels(fields[name], field=name, max_len=80))
    if "bio" in fields:
        trainer.bio = (fields["bio"] or "").strip() or None
    if "hourly_rate" in fields:
        rate = fields["hourly_rate"]
        trainer.hourly_rate_minor = None if rate is None else rate["amount_minor"]
        if rate is not None:
            trainer.currency = rate["currency"]
    if "active" in fields and fields["active"] is not None:
        trainer.active = bool(fields["active"])


def _flush_unique(session: Session) -> None:
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        raise Conflict("Another trainer already uses this e-mail address.") from exc


def create_trainer(session: Session, *, actor: Actor, phone_region: str = "GB", **fields: Any) -> Trainer:
    policy.require_manager(actor)
    fields.setdefault("first_name", "")
    fields.setdefault("last_name", "")
    fields.setdefault("email", None)
    trainer = Trainer(id=uuid.uuid4(), specialities=[], certifications=[], active=True)
    _apply(trainer, _rate_in_business_currency(session, fields), phone_region=phone_region)
    session.add(trainer)
    _flush_unique(session)
    audit.record(session, actor, "trainer.create", "trainer", trainer.id, {"fields": sorted(fields)})
    return trainer


def update_trainer(
    session: Session, *, actor: Actor, trainer: Trainer, phone_region: str = "GB", **fields: Any
) -> Trainer:
    policy.require_profile_editor(actor, trainer.id, fields)
    was_active = trainer.active
    _apply(trainer, _rate_in_business_currency(session, fields), phone_region=phone_region)
    _flush_unique(session)
    audit.record(session, actor, "trainer.update", "trainer", trainer.id, {"fields": sorted(fields)})
    if trainer.active != was_active:
        # A trainer switched off must not keep reading their clients through a live session or token: the login
        # follows the profile (accounts.users).
        domains.announce(
            "staff.trainer_activity_changed", session=session, actor=actor, trainer_id=trainer.id, active=trainer.active
        )
    return trainer


def describe(session: Session, *, actor: Actor, trainers: list[Trainer]) -> list[TrainerView]:
    """Add client counts and account flags for a page of trainers in two queries (no N+1)."""
    from ..accounts import service as accounts_service

    ids = [t.id for t in trainers]
    counts: dict[uuid.UUID, int] = {}
    if ids:
        counts = dict(
            session.execute(  # type: ignore[arg-type]
                select(TrainerAssignment.trainer_id, func.count())
                .where(TrainerAssignment.trainer_id.in_(ids))
                .group_by(TrainerAssignment.trainer_id)
            ).all()
        )
    with_account = accounts_service.linked_profile_ids(session, trainer_ids=ids)
    return [
        TrainerView(
            trainer=t,
            client_count=counts.get(t.id, 0),
            has_account=t.id in with_account,
            show_rate=policy.sees_rate(actor, t.id),
        )
        for t in trainers
    ]


# --- trainer ↔ client assignments -------------------------------------------------------------


def clients_of_trainer_filter(trainer_id: uuid.UUID | None, client_id_column: Any) -> Any:
    return exists().where(TrainerAssignment.client_id == client_id_column, TrainerAssignment.trainer_id == trainer_id)


def trainer_name(session: Session, trainer_id: uuid.UUID) -> str | None:
    """One trainer's full name, for messages (no scope: the caller already has the id); from the session's identity
    map when the trainer is loaded already, so it usually costs no statement."""
    trainer = session.get(Trainer, trainer_id)
    return trainer.full_name if trainer else None


def trainer_names(session: Session, trainer_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not trainer_ids:
        return {}
    rows = session.execute(select(Trainer.id, Trainer.first_name, Trainer.last_name).where(Trainer.id.in_(trainer_ids)))
    return {row.id: f"{row.first_name} {row.last_name}" for row in rows}


def trainers_of_clients(session: Session, client_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[dict[str, Any]]]:
    """Each client's trainers (id, name, primary or not), oldest assignment first, for ids already scoped."""
    found: dict[uuid.UUID, list[dict[str, Any]]] = {}
    if not client_ids:
        return found
    rows = session.execute(
        select(
            TrainerAssignment.client_id,
            TrainerAssignment.trainer_id,
            TrainerAssignment.is_primary,
            Trainer.first_name,
            Trainer.last_name,
        )
        .join(Trainer, Trainer.id == TrainerAssignment.trainer_id)
        .where(TrainerAssignment.client_id.in_(client_ids))
        .order_by(TrainerAssignment.created_at)
    )
    for row in rows:
        found.setdefault(row.client_id, []).append(
            {
                "trainer_id": row.trainer_id,
                "is_primary": row.is_primary,
                "full_name": f"{row.first_name} {row.last_name}",
            }
        )
    return found


def trainers_of_client_json(page: FromClause) -> Any:
    """SQL: the trainers of each client of ``page`` (a limited page with an ``id`` column) as
    ``trainers_of_clients`` lists them, as JSON (core.sqljson): ``trainer_id``, ``is_primary`` and ``full_name``,
    oldest assignment first."""
    return json_rows(
        select(
            TrainerAssignment.trainer_id,
            TrainerAssignment.is_primary,
            (Trainer.first_name + " " + Trainer.last_name).label("full_name"),
        )
        .join(Trainer, Trainer.id == TrainerAssignment.trainer_id)
        .where(TrainerAssignment.client_id == page.c.id),
        TrainerAssignment.created_at,
        parent=page,
    )


def attach_trainer(
    session: Session, *, actor: Actor, client: Any, trainer: Trainer, is_primary: bool
) -> TrainerAssignment:
    """Create or update an assignment; callers have already authorised the actor."""
    if not trainer.active:
        raise Conflict("This trainer is inactive; reactivate them first.")
    current = next((a for a in client.assignments if a.trainer_id == trainer.id), None)
    if is_primary:
        for other in client.assignments:
            if other.is_primary and other.trainer_id != trainer.id:
                other.is_primary = False
        session.flush()  # release the one-primary index before promoting
    if current is None:
        current = TrainerAssignment(
            id=uuid.uuid4(), client_id=client.id, trainer_id=trainer.id, is_primary=is_primary, created_at=utcnow()
        )
        client.assignments.append(current)
    else:
        current.is_primary = is_primary
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        raise Conflict("This assignment changed at the same time; try again.") from exc
    audit.record(
        session, actor, "assignment.set", "client", client.id, {"trainer_id": str(trainer.id), "is_primary": is_primary}
    )
    return current


def invitee(
    session: Session, *, actor: Actor, profile_id: uuid.UUID | None, email: str | None, full_name: str | None
) -> Invitee:
    """The trainer an invitation is for: an existing profile, or a new one made from the name and e-mail."""
    if profile_id is not None:
        trainer = get_trainer(session, actor=actor, trainer_id=profile_id)
    else:
        if not email or not full_name:
            raise ValidationFailed("full_name", "Give the trainer's name and e-mail.")
        first, _, last = full_name.strip().partition(" ")
        trainer = create_trainer(session, actor=actor, first_name=first, last_name=last or "-", email=email)
    return Invitee(trainer.id, trainer.email, trainer.full_name)
