"""Metrics and logs of real process trees: gunicorn with two workers, and a Celery worker with a prefork pool.

Each writes its metrics into a private multiprocess directory made under FITNESSCRM_METRICS_DIR, one exposition
sums every process, and every line on stdout is JSON."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import fitnesscrm
from fitnesscrm import jobs
from fitnesscrm.app import __version__

from .support import METRICS_TOKEN, free_port, json_lines, promtool_check, value

GUNICORN_CONF = Path(fitnesscrm.__file__).with_name("gunicorn_conf.py")
START_SECONDS = 60


def _env(pg_url: str, redis_url: str, metrics_dir: Path, **extra: str) -> dict[str, str]:
    env = {key: val for key, val in os.environ.items() if key != "PROMETHEUS_MULTIPROC_DIR"}
    env.update(
        {
            "FITNESSCRM_ENV": "test",
            "FITNESSCRM_DATABASE_URL": pg_url,
            "FITNESSCRM_REDIS_URL": redis_url,
            "FITNESSCRM_SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
            "FITNESSCRM_LOG_LEVEL": "INFO",
            "FITNESSCRM_METRICS_DIR": str(metrics_dir),
            "FITNESSCRM_DRAIN_SECONDS": "0",
            **extra,
        }
    )
    return env


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@dataclass
class Gunicorn:
    port: int
    metrics_dir: Path
    stdout: Path
    process: subprocess.Popen[bytes]

    def lines(self) -> list[dict[str, Any]]:
        return json_lines(self.stdout.read_text())


@pytest.fixture
def gunicorn(pg_url: str, redis_url: str, tmp_path: Path) -> Iterator[Gunicorn]:
    port, metrics_dir, stdout = free_port(), tmp_path / "metrics", tmp_path / "stdout.log"
    with stdout.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                str(GUNICORN_CONF),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "fitnesscrm.wsgi:app",
            ],
            env=_env(pg_url, redis_url, metrics_dir, FITNESSCRM_METRICS_TOKEN=METRICS_TOKEN),
            stdout=out,
            stderr=subprocess.DEVNULL,
        )
    yield Gunicorn(port, metrics_dir, stdout, process)
    _stop(process)


def _wait_until_serving(server: Gunicorn) -> int:
    """Poll /healthz until it answers 200; returns the number of answered requests (1: failed polls never
    reached a worker)."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        assert server.process.poll() is None, server.stdout.read_text()
        try:
            if _get(server.port, "/healthz")[0] == 200:
                return 1
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer within {START_SECONDS} s")


