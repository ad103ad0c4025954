"""The app behind a real PgBouncer in transaction mode (Debian `pgbouncer`, started here on a free port in front
of the test database, with ONE server connection so every transaction shares it): the statement timeout holds
in every transaction, repeated statements never collide as prepared statements, and sign-in, writes with their
audit chain (an advisory transaction lock) and lists all work. The control cases show what breaks without the
`db_transaction_pooling` setting."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
import redis as redis_lib
from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from fitnesscrm.app import create_app
from fitnesscrm.core import audit
from fitnesscrm.core.db import make_engine
from fitnesscrm.models import Base
from ops import pgbouncer

from ..conftest import _unavailable, make_settings
from ..factories import Factory

pytestmark = [pytest.mark.postgres]
TIMEOUT_MS = 1234


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def bouncer_url(pg_url: str) -> Iterator[str]:
    """PgBouncer (pool_mode=transaction, default_pool_size=1) in front of the test database; its URL."""
    binary = pgbouncer.binary()
    if binary is None:
        _unavailable("PgBouncer", "binary not found; Debian package `pgbouncer`")
    assert binary is not None
    server = make_url(pg_url)
    with tempfile.TemporaryDirectory(prefix="fitnesscrm-pgbouncer-") as tmp:  # reachable by `postgres`
        Path(tmp).chmod(0o755)
        config = pgbouncer.write(
            Path(tmp) / "pgbouncer",
            port=_free_port(),
            server_port=server.port or 5432,
            databases={str(server.database): str(server.database)},
            users={str(server.username): ""},
            auth_type="trust",
            pool_size=1,
        )
        log = Path(tmp) / "pgbouncer.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                config.command(binary), stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        try:
            deadline = time.monotonic() + 30
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"pgbouncer exited with {proc.returncode}: {log.read_text()}")
                if _listening(config.port):
                    break
                if time.monotonic() > deadline:
                    pytest.fail(f"pgbouncer did not listen within 30 s: {log.read_text()}")
                time.sleep(0.05)
            yield config.url(str(server.username), str(server.database))
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)


def _raw(url: str) -> psycopg.Connection[Any]:
    """A plain client of the same PgBouncer, in autocommit: its session SETs land on the shared server
    connection, as another process's would."""
    return psycopg.connect(
        make_url(url).set(drivername="postgresql").render_as_string(hide_password=False), autocommit=True
    )


def test_startup_options_are_refused_by_pgbouncer(bouncer_url: str) -> None:
    # Why the timeout cannot travel in the startup packet any more: PgBouncer closes such a connection.
    engine = make_engine(bouncer_url, statement_timeout_ms=TIMEOUT_MS)
    with pytest.raises(OperationalError, match="unsupported startup parameter: options"), engine.connect():
        pass
    engine.dispose()


def test_statement_timeout_holds_in_every_transaction_and_never_leaks(bouncer_url: str) -> None:
    engine = make_engine(bouncer_url, statement_timeout_ms=TIMEOUT_MS, transaction_pooling=True)
    other = _raw(bouncer_url)
    try:
        other.execute("SET statement_timeout = '1h'")  # another client's session SET, on the one server conn
        seen = []
        first, second = engine.connect(), engine.connect()
        for _ in range(3):
            for conn in (first, second):
                with conn.begin():
                    seen.append(conn.execute(text("SHOW statement_timeout")).scalar_one())
        first.close()
        second.close()
        assert seen == [f"{TIMEOUT_MS}ms"] * 6
        assert other.execute("SHOW statement_timeout").fetchone() == ("1h",)  # SET LOCAL ended with each one
    finally:
        other.close()
        engine.dispose()


def test_a_statement_over_the_timeout_is_cancelled_through_pgbouncer(bouncer_url: str) -> None:
    engine = make_engine(bouncer_url, statement_timeout_ms=200, transaction_pooling=True)
    try:
        with pytest.raises(OperationalError, match="statement timeout"), engine.begin() as conn:
            conn.execute(text("SELECT pg_sleep(60)"))
        with engine.begin() as conn:  # the connection is fine afterwards
            assert conn.execute(text("SELECT 1")).scalar_one() == 1
    finally:
        engine.dispose()


def _alternate_same_statement(engine: Engine, times: int = 8) -> None:
    """Two pooled connections run the same statement in turn, more often than psycopg's prepare threshold."""
    first, second = engine.connect(), engine.connect()
    try:
        for i in range(times):
            for conn in (first, second):
                with conn.begin():
                    assert conn.execute(text("SELECT CAST(:n AS integer) + 1"), {"n": i}).scalar_one() == i + 1
    finally:
        first.close()
        second.close()


def test_repeated_statements_never_collide_as_prepared_statements(bouncer_url: str) -> None:
    engine = make_engine(bouncer_url, transaction_pooling=True)
    try:
        _alternate_same_statement(engine)
    finally:
        engine.dispose()


