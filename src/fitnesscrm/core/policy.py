"""Authorisation shared by every domain: roles, read-only tokens, and the client scope.

Each domain states who may do what in its own ``policy.py``, as pure functions over an actor (and an object or a
column); services call them, routes never do. The rule most domains share lives here: admins reach every client,
trainers the clients assigned to them, clients themselves (``client_scope``). Rows that belong to a client are
filtered with ``client_rows``; which clients are a trainer's is staff's knowledge, passed in as ``assigned``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

from .actor import Actor, Role
from .errors import PermissionDenied, Unauthenticated

# (trainer id, client-id column) → a condition that holds when that client is assigned to that trainer.
AssignedFilter = Callable[[Any, Any], Any]


def require_authenticated(actor: Actor) -> None:
    if not actor.is_authenticated:
        raise Unauthenticated("Sign in to continue.")


def require_role(actor: Actor, *roles: Role) -> None:
    require_authenticated(actor)
    if actor.role not in roles:
        raise PermissionDenied("Your role does not allow this action.")


def require_write_scope(actor: Actor) -> None:
    """API tokens created read-only may not change anything."""
    if actor.scopes is not None and "write" not in actor.scopes:
        raise PermissionDenied("This API token is read-only.")


def require_admin_writer(actor: Actor) -> None:
    """Admins only, and not through a read-only API token."""
    require_role(actor, Role.ADMIN)
    require_write_scope(actor)


def require_staff_writer(actor: Actor) -> None:
    """Admins and trainers, not through a read-only API token."""
    require_role(actor, Role.ADMIN, Role.TRAINER)
    require_write_scope(actor)


class ClientScope(enum.StrEnum):
    ALL = "all"  # admins (and the system actor of jobs and the CLI)
    ASSIGNED = "assigned"  # trainers: the clients assigned to them
    OWN = "own"  # clients: themselves


def client_scope(actor: Actor) -> ClientScope:
    """Which clients the actor reaches; anonymous callers reach none (401)."""
    require_authenticated(actor)
    if actor.is_admin:
        return ClientScope.ALL
    return ClientScope.ASSIGNED if actor.is_trainer else ClientScope.OWN


def scope_conditions(
    scope: ClientScope, client_column: Any, assigned: AssignedFilter, *, trainer_id: Any, own_client_id: Any
) -> list[Any]:
    """``client_rows`` for a scope decided beforehand; the ids may be values or bound parameters (a statement
    built once and run with each caller's ids)."""
    if scope is ClientScope.ALL:
        return []
    if scope is ClientScope.ASSIGNED:
        return [assigned(trainer_id, client_column)]
    return [client_column == own_client_id]


def client_rows(actor: Actor, client_column: Any, assigned: AssignedFilter) -> list[Any]:
    """WHERE conditions keeping the rows whose ``client_column`` names a client the actor reaches."""
    return scope_conditions(
        client_scope(actor), client_column, assigned, trainer_id=actor.trainer_id, own_client_id=actor.client_id
    )
