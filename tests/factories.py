"""Realistic test data built through the services, and a small API client that handles CSRF."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event

from fitnesscrm.accounts import passwords
from fitnesscrm.accounts.models import User
from fitnesscrm.accounts.service import SIGN_IN_LOOKUP
from fitnesscrm.clients import service as clients_service
from fitnesscrm.core.actor import Actor, Role
from fitnesscrm.core.business import get_business
from fitnesscrm.staff import service as staff_service

PASSWORD = "kettlebell-sunrise-42"
_seq = itertools.count(1)


# The caller's sign-in: read from the database on an auth-cache miss, its "last seen" written once a minute. Both
# depend on the cache's state and the clock, not on the endpoint, so statement counts of endpoints leave them out.
SIGN_IN_STATEMENTS = (SIGN_IN_LOOKUP, "UPDATE login_sessions SET last_seen_at", "UPDATE api_tokens SET last_used_at")


def is_sign_in_statement(statement: str) -> bool:
    return any(marker in statement for marker in SIGN_IN_STATEMENTS)


@contextmanager
def count_queries(target: Any, *, sign_in: bool = False) -> Iterator[list[str]]:
    """The SQL statements run inside the block, for an app or its Database (to prove lists have no N+1); with
    ``sign_in``, those resolving the caller's sign-in too."""
    engine = (target.extensions["fitnesscrm"].database if hasattr(target, "extensions") else target).engine
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if sign_in or not is_sign_in_statement(statement):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


class Api:
    """Wraps Flask's test client: JSON in/out, the CSRF header added once signed in."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.csrf: str | None = None
        self.headers: dict[str, str] = {}

    def request(
        self, method: str, url: str, *, json: Any = None, headers: dict[str, str] | None = None, **kwargs: Any
    ) -> Any:
        sent = dict(self.headers)
        if self.csrf and method.upper() in {"POST", "PUT", "PATCH", "DELETE"}:
            sent["X-CSRF-Token"] = self.csrf
        sent.update(headers or {})
        # Buffered: the answer is read and closed, so work the app does after answering (web.after_response) is
        # done when this returns, as it is for a browser by the time it acts on the answer.
        kwargs.setdefault("buffered", True)
        return self.client.open(url, method=method.upper(), json=json, headers=sent, **kwargs)

    def get(self, url: str, **kw: Any) -> Any:
        return self.request("GET", url, **kw)

    def post(self, url: str, **kw: Any) -> Any:
        return self.request("POST", url, **kw)

    def put(self, url: str, **kw: Any) -> Any:
        return self.request("PUT", url, **kw)

    def patch(self, url: str, **kw: Any) -> Any:
        return self.request("PATCH", url, **kw)

    def delete(self, url: str, **kw: Any) -> Any:
        return self.request("DELETE", url, **kw)

    def login(self, email: str, password: str = PASSWORD) -> Any:
        response = self.post("/api/v1/auth/login", json={"email": email, "password": password})
        if response.status_code == 200:
            self.csrf = response.json["csrf_token"]
        return response


@dataclass
class Person:
    email: str
    user_id: uuid.UUID
    trainer_id: uuid.UUID | None = None
    client_id: uuid.UUID | None = None


class Factory:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.database = app.extensions["fitnesscrm"].database

    def api(self, person: Person | None = None) -> Api:
        api = Api(self.app.test_client())
        if person is not None:
            assert api.login(person.email).status_code == 200
        return api

    def _user(self, session: Any, **fields: Any) -> User:
        user = User(password_hash=passwords.hash_password(PASSWORD), **fields)
        session.add(user)
        session.flush()
        return user

    def business(self, **fields: Any) -> None:
        """Set business settings (time zone, currency, locale, name) directly."""
        with self.database.session() as s:
            business = get_business(s)
            for name, value in fields.items():
                setattr(business, name, value)

    def admin(self, email: str | None = None) -> Person:
        n = next(_seq)
        with self.database.session() as s:
            user = self._user(s, email=email or f"admin{n}@studio.example.com", full_name=f"Admin {n}", role=Role.ADMIN)
            return Person(user.email, user.id)

    def trainer(self, *, account: bool = True, first_name: str = "Tina") -> Person:
        n = next(_seq)
        with self.database.session() as s:
            trainer = staff_service.create_trainer(
                s,
                actor=Actor.system(),
                first_name=first_name,
                last_name=f"Trainer{n}",
                email=f"trainer{n}@studio.example.com",
            )
            user_id = uuid.uuid4()
            if account:
                user_id = self._user(
                    s, email=trainer.email, full_name=trainer.full_name, role=Role.TRAINER, trainer_id=trainer.id
                ).id
            return Person(trainer.email, user_id, trainer_id=trainer.id)

    def client(
        self, *, trainer: Person | None = None, account: bool = False, first_name: str = "Cleo", **fields: Any
    ) -> Person:
        n = next(_seq)
        with self.database.session() as s:
            client = clients_service.create_client(
                s,
                actor=Actor.system(),
                first_name=first_name,
                last_name=f"Client{n}",
                email=fields.pop("email", f"client{n}@example.com"),
                primary_trainer_id=trainer.trainer_id if trainer else None,
                **fields,
            )
            user_id = uuid.uuid4()
            if account:
                user_id = self._user(
                    s, email=client.email, full_name=client.full_name, role=Role.CLIENT, client_id=client.id
                ).id
            return Person(client.email or "", user_id, client_id=client.id)
