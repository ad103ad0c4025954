"""Operational promises under load, on the local stack (loopback only; each test bounded in time and requests):
a rolling release loses nothing, a crashed instance costs no read and duplicates no write, a database restart
gives 503 problem documents and recovers by itself, and Redis going away degrades nothing users see."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import time

import pytest

from ops import pgbouncer
from ops.stack import wait_until

from .conftest import LiveStack
from .load import Load, Result, read_clients

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


def _acknowledged_markers(results: list[Result]) -> list[str]:
    return [r.marker for r in results if r.method == "POST" and r.status == 201 and r.marker]


def _assert_acknowledged_writes_stored_once(live: LiveStack, results: list[Result]) -> None:
    acknowledged = _acknowledged_markers(results)
    stored = live.rows_by_marker([r.marker for r in results if r.marker])
    assert all(stored.get(marker) == 1 for marker in acknowledged), "an acknowledged POST is missing"
    assert all(count == 1 for count in stored.values()), "a POST was executed twice"


def test_rolling_release_under_load_fails_no_request(live: LiveStack) -> None:
    live.ensure_all_up()
    with Load(live.stack, live.token, max_requests=1500) as load:
        time.sleep(2)  # steady state first
        seconds = live.stack.rollout()
        time.sleep(2)
    print(f"\n{load.summary('rolling release')} rollout={seconds:.1f}s")
    failed = [r for r in load.results if r.status not in (200, 201)]
    assert not failed, failed[:5]
    assert len(_acknowledged_markers(load.results)) >= 10  # writes really went on during the release
    _assert_acknowledged_writes_stored_once(live, load.results)


def test_killed_instance_costs_no_read_and_duplicates_no_write(live: LiveStack) -> None:
    live.ensure_all_up()
    try:
        with Load(live.stack, live.token, max_requests=1000) as load:
            time.sleep(2)
            live.stack.kill_app(0)  # kill -9 of master and workers, mid-traffic
            killed_at = time.monotonic()
            time.sleep(5)
        after_kill = [r for r in load.results if r.started >= killed_at]
        print(f"\n{load.summary('instance killed')} requests after the kill={len(after_kill)}")
        failed_reads = [r for r in load.results if r.method == "GET" and r.status != 200]
        assert not failed_reads, failed_reads[:5]
        assert len([r for r in after_kill if r.method == "GET"]) >= 10
        # A write that was in flight on the killed instance may fail (nginx never re-sends a POST that reached
        # an instance), but none may run twice, and every acknowledged one is stored.
        _assert_acknowledged_writes_stored_once(live, load.results)
    finally:
        live.ensure_all_up()


def test_database_restart_answers_503_problems_and_recovers_within_5_seconds(live: LiveStack) -> None:
    live.ensure_all_up()
    stack = live.stack
    try:
        with Load(live.stack, live.token, max_requests=1500) as load:
            time.sleep(2)
            stack.stop_postgres(mode="fast")
            stopped_at = time.monotonic()
            # PgBouncer keeps a query that was waiting for a server when PostgreSQL went away until the server is
            # back (at most query_wait_timeout) and refuses the ones that come after its first failed attempt to
            # connect. Any load thread may be such a waiting query, and on a loaded machine every one can be (a
            # slow shutdown checkpoint catches them all mid-request); a reader that starts now is answered.
            with Load(live.stack, live.token, steps=(read_clients,), threads=1) as late:
                time.sleep(4)
                # PostgreSQL accepts connections a little before pg_ctl's wait returns: "down" ends when the start
                # begins, or a request answered by the restarted server would count as answered while down.
                restart_at = time.monotonic()
                stack.start_postgres()
                back_at = time.monotonic()
                wait_until(
                    lambda: any(r.started >= back_at and r.status == 200 for r in list(load.results)),
                    15,
                    "a successful read after PostgreSQL returned",
                    interval=0.05,
                )
                time.sleep(2)
        results = [*load.results, *late.results]
        during = [r for r in results if stopped_at <= r.started and r.started + r.seconds <= restart_at]
        recovered_at = min(r.started + r.seconds for r in load.results if r.started >= back_at and r.status == 200)
        recovery = recovered_at - back_at
        print(
            f"\n{load.summary('database restart')} answers while down={len(during)} "
            f"statuses while down={sorted({r.status for r in during})} recovery={recovery:.2f}s "
            f"max latency while down={max((r.seconds for r in during), default=0):.2f}s"
        )
        assert len(during) >= 5
        assert all(r.status == 503 and r.content_type.startswith("application/problem+json") for r in during), [
            (r.status, r.body) for r in during if r.status != 503
        ][:5]
        assert not [r for r in results if r.status == 500 or r.status == 0]  # no 500s, no hangs or resets
        # No request waits longer than PgBouncer lets a query wait for a server.
        assert max(r.seconds for r in results) < pgbouncer.POOL_SETTINGS["query_wait_timeout"] + 2
        assert recovery <= 5
        _assert_acknowledged_writes_stored_once(live, load.results)
    finally:
        live.ensure_all_up()


def test_redis_outage_keeps_reads_working_and_shows_in_readiness_and_logs(live: LiveStack) -> None:
    live.ensure_all_up()
    stack = live.stack
    try:
        stack.stop_redis()
        with Load(live.stack, live.token, steps=(read_clients,), max_requests=300) as load:
            time.sleep(3)
        status, report = stack.probe(stack.ports.https, "/readyz", tls=True)
        print(f"\n{load.summary('redis down')} readyz={status} {report.get('status')}")
        assert all(r.status == 200 for r in load.results), [(r.status, r.body) for r in load.results][:5]
        assert len(load.results) >= 10
        assert status == 200
        assert report["status"] == "degraded"
        assert report["checks"]["redis"]["ok"] is False  # type: ignore[index]
        logs = stack.log_file("app1").read_text() + stack.log_file("app2").read_text()
        assert '"dependency": "redis"' in logs or '"dependency":"redis"' in logs
    finally:
        stack.start_redis()
    wait_until(
        lambda: stack.probe(stack.ports.https, "/readyz", tls=True)[1].get("status") == "ok",
        15,
        "readiness to report Redis back",
    )


def test_sigterm_drains_then_finishes_in_flight_requests(live: LiveStack) -> None:
    live.ensure_all_up()
    stack, index = live.stack, 1
    port = stack.ports.apps[index]
    body = b'{"email": "drain@example.com", "password": "not-the-password-at-all"}'
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as in_flight:
            # A request whose body is still arriving when SIGTERM comes: the app is already reading it.
            in_flight.sendall(
                b"POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\n"
                b"Content-Type: application/json\r\n"
                b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body[:10]
            )
            time.sleep(0.5)
            signalled_at = time.monotonic()
            pid = stack.pid(stack.app_name(index))
            assert pid is not None
            os.kill(pid, signal.SIGTERM)
            wait_until(lambda: stack.probe(port, "/readyz")[0] == 503, 5, "readiness to turn 503")
            _, report = stack.probe(port, "/readyz")
            assert report["status"] == "unavailable"
            assert report["checks"]["shutdown"]["ok"] is False  # type: ignore[index]
            ok, headers = _get_headers(port, "/healthz")  # still serving, but closing every connection
            assert ok == 200
            assert headers["connection"] == "close"
            time.sleep(stack.drain_seconds + 0.5)  # past the drain: the listener is closed, in-flight goes on
            in_flight.sendall(body[10:])
            answer = in_flight.recv(65536).decode(errors="replace")
        assert answer.startswith("HTTP/1.1 401"), answer[:200]
        wait_until(lambda: stack.pid(stack.app_name(index)) is None, 30, "the instance to exit")
        print(
            f"\n[drain] readyz 503 while draining; in-flight request answered "
            f"{answer.split(chr(13))[0]!r}; exited {time.monotonic() - signalled_at:.1f}s after SIGTERM"
        )
    finally:
        live.ensure_all_up()


def _get_headers(port: int, path: str) -> tuple[int, dict[str, str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status, {key.lower(): value for key, value in response.getheaders()}
    finally:
        conn.close()
