"""Test fixtures: a real PostgreSQL and Redis (skipped loudly when absent, a failure under CI=true)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
import redis as redis_lib
from argon2 import PasswordHasher
from sqlalchemy import text
from sqlalchemy.engine import make_url

from fitnesscrm.accounts import passwords
from fitnesscrm.app import create_app
from fitnesscrm.core.email import ConsoleMailer
from fitnesscrm.extensions import limiter
from fitnesscrm.models import Base
from fitnesscrm.settings import Settings

from .factories import Api, Factory

IN_CI = os.environ.get("CI", "").lower() == "true"
# Under pytest-xdist each worker (gw0, gw1, …) gets a database and a Redis database of its own: tests clean
# both between them, so workers sharing either would wipe each other's data.
WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))


def _per_worker(pg_url: str, redis_url: str) -> tuple[str, str]:
    pg, redis_db = make_url(pg_url), make_url(redis_url)
    if WORKER:
        pg = pg.set(database=f"{pg.database}_gw{WORKER}")
    number = int(redis_db.database or 0) - WORKER  # 15, 14, … counting down from the configured one
    if number < 0:
        raise pytest.UsageError(f"too many xdist workers for Redis databases below {redis_url}")
    return pg.render_as_string(hide_password=False), redis_url.rsplit("/", 1)[0] + f"/{number}"


PG_URL, REDIS_URL = _per_worker(
    os.environ.get("FITNESSCRM_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/fitnesscrm_test"),
    os.environ.get("FITNESSCRM_TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
)
_missing: list[str] = []


def _unavailable(what: str, why: str) -> None:
    message = f"{what} unavailable ({why})"
    if IN_CI:
        pytest.fail(f"{message}: CI=true requires it", pytrace=False)
    _missing.append(message)
    pytest.skip(message)


def require_binary(package: str, *names: str) -> str:
    """The first of `names` on PATH; missing → skipped with the Debian package to install (a failure in CI)."""
    found = next((path for path in map(shutil.which, names) if path), None)
    if found is None:
        _unavailable(names[0], f"binary not found; Debian package `{package}`")
    assert found is not None
    return found


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _missing:
        terminalreporter.write_sep("!", "SKIPPED: tests needing real services did not run", red=True, bold=True)
        for line in sorted(set(_missing)):
            terminalreporter.write_line(f"  {line}", red=True)


@pytest.fixture(scope="session")
def pg_url() -> str:
    url = make_url(PG_URL)
    admin_dsn = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    try:
        with psycopg.connect(admin_dsn, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{url.database}"')
    except psycopg.OperationalError as exc:
        _unavailable("PostgreSQL", str(exc).splitlines()[0])
    from alembic import command

    from fitnesscrm.migrations import alembic_config

    command.upgrade(alembic_config(PG_URL), "head")
    return PG_URL


@pytest.fixture(scope="session")
def redis_url() -> str:
    try:
        redis_lib.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis_lib.RedisError as exc:
        _unavailable("Redis", str(exc))
    return REDIS_URL


def make_settings(database_url: str, redis_url: str | None, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "env": "test",
        "base_url": "http://localhost",
        "log_level": "WARNING",
        "secret_key": "test-secret-key-that-is-long-enough-0123456789",
        "password_min_length": 10,
    }
    return Settings(database_url=database_url, redis_url=redis_url, **{**values, **overrides})


@pytest.fixture(scope="session")
def mailer() -> ConsoleMailer:
    return ConsoleMailer()


@pytest.fixture(scope="session")
def app(pg_url: str, redis_url: str, mailer: ConsoleMailer, tmp_path_factory: pytest.TempPathFactory) -> Any:
    # Stored files go to a temporary directory, never into the checkout's var/.
    app = create_app(make_settings(pg_url, redis_url, storage_dir=tmp_path_factory.mktemp("storage")), mailer=mailer)
    _SESSION_LIMITER.update(limiter.__dict__)  # see _clean_state
    return app


# Flask-Limiter is one object per process: creating another app (another database, Redis down or absent; a
# module fixture running `fitnesscrm bench seed`) rebinds it to that app's storage, and left so, every later test's
# sign-in limits would be counted there (in memory, never flushed). It is put back as the session app left it.
_SESSION_LIMITER: dict[str, Any] = {}


def _restore_session_limiter() -> None:
    if _SESSION_LIMITER:
        limiter.__dict__.clear()
        limiter.__dict__.update(_SESSION_LIMITER)


# DELETE, not TRUNCATE: a test leaves a few rows, and TRUNCATE's cost is per table (new files for each of ~40
# tables and their indexes: about 0.7 s a test, against 0.02 s). No table has a sequence to restart.
_TABLES_CHILDREN_FIRST = tuple(reversed(Base.metadata.sorted_tables))


@pytest.fixture(autouse=True)
def _clean_state(request: pytest.FixtureRequest) -> Iterator[None]:
    """Each test starts with empty tables, an empty outbox, fresh rate-limit counters and the session's limiter.

    Tests marked `shared_data` read one world that a module-scoped fixture builds once and resets at its end."""
    app = request.getfixturevalue("app") if "app" in request.fixturenames else None
    _restore_session_limiter()
    try:
        yield
    finally:
        _restore_session_limiter()
    if app is None or request.node.get_closest_marker("shared_data"):
        return  # a module fixture owns the shared rows and empties the tables when the module is done
    reset_app_state(app)


def reset_app_state(app: Any) -> None:
    """Empty tables, an empty outbox and fresh Redis (rate-limit counters, the sign-in cache)."""
    runtime = app.extensions["fitnesscrm"]
    with runtime.database.engine.begin() as conn:
        for table in _TABLES_CHILDREN_FIRST:
            conn.execute(table.delete())
    runtime.mailer.outbox.clear()
    if runtime.redis is not None:
        runtime.redis.flushdb()


@pytest.fixture(scope="module")
def sqlite_app(tmp_path_factory: pytest.TempPathFactory, redis_url: str) -> Any:
    """The app on the embedded default (a migrated SQLite file), for rules that must hold there too."""
    from alembic import command

    from fitnesscrm.migrations import alembic_config

    url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'embedded.db'}"
    command.upgrade(alembic_config(url), "head")
    return create_app(make_settings(url, redis_url, storage_dir=tmp_path_factory.mktemp("storage")))


@pytest.fixture(params=["postgresql", "sqlite"])
def either_app(request: pytest.FixtureRequest) -> Iterator[Any]:
    """The suite's PostgreSQL app, then the SQLite one: a test that takes it runs on both."""
    # Asked for by name, the app escapes the autouse clean-up (_clean_state): it is reset here, before and after.
    app = request.getfixturevalue("app" if request.param == "postgresql" else "sqlite_app")
    reset_app_state(app)
    try:
        yield app
    finally:
        reset_app_state(app)


