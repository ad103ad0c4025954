"""The shared authorisation checks every service calls."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import column

from fitnesscrm.core.actor import Actor, Role
from fitnesscrm.core.errors import PermissionDenied, Unauthenticated
from fitnesscrm.core.policy import ClientScope, client_rows, client_scope, require_admin_writer


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


def test_the_client_scope_follows_the_role() -> None:
    assert client_scope(_actor(Role.ADMIN)) is ClientScope.ALL
    assert client_scope(Actor.system("job")) is ClientScope.ALL
    assert client_scope(_actor(Role.TRAINER)) is ClientScope.ASSIGNED
    assert client_scope(_actor(Role.CLIENT)) is ClientScope.OWN
    with pytest.raises(Unauthenticated):
        client_scope(_actor(None))


def test_client_rows_are_the_assignment_filter_for_trainers_and_the_own_id_for_clients() -> None:
    client_id, trainer_id = uuid.uuid4(), uuid.uuid4()
    seen: list[tuple[object, object]] = []

    def assigned(trainer: object, client_column: object) -> str:
        seen.append((trainer, client_column))
        return "assigned-filter"

    rows = column("client_id")
    assert client_rows(_actor(Role.ADMIN), rows, assigned) == []
    trainer = Actor(user_id=uuid.uuid4(), role=Role.TRAINER, trainer_id=trainer_id)
    assert client_rows(trainer, rows, assigned) == ["assigned-filter"]
    assert seen == [(trainer_id, rows)]
    client = Actor(user_id=uuid.uuid4(), role=Role.CLIENT, client_id=client_id)
    [condition] = client_rows(client, rows, assigned)
    assert str(condition) == "client_id = :client_id_1"
    assert condition.right.value == client_id
