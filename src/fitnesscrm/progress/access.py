"""Shared checks for the progress area: who may see or change a client's progress, and in which units."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from ..accounts import service as accounts_service
from ..clients import service as clients_service
from ..clients.models import Client
from ..core.actor import Actor
from ..core.policy import require_authenticated, require_write_scope
from .units import UnitSystem


def visible_client(session: Session, *, actor: Actor, client_id: uuid.UUID) -> Client:
    """Admins: any client; trainers: their assigned clients; clients: themselves. Outside scope → 404."""
    return clients_service.get_client(session, actor=actor, client_id=client_id)


def visible_client_id(session: Session, *, actor: Actor, client_id: uuid.UUID) -> uuid.UUID:
    """The same scope as ``visible_client``, reading only the id (``clients.service.visible_client_id``)."""
    return clients_service.visible_client_id(session, actor=actor, client_id=client_id)


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
