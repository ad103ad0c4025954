"""Benchmark GET /api/v1/clients/{id}/progress for a client with three years of daily logs.

    .venv/bin/python bench/progress_bench.py                 # build the dataset once, then measure
    .venv/bin/python bench/progress_bench.py --reps 200      # measure again (the dataset is reused)
    .venv/bin/python bench/progress_bench.py --rebuild       # drop and rebuild the dataset

The dataset lives in its own PostgreSQL database (default ``fitnesscrm_bench_progress``): the measured client
and ``--other-clients`` (default 20) more with the same history, so the indexes have to do their job: per
client, 3 years of daily body weight (+ weekly body fat and waist), one workout a day with 15 completed sets
(5 exercises x 3 sets), monthly estimated-1RM records and two goals. Measurement values are encrypted with the
app's key ring exactly as the API stores them, then loaded with COPY.

Requests go through the Flask test client of the real app, so "server time" is the whole WSGI request
(routing, session lookup, queries, decryption of every measurement in range, aggregation, serialisation,
the audit record) without network. Each scenario reports p50/p95/max over N repetitions and the number of
SQL statements per request.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import psycopg
from sqlalchemy import event, select, text
from sqlalchemy.engine import make_url

from fitnesscrm.accounts import passwords
from fitnesscrm.accounts.models import User
from fitnesscrm.app import create_app
from fitnesscrm.clients.models import Client, ClientStatus
from fitnesscrm.core.actor import Role
from fitnesscrm.core.crypto import active_ring
from fitnesscrm.progress.metrics.service import sync_builtin_metrics
from fitnesscrm.progress.models import Goal, GoalDirection, MetricDefinition
from fitnesscrm.settings import Settings
from fitnesscrm.training.models import Difficulty, Exercise, ExerciseCategory, Mechanics, Tracking

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/fitnesscrm_bench_progress"
PASSWORD = "bench-password-not-secret-42"  # noqa: S105 - a throwaway account in a throwaway database
ADMIN_EMAIL = "admin@progress-bench.example.com"
DAYS = 3 * 365
EXERCISES = ("Back squat", "Bench press", "Deadlift", "Overhead press", "Barbell row")
SETS_PER_EXERCISE = 3

MEASUREMENT_COLUMNS = (
    "id",
    "client_id",
    "metric_id",
    "measured_at",
    "value",
    "entered_value",
    "entered_unit",
    "notes",
    "recorded_by_id",
    "created_at",
    "updated_at",
)
WORKOUT_COLUMNS = (
    "id",
    "client_id",
    "title",
    "performed_on",
    "status",
    "completed_at",
    "planned",
    "created_at",
    "updated_at",
)
SET_COLUMNS = (
    "id",
    "workout_log_id",
    "client_id",
    "exercise_id",
    "position",
    "set_number",
    "reps",
    "load_kg",
    "load_unit",
    "completed",
    "performed_at",
)
RECORD_COLUMNS = ("id", "client_id", "exercise_id", "kind", "value", "previous_value", "set_log_id", "achieved_at")


def _settings(url: str) -> Settings:
    return Settings(
        env="test",
        database_url=url,
        redis_url=None,
        log_level="WARNING",
        secret_key="progress-bench-secret-key-0123456789abcdef",  # noqa: S106 - throwaway
        default_rate_limit="1000000 per minute",
    )


def _recreate_database(url: str) -> None:
    parsed = make_url(url)
    admin = parsed.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{parsed.database}"')
    from alembic import command

    from fitnesscrm.migrations import alembic_config

    command.upgrade(alembic_config(url), "head")


def _copy(conn: Any, table: str, columns: tuple[str, ...], rows: Iterator[tuple[Any, ...]]) -> None:
    with conn.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _history(
    client_id: uuid.UUID, metrics: dict[str, uuid.UUID], exercises: list[uuid.UUID], first: date, n: int
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    ring = active_ring()
    measurements, workouts, sets, records = [], [], [], []
    for d in range(DAYS):
        day = first + timedelta(days=d)
        at = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=7)
        kg = f"{92 - d * 0.008 + (d * 7919 % 13) / 10:.1f}"  # a slow downward trend with daily noise
        daily = [("body_weight", kg, "kg")]
        if d % 7 == 0:
            daily += [("body_fat", f"{24 - d * 0.005:.1f}", "%"), ("waist", f"{94 - d * 0.006:.1f}", "cm")]
        for key, value, unit in daily:
            token = ring.encrypt(value)
            measurements.append(
                (uuid.uuid4(), client_id, metrics[key], at, token, ring.encrypt(value), unit, None, None, at, at)
            )
        workout_id = uuid.uuid4()
        done = at + timedelta(hours=11)
        workouts.append((workout_id, client_id, "Full body", day, "completed", done, "[]", done, done))
        for position, exercise_id in enumerate(exercises, start=1):
            load = 40 + position * 10 + d * 0.03
            for set_number in range(1, SETS_PER_EXERCISE + 1):
                set_id = uuid.uuid4()
                sets.append(
                    (
                        set_id,
                        workout_id,
                        client_id,
                        exercise_id,
                        position,
                        set_number,
                        5,
                        round(load, 1),
                        "kg",
                        True,
                        done,
                    )
                )
                if position == 1 and set_number == 1 and d % 30 == 0:
                    records.append(
                        (
                            uuid.uuid4(),
                            client_id,
                            exercise_id,
                            "estimated_1rm",
                            round(load * 7 / 6, 1),
                            None,
                            set_id,
                            done,
                        )
                    )
    return measurements, workouts, sets, records


def build(url: str, *, other_clients: int) -> None:
    started = time.perf_counter()
    _recreate_database(url)
    app = create_app(_settings(url))
    database = app.extensions["fitnesscrm"].database
    first = datetime.now(UTC).date() - timedelta(days=DAYS - 1)
    with database.session() as s:
        s.add(
            User(
                email=ADMIN_EMAIL,
                full_name="Bench Admin",
                role=Role.ADMIN,
                password_hash=passwords.hash_password(PASSWORD),
            )
        )
        sync_builtin_metrics(s)
        s.flush()
        metrics = {m.key: m.id for m in s.scalars(select(MetricDefinition))}
        exercises = [
            Exercise(
                name=name,
                category=ExerciseCategory.STRENGTH,
                difficulty=Difficulty.INTERMEDIATE,
                mechanics=Mechanics.COMPOUND,
                tracking=Tracking.LOAD_REPS,
                search_text=name.lower(),
            )
            for name in EXERCISES
        ]
        clients = [
            Client(
                first_name="Bench",
                last_name=f"Client{n:03d}",
                sort_name=f"client{n:03d} bench",
                status=ClientStatus.ACTIVE,
            )
            for n in range(other_clients + 1)
        ]
        s.add_all(exercises + clients)
        s.flush()
        exercise_ids = [e.id for e in exercises]
        for client in clients:
            s.add(
                Goal(
                    client_id=client.id,
                    title="Lose weight",
                    metric_id=metrics["body_weight"],
                    direction=GoalDirection.DECREASE,
                    start_value=92,
                    target_value=80,
                    display_unit="kg",
                    start_date=first,
                    milestones=[{"value": 86, "label": "Halfway"}],
                )
            )
            s.add(
                Goal(
                    client_id=client.id,
                    title="Squat 140",
                    exercise_id=exercise_ids[0],
                    direction=GoalDirection.INCREASE,
                    start_value=60,
                    target_value=140,
                    display_unit="kg",
                    start_date=first,
                )
            )
        client_ids = [c.id for c in clients]
    with psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)) as conn:
        for client_id in client_ids:
            measurements, workouts, sets, records = _history(client_id, metrics, exercise_ids, first, DAYS)
            _copy(conn, "measurements", MEASUREMENT_COLUMNS, iter(measurements))
            _copy(conn, "workout_logs", WORKOUT_COLUMNS, iter(workouts))
            _copy(conn, "set_logs", SET_COLUMNS, iter(sets))
            _copy(conn, "personal_records", RECORD_COLUMNS, iter(records))
        conn.commit()
        conn.execute("ANALYZE")
    print(
        f"built {len(client_ids)} clients x {DAYS} days ({len(client_ids) * DAYS * 15:,} sets) "
        f"in {time.perf_counter() - started:.0f} s",
        flush=True,
    )


def _measured_client(app: Any) -> uuid.UUID | None:
    with app.extensions["fitnesscrm"].database.session() as s:
        try:
            return s.scalar(select(Client.id).where(Client.last_name == "Client000"))
        except Exception:  # a database from another schema version: rebuild
            return None


@contextmanager
def _recording(app: Any) -> Iterator[list[str]]:
    engine = app.extensions["fitnesscrm"].database.engine
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run(app: Any, client_id: uuid.UUID, reps: int) -> list[dict[str, Any]]:
    http = app.test_client()
    assert http.post("/api/v1/auth/login", json={"email": ADMIN_EMAIL, "password": PASSWORD}).status_code == 200
    today = datetime.now(UTC).date()
    base = f"/api/v1/clients/{client_id}/progress"
    scenarios = [
        # The same app's plain client detail, measured in the same run: a yardstick for this machine's load.
        ("baseline: GET /clients/{id}", f"/api/v1/clients/{client_id}"),
        ("1 year, weekly, all metrics", f"{base}?from={today - timedelta(days=364)}&to={today}&bucket=week"),
        (
            "1 year, daily, body weight",
            f"{base}?from={today - timedelta(days=364)}&to={today}&bucket=day&metrics=body_weight",
        ),
        ("3 years, weekly, all metrics", f"{base}?from={today - timedelta(days=DAYS - 1)}&to={today}&bucket=week"),
        ("3 years, daily, all metrics", f"{base}?from={today - timedelta(days=DAYS - 1)}&to={today}&bucket=day"),
        ("3 years, monthly, all metrics", f"{base}?from={today - timedelta(days=DAYS - 1)}&to={today}&bucket=month"),
    ]
    results = []
    for name, url in scenarios:
        for _ in range(3):  # warm the pool, caches and prepared statements
            assert http.get(url).status_code == 200
        timings = []
        for _ in range(reps):
            started = time.perf_counter()
            response = http.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.get_json()
        with _recording(app) as statements:
            body = http.get(url).get_json()
        points = sum(len(m["points"]) for m in body.get("metrics", []))
        training = len(body["training"]["points"]) if "training" in body else 0
        results.append(
            {
                "scenario": name,
                "queries": len(statements),
                "metric_points": points,
                "training_points": training,
                "p50_ms": statistics.median(timings),
                "p95_ms": _percentile(timings, 0.95),
                "max_ms": max(timings),
            }
        )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--other-clients", type=int, default=20)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    app = create_app(_settings(args.database_url))
    client_id = None if args.rebuild else _reuse(app)
    if client_id is None:
        build(args.database_url, other_clients=args.other_clients)
        app = create_app(_settings(args.database_url))
        client_id = _measured_client(app)
    assert client_id is not None
    with app.extensions["fitnesscrm"].database.session() as s:
        counts = {t: s.scalar(text(f"SELECT count(*) FROM {t}")) for t in ("measurements", "workout_logs", "set_logs")}  # noqa: S608
    print(
        f"dataset: {counts}; measured client {client_id}; {args.reps} repetitions per scenario; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(f"{'scenario':34} {'queries':>7} {'points':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for r in run(app, client_id, args.reps):
        print(
            f"{r['scenario']:34} {r['queries']:>7} {r['metric_points'] + r['training_points']:>7} "
            f"{r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['max_ms']:>8.1f}"
        )
    return 0


def _reuse(app: Any) -> uuid.UUID | None:
    try:
        return _measured_client(app)
    except Exception:  # no such database yet
        return None


if __name__ == "__main__":
    sys.exit(main())
