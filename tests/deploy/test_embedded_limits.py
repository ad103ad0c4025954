"""Without Redis, limits live in the process, so the embedded default serves one worker (issue 14, finding 8).

Before, `make run` served two gunicorn workers, each with its own counters: every limit held twice over (ten failed
sign-ins for one account instead of five). Measured on a real `fitnesscrm serve` on a SQLite file, with the
command line asking for two workers, each sign-in on a new connection (so the kernel spreads them over workers)."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..observability.support import free_port

FITNESSCRM = str(Path(sys.executable).with_name("fitnesscrm"))
START_SECONDS = 120


def _post(port: int, path: str, body: dict[str, str]) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("POST", path, body=json.dumps(body), headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _workers(master: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{master}/task").iterdir():
        found += [int(pid) for pid in (task / "children").read_text().split()]
    return found


def test_the_embedded_default_serves_one_worker_so_a_limit_holds_once(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FITNESSCRM_", "PROMETHEUS_"))}
    env.update(
        {
            "FITNESSCRM_ENV": "test",
            "FITNESSCRM_DATABASE_URL": f"sqlite:///{tmp_path / 'embedded.db'}",
            "FITNESSCRM_SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
            "FITNESSCRM_DRAIN_SECONDS": "0",
            "FITNESSCRM_METRICS_DIR": str(tmp_path / "metrics"),
        }
    )
    subprocess.run([FITNESSCRM, "db", "upgrade"], env=env, check=True, capture_output=True, timeout=300)
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [FITNESSCRM, "serve", "--port", str(port), "--workers", "2"], env=env, stdout=out, stderr=out
        )
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            assert server.poll() is None, log.read_text()[-3000:]
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"fitnesscrm serve did not answer within {START_SECONDS} s")
                time.sleep(0.2)

        assert len(_workers(server.pid)) == 1
        assert "serving with one worker, not 2" in log.read_text()
        wrong = {"email": "owner@studio.example.com", "password": "not-the-password-at-all"}
        statuses = [_post(port, "/api/v1/auth/login", wrong) for _ in range(10)]
        assert statuses == [401] * 5 + [429] * 5  # FITNESSCRM_LOGIN_LIMIT_PER_ACCOUNT: 5 per 15 minutes
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
