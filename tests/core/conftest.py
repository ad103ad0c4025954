"""Helpers for the core tests: raw SQL on the test database and a direct ORM session."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import text
from sqlalchemy.orm import Session

from fitnesscrm.accounts import passwords

FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # still argon2id, ~1 ms


@pytest.fixture(autouse=True)
def _fast_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same algorithm and code paths, cheaper parameters: the suite hashes hundreds of passwords.

    The production parameters themselves are checked in tests/accounts/test_passwords.py.
    """
    monkeypatch.setattr(passwords, "_hasher", FAST_HASHER)
    monkeypatch.setattr(passwords, "_DUMMY_HASH", FAST_HASHER.hash("not-a-real-password-for-timing"))


@pytest.fixture
def sql(app: Any) -> Callable[..., Any]:
    """Run one raw SQL statement through the app's own sessionmaker, committed; returns the result rows."""

    def run(statement: str, **params: Any) -> list[Any]:
        with app.extensions["fitnesscrm"].database.session() as session:
            result = session.execute(text(statement), params)
            return list(result) if result.returns_rows else []

    return run


@pytest.fixture
def db(app: Any) -> Iterator[Session]:
    """A session from the app's own sessionmaker (rolled back at the end unless the test commits)."""
    session = app.extensions["fitnesscrm"].database.sessionmaker()
    try:
        yield session
    finally:
        session.rollback()
        session.close()
