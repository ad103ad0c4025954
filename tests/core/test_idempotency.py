"""Idempotency keys claimed with one insert: new, replayed, reused, in progress, expired and concurrent keys,
on PostgreSQL and on the embedded SQLite default."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from fitnesscrm.core import idempotency
from fitnesscrm.core.db import Database, utcnow
from fitnesscrm.core.errors import Conflict
from fitnesscrm.core.idempotency import Claim, IdempotencyKeyReused, IdempotencyRecord, Replay

from ..factories import count_queries


@pytest.fixture
def database(either_database: Database) -> Iterator[Database]:
    """PostgreSQL, then SQLite; the test's keys are removed afterwards."""
    database = either_database
    yield database
    with database.session() as session:
        session.execute(IdempotencyRecord.__table__.delete())


def _begin(session: Session, key: str, fingerprint: str = "f1") -> Claim | Replay:
    return idempotency.begin(session, owner="user-1", key=key, request_fingerprint=fingerprint)


def _claim_and_finish(database: Database, key: str, body: Any) -> None:
    with database.session() as session:
        claim = _begin(session, key)
        assert isinstance(claim, Claim)
        idempotency.finish(session, claim, status_code=201, body=body)


def test_a_new_key_is_claimed_with_one_statement_and_its_response_replayed(database: Database) -> None:
    with database.session() as session, count_queries(database) as statements:
        claim = _begin(session, "k1")
        idempotency.finish(session, claim, status_code=201, body={"id": 7})  # type: ignore[arg-type]
    assert isinstance(claim, Claim)
    keys = [s.split()[0].upper() for s in statements if "idempotency_keys" in s]
    assert keys == ["INSERT", "UPDATE"]  # no look-up first, no savepoint around the insert
    with database.session() as session:
        assert _begin(session, "k1") == Replay(201, {"id": 7})
        assert isinstance(_begin(session, "k1-other"), Claim)  # another key of the same owner is its own
        assert isinstance(idempotency.begin(session, owner="user-2", key="k1", request_fingerprint="f1"), Claim)


def test_a_key_reused_for_another_request_is_refused_and_one_in_progress_conflicts(database: Database) -> None:
    _claim_and_finish(database, "k2", {"ok": True})
    with database.session() as session, pytest.raises(IdempotencyKeyReused):
        _begin(session, "k2", fingerprint="f2")
    with database.session() as session:  # claimed, its response not stored: the first request is still running
        session.add(IdempotencyRecord(owner="user-1", key="k3", fingerprint="f1"))
    with database.session() as session, pytest.raises(Conflict):
        _begin(session, "k3")


def test_an_expired_key_may_be_used_afresh(database: Database) -> None:
    _claim_and_finish(database, "k4", {"old": True})
    with database.session() as session:
        session.execute(
            update(IdempotencyRecord)
            .where(IdempotencyRecord.key == "k4")
            .values(created_at=utcnow() - idempotency.KEY_LIFETIME - timedelta(minutes=1))
        )
    with database.session() as session:
        claim = _begin(session, "k4", fingerprint="f-new")
        assert isinstance(claim, Claim)
        idempotency.finish(session, claim, status_code=200, body={"new": True})
    with database.session() as session:
        assert _begin(session, "k4", fingerprint="f-new") == Replay(200, {"new": True})
        assert session.scalar(select(IdempotencyRecord.id).where(IdempotencyRecord.key == "k4")) == claim.record_id


def test_a_concurrent_duplicate_waits_for_the_first_and_replays_it(app: Any) -> None:
    """PostgreSQL: the second insert waits on the first's uncommitted key. Whether the second request starts
    before or after the first commits, it gets the first one's response, never a second claim."""
    database = app.extensions["fitnesscrm"].database
    key = f"k-{uuid.uuid4()}"
    outcome: list[Any] = []
    first = database.sessionmaker()
    try:
        claim = _begin(first, key)
        assert isinstance(claim, Claim)

        def duplicate() -> None:
            with database.session() as second:
                outcome.append(_begin(second, key))

        thread = threading.Thread(target=duplicate)
        thread.start()
        idempotency.finish(first, claim, status_code=201, body={"id": 1})
        first.commit()
        thread.join()
    finally:
        first.close()
    assert outcome == [Replay(201, {"id": 1})]
    with database.session() as session:
        session.execute(IdempotencyRecord.__table__.delete().where(IdempotencyRecord.key == key))
