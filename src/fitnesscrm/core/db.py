"""Database plumbing: declarative base with a naming convention, engine factory, per-request session."""

from __future__ import annotations

import enum
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar

import psycopg
import psycopg.types.json
from psycopg.pq import TransactionStatus
from pydantic_core import from_json
from sqlalchemy import DateTime, Enum, MetaData, Select, Uuid, create_engine, event, exc
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# JSON columns (core.sqljson: a list page's children, one small document per row) parsed by pydantic-core rather
# than the json module: 0.1-0.3 µs a document instead of 1.5-2 µs, the same Python values.
psycopg.types.json.set_json_loads(from_json)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC timestamps on every backend (SQLite returns naive values otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def value_enum(kind: type[enum.Enum], length: int = 20) -> Enum:
    """A string column holding the enum's values (not names), checked on write, portable to every backend."""
    return Enum(
        kind,
        native_enum=False,
        length=length,
        validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), uuid.UUID: Uuid()}


_Row = TypeVar("_Row", bound="Base")


def single_row(session: Session, model: type[_Row]) -> _Row:
    """The one row (id = 1) of a settings table, created with its defaults the first time anyone asks.

    The first readers of a new install can arrive together (the load test's users did): each inserts the row, and
    ON CONFLICT lets all but one find the winner's instead of failing on the primary key.
    """
    row = session.get(model, 1)
    if row is None:
        insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        session.execute(insert(model).values(id=1).on_conflict_do_nothing(index_elements=["id"]))
        row = session.get(model, 1)
        assert row is not None  # inserted now, or by the reader that won
    return row


