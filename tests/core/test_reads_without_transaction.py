"""Safe requests read without BEGIN/COMMIT on PostgreSQL; their first write still opens a transaction."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from psycopg.pq import TransactionStatus
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from fitnesscrm.core.audit import AuditEvent
from fitnesscrm.core.db import Database, make_engine


@pytest.fixture
def database(pg_url: str) -> Iterator[Database]:
    database = Database(make_engine(pg_url))
    yield database
    database.engine.dispose()


def _status(session: Session) -> TransactionStatus:
    dbapi_connection = session.connection().connection.dbapi_connection
    assert isinstance(dbapi_connection, psycopg.Connection)
    return dbapi_connection.info.transaction_status


def test_reads_leave_no_transaction_open(database: Database) -> None:
    with database.read_sessionmaker() as session:
        session.execute(select(AuditEvent.id).limit(1)).all()
        session.execute(select(AuditEvent.seq).limit(1)).all()
        assert _status(session) == TransactionStatus.IDLE  # nothing to commit: no BEGIN was sent
        session.commit()


def test_the_first_write_opens_a_transaction_that_a_rollback_undoes(database: Database) -> None:
    marker = f"probe-{uuid.uuid4()}"
    with database.read_sessionmaker() as session:
        session.execute(select(AuditEvent.id).limit(1)).all()
        session.execute(text("CREATE TEMPORARY TABLE probe (note text) ON COMMIT DROP"))
        session.execute(text("INSERT INTO probe VALUES (:n)"), {"n": marker})
        assert _status(session) == TransactionStatus.INTRANS
        session.rollback()
    with database.read_sessionmaker() as session:  # the connection came back with its default behaviour
        session.execute(select(AuditEvent.id).limit(1)).all()
        assert _status(session) == TransactionStatus.IDLE


@pytest.mark.parametrize(
    "statement",
    [
        select(AuditEvent.id).limit(1).with_for_update(),  # a row lock lasts until the end of a transaction
        text("SELECT pg_advisory_xact_lock(42)"),  # so does a transaction-level advisory lock (the audit chain's)
    ],
)
def test_a_locking_read_runs_inside_a_transaction(database: Database, statement: object) -> None:
    with database.read_sessionmaker() as session:
        session.execute(statement)  # type: ignore[call-overload]
        assert _status(session) == TransactionStatus.INTRANS
        session.commit()


def test_unsafe_requests_keep_one_transaction_from_the_start(database: Database) -> None:
    with database.sessionmaker() as session:
        session.execute(select(AuditEvent.id).limit(1)).all()
        assert _status(session) == TransactionStatus.INTRANS
        session.rollback()


def test_a_write_after_reads_is_committed_with_the_session(database: Database) -> None:
    # A GET that writes (the sign-in touch, an audited read): the write must reach the database at commit.
    with database.read_sessionmaker() as session:
        session.execute(text("CREATE TABLE IF NOT EXISTS read_session_probe (note text)"))
        session.commit()
    marker = f"probe-{uuid.uuid4()}"
    try:
        with database.read_sessionmaker() as session:
            session.execute(select(AuditEvent.id).limit(1)).all()
            session.execute(text("INSERT INTO read_session_probe VALUES (:n)"), {"n": marker})
            session.commit()
        with database.sessionmaker() as session:
            assert (
                session.execute(
                    text("SELECT count(*) FROM read_session_probe WHERE note = :n"), {"n": marker}
                ).scalar_one()
                == 1
            )
    finally:
        with database.sessionmaker() as session:
            session.execute(text("DROP TABLE IF EXISTS read_session_probe"))
            session.commit()
