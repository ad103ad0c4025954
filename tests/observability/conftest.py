"""Fixtures shared by the observability tests."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest


@pytest.fixture
def app_logs_at_info() -> Iterator[None]:
    """The suite logs at WARNING; turn the app's own loggers up to INFO for one test."""
    logger = logging.getLogger("fitnesscrm")
    previous = logger.level
    logger.setLevel(logging.INFO)
    yield
    logger.setLevel(previous)
