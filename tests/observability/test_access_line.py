"""The access log's fast path writes the line the structlog pipeline would: same keys, order and values."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import structlog

from fitnesscrm.observability.logging import ACCESS_LOGGER, configure_logging, write_access_line

FIELDS = {
    "request_id": "r1",
    "trace_id": None,
    "user_id": "u1",
    "method": "GET",
    "route": "/api/v1/clients",
    "status": 200,
    "duration_ms": 1.5,
    "db_queries": 3,
    "db_time_ms": 0.4,
}


@pytest.fixture(autouse=True)
def _restore_level() -> Iterator[None]:
    level = logging.getLogger().level
    yield
    logging.getLogger().setLevel(level)


def test_the_fast_access_line_matches_the_pipeline(capsys: Any) -> None:
    configure_logging("INFO", json=True)
    structlog.contextvars.clear_contextvars()
    structlog.get_logger(ACCESS_LOGGER).info("http.request", **FIELDS)
    write_access_line("http.request", dict(FIELDS))
    piped, fast = (json.loads(line) for line in capsys.readouterr().out.splitlines()[-2:])
    assert list(fast) == list(piped)
    assert {k: v for k, v in fast.items() if k != "timestamp"} == {k: v for k, v in piped.items() if k != "timestamp"}
    assert fast["timestamp"].endswith("Z")
    assert len(fast["timestamp"]) == len(piped["timestamp"])


def test_the_access_line_follows_the_level(capsys: Any) -> None:
    configure_logging("WARNING", json=True)
    write_access_line("http.request", dict(FIELDS))
    assert capsys.readouterr().out == ""
