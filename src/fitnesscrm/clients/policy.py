"""Who may see and change client records: admins every client, trainers their assigned clients, clients
themselves (``core.policy.client_scope``); staff create and edit them."""

from __future__ import annotations

from typing import Any

from ..core.actor import Actor
from ..core.policy import ClientScope, client_rows, require_staff_writer, scope_conditions
from ..staff import service as staff_service
from .models import Client

__all__ = ["require_editor", "visible_clients", "visible_clients_in"]

require_editor = require_staff_writer  # create, edit, archive, assign: admins and trainers


def visible_clients(actor: Actor) -> list[Any]:
    """WHERE conditions on ``clients`` for what the actor reaches."""
    return client_rows(actor, Client.id, staff_service.clients_of_trainer_filter)


def visible_clients_in(scope: ClientScope, trainer_id: Any, own_client_id: Any) -> list[Any]:
    """The same for a scope decided beforehand, with the ids as values or bound parameters."""
    return scope_conditions(
        scope, Client.id, staff_service.clients_of_trainer_filter, trainer_id=trainer_id, own_client_id=own_client_id
    )
