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


def writable_client(session: Session, *, actor: Actor, client_id: uuid.UUID) -> Client:
    """Progress is recorded by the client themselves as much as by their coach: same scope as reading."""
    require_authenticated(actor)
    require_write_scope(actor)
    return visible_client(session, actor=actor, client_id=client_id)


def unit_system(session: Session, actor: Actor) -> UnitSystem:
    if actor.user_id is None:  # CLI and jobs
        return "metric"
    return "imperial" if accounts_service.get_user(session, actor=actor).unit_system == "imperial" else "metric"
