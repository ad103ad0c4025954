"""Helpers shared by the accounts tests: raw database access and throw-away app instances."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from fitnesscrm.app import create_app
from fitnesscrm.core.email import ConsoleMailer

from ..conftest import make_settings

_CONSOLE = object()
COOKIE = "fcrm_session"  # the cookie name over plain http (tests use base_url http://localhost)


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