class UUIDPrimaryKey:
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def _unicode_lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def make_engine(
    url: str,
    *,
    pool_size: int = 10,
    max_overflow: int = 10,
    pool_timeout: float = 5.0,
    statement_timeout_ms: int = 0,
    transaction_pooling: bool = False,
) -> Engine:
    """`transaction_pooling`: `url` is a pooler in transaction mode (PgBouncer `pool_mode = transaction`),
    where consecutive transactions of one connection may run on different server connections. Nothing may
    then rely on session state: no server-side prepared statements, and the statement timeout is set inside
    every transaction rather than once per connection (see docs/deployment.md, "Connection pooling")."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 15},
            hide_parameters=True,
            json_deserializer=from_json,  # as psycopg's (set_json_loads above)
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=15000")
            cur.close()
            # SQLite's lower() folds only A-Z; PostgreSQL's folds every letter. Searches compare
            # lower(column) LIKE '%…%' with the lowercased text (core.search), so "übung" must
            # find "Übungen" here too.
            # Deterministic, as the expression indexes on lower(email) require (stored e-mails are lowercase
            # already, so those indexes read the same under either definition).
            dbapi_conn.create_function("lower", 1, _unicode_lower, deterministic=True)

        event.listen(engine, "before_cursor_execute", _sqlite_write_lock_for_locking_reads)
        return engine
    # connect_timeout: an unreachable database answers 503 within seconds instead of hanging a worker thread.
    connect_args: dict[str, Any] = {"application_name": "fitnesscrm", "connect_timeout": 3}
    if transaction_pooling:
        # psycopg prepares a statement on the server after 5 runs and reuses it by name on the same connection;
        # behind a transaction pooler that name lives on a server connection the next transaction may not get
        # (PgBouncer < 1.21 does not track prepared statements). None: never prepare.
        connect_args["prepare_threshold"] = None
    elif statement_timeout_ms:
        # Direct connections: set once per connection, in the startup packet (no extra round trip).
        connect_args["options"] = f"-c statement_timeout={statement_timeout_ms}"
    # hide_parameters: statement errors never quote bound values (client notes, e-mails, health data) into logs,
    # error reports or traces.
    engine = create_engine(
        url,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_timeout=pool_timeout,
        pool_recycle=1800,
        connect_args=connect_args,
        hide_parameters=True,
    )
    if transaction_pooling and statement_timeout_ms:
        set_timeout = f"SET LOCAL statement_timeout = {int(statement_timeout_ms)}"

        @event.listens_for(engine, "begin")
        def _statement_timeout_per_transaction(conn: Any) -> None:
            # A pooler forwards neither startup options nor a session SET to the next server connection (and
            # PgBouncer refuses the `options` startup parameter). SET LOCAL lasts exactly this transaction.
            # Through SQLAlchemy, not the driver's cursor: a failure here (the database is down) must become
            # the OperationalError every caller handles (503), and a lost connection must leave the pool.
            conn.exec_driver_sql(set_timeout)

    _ping_connections_idle_for(engine, PING_AFTER_IDLE_SECONDS)
    event.listen(engine, "handle_error", _lost_protocol_sync_is_a_disconnect)
    return engine


def _locking_read(context: Any) -> bool:
    statement = getattr(getattr(context, "compiled", None), "statement", None)
    return getattr(statement, "_for_update_arg", None) is not None


def _sqlite_write_lock_for_locking_reads(
    conn: Any, cursor: Any, _statement: str, _parameters: Any, context: Any, _executemany: bool
) -> None:
    """`SELECT … FOR UPDATE` on SQLite: take the database's write lock before reading, until the commit.

    SQLite has no row locks and ignores FOR UPDATE, and its driver opens a transaction only at the first write, so
    a check followed by a write ("is a seat left?", then the booking) raced: two requests both saw the last seat.
    SQLite allows one writer at a time; `BEGIN IMMEDIATE` makes this request that writer now, so its checks and
    its writes see no one else's commit in between, and the others wait their turn (busy_timeout). A transaction
    already open was opened by the driver for a write, which holds the lock; one opened by a savepoint may not yet,
    but then WAL mode refuses its first write if another writer committed since it read (an error answered 503,
    never a lost update)."""
    if not _locking_read(context):
        return
    dbapi_connection = conn.connection.dbapi_connection
    if not dbapi_connection.in_transaction:
        cursor.execute("BEGIN IMMEDIATE")


def _lost_protocol_sync_is_a_disconnect(context: Any) -> None:
    # When the server or PgBouncer drops a connection mid-conversation, psycopg can read the stale message as the
    # reply to the next command ("received 2 results from command 'BEGIN'"): an InternalError raised by the
    # client, so without a SQLSTATE. The connection is unusable, as after a reset: mark it a disconnect, so it
    # and its pool are replaced and the request is answered 503 like any other lost connection.
    error = context.original_exception
    if isinstance(error, psycopg.InternalError) and error.sqlstate is None:
        context.is_disconnect = True


def database_unavailable(error: BaseException | None) -> bool:
    """The database (or the way to it) is gone: answered 503 with Retry-After, not a bug report."""
    return isinstance(error, exc.OperationalError) or (
        isinstance(error, exc.DBAPIError) and error.connection_invalidated
    )


# A connection used within the last few seconds is alive; pinging it on every checkout (pool_pre_ping) cost a
# round trip per request. One that has idled longer is pinged, so a database restart still costs no request once the
# pool has been idle; under load, the first statement on a dead connection fails (503) and SQLAlchemy then
# invalidates the whole pool.
PING_AFTER_IDLE_SECONDS = 5.0


def _ping_connections_idle_for(engine: Engine, seconds: float) -> None:
    @event.listens_for(engine, "connect")
    @event.listens_for(engine, "checkin")
    def _fresh_or_checked_in(_dbapi_conn: Any, record: Any) -> None:
        # A connection just opened needs no ping: if the database went away since, its first statement fails and
        # is answered 503, rather than a second reconnect attempt that fails the same way.
        record.info["checked_in_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get("checked_in_at", 0.0) < seconds:
            return
        try:
            dbapi_conn.execute("SELECT 1")
            dbapi_conn.rollback()
        except Exception as error:  # any driver error means this connection is unusable: the pool reconnects
            raise exc.DisconnectionError() from error


# Execution option marking the connections of ``Database.read_sessionmaker`` (see there).
READS_WITHOUT_TRANSACTION = "fitnesscrm_reads_without_transaction"


def _plain_read(cursor: Any, context: Any) -> bool:
    """A SELECT built with SQLAlchemy that locks nothing and needs no open transaction (not a server-side cursor).
    Anything else — DML, text and driver SQL (advisory locks, SET LOCAL), savepoints, FOR UPDATE — is not."""
    statement = getattr(getattr(context, "compiled", None), "statement", None)
    return (
        isinstance(statement, Select)
        and getattr(statement, "_for_update_arg", None) is None
        and getattr(cursor, "name", None) is None
    )


def _transaction_before_anything_but_a_read(
    conn: Any, cursor: Any, _statement: str, _parameters: Any, context: Any, _executemany: bool
) -> None:
    if not conn.get_execution_options().get(READS_WITHOUT_TRANSACTION):
        return
    dbapi_connection = conn.connection.dbapi_connection
    if (
        dbapi_connection.autocommit
        and not _plain_read(cursor, context)
        and dbapi_connection.pgconn.transaction_status == TransactionStatus.IDLE
    ):
        # psycopg: this statement opens a transaction (BEGIN), which the session's commit or rollback ends. (A
        # connection that is not idle is broken: the statement then fails as a lost connection, answered 503.)
        dbapi_connection.autocommit = False


class Database:
    """Owns the engine and the session factories for one application."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessionmaker = sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)
        self.read_sessionmaker = self.sessionmaker
        if engine.dialect.name == "postgresql":
            self.read_sessionmaker = self._reads_without_transaction(engine)

    def _reads_without_transaction(self, engine: Engine) -> sessionmaker[Session]:
        """Sessions for safe requests (GET, HEAD): their SELECTs run in autocommit, so a read costs no BEGIN and
        no COMMIT (two of the four or five round trips of a list). The first statement that is anything else (a
        write such as the "last seen" touch of a sign-in, an audit entry and its advisory lock, a savepoint, a
        locking read, ``SET LOCAL``) opens a transaction first, committed or rolled back with the request as
        always: a write stays atomic from its first statement on. Under READ COMMITTED (the default, never changed
        here) every statement takes its own snapshot in or out of a transaction, so reads see exactly what they
        saw before. The connection returns to the pool with its default isolation level (SQLAlchemy resets it).

        PostgreSQL only: SQLite's driver opens no transaction for reads anyway. Behind PgBouncer in transaction
        mode with a statement timeout set per transaction (``SET LOCAL``, make_engine), that SET opens the
        transaction as before, so the timeout holds; the stack sets it with PgBouncer's ``connect_query`` instead,
        and its reads then run without one (docs/deployment.md, "Connection pooling")."""
        if not event.contains(engine, "before_cursor_execute", _transaction_before_anything_but_a_read):
            event.listen(engine, "before_cursor_execute", _transaction_before_anything_but_a_read)
        reads = engine.execution_options(isolation_level="AUTOCOMMIT", **{READS_WITHOUT_TRANSACTION: True})
        return sessionmaker(bind=reads, expire_on_commit=False, autoflush=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work outside a request (CLI, jobs): commit on success, roll back on error."""
        session = self.sessionmaker()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