@pytest.fixture
def factory(app: Any) -> Factory:
    return Factory(app)


@pytest.fixture
def anon(app: Any) -> Api:
    return Api(app.test_client())


FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # still argon2id, ~1 ms


@pytest.fixture(autouse=True)
def _fast_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same algorithm and code paths, cheaper parameters: the suite hashes hundreds of passwords.

    The production parameters themselves are checked in tests/accounts/test_passwords.py.
    """
    monkeypatch.setattr(passwords, "_hasher", FAST_HASHER)
    monkeypatch.setattr(passwords, "_DUMMY_HASH", FAST_HASHER.hash("not-a-real-password-for-timing"))


@pytest.fixture
def sql(app: Any) -> Any:
    """Run one raw SQL statement through the app's own sessionmaker, committed; returns the result rows.

    Raw SQL goes around the app's change tracking (it stands in for time passing, or an operator's edit), so the
    authentication cache is cleared after it, as docs/performance.md tells operators to do."""

    def run(statement: str, **params: Any) -> list[Any]:
        runtime = app.extensions["fitnesscrm"]
        with runtime.database.session() as session:
            result = session.execute(text(statement), params)
            rows = list(result) if result.returns_rows else []
        if runtime.gate.cache is not None:
            runtime.gate.cache.clear()
        return rows

    return run
