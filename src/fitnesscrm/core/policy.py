"""Small shared authorisation checks used by every domain's service layer."""

from __future__ import annotations

from .actor import Actor, Role
from .errors import PermissionDenied, Unauthenticated


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
