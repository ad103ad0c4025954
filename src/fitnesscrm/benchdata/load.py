"""Seeding a PostgreSQL database with a benchmark dataset: migrate, COPY, rebuild constraints, analyse.

The load runs in one transaction. The big tables' keys, indexes and foreign keys are dropped first and
rebuilt from their own definitions (``pg_get_constraintdef``/``pg_get_indexdef``) after the COPY, as
pg_restore does: a bulk build is many times faster than maintaining random-uuid B-trees and GiST exclusion
indexes row by row, and re-adding a constraint makes PostgreSQL check every row against it — the exclusion
constraints (no double booking) and foreign keys included. Anything failing rolls the whole load back.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import Session

from ..accounts import passwords
from ..core.crypto import active_ring
from ..settings import Settings
from .generate import TIMEZONE, Generator
from .shape import (
    ADMIN_EMAIL,
    ADMINS,
    CLIENT_EMAIL,
    DAYS_AHEAD,
    DAYS_BACK,
    PASSWORD_ENV,
    TRAINER_EMAIL,
    Shape,
    password,
)

BULK_TABLES = (
    "clients",
    "users",
    "client_tags",
    "client_health_records",
    "trainer_assignments",
    "appointments",
    "bookings",
    "program_assignments",
    "workout_logs",
    "set_logs",
    "personal_records",
    "measurements",
    "goals",
)
DEFAULT_MANIFEST = Path("var/bench/dataset.json")


class SeedRefused(RuntimeError):
    """The database cannot be seeded as asked (not PostgreSQL, or it already holds data)."""


@dataclass
class Manifest:
    scale: float
    seed: int
    database_url: str
    created_at: str
    password_env: str
    counts: dict[str, int]
    accounts: dict[str, dict[str, Any]]
    samples: dict[str, str]
    calendar: dict[str, str]
    seconds: dict[str, float] = field(default_factory=dict)
    database_bytes: int = 0

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(asdict(self), indent=2) + "\n")

    @classmethod
    def read(cls, path: Path) -> Manifest:
        return cls(**json.loads(path.read_text()))


def _server_dsn(url: str, database: str | None = None) -> str:
    parsed = make_url(url)
    return parsed.set(drivername="postgresql", database=database or parsed.database).render_as_string(
        hide_password=False
    )


def hidden(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def require_postgresql(url: str) -> None:
    if make_url(url).get_backend_name() != "postgresql":
        raise SeedRefused(f"the benchmark dataset needs PostgreSQL (it loads with COPY); {hidden(url)} is not")


def _holds_data(url: str) -> str | None:
    """The first table in the database that has a row, or None for an empty (or unmigrated) database."""
    with psycopg.connect(_server_dsn(url), connect_timeout=5) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version' ORDER BY tablename"
            )
        ]
        for table in tables:
            if conn.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone() == (True,):  # noqa: S608
                return table
    return None


def prepare_database(url: str, *, replace: bool) -> None:
    """Create the database if it is missing; refuse one holding data unless ``replace`` (drop and recreate)."""
    require_postgresql(url)
    name = make_url(url).database
    if not name:
        raise SeedRefused("the database URL names no database")
    with psycopg.connect(_server_dsn(url, "postgres"), autocommit=True, connect_timeout=5) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None
        if exists and replace:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = False
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            return
    table = _holds_data(url)
    if table is not None:
        raise SeedRefused(
            f"database {name!r} already holds data (table {table}); seed an empty database, "
            "or pass --replace to drop and recreate it"
        )


def migrate(url: str) -> None:
    from alembic import command

    from ..migrations import alembic_config

    command.upgrade(alembic_config(url), "head")


@dataclass
class _Copier:
    conn: Connection
    counts: Counter[str] = field(default_factory=Counter)

    def __call__(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        cursor = self.conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        with cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        self.counts[table] += len(rows)


@dataclass
class _Definitions:
    foreign_keys: list[tuple[str, str, str]]  # (table, name, definition)
    constraints: list[tuple[str, str, str]]  # primary keys, unique and exclusion constraints
    indexes: list[tuple[str, str]]  # (name, CREATE INDEX …) of indexes no constraint owns


def _definitions(conn: Connection, tables: Sequence[str]) -> _Definitions:
    names = list(tables)
    rows = conn.execute(
        text(
            "SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid), contype "
            "FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND ("
            "  (contype IN ('p', 'u', 'x', 'f') AND conrelid::regclass::text = ANY(:t))"
            "  OR (contype = 'f' AND confrelid::regclass::text = ANY(:t)))"
            "ORDER BY contype = 'p' DESC, conrelid::regclass::text, conname"
        ),
        {"t": names},
    ).all()
    indexes = conn.execute(
        text(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index i "
            "WHERE indrelid::regclass::text = ANY(:t) AND NOT EXISTS ("
            "  SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))"
            "ORDER BY 1"
        ),
        {"t": names},
    ).all()
    return _Definitions(
        foreign_keys=[(r[0], r[1], r[2]) for r in rows if r[3] == "f"],
        constraints=[(r[0], r[1], r[2]) for r in rows if r[3] != "f"],
        indexes=[(r[0], r[1]) for r in indexes],
    )


def _drop(conn: Connection, found: _Definitions) -> None:
    for table, name, _ in found.foreign_keys:
        conn.execute(text(f"ALTER TABLE {table} DROP CONSTRAINT {name}"))
    for name, _ in found.indexes:
        conn.execute(text(f"DROP INDEX {name}"))
    for table, name, _ in reversed(found.constraints):  # primary keys last: nothing else leans on them now
        conn.execute(text(f"ALTER TABLE {table} DROP CONSTRAINT {name}"))


def _rebuild(conn: Connection, found: _Definitions) -> None:
    for table, name, definition in found.constraints:
        conn.execute(text(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}"))
    for _, definition in found.indexes:
        conn.execute(text(definition))
    for table, name, definition in found.foreign_keys:
        conn.execute(text(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}"))


def seed(
    settings: Settings,
    *,
    scale: float,
    seed: int = 1,
    replace: bool = False,
    manifest_path: Path | None = DEFAULT_MANIFEST,
    echo: Any = print,
    now: datetime | None = None,
) -> Manifest:
    """Create a benchmark dataset in ``settings.database_url``; returns (and writes) its manifest.

    ``settings`` must carry the encryption keys (or, in development, the secret key) of the app that will
    serve the data: measurement values and health notes are encrypted with them. ``now`` (default: the current
    time) is the moment the history and bookings are placed around: which sessions are past decides their
    statuses and the random draws after them, so the same rows need the same seed *and* the same moment.
    """
    from ..app import create_app

    url = settings.database_url
    shape = Shape.for_scale(scale)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    prepare_database(url, replace=replace)
    migrate(url)
    timings["migrate"] = time.perf_counter() - started
    app = create_app(settings.model_copy(update={"db_statement_timeout_ms": 0}))
    engine = app.extensions["fitnesscrm"].database.engine
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    generator = Generator(
        shape=shape,
        seed=seed,
        today=now.date(),
        now=now,
        password_hash=passwords.hash_password(password()),
        ring=active_ring(),
    )
    echo(
        f"seeding {hidden(url)} at scale {scale:g} (seed {seed}): {shape.clients:,} clients, "
        f"{shape.trainers} trainers, {shape.appointments:,} appointments"
    )
    with engine.begin() as conn:
        conn.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
        session = Session(bind=conn)
        generator.reference(session)
        session.flush()
        session.close()
        found = _definitions(conn, BULK_TABLES)
        _drop(conn, found)
        copier = _Copier(conn)
        for phase in ("people", "schedule", "history"):
            mark = time.perf_counter()
            getattr(generator, phase)(copier)
            timings[phase] = time.perf_counter() - mark
            echo(f"  {phase}: {timings[phase]:.0f} s")
        mark = time.perf_counter()
        _rebuild(conn, found)
        timings["constraints"] = time.perf_counter() - mark
        echo(f"  keys, indexes and constraints rebuilt and checked: {timings['constraints']:.0f} s")
    mark = time.perf_counter()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM (ANALYZE)"))
        # The planner setting every shipped configuration uses (docs/deployment.md, "PostgreSQL settings"), so that
        # benchmarks on the machine's own PostgreSQL plan as production does. New sessions pick it up.
        database = conn.execute(text("SELECT quote_ident(current_database())")).scalar_one()
        conn.execute(text(f"ALTER DATABASE {database} SET random_page_cost = 1.1"))
        counts = _counts(conn)
        size = int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one())
    engine.dispose()
    timings["analyze"] = time.perf_counter() - mark
    timings["total"] = time.perf_counter() - started
    manifest = Manifest(
        scale=scale,
        seed=seed,
        database_url=hidden(url),
        created_at=now.isoformat(),
        password_env=PASSWORD_ENV,
        counts=counts,
        accounts={
            "admins": {"pattern": ADMIN_EMAIL, "count": ADMINS},
            "trainers": {"pattern": TRAINER_EMAIL, "count": shape.trainers},
            "clients": {"pattern": CLIENT_EMAIL, "count": shape.clients},
        },
        samples={k: v for k, v in asdict(generator.samples).items() if v},
        calendar={
            "from": (now.date() - timedelta(days=DAYS_BACK)).isoformat(),
            "to": (now.date() + timedelta(days=DAYS_AHEAD)).isoformat(),
            "timezone": TIMEZONE,
        },
        seconds={k: round(v, 1) for k, v in timings.items()},
        database_bytes=size,
    )
    if manifest_path is not None:
        manifest.write(manifest_path)
    echo(summary(manifest))
    return manifest


def _counts(conn: Connection) -> dict[str, int]:
    """Rows per table, for every table the seed filled."""
    tables = (
        conn.execute(
            text(
                "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version' ORDER BY tablename"
            )
        )
        .scalars()
        .all()
    )
    counts = {
        table: int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())  # noqa: S608
        for table in tables
    }
    return {table: count for table, count in counts.items() if count}


def summary(manifest: Manifest) -> str:
    counts = manifest.counts
    lines = [
        f"seeded {manifest.database_url} in {manifest.seconds.get('total', 0):.0f} s; "
        f"database size {manifest.database_bytes / 2**20:,.0f} MiB",
        "  " + ", ".join(f"{table} {counts[table]:,}" for table in sorted(counts, key=lambda t: -counts[t])),
        f"  sign in as admin-1…{manifest.accounts['admins']['count']}, "
        f"trainer-1…{manifest.accounts['trainers']['count']}, "
        f"client-1…{manifest.accounts['clients']['count']} @bench.example "
        f"(password: ${manifest.password_env} or its default)",
    ]
    return "\n".join(lines)
