"""Who may do what with accounts: staff invite (admins trainers and clients, trainers their clients) and see the
invitations they sent (admins every one); admins are made with the command line, never invited; admins list every
login and switch logins off and on, never their own."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from ipaddress import IPv4Network, IPv6Network, ip_address
from typing import Any

from ..core.actor import Actor, Role
from ..core.errors import Conflict, DomainError, PermissionDenied
from ..core.policy import require_admin_writer, require_role, require_staff_writer
from .models import Invitation


def visible_invitations(actor: Actor) -> list[Any]:
    require_role(actor, Role.ADMIN, Role.TRAINER)
    return [] if actor.is_admin else [Invitation.invited_by_id == actor.user_id]


def require_inviter(actor: Actor, role: Role) -> None:
    """May the actor invite someone to this role?"""
    require_staff_writer(actor)
    if role is Role.ADMIN:
        raise PermissionDenied("Admins are created with the command line, not invited.")
    if role is Role.TRAINER:
        require_role(actor, Role.ADMIN)


def require_user_admin(actor: Actor, *, writes: bool = False) -> None:
    if writes:
        require_admin_writer(actor)
    else:
        require_role(actor, Role.ADMIN)


def require_not_self(actor: Actor, user_id: uuid.UUID) -> None:
    if actor.user_id == user_id:
        raise Conflict("You cannot switch off your own login; ask another admin.")


class AdminNetworkRefused(DomainError):
    status, title, type_slug = 403, "Not from this network", "admin-network-refused"


def require_admin_network(
    role: Role | None, address: str | None, networks: Sequence[IPv4Network | IPv6Network]
) -> None:
    """Admin accounts only from the business's own networks, when it has named some (FITNESSCRM_ADMIN_NETWORKS): a
    stolen admin password or session is then useless from anywhere else. Other roles are not concerned."""
    if role is not Role.ADMIN or not networks:
        return
    try:
        caller = ip_address(address or "")
    except ValueError:
        caller = None
    if caller is None or not any(caller in network for network in networks):
        raise AdminNetworkRefused("Admin accounts can be used only from the business's own networks.")
