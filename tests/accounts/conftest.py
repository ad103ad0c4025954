"""Helpers shared by the accounts tests: raw database access and throw-away app instances."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import text

from fitnesscrm.accounts import passwords
from fitnesscrm.app import create_app
from fitnesscrm.core.email import ConsoleMailer

from ..conftest import make_settings

_CONSOLE = object()
COOKIE = "fcrm_session"  # the cookie name over plain http (tests use base_url http://localhost)


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
def make_app(app: Any, pg_url: str, redis_url: str) -> Iterator[Callable[..., Any]]:
    """Build another app on the same database and Redis with some settings changed."""
    made: list[Any] = []

    def build(*, mailer: Any = _CONSOLE, base_url: str | None = None, **overrides: Any) -> Any:
        """``mailer=None`` lets the app pick its mailer from the settings (e.g. FITNESSCRM_SMTP_URL)."""
        settings = make_settings(pg_url, redis_url, **overrides)
        if base_url is not None:
            settings = settings.model_copy(update={"base_url": base_url})
        other = create_app(settings, mailer=ConsoleMailer() if mailer is _CONSOLE else mailer)
        made.append(other)
        return other

    yield build
    for other in made:
        other.extensions["fitnesscrm"].database.engine.dispose()


def session_cookie(api: Any) -> str:
    cookie = api.client.get_cookie(COOKIE)
    assert cookie is not None, "no session cookie in the client"
    return cookie.value  # type: ignore[no-any-return]
