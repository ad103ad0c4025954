"""Benchmark GET /api/v1/calendar on a large dataset (50 trainers, 200k appointments over two years).

    .venv/bin/python bench/calendar_bench.py                  # build the dataset once, then measure
    .venv/bin/python bench/calendar_bench.py --reps 200       # measure again (the dataset is reused)
    .venv/bin/python bench/calendar_bench.py --rebuild        # drop and rebuild the dataset

The dataset lives in its own PostgreSQL database (default ``fitnesscrm_bench``), built with COPY straight
into the tables (the API would take hours for 200k appointments); every row satisfies the real constraints,
exclusion constraints included. Requests go through the Flask test client of a production-configured app,
so "server time" is the whole WSGI request (routing, auth session lookup, queries, serialisation) without
network. Each scenario reports p50/p95/max over N repetitions, the number of SQL statements per request, and
EXPLAIN of the calendar query, which must use ``ix_appointments_trainer_starts_at`` for one trainer.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from fitnesscrm.accounts import passwords
from fitnesscrm.accounts.models import User
from fitnesscrm.app import create_app
from fitnesscrm.benchdata.explain import recording
from fitnesscrm.clients.models import Client, ClientStatus
from fitnesscrm.core.actor import Role
from fitnesscrm.scheduling.models import Location, Room, Service, ServiceKind
from fitnesscrm.settings import Settings
from fitnesscrm.staff.models import Trainer, TrainerAssignment

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/fitnesscrm_bench"
PASSWORD = "bench-password-not-secret-42"  # noqa: S105 - a throwaway account in a throwaway database
SLOT_HOURS = (7, 9, 11, 13, 15, 17)  # 17:00 is a group class, the rest 1:1 sessions
CLIENTS_PER_TRAINER = 40
CLASS_BOOKINGS = 8


@dataclass
class Dataset:
    admin_email: str
    trainer_email: str
    trainer_id: uuid.UUID
    appointments: int


# --- building ------------------------------------------------------------------------------------


def _recreate_database(url: str) -> None:
    parsed = make_url(url)
    admin = parsed.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{parsed.database}"')
    from alembic import command

    from fitnesscrm.migrations import alembic_config

    command.upgrade(alembic_config(url), "head")


def _people(
    session: Any, trainers: int
) -> tuple[list[Trainer], dict[uuid.UUID, list[uuid.UUID]], Service, Service, list[Room]]:
    location = Location(id=uuid.uuid4(), name="Bench Studio")
    rooms = [Room(id=uuid.uuid4(), location=location, name=f"Room {n}", capacity=20) for n in range(trainers)]
    pt = Service(
        id=uuid.uuid4(),
        name="PT session",
        kind=ServiceKind.ONE_TO_ONE,
        duration_minutes=60,
        buffer_minutes=0,
        default_capacity=1,
        colour="#ff8800",
    )
    hiit = Service(
        id=uuid.uuid4(),
        name="HIIT class",
        kind=ServiceKind.GROUP,
        duration_minutes=45,
        buffer_minutes=0,
        default_capacity=12,
        colour="#2b8a3e",
    )
    staff = [
        Trainer(
            id=uuid.uuid4(),
            first_name="Trainer",
            last_name=f"No{n:02d}",
            sort_name=f"no{n:02d} trainer",
            email=f"trainer{n}@bench.example.com",
            specialities=[],
            certifications=[],
            active=True,
            currency="EUR",
        )
        for n in range(trainers)
    ]
    session.add_all([location, *rooms, pt, hiit, *staff])
    clients: dict[uuid.UUID, list[uuid.UUID]] = {}
    for n, trainer in enumerate(staff):
        batch = [
            Client(
                id=uuid.uuid4(),
                first_name="Client",
                last_name=f"{n:02d}-{m:02d}",
                sort_name=f"{n:02d}-{m:02d} client",
                email=f"c{n}-{m}@bench.example.com",
                status=ClientStatus.ACTIVE,
            )
            for m in range(CLIENTS_PER_TRAINER)
        ]
        session.add_all(batch)
        session.add_all([TrainerAssignment(client_id=c.id, trainer_id=trainer.id, is_primary=True) for c in batch])
        clients[trainer.id] = [c.id for c in batch]
    return staff, clients, pt, hiit, rooms


def _copy(conn: Any, table: str, columns: tuple[str, ...], rows: Iterator[tuple[Any, ...]]) -> None:
    with conn.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


APPOINTMENT_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "service_id",
    "kind",
    "trainer_id",
    "location_id",
    "room_id",
    "title",
    "starts_at",
    "ends_at",
    "blocked_until",
    "capacity",
    "status",
    "detached",
)
BOOKING_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "appointment_id",
    "client_id",
    "status",
    "starts_at",
    "blocked_until",
)


def _schedule(
    staff: list[Trainer],
    clients: dict[uuid.UUID, list[uuid.UUID]],
    pt: Service,
    hiit: Service,
    rooms: list[Room],
    location_id: uuid.UUID,
    total: int,
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Appointments spread evenly over a year back and a year ahead; each 1:1 booked, each class part-full."""
    per_trainer = total // len(staff)
    days = -(-per_trainer // len(SLOT_HOURS))
    first_day = datetime.now(UTC).date() - timedelta(days=days // 2)
    now = datetime.now(UTC)
    appointments: list[tuple[Any, ...]] = []
    bookings: list[tuple[Any, ...]] = []
    for t, trainer in enumerate(staff):
        mine = clients[trainer.id]
        for k in range(per_trainer):
            day, slot = divmod(k, len(SLOT_HOURS))
            hour = SLOT_HOURS[slot]
            start = datetime.combine(first_day + timedelta(days=day), datetime.min.time(), UTC) + timedelta(hours=hour)
            group = hour == 17
            service = hiit if group else pt
            end = start + timedelta(minutes=service.duration_minutes)
            appointment_id = uuid.uuid4()
            appointments.append(
                (
                    appointment_id,
                    now,
                    now,
                    service.id,
                    service.kind.value,
                    trainer.id,
                    location_id,
                    rooms[t].id if group else None,
                    service.name,
                    start,
                    end,
                    end,
                    12 if group else 1,
                    "scheduled",
                    False,
                )
            )
            seated = mine[(day * 3) % CLIENTS_PER_TRAINER :][:CLASS_BOOKINGS] if group else [mine[k % len(mine)]]
            status = "attended" if start < now else "booked"
            bookings.extend(
                (uuid.uuid4(), now, now, appointment_id, client_id, status, start, end) for client_id in seated
            )
    return appointments, bookings


def build(url: str, *, trainers: int, total: int) -> None:
    print(f"building {total} appointments for {trainers} trainers in {make_url(url).database} …", flush=True)
    started = time.perf_counter()
    _recreate_database(url)
    app = create_app(_settings(url, statement_timeout_ms=0))  # COPY into gist-indexed tables takes a while
    database = app.extensions["fitnesscrm"].database
    with database.session() as session:
        staff, clients, pt, hiit, rooms = _people(session, trainers)
        session.flush()
        location_id = rooms[0].location_id
        hashed = passwords.hash_password(PASSWORD)
        session.add_all(
            [
                User(email="admin@bench.example.com", full_name="Bench Admin", role=Role.ADMIN, password_hash=hashed),
                User(
                    email=staff[0].email,
                    full_name="Trainer No00",
                    role=Role.TRAINER,
                    password_hash=hashed,
                    trainer_id=staff[0].id,
                ),
            ]
        )
        appointments, bookings = _schedule(staff, clients, pt, hiit, rooms, location_id, total)
    raw = database.engine.raw_connection()
    try:
        driver = raw.driver_connection
        _copy(driver, "appointments", APPOINTMENT_COLUMNS, iter(appointments))
        _copy(driver, "bookings", BOOKING_COLUMNS, iter(bookings))
        raw.commit()
    finally:
        raw.close()
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    print(
        f"built {len(appointments)} appointments and {len(bookings)} bookings in {time.perf_counter() - started:.0f} s",
        flush=True,
    )


# --- measuring -----------------------------------------------------------------------------------


def _settings(url: str, *, statement_timeout_ms: int = 15000) -> Settings:
    return Settings(
        env="test",
        database_url=url,
        redis_url=None,
        log_level="WARNING",
        db_statement_timeout_ms=statement_timeout_ms,
        secret_key="bench-secret-key-that-is-long-enough-0123456789",  # noqa: S106
        default_rate_limit="1000000 per minute",
        base_url="http://localhost",
    )


def _dataset(app: Any) -> Dataset:
    with app.extensions["fitnesscrm"].database.session() as session:
        trainer = session.scalar(select(User).where(User.role == Role.TRAINER))
        count = session.scalar(text("SELECT count(*) FROM appointments"))
        assert trainer is not None
        assert trainer.trainer_id is not None
        return Dataset("admin@bench.example.com", trainer.email, trainer.trainer_id, int(count or 0))


def _complete(app: Any, appointments: int) -> bool:
    """An interrupted build leaves rows behind; only a dataset with every appointment and booking is reused."""
    with app.extensions["fitnesscrm"].database.session() as session:
        found = session.scalar(text("SELECT count(*) FROM appointments")) or 0
        booked = session.scalar(text("SELECT count(*) FROM bookings")) or 0
    return found >= appointments - appointments % 100 and booked >= found


def _signed_in(app: Any, email: str) -> Any:
    client = app.test_client()
    response = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.get_json()
    return client


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _explain(app: Any, statement: str, parameters: Any) -> str:
    with app.extensions["fitnesscrm"].database.engine.connect() as conn:
        cursor = conn.connection.driver_connection.cursor()
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
        return "\n".join(row[0] for row in cursor.fetchall())


@dataclass
class Scenario:
    name: str
    client: Any
    url: str
    expect_index: str | None = None  # the calendar query's plan must use it
    timings: list[float] = field(default_factory=list)


def _time(client: Any, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.get_json()
    return elapsed


def run(app: Any, scenarios: list[Scenario], reps: int) -> list[dict[str, Any]]:
    """Time every scenario ``reps`` times, interleaved, so a noisy neighbour slows them all alike."""
    for scenario in scenarios:
        for _ in range(3):  # warm the pool, the caches and psycopg's prepared statements
            _time(scenario.client, scenario.url)
    for _ in range(reps):
        for scenario in scenarios:
            scenario.timings.append(_time(scenario.client, scenario.url))
    results = []
    for scenario in scenarios:
        with recording(app.extensions["fitnesscrm"].database.engine) as statements:
            response = scenario.client.get(scenario.url)
        body = response.get_json()
        calendar_sql = next(((s, p) for s, p in statements if "FROM appointments" in s), None)
        plan = _explain(app, *calendar_sql) if calendar_sql else ""
        results.append(
            {
                "scenario": scenario.name,
                "events": len(body["events"]) if "events" in body else "-",
                "queries": len(statements),
                "bytes": len(response.get_data()),
                "p50_ms": statistics.median(scenario.timings),
                "p95_ms": _percentile(scenario.timings, 0.95),
                "max_ms": max(scenario.timings),
                "plan": plan,
                "index_ok": scenario.expect_index is None or scenario.expect_index in plan,
            }
        )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--trainers", type=int, default=50)
    parser.add_argument("--appointments", type=int, default=200_000)
    parser.add_argument("--reps", type=int, default=100)
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the dataset")
    parser.add_argument("--explain", action="store_true", help="print the query plans")
    args = parser.parse_args()

    parsed = make_url(args.database_url)
    admin_dsn = parsed.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (parsed.database,)).fetchone()
    app = create_app(_settings(args.database_url))
    complete = exists and _complete(app, args.appointments)
    if args.rebuild or not complete:
        build(args.database_url, trainers=args.trainers, total=args.appointments)
    data = _dataset(app)
    today = datetime.now(UTC).date()
    monday = today + timedelta(days=7 - today.weekday())
    week = (
        datetime.combine(monday, datetime.min.time(), UTC),
        datetime.combine(monday, datetime.min.time(), UTC) + timedelta(days=7),
    )
    day = (week[0] + timedelta(days=2), week[0] + timedelta(days=3))
    month = (week[0], week[0] + timedelta(days=31))

    def url(span: tuple[datetime, datetime], trainer: uuid.UUID | None = None) -> str:
        query = f"from={span[0].isoformat().replace('+00:00', 'Z')}&to={span[1].isoformat().replace('+00:00', 'Z')}"
        return f"/api/v1/calendar?{query}" + (f"&trainer_id={trainer}" if trainer else "")

    trainer_client, admin_client = _signed_in(app, data.trainer_email), _signed_in(app, data.admin_email)
    scenarios = [
        Scenario("baseline: GET /healthz", app.test_client(), "/healthz"),
        Scenario("baseline: GET /api/v1/auth/me", trainer_client, "/api/v1/auth/me"),
        Scenario("trainer: own week", trainer_client, url(week), "ix_appointments_trainer_starts_at"),
        Scenario("admin: all trainers, one day", admin_client, url(day), "ix_appointments_starts_at"),
        Scenario(
            "admin: one trainer, 31 days",
            admin_client,
            url(month, data.trainer_id),
            "ix_appointments_trainer_starts_at",
        ),
    ]
    results = run(app, scenarios, args.reps)
    print(f"\ndataset: {data.appointments} appointments; {args.reps} requests per scenario, interleaved\n")
    print(f"{'scenario':32} {'events':>6} {'queries':>7} {'bytes':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  index")
    for r in results:
        print(
            f"{r['scenario']:32} {r['events']:>6} {r['queries']:>7} {r['bytes']:>8} {r['p50_ms']:>8.2f} "
            f"{r['p95_ms']:>8.2f} "
            f"{r['max_ms']:>8.2f}  {'ok' if r['index_ok'] else 'NOT USED'}"
        )
    for r in results:
        if r["plan"] and (args.explain or not r["index_ok"]):
            print(f"\nEXPLAIN {r['scenario']}:\n{r['plan']}")
    return 0 if all(r["index_ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
