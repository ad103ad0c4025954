"""Shared checks for the progress area: who may see or change a client's progress, and in which units."""

from __future__ import annotations

import functools
import uuid
from typing import Any, Literal

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from ..accounts import service as accounts_service
from ..clients import service as clients_service
from ..clients.models import Client
from ..core.actor import Actor
from ..core.errors import NotFound
from ..core.policy import require_authenticated, require_write_scope
from ..staff import service as staff_service
from .units import UnitSystem


def visible_client(session: Session, *, actor: Actor, client_id: uuid.UUID) -> Client:
    """Admins: any client; trainers: their assigned clients; clients: themselves. Outside scope → 404."""
    return clients_service.get_client(session, actor=actor, client_id=client_id)


def visible_client_id(session: Session, *, actor: Actor, client_id: uuid.UUID) -> uuid.UUID:
    """The same scope as ``visible_client`` in one statement that reads only the id: for reads that need
    nothing else of the client (loading it also loads its tags and trainers)."""
    require_authenticated(actor)
    params: dict[str, uuid.UUID | None] = {"client_id": client_id}
    if actor.is_trainer:
        params["trainer_id"] = actor.trainer_id
    elif not actor.is_admin:
        params["own_client_id"] = actor.client_id
    found = session.scalar(_visible_client_statement("all" if actor.is_admin else "assigned" if actor.is_trainer
                                                     else "self"), params)
    if found is None:
        raise NotFound("No such client.")
    return found


@functools.cache
def _visible_client_statement(scope: Literal["all", "assigned", "self"]) -> Select[tuple[uuid.UUID]]:
    """Built once (the values are bound per request): building it costs more than running it."""
    stmt = select(Client.id).where(Client.id == bindparam("client_id"))
    if scope == "assigned":
        trainer_id: Any = bindparam("trainer_id")  # the filter takes a value or a bound parameter alike
        return stmt.where(staff_service.clients_of_trainer_filter(trainer_id, Client.id))
    if scope == "self":
        return stmt.where(Client.id == bindparam("own_client_id"))
    return stmt


def writable_client(session: Session, *, actor: Actor, client_id: uuid.UUID) -> Client:
    """Progress is recorded by the client themselves as much as by their coach: same scope as reading."""
    require_authenticated(actor)
    require_write_scope(actor)
    return visible_client(session, actor=actor, client_id=client_id)


def unit_system(session: Session, actor: Actor, known: str | None = None) -> UnitSystem:
    """The caller's units; ``known`` is the value already in hand (the request's cached sign-in), saving a read."""
    if actor.user_id is None:  # CLI and jobs
        return "metric"
    system = known if known is not None else accounts_service.get_user(session, actor=actor).unit_system
    return "imperial" if system == "imperial" else "metric"
