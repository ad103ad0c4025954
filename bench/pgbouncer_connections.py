"""PostgreSQL connections as app instances scale, with and without PgBouncer (transaction mode).

    .venv/bin/python bench/pgbouncer_connections.py [--seconds 15] [--clients 24] [--workers 2]

Runs the local stack's parts (ops/stack.py: own PostgreSQL, PgBouncer, Redis; no nginx, Celery or demo data)
under var/bench-pool/ on `make stack`'s ports (stop `make stack` first), then for each mode — app → PgBouncer →
PostgreSQL, and app → PostgreSQL directly — starts 1, then 3 app instances of --workers gunicorn workers and
sends --clients concurrent GET /api/v1/clients requests (Bearer token) round-robin to them for --seconds.
Meanwhile it samples pg_stat_activity (client backends of the `fitnesscrm` database) every 0.2 s and prints
the maximum and median count, with PgBouncer's client connections beside them. docs/deployment.md,
"Connection pooling", records a run.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import threading
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from ops.stack import PROJECT, Ports, Stack, StackError, wait_until

ADMIN_EMAIL = "bench-pool@example.com"
ADMIN_PASSWORD = "bench-pool-Admin-passw0rd!"  # noqa: S105 - a throw-away local account


def _request(
    port: int, method: str, path: str, body: dict[str, object] | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], dict[str, object]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(
            method,
            path,
            body=json.dumps(body) if body is not None else None,
            headers={"Content-Type": "application/json", **(headers or {})},
        )
        response = conn.getresponse()
        raw = response.read()
        cookies = [v.split(";")[0] for k, v in response.getheaders() if k.lower() == "set-cookie"]
        headers = {k.lower(): v for k, v in response.getheaders()}
        headers["set-cookie"] = next((c for c in cookies if "fcrm_session=" in c), "")  # not the known-device one
        return response.status, headers, json.loads(raw or b"{}")
    finally:
        conn.close()


def _token(port: int) -> str:
    status, headers, body = _request(
        port, "POST", "/api/v1/auth/login", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
    )
    assert status == 200, body
    cookie = headers["set-cookie"].split(";")[0]
    status, _, body = _request(
        port,
        "POST",
        "/api/v1/auth/tokens",
        {"name": "bench", "scopes": ["read"]},
        headers={"Cookie": cookie, "X-CSRF-Token": str(body["csrf_token"])},
    )
    assert status == 201, body
    return str(body["token"])


def _server_connections(stack: Stack) -> int:
    with psycopg.connect(stack.superuser_dsn) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = 'fitnesscrm' AND backend_type = 'client backend'"
        ).fetchone()
    return int(row[0]) if row else 0


def _pgbouncer_clients(stack: Stack) -> int | None:
    try:
        with psycopg.connect(
            host="127.0.0.1",
            port=stack.ports.pgbouncer,
            user="fitnesscrm",
            password=stack.db_password,
            dbname="pgbouncer",
            autocommit=True,
        ) as conn:
            cursor = conn.execute("SHOW POOLS")
            names = [c.name for c in cursor.description or []]
            for row in cursor.fetchall():
                pool = dict(zip(names, row, strict=True))
                if pool["database"] == "fitnesscrm":
                    return int(pool["cl_active"]) + int(pool["cl_waiting"])
    except psycopg.Error:
        return None
    return None


def _measure(stack: Stack, instances: int, token: str, seconds: float, clients: int) -> dict[str, object]:
    for index in range(instances):
        stack.start_app(index, wait=False)
    wait_until(lambda: all(stack.app_ready(i) for i in range(instances)), 120, "the app instances")
    stop = threading.Event()
    done: list[int] = []
    samples: list[int] = []
    bouncer_clients: list[int] = []

    def client(n: int) -> None:
        count = 0
        while not stop.is_set():
            port = stack.ports.apps[(n + count) % instances]
            status, _, _ = _request(
                port, "GET", "/api/v1/clients?limit=50", headers={"Authorization": f"Bearer {token}"}
            )
            assert status == 200, status
            count += 1
        done.append(count)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        samples.append(_server_connections(stack))
        if (seen := _pgbouncer_clients(stack)) is not None:
            bouncer_clients.append(seen)
        time.sleep(0.2)
    stop.set()
    for thread in threads:
        thread.join()
    for index in range(instances):
        stack.stop_app(index)
    return {
        "instances": instances,
        "requests": sum(done),
        "pg_max": max(samples),
        "pg_median": statistics.median(samples),
        "bouncer_clients_max": max(bouncer_clients, default=None),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=24)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    stack = Stack(
        PROJECT / "var" / "bench-pool",
        Ports(apps=(18001, 18002, 18003)),
        web_workers=args.workers,
        extra_env={"FITNESSCRM_DEFAULT_RATE_LIMIT": "1000000 per minute"},
    )
    rows = []
    try:
        stack.start_postgres()
        stack._create_database()  # the stack's own step, without the rest of `up`
        stack.start_pgbouncer()
        stack.start_redis()
        stack.cli("db", "upgrade")
        try:
            stack.cli(
                "users", "create-admin", "--email", ADMIN_EMAIL, env={"FITNESSCRM_ADMIN_PASSWORD": ADMIN_PASSWORD}
            )
        except StackError as exc:
            if "already exists" not in str(exc):  # a run before this one made it
                raise
        for mode in ("pgbouncer", "direct"):
            if mode == "direct":
                stack.stop_pgbouncer()  # its server connections would count against the direct mode
                stack.extra_env.update(
                    {"FITNESSCRM_DATABASE_URL": stack.direct_database_url, "FITNESSCRM_DB_TRANSACTION_POOLING": "false"}
                )
            stack.start_app(0)
            token = _token(stack.ports.apps[0])
            stack.stop_app(0)
            for instances in (1, 3):
                row = _measure(stack, instances, token, args.seconds, args.clients)
                rows.append({"mode": mode, **row})
                print(json.dumps(rows[-1]), flush=True)
    finally:
        for index in range(len(stack.ports.apps)):
            stack.stop_app(index)
        stack.stop_redis()
        stack.stop_pgbouncer()
        stack.stop_postgres()
    print(
        f"\n{args.workers} gunicorn workers x 4 threads per instance, {args.clients} concurrent clients, "
        f"{args.seconds:.0f} s per row; PgBouncer default_pool_size {stack.pool_size}"
    )
    print(
        f"{'path':12} {'instances':>9} {'requests':>9} {'PG conns max':>13} {'PG conns median':>16}"
        f" {'PgBouncer clients max':>22}"
    )
    for row in rows:
        print(
            f"{row['mode']:12} {row['instances']:>9} {row['requests']:>9} {row['pg_max']:>13}"
            f" {row['pg_median']:>16} {row['bouncer_clients_max'] if row['mode'] == 'pgbouncer' else '-':>22}"
        )


if __name__ == "__main__":
    main()