def test_without_the_setting_psycopg_prepared_statements_collide(bouncer_url: str) -> None:
    engine = make_engine(bouncer_url)  # control: psycopg's default prepare_threshold (5)
    try:
        with pytest.raises(DBAPIError, match="prepared statement"):
            _alternate_same_statement(engine)
    finally:
        engine.dispose()


def test_the_app_signs_in_writes_and_lists_through_pgbouncer(
    bouncer_url: str, pg_url: str, redis_url: str, tmp_path: Path
) -> None:
    app = create_app(
        make_settings(
            bouncer_url, redis_url, db_transaction_pooling=True, db_statement_timeout_ms=5000, storage_dir=tmp_path
        )
    )
    factory = Factory(app)
    try:
        admin = factory.admin(email=f"bouncer-{uuid.uuid4().hex[:8]}@studio.example.com")
        api = factory.api(admin)  # signs in: argon2 check, a new session row, an audit entry
        for n in range(3):  # each write appends to the audit chain under pg_advisory_xact_lock
            created = api.post(
                "/api/v1/clients",
                json={"first_name": "Pooled", "last_name": f"Client{n}", "email": f"pooled{n}@example.com"},
            )
            assert created.status_code == 201, created.json
        listed = api.get("/api/v1/clients?q=Pooled")
        assert listed.status_code == 200
        assert sorted(c["last_name"] for c in listed.json["items"]) == ["Client0", "Client1", "Client2"]
        assert api.get("/readyz").status_code == 200
        with app.extensions["fitnesscrm"].database.session() as session:
            assert audit.verify_chain(session) == (True, None)  # appended one at a time, in order
    finally:
        app.extensions["fitnesscrm"].database.engine.dispose()
        direct = make_engine(pg_url)  # leave the shared test database empty, as every test does
        with direct.begin() as conn:
            conn.execute(
                text(f"TRUNCATE {', '.join(t.name for t in Base.metadata.sorted_tables)} RESTART IDENTITY CASCADE")
            )
        direct.dispose()
        redis_lib.Redis.from_url(redis_url).flushdb()


@contextmanager
def _another_pgbouncer(**settings: Any) -> Iterator[pgbouncer.Config]:
    """A second PgBouncer of the test's own, written with `settings` (see ops.pgbouncer.write)."""
    binary = pgbouncer.binary()
    if binary is None:
        _unavailable("PgBouncer", "binary not found; Debian package `pgbouncer`")
    assert binary is not None
    with tempfile.TemporaryDirectory(prefix="fitnesscrm-pgbouncer-") as tmp:
        Path(tmp).chmod(0o755)
        config = pgbouncer.write(Path(tmp) / "pgbouncer", port=_free_port(), auth_type="trust", **settings)
        proc = subprocess.Popen(
            config.command(binary), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        try:
            deadline = time.monotonic() + 30
            while not _listening(config.port):
                assert proc.poll() is None
                assert time.monotonic() < deadline
                time.sleep(0.05)
            yield config
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)


def test_a_database_that_cannot_be_reached_is_an_operational_error_at_the_first_statement() -> None:
    # PgBouncer in front of a PostgreSQL that is not there (a restart): its refusal must reach the app as the
    # SQLAlchemy OperationalError the app answers with 503, from the per-transaction SET LOCAL too.
    with _another_pgbouncer(server_port=_free_port(), databases={"gone": "gone"}, users={"postgres": ""}) as config:
        engine = make_engine(config.url("postgres", "gone"), statement_timeout_ms=TIMEOUT_MS, transaction_pooling=True)
        for _ in range(2):  # the first attempt finds the server down, the next one is refused at once
            with pytest.raises(OperationalError), engine.begin() as conn:
                conn.execute(text("SELECT 1"))
        engine.dispose()


def test_pgbouncer_can_own_the_timeout_so_the_app_sends_no_set_local(pg_url: str) -> None:
    # What make stack, Compose and Kubernetes run: connect_query sets the timeout on each server connection,
    # the app runs with FITNESSCRM_DB_STATEMENT_TIMEOUT_MS=0 and sends nothing per transaction.
    server = make_url(pg_url)
    with _another_pgbouncer(
        server_port=server.port or 5432,
        databases={"app": str(server.database)},
        users={str(server.username): ""},
        pool_size=2,
        statement_timeout_ms=TIMEOUT_MS,
    ) as config:
        engine = make_engine(config.url(str(server.username), "app"), statement_timeout_ms=0, transaction_pooling=True)
        statements: list[str] = []
        event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        seen = []
        for _ in range(4):
            with engine.begin() as conn:
                seen.append(conn.execute(text("SHOW statement_timeout")).scalar_one())
        engine.dispose()
    assert seen == [f"{TIMEOUT_MS}ms"] * 4
    assert not [s for s in statements if "SET" in s.upper()]
