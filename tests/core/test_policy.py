"""The shared authorisation checks every service calls."""

from __future__ import annotations

import uuid

import pytest

from fitnesscrm.core.actor import Actor, Role
from fitnesscrm.core.errors import PermissionDenied, Unauthenticated
from fitnesscrm.core.policy import require_admin_writer


def _actor(role: Role | None, scopes: frozenset[str] | None = None) -> Actor:
    return Actor(user_id=uuid.uuid4() if role else None, role=role, scopes=scopes)


def test_admin_writer_allows_admins_in_the_browser_and_with_write_tokens() -> None:
    require_admin_writer(_actor(Role.ADMIN))
    require_admin_writer(_actor(Role.ADMIN, frozenset({"read", "write"})))


@pytest.mark.parametrize(
    ("actor", "error"),
    [
        (_actor(None), Unauthenticated),
        (_actor(Role.TRAINER), PermissionDenied),
        (_actor(Role.CLIENT), PermissionDenied),
        (_actor(Role.ADMIN, frozenset({"read"})), PermissionDenied),  # a read-only API token
    ],
    ids=["anonymous", "trainer", "client", "read-only-token"],
)
def test_admin_writer_refuses_everyone_else(actor: Actor, error: type[Exception]) -> None:
    with pytest.raises(error):
        require_admin_writer(actor)
