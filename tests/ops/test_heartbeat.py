"""The background-job heartbeat: scheduled by beat every minute, stamped by a real worker, read by the status page."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import Any

from fitnesscrm import jobs
from fitnesscrm.ops.status import signals, tasks

from ..factories import Api
from .status_support import forget_cached_status, redis_clock

WORKER_WAIT_SECONDS = 60


def _start_worker(pg_url: str, redis_url: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "FITNESSCRM_ENV": "test",
        "FITNESSCRM_DATABASE_URL": pg_url,
        "FITNESSCRM_REDIS_URL": redis_url,
        "FITNESSCRM_LOG_LEVEL": "WARNING",
        "FITNESSCRM_WORKER_METRICS_PORT": "0",
        "FITNESSCRM_SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "fitnesscrm.jobs",
            "worker",
            "--pool",
            "solo",
            "--concurrency",
            "1",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _background_jobs(app: Any, anon: Api) -> str:
    forget_cached_status(app)
    states = {c["key"]: c["status"] for c in anon.get("/api/v1/status").json["components"]}
    return states["background_jobs"]


def test_beat_runs_the_heartbeat_every_minute_and_drops_stale_ones() -> None:
    entry = jobs.BEAT_SCHEDULE["heartbeat"]
    assert entry["task"] == tasks.HEARTBEAT_TASK
    assert entry["schedule"] == tasks.HEARTBEAT_INTERVAL_SECONDS == 60
    assert entry["options"]["expires"] < entry["schedule"]
    assert entry["options"]["expires"] == tasks.HEARTBEAT_EXPIRES_SECONDS


def test_running_the_job_inline_stamps_redis_with_its_clock(app: Any, anon: Api) -> None:
    redis = app.extensions["fitnesscrm"].redis
    assert _background_jobs(app, anon) == "outage"  # never beaten
    before = redis_clock(redis)
    stamped = jobs.run_job(app, "heartbeat")
    assert before <= stamped <= redis_clock(redis)
    heartbeat = signals.read_heartbeat(redis)
    assert heartbeat.age_seconds is not None
    assert heartbeat.age_seconds < 5
    assert 0 < redis.ttl(signals.HEARTBEAT_KEY) <= signals.HEARTBEAT_TTL_SECONDS
    assert _background_jobs(app, anon) == "operational"


def test_a_real_worker_stamps_the_heartbeat_sent_through_redis(
    app: Any, anon: Api, pg_url: str, redis_url: str
) -> None:
    """The path beat uses: a message on the Redis queue, consumed by `celery -A fitnesscrm.jobs worker`."""
    redis = app.extensions["fitnesscrm"].redis
    celery = jobs.init_celery(app)
    assert not celery.conf.task_always_eager
    worker = _start_worker(pg_url, redis_url)
    try:
        # Sent as beat sends it (same task name and expiry), not called in this process.
        celery.send_task(jobs.BEAT_SCHEDULE["heartbeat"]["task"], **jobs.BEAT_SCHEDULE["heartbeat"]["options"])
        deadline = time.monotonic() + WORKER_WAIT_SECONDS
        while redis.get(signals.HEARTBEAT_KEY) is None and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.2)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode(errors="replace")
    assert redis.get(signals.HEARTBEAT_KEY) is not None, output
    assert _background_jobs(app, anon) == "operational"


def test_an_expired_heartbeat_message_is_not_run(app: Any, pg_url: str, redis_url: str) -> None:
    """A heartbeat that waited in the queue longer than its expiry (a worker was down) must not look fresh."""
    redis = app.extensions["fitnesscrm"].redis
    celery = jobs.init_celery(app)
    celery.send_task(tasks.HEARTBEAT_TASK, expires=0.5)
    time.sleep(1.0)  # the message expires while no worker runs
    worker = _start_worker(pg_url, redis_url)
    try:
        # The worker empties the queue (revoking the expired message) before this fresh one, which it runs.
        celery.send_task("core.purge_idempotency_keys")
        deadline = time.monotonic() + WORKER_WAIT_SECONDS
        while redis.llen("celery") and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.2)
        time.sleep(1.0)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode(errors="replace")
    assert redis.llen("celery") == 0, output
    assert redis.get(signals.HEARTBEAT_KEY) is None, output


def test_a_corrupt_heartbeat_reads_as_none_not_as_redis_down(app: Any, anon: Api) -> None:
    redis = app.extensions["fitnesscrm"].redis
    for corrupt in ("not-a-number", "nan", "1e300"):
        redis.set(signals.HEARTBEAT_KEY, corrupt)
        assert signals.read_heartbeat(redis) == signals.Heartbeat(last_seen_at=None, age_seconds=None)
        forget_cached_status(app)
        states = {c["key"]: c["status"] for c in anon.get("/api/v1/status").json["components"]}
        assert states["background_jobs"] == "outage"  # no heartbeat
        assert states["sign_in"] == "operational"  # Redis answered: its sign-in limits work
