"""Who may see and change client records: admins every client, trainers their assigned clients, clients
themselves (``core.policy.client_scope``); staff create and edit them."""

from __future__ import annotations

from typing import Any

from ..core.actor import Actor
from ..core.contact import normalise_email
from ..core.errors import PermissionDenied
from ..core.policy import ClientScope, client_rows, require_staff_writer, scope_conditions
from ..staff import service as staff_service
from .models import Client

__all__ = [
    "require_editor",
    "require_email_editor",
    "require_portal_address",
    "visible_clients",
    "visible_clients_in",
]

require_editor = require_staff_writer  # create, edit, archive, assign: admins and trainers


def visible_clients(actor: Actor) -> list[Any]:
    """WHERE conditions on ``clients`` for what the actor reaches."""
    return client_rows(actor, Client.id, staff_service.clients_of_trainer_filter)


def visible_clients_in(scope: ClientScope, trainer_id: Any, own_client_id: Any) -> list[Any]:
    """The same for a scope decided beforehand, with the ids as values or bound parameters."""
    return scope_conditions(
        scope, Client.id, staff_service.clients_of_trainer_filter, trainer_id=trainer_id, own_client_id=own_client_id
    )


# A client's e-mail is where their portal login goes: whoever chooses it can mint that login. Trainers work with the
# address on the record; choosing another one is an admin's decision.


def require_portal_address(actor: Actor, on_record: str | None, requested: str | None) -> None:
    """A trainer invites a client to the portal only at the e-mail on the client's record."""
    if actor.is_admin or not requested:
        return
    if normalise_email(requested) != (on_record or None):
        raise PermissionDenied(
            "Trainers invite a client at the e-mail address on the client's record; an admin can use another one."
        )


def require_email_editor(actor: Actor, on_record: str | None, new: str | None) -> None:
    """Only an admin changes a client's e-mail address once the record exists."""
    if actor.is_admin or normalise_email(new) == (on_record or None):
        return
    raise PermissionDenied("Only an admin can change a client's e-mail address: their portal invitation goes there.")
