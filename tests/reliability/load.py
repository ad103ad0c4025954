"""A small, bounded load generator for the reliability tests: a few threads, each with its own keepalive
HTTPS connection to nginx on loopback, alternating reads and writes at a fixed pace."""

from __future__ import annotations

import http.client
import json
import ssl
import statistics
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ops.stack import Stack


@dataclass(frozen=True)
class Result:
    method: str
    status: int  # 0: no HTTP answer (connection error or timeout)
    seconds: float
    started: float  # time.monotonic() when sent
    content_type: str = ""
    body: Any = None
    marker: str | None = None  # the unique last name a POST created


# The server closed an idle keepalive connection just as the request went out: nothing was read or processed.
CLOSED_WHILE_IDLE = (
    http.client.RemoteDisconnected,
    ConnectionResetError,
    BrokenPipeError,
    ssl.SSLEOFError,
    ssl.SSLZeroReturnError,
)


class Connection:
    """One keepalive HTTPS connection to the stack's nginx (HTTP/1.1); reconnects after an error.

    Like browsers, it re-sends a request once when a *reused* connection turns out to have been closed before
    any answer (RFC 9112 §9.3.1: a server may close an idle connection at any time; nginx does on every
    reload). The request never reached the app, so re-sending is safe even for a POST; the tests check that
    no POST ran twice, and count these retries."""

    def __init__(self, stack: Stack, *, token: str | None = None, timeout: float = 15) -> None:
        self.stack, self.token, self.timeout = stack, token, timeout
        self.context = ssl.create_default_context(cafile=str(stack.ca_file))
        self.conn: http.client.HTTPSConnection | None = None
        self.reused = self.reused_before_failure = False
        self.retries = 0

    def request(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], Any]:
        try:
            return self._request_once(method, path, body, headers)
        except CLOSED_WHILE_IDLE:
            if not self.reused_before_failure:
                raise
            self.retries += 1
            return self._request_once(method, path, body, headers)

    def _request_once(
        self, method: str, path: str, body: Any, headers: dict[str, str] | None
    ) -> tuple[int, dict[str, str], Any]:
        self.reused_before_failure = self.conn is not None and self.reused
        if self.conn is None:
            self.conn = http.client.HTTPSConnection(
                "localhost", self.stack.ports.https, context=self.context, timeout=self.timeout
            )
            self.reused = False
        sent = {"Accept": "application/json", **(headers or {})}
        if self.token:
            sent["Authorization"] = f"Bearer {self.token}"
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        try:
            self.conn.request(method, path, body=payload, headers=sent)
            response = self.conn.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        self.reused = True
        answer_headers: dict[str, str] = {}
        for key, value in response.getheaders():  # repeated headers (Set-Cookie) one per line
            answer_headers[key.lower()] = "\n".join(filter(None, (answer_headers.get(key.lower()), value)))
        if answer_headers.get("connection", "").lower() == "close":
            self.close()
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:  # not JSON (HTML, compressed bytes): the raw body
            parsed = raw
        return response.status, answer_headers, parsed

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def read_clients(conn: Connection) -> Result:
    return _timed(conn, "GET", "/api/v1/clients?limit=5")


def create_client(conn: Connection) -> Result:
    marker = f"load-{uuid.uuid4().hex}"
    return _timed(conn, "POST", "/api/v1/clients", {"first_name": "Load", "last_name": marker}, marker=marker)


def _timed(conn: Connection, method: str, path: str, body: Any = None, marker: str | None = None) -> Result:
    started = time.monotonic()
    try:
        status, headers, parsed = conn.request(method, path, body)
    except (OSError, http.client.HTTPException) as exc:
        return Result(method, 0, time.monotonic() - started, started, body=repr(exc), marker=marker)
    return Result(method, status, time.monotonic() - started, started, headers.get("content-type", ""), parsed, marker)


@dataclass
class Load:
    """`threads` loops, each sending one request every `pace` seconds, cycling through `steps`; stops at
    stop() or after `max_requests` in all. Every result is kept."""

    stack: Stack
    token: str
    steps: tuple[Callable[[Connection], Result], ...] = (read_clients, create_client)
    threads: int = 3
    pace: float = 0.2
    max_requests: int = 3000
    results: list[Result] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._connections: list[Connection] = []
        self._workers = [threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(self.threads)]

    def _run(self, number: int) -> None:
        conn = Connection(self.stack, token=self.token)
        self._connections.append(conn)
        step = number  # threads start on different steps, so reads and writes interleave from the start
        try:
            while not self._stop.is_set():
                with self._lock:
                    if len(self.results) >= self.max_requests:
                        return
                result = self.steps[step % len(self.steps)](conn)
                step += 1
                with self._lock:
                    self.results.append(result)
                self._stop.wait(max(0.0, self.pace - result.seconds))
        finally:
            conn.close()

    def __enter__(self) -> Load:
        for worker in self._workers:
            worker.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        for worker in self._workers:
            worker.join(timeout=30)

    def summary(self, label: str) -> str:
        """One line of figures, printed by each test (pytest -s shows them; CI logs keep them)."""
        latencies = sorted(result.seconds * 1000 for result in self.results) or [0.0]
        by_status: dict[int, int] = {}
        for result in self.results:
            by_status[result.status] = by_status.get(result.status, 0) + 1
        p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
        retries = sum(conn.retries for conn in self._connections)
        return (
            f"[{label}] requests={len(self.results)} statuses={dict(sorted(by_status.items()))} "
            f"p50={statistics.median(latencies):.1f}ms p95={p95:.1f}ms max={latencies[-1]:.1f}ms "
            f"re-sent after an idle keepalive close={retries}"
        )
