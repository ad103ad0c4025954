"""Who may see and change a client's progress (measurements, goals, photos, records): the client scope of
``core.policy`` (admins every client, trainers their assigned clients, clients themselves), for reading and for
recording alike: progress is recorded by the client as much as by their coach. Custom metrics: admins."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from ..clients import service as clients_service
from ..core.actor import Actor
from ..core.policy import require_authenticated, require_write_scope

if TYPE_CHECKING:
    from ..clients.models import Client


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
