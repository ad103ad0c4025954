"""Benchmark client search (`GET /api/v1/clients?q=`) at 10,000 and 100,000 clients: does it scale?

    .venv/bin/python bench/search_bench.py                 # build both datasets once, then measure
    .venv/bin/python bench/search_bench.py --reps 300      # measure again (the datasets are reused)
    .venv/bin/python bench/search_bench.py --rebuild       # drop and rebuild them

Two PostgreSQL databases (``<prefix>_10k`` and ``<prefix>_100k``, migrated with Alembic) are filled with COPY:
clients with made-up but realistically spread names (70 first names x 1,600 surnames), unique e-mails and UK
mobile numbers, each with the trainer assignment a real client has. One production-configured app per database
runs in this process; every scenario is requested on both, interleaved, through Flask's test client, so a
timing is the whole WSGI request (routing, session lookup, queries, serialisation) without a network. The
result is each scenario's median and the ratio 100k / 10k of the medians; the search statement of each
scenario is run under ``EXPLAIN (ANALYZE, BUFFERS)`` at 100k and must use the expected trigram index.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
from sqlalchemy import text
from sqlalchemy.engine import make_url

from fitnesscrm.accounts import passwords
from fitnesscrm.accounts.models import User
from fitnesscrm.app import create_app
from fitnesscrm.benchdata.explain import recording
from fitnesscrm.core.actor import Role
from fitnesscrm.settings import Settings
from fitnesscrm.staff.models import Trainer

DEFAULT_PREFIX = "postgresql+psycopg://postgres@127.0.0.1:5432/fitnesscrm_bench_search"
SIZES = {"10k": 10_000, "100k": 100_000}
PASSWORD = "bench-password-not-secret-42"  # noqa: S105 - a throwaway account in a throwaway database
ADMIN = "admin@bench.example.com"
SEED = 12
FIRST = (
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Mia",
    "Ivy",
    "Lily",
    "Isabella",
    "Rosie",
    "Sophia",
    "Grace",
    "Freya",
    "Willow",
    "Florence",
    "Emily",
    "Ella",
    "Poppy",
    "Evie",
    "Elsie",
    "Charlotte",
    "Evelyn",
    "Sienna",
    "Sofia",
    "Daisy",
    "Harper",
    "Noah",
    "Oliver",
    "George",
    "Leo",
    "Arthur",
    "Muhammad",
    "Harry",
    "Oscar",
    "Archie",
    "Henry",
    "Theodore",
    "Freddie",
    "Jack",
    "Charlie",
    "Theo",
    "Alfie",
    "Jacob",
    "Thomas",
    "Finley",
    "Arlo",
    "William",
    "Lucas",
    "Roman",
    "Tommy",
    "Isaac",
    "Teddy",
    "Alexander",
    "Luca",
    "Edward",
    "James",
    "Joshua",
    "Albie",
    "Elijah",
    "Max",
    "Mohammed",
    "Reggie",
    "Hugo",
    "Ezra",
    "Ronnie",
    "Louie",
    "Jude",
    "Sebastian",
    "Rory",
    "Ibrahim",
    "Joseph",
)
SURNAME_START = (
    "Ash",
    "Black",
    "Brad",
    "Brook",
    "Bur",
    "Cald",
    "Car",
    "Chad",
    "Clay",
    "Crom",
    "Dal",
    "Dun",
    "East",
    "Ell",
    "Fair",
    "Farn",
    "Gar",
    "Glen",
    "Grim",
    "Hal",
    "Hart",
    "Hol",
    "Kent",
    "Kin",
    "Lang",
    "Lind",
    "Mar",
    "Mel",
    "Mor",
    "Nor",
    "Pem",
    "Quen",
    "Rad",
    "Ros",
    "Sel",
    "Stan",
    "Thorn",
    "Wal",
    "Whit",
    "Wil",
)
SURNAME_END = (
    "bridge",
    "bury",
    "by",
    "combe",
    "cott",
    "croft",
    "dale",
    "don",
    "ell",
    "field",
    "ford",
    "ham",
    "hurst",
    "ington",
    "ley",
    "low",
    "man",
    "mere",
    "more",
    "ney",
    "ridge",
    "ry",
    "shaw",
    "son",
    "stead",
    "stone",
    "strom",
    "ton",
    "ville",
    "wall",
    "ward",
    "well",
    "wick",
    "win",
    "wood",
    "worth",
    "ett",
)


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    email: str
    phone: str


def people(count: int) -> list[Person]:
    """The same first rows whatever ``count``: the 10k dataset is the start of the 100k one."""
    rng = random.Random(SEED)
    surnames = [start + end for start in SURNAME_START for end in SURNAME_END]
    phones = rng.sample(range(1_000_000), 100_000)
    found = []
    for n in range(count):
        first, last = rng.choice(FIRST), rng.choice(surnames)
        found.append(
            Person(first, last, f"{first}.{last}{n}@mail{n % 7}.example.com".lower(), f"+4477009{phones[n]:06d}")
        )
    return found


# --- building ------------------------------------------------------------------------------------


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


def _admin_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)


def _exists(url: str) -> bool:
    with psycopg.connect(_admin_dsn(url), autocommit=True) as conn:
        return (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (make_url(url).database,)).fetchone()
            is not None
        )


def build(url: str, count: int) -> None:
    print(f"building {count} clients in {make_url(url).database} …", flush=True)
    started = time.perf_counter()
    with psycopg.connect(_admin_dsn(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{make_url(url).database}"')
    from alembic import command

    from fitnesscrm.migrations import alembic_config

    command.upgrade(alembic_config(url), "head")
    # No statement timeout: COPY into a table with GIN indexes takes a while.
    database = create_app(_settings(url, statement_timeout_ms=0)).extensions["fitnesscrm"].database
    trainer = Trainer(
        id=uuid.uuid4(),
        first_name="Bench",
        last_name="Trainer",
        sort_name="trainer bench",
        email="trainer@bench.example.com",
        specialities=[],
        certifications=[],
        active=True,
        currency="EUR",
    )
    with database.session() as session:
        session.add(trainer)
        session.add(
            User(email=ADMIN, full_name="Bench Admin", role=Role.ADMIN, password_hash=passwords.hash_password(PASSWORD))
        )
    now = datetime.now(UTC)
    ids = [uuid.uuid4() for _ in range(count)]
    raw = database.engine.raw_connection()
    try:
        cursor = raw.driver_connection.cursor()
        columns = "id, created_at, updated_at, first_name, last_name, sort_name, email, phone, status"
        with cursor.copy(f"COPY clients ({columns}) FROM STDIN") as copy:
            for client_id, p in zip(ids, people(count), strict=True):
                copy.write_row(
                    (client_id, now, now, p.first, p.last, f"{p.last} {p.first}".casefold(), p.email, p.phone, "ACTIVE")
                )  # the enum stores member names
        assignments = "id, client_id, trainer_id, is_primary, created_at"
        with cursor.copy(f"COPY trainer_assignments ({assignments}) FROM STDIN") as copy:
            for client_id in ids:
                copy.write_row((uuid.uuid4(), client_id, trainer.id, True, now))
        raw.commit()
    finally:
        raw.close()
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    database.engine.dispose()
    print(f"built in {time.perf_counter() - started:.0f} s", flush=True)


def _current(app: Any, count: int) -> bool:
    """The dataset is complete and made by this generator (its last client is there)."""
    with app.extensions["fitnesscrm"].database.engine.connect() as conn:
        found = conn.execute(text("SELECT count(*) FROM clients")).scalar_one()
        last = conn.execute(
            text("SELECT 1 FROM clients WHERE email = :email"), {"email": people(count)[-1].email}
        ).first()
    return found == count and last is not None


# --- measuring -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    name: str
    url: str
    expect_index: str | None = None  # the search statement's plan must use it


def scenarios() -> list[Scenario]:
    sample = people(10_000)  # present in both datasets
    surname, email, phone = sample[4242].last, sample[777].email, sample[31].phone[-7:]
    local = email.split("@")[0]
    return [
        Scenario("baseline: GET /healthz", "/healthz"),
        Scenario("clients list, no search", "/api/v1/clients"),
        Scenario(f"surname: q={surname}", f"/api/v1/clients?q={surname}", "ix_clients_sort_name_trgm"),
        Scenario(f"e-mail fragment: q={local[2:-1]}", f"/api/v1/clients?q={local[2:-1]}", "ix_clients_email_trgm"),
        Scenario(
            f"phone digits: q={phone[:3]} {phone[3:]}",
            f"/api/v1/clients?q={phone[:3]}%20{phone[3:]}",
            "ix_clients_phone_trgm",
        ),
        Scenario("common fragment: q=son", "/api/v1/clients?q=son", "ix_clients_sort_name_trgm"),
        Scenario(
            f"two letters: q={surname[:2].lower()}", f"/api/v1/clients?q={surname[:2].lower()}", "ix_clients_sort_name"
        ),
    ]


def _explain(app: Any, statement: str, parameters: Any) -> str:
    with app.extensions["fitnesscrm"].database.engine.connect() as conn:
        cursor = conn.connection.driver_connection.cursor()
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
        return "\n".join(row[0] for row in cursor.fetchall())


def _time(client: Any, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.get_json()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--database-prefix", default=DEFAULT_PREFIX, help="database URL without the _10k / _100k suffix"
    )
    parser.add_argument("--reps", type=int, default=100)
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild both datasets")
    parser.add_argument("--explain", action="store_true", help="print the query plans at 100k")
    args = parser.parse_args()

    apps: dict[str, Any] = {}
    for label, count in SIZES.items():
        url = f"{args.database_prefix}_{label}"
        if args.rebuild or not _exists(url) or not _current(create_app(_settings(url)), count):
            build(url, count)
        apps[label] = create_app(_settings(url))
    clients = {}
    for label, app in apps.items():
        client = app.test_client()
        response = client.post("/api/v1/auth/login", json={"email": ADMIN, "password": PASSWORD})
        assert response.status_code == 200, response.get_json()
        clients[label] = client
    cases = scenarios()
    timings: dict[tuple[str, str], list[float]] = {(c.name, label): [] for c in cases for label in SIZES}
    for case in cases:
        for label in SIZES:
            for _ in range(3):  # warm the pool, the caches and psycopg's prepared statements
                _time(clients[label], case.url)
    for rep in range(args.reps):  # interleaved: a noisy neighbour slows every row alike
        for case in cases:
            for label in list(SIZES)[:: 1 if rep % 2 else -1]:  # neither size always goes first
                timings[(case.name, label)].append(_time(clients[label], case.url))

    print(f"\n{args.reps} requests per scenario and size, interleaved; medians in ms\n")
    print(
        f"{'scenario':44} {'found':>9} {'queries':>7} {'10k ms':>8} {'100k ms':>8} {'100k/10k':>8} "
        f"{'SQL ms 10k/100k':>16}  index at 100k"
    )
    failed = False
    plans = []
    for case in cases:
        found, queries = [], []
        for label in SIZES:
            with recording(apps[label].extensions["fitnesscrm"].database.engine) as statements:
                body = clients[label].get(case.url + ("&" if "?" in case.url else "?") + "limit=100").get_json()
            found.append(str(len(body["items"])) if "items" in body else "-")
            queries.append(len(statements))
        plan, sql_ms = "", []
        if case.expect_index:
            for label in SIZES:
                with recording(apps[label].extensions["fitnesscrm"].database.engine) as statements:
                    clients[label].get(case.url)
                plan = _explain(apps[label], *next(s for s in statements if "FROM clients" in s[0]))
                sql_ms.append(plan.rsplit("Execution Time: ", 1)[1].split()[0])
        index_ok = case.expect_index is None or case.expect_index in plan  # the plan at 100k
        if plan:
            plans.append((case.name, plan, index_ok))
        failed |= not index_ok
        small, large = (statistics.median(timings[(case.name, label)]) for label in SIZES)
        print(
            f"{case.name:44} {'/'.join(found):>9} {'/'.join(map(str, queries)):>7} {small:>8.2f} {large:>8.2f} "
            f"{large / small:>8.2f} {'/'.join(sql_ms) or '-':>16}  {'ok' if index_ok else 'NOT USED'}"
        )
    print(
        "\nfound: rows on the first page of 100 at 10k/100k; queries: SQL statements per request at 10k/100k;\n"
        "SQL ms: the search statement's execution time under EXPLAIN ANALYZE at 10k/100k"
    )
    for name, plan, index_ok in plans:
        if args.explain or not index_ok:
            print(f"\nEXPLAIN {name} (100k):\n{plan}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