def test_gunicorn_workers_metrics_are_summed_in_one_scrape(gunicorn: Gunicorn) -> None:
    sent = _wait_until_serving(gunicorn)
    pids: set[int] = set()
    deadline = time.monotonic() + START_SECONDS
    with ThreadPoolExecutor(max_workers=16) as pool:
        # The second worker may still be booting, and the kernel decides which worker accepts: send bursts
        # until both have answered.
        while len(pids) < 2 and time.monotonic() < deadline:
            statuses = list(pool.map(lambda _: _get(gunicorn.port, "/healthz")[0], range(32)))
            assert statuses == [200] * 32
            sent += 32
            pids = {line["pid"] for line in gunicorn.lines() if line.get("route") == "/healthz"}
            time.sleep(0.2)
    assert len(pids) == 2, "one worker answered everything: nothing to aggregate"

    # On a loaded machine a start-up poll can time out on our side and still be served: the workers' own access
    # lines are the count the summed metrics must match.
    served = sum(1 for line in gunicorn.lines() if line.get("event") == "http.request" and line["route"] == "/healthz")
    assert served >= sent
    status, scraped = _get(gunicorn.port, "/metrics", {"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert status == 200
    assert value(scraped, "fitnesscrm_http_requests_total", route="/healthz", status="200") == served
    assert value(scraped, "fitnesscrm_http_request_duration_seconds_count", route="/healthz") == served
    assert value(scraped, "fitnesscrm_http_requests_in_progress") == 1  # the scrape itself, whichever worker
    assert value(scraped, "fitnesscrm_db_pool_max_connections") == 2 * 20  # two workers, each 10 + 10 overflow
    assert value(scraped, "fitnesscrm_web_threads") == 2 * 4  # two workers of gunicorn_conf.py's 4 threads
    assert value(scraped, "fitnesscrm_dependency_up", dependency="database") == 1
    assert _get(gunicorn.port, "/metrics")[0] == 404

    instance_dirs = list(gunicorn.metrics_dir.iterdir())
    assert len(instance_dirs) == 1  # one private directory per gunicorn instance, made by the master
    assert {p.name.split("_")[-1] for p in instance_dirs[0].glob("counter_*.db")} >= {f"{pid}.db" for pid in pids}
    result = promtool_check(scraped)
    assert result.returncode == 0, result.stdout + result.stderr

    _stop(gunicorn.process)
    assert gunicorn.process.returncode == 0
    assert not instance_dirs[0].exists()  # the master removes the directory it made


@pytest.fixture
def worker(app: Any, pg_url: str, redis_url: str, tmp_path: Path) -> Iterator[tuple[int, Path, Path]]:
    port, metrics_dir, stdout = free_port(), tmp_path / "metrics", tmp_path / "worker.log"
    with stdout.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "fitnesscrm.jobs",
                "--quiet",
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                "2",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
            ],
            env=_env(
                pg_url,
                redis_url,
                metrics_dir,
                FITNESSCRM_WORKER_METRICS_PORT=str(port),
                FITNESSCRM_WORKER_METRICS_HOST="127.0.0.1",
            ),
            stdout=out,
            stderr=subprocess.DEVNULL,
        )
    try:
        yield port, metrics_dir, stdout
    finally:
        _stop(process)
    assert process.returncode == 0
    assert list(metrics_dir.iterdir()) == []  # the worker removes its directory at exit


def test_celery_task_successes_and_failures_are_counted_by_the_worker(app: Any, worker: tuple[int, Path, Path]) -> None:
    port, metrics_dir, stdout = worker
    celery = jobs.init_celery(app)
    celery.send_task(jobs.JOBS["purge-idempotency-keys"])
    celery.send_task(jobs.JOBS["purge-idempotency-keys"], args=[1, 2])  # wrong arguments: fails in the worker
    task = jobs.JOBS["purge-idempotency-keys"]
    deadline, scraped = time.monotonic() + START_SECONDS, ""
    while time.monotonic() < deadline:
        try:
            status, scraped = _get(port, "/metrics")
        except OSError:
            status = 0
        if status == 200 and value(scraped, "fitnesscrm_celery_task_duration_seconds_count", task=task) >= 2:
            break
        time.sleep(0.3)
    assert value(scraped, "fitnesscrm_celery_tasks_total", task=task, state="succeeded") == 1, scraped
    assert value(scraped, "fitnesscrm_celery_tasks_total", task=task, state="failed") == 1
    assert value(scraped, "fitnesscrm_celery_task_duration_seconds_count", task=task) == 2
    assert value(scraped, "fitnesscrm_build_info", version=__version__) == 1
    pids = {p.name.rsplit("_", 1)[-1] for p in next(metrics_dir.iterdir()).glob("*.db")}
    assert len(pids) >= 2  # the main process and at least one pool child: a multiprocess exposition
    result = promtool_check(scraped)
    assert result.returncode == 0, result.stdout + result.stderr

    lines = json_lines(stdout.read_text())  # every line is JSON, Celery's own loggers included
    failure = next(line for line in lines if line.get("level") == "error" and line.get("task") == task)
    assert failure["task_id"]
    assert "TypeError" in failure["exception"]
    assert any(line.get("event") == "worker.metrics_listening" for line in lines)


def test_gunicorn_does_not_name_itself_in_answers(gunicorn: Gunicorn) -> None:
    """Issue 14, finding 12: every answer said `Server: gunicorn` (the embedded install serves straight from it)."""
    _wait_until_serving(gunicorn)
    conn = http.client.HTTPConnection("127.0.0.1", gunicorn.port, timeout=10)
    try:
        conn.request("GET", "/healthz")
        response = conn.getresponse()
        response.read()
    finally:
        conn.close()
    assert response.getheader("Server") == "FitnessCRM"
