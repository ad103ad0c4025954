"""One production-like stack (ops/stack.py: nginx → 2 gunicorn → own PostgreSQL + Redis, Celery) for the
reliability tests, on free loopback ports under a tmp dir; an admin's API token drives the load."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from ops.stack import PROJECT, Ports, Stack, StackError, find_binaries, wait_until

from ..conftest import _unavailable
from .load import Connection

ADMIN_EMAIL = "ops-admin@example.com"
ADMIN_PASSWORD = "reliability-Admin-passw0rd!"


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [int(sock.getsockname()[1]) for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


@dataclass
class LiveStack:
    stack: Stack
    token: str

    def connection(self, *, token: bool = True) -> Connection:
        return Connection(self.stack, token=self.token if token else None)

    def rows_by_marker(self, markers: list[str]) -> dict[str, int]:
        """How many clients each load marker (unique last name) created, read straight from PostgreSQL."""
        with psycopg.connect(f"{self.stack.superuser_dsn.replace('dbname=postgres', 'dbname=fitnesscrm')}") as conn:
            rows = conn.execute(
                "SELECT last_name, count(*) FROM clients WHERE last_name = ANY(%s) GROUP BY 1", (markers,)
            ).fetchall()
        return {name: count for name, count in rows}

    def ensure_all_up(self) -> None:
        """Restore whatever a test stopped, so the next test starts from a whole stack."""
        self.stack.start_postgres()
        self.stack.start_pgbouncer()
        self.stack.start_redis()
        for index in range(len(self.stack.ports.apps)):
            self.stack.start_app(index)
        self.stack.reload_nginx()
        wait_until(
            lambda: self.stack.probe(self.stack.ports.https, "/readyz", tls=True)[0] == 200, 30, "the stack to be ready"
        )


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveStack]:
    try:
        find_binaries()
    except StackError as exc:
        _unavailable("local stack", str(exc))
    if not (PROJECT / "frontend" / "dist" / "index.html").exists():
        _unavailable("local stack", "frontend/dist is not built; run `make build`")
    https, http, app1, app2, postgres, redis, worker_metrics, bouncer = _free_ports(8)
    # The default per-address API limit (600/min) is below what the load sends from one address; the nginx
    # zones stay as shipped (20 r/s per address for the API, which the load stays under).
    ports = Ports(https, http, (app1, app2), postgres, redis, worker_metrics, bouncer)
    stack = Stack(
        Path(tmp_path_factory.mktemp("stack")),
        ports,
        drain_seconds=2.0,
        extra_env={"FITNESSCRM_DEFAULT_RATE_LIMIT": "100000 per minute"},
    )
    try:
        stack.up(demo=False)
        stack.cli("users", "create-admin", "--email", ADMIN_EMAIL, env={"FITNESSCRM_ADMIN_PASSWORD": ADMIN_PASSWORD})
        yield LiveStack(stack, _api_token(stack))
    finally:
        stack.down()
        if not stack.pg_home.is_relative_to(stack.root):  # under root it lives in /tmp, outside pytest's tmp dir
            shutil.rmtree(stack.pg_home, ignore_errors=True)


def _api_token(stack: Stack) -> str:
    conn = Connection(stack)
    status, headers, body = conn.request(
        "POST", "/api/v1/auth/login", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
    )
    assert status == 200, body
    # The session cookie (a sign-in also sets the known-device cookie).
    cookie = next(c.split(";")[0] for c in headers["set-cookie"].split("\n") if "fcrm_session=" in c.split(";")[0])
    status, _, body = conn.request(
        "POST",
        "/api/v1/auth/tokens",
        {"name": "reliability load", "scopes": ["read", "write"]},
        headers={"Cookie": cookie, "X-CSRF-Token": body["csrf_token"]},
    )
    assert status == 201, body
    conn.close()
    return str(body["token"])
