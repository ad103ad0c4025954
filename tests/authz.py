"""Shared pieces of the authorisation matrix, so each area can contribute its rows.

An area adds a module ``tests/<area>/authz_<topic>.py`` defining ``MATRIX`` (route → expected outcome per
actor in ``ACTORS`` order) and ``REQUESTS`` (route → function building a valid request for an actor).
``tests/test_authz_matrix.py`` finds those modules and runs every cell.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from fitnesscrm.core.http import etag_for

from .factories import Factory, Person

ACTORS = ("anonymous", "client", "trainer", "other_trainer", "admin")
ALLOW, E401, E403, E404 = "allow", "401", "403", "404"


@dataclass
class World:
    factory: Factory
    people: dict[str, Person]
    invitee: Person  # a client of `trainer` without a portal account
    invitation_id: uuid.UUID
    invitation_token: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def client_id(self) -> uuid.UUID:
        assert self.people["client"].client_id is not None
        return self.people["client"].client_id

    def trainer_id(self, who: str = "trainer") -> uuid.UUID:
        assert self.people[who].trainer_id is not None
        return self.people[who].trainer_id

    def user_for(self, actor: str) -> Person:
        """The account an anonymous caller's token belongs to is the client's."""
        return self.people["client" if actor == "anonymous" else actor]

    def session(self) -> Any:
        return self.factory.database.session()


@dataclass
class Req:
    method: str
    path: str
    json: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    data: Any = None  # a multipart/form-data body (file uploads) instead of JSON


def etag(w: World, model: type, object_id: uuid.UUID) -> dict[str, str]:
    with w.session() as s:
        obj = s.get(model, object_id)
        return {"If-Match": etag_for(obj.id, obj.updated_at)}
