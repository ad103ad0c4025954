"""Helpers for the core tests: raw SQL on the test database and a direct ORM session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.orm import Session

from fitnesscrm.core.db import Database, make_engine
from fitnesscrm.migrations import alembic_config


@pytest.fixture
def db(app: Any) -> Iterator[Session]:
    """A session from the app's own sessionmaker (rolled back at the end unless the test commits)."""
    session = app.extensions["fitnesscrm"].database.sessionmaker()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


@pytest.fixture(scope="module")
def sqlite_database(tmp_path_factory: pytest.TempPathFactory) -> Database:
    """The embedded default, migrated: for core mechanisms that must hold on SQLite as on PostgreSQL."""
    from alembic import command

    url = f"sqlite:///{tmp_path_factory.mktemp('embedded') / 'embedded.db'}"
    command.upgrade(alembic_config(url), "head")
    return Database(make_engine(url))


@pytest.fixture(params=["postgresql", "sqlite"])
def either_database(request: pytest.FixtureRequest) -> Database:
    """The app's PostgreSQL, then the embedded SQLite default: each test that takes it runs on both."""
    if request.param == "postgresql":
        return request.getfixturevalue("app").extensions["fitnesscrm"].database
    return request.getfixturevalue("sqlite_database")
