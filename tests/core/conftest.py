"""Helpers for the core tests: raw SQL on the test database and a direct ORM session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.orm import Session


@pytest.fixture
def db(app: Any) -> Iterator[Session]:
    """A session from the app's own sessionmaker (rolled back at the end unless the test commits)."""
    session = app.extensions["fitnesscrm"].database.sessionmaker()
    try:
        yield session
    finally:
        session.rollback()
        session.close()
