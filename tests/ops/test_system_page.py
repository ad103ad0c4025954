"""The admins' System report (GET /api/v1/system) and the cross-instance count of server errors behind it."""

from __future__ import annotations

import dataclasses
import time
from datetime import datetime, timedelta
from typing import Any

import pytest
import redis as redis_lib

from fitnesscrm.app import __version__
from fitnesscrm.core.actor import Actor
from fitnesscrm.core.db import utcnow
from fitnesscrm.observability import server_errors
from fitnesscrm.ops.status import system
from fitnesscrm.ops.status.models import BackupReport

from ..factories import Api, Factory
from .status_support import DEAD_DATABASE_URL, DEAD_REDIS_URL, app_with, stamp_heartbeat

SYSTEM_URL = "/api/v1/system"


@pytest.fixture(autouse=True)
def _count_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """A dead Redis in an earlier test pauses the per-process 5xx counter; start each test counting."""
    monkeypatch.setattr(server_errors, "_counter_paused_until", 0.0)


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def test_system_report_shows_what_runs_and_how_it_is_doing(
    app: Any, factory: Factory, redis_url: str, mailer: Any
) -> None:
    redis = app.extensions["fitnesscrm"].redis
    trainer = factory.trainer()
    for status in ("active", "active", "lead"):
        factory.client(trainer=trainer, status=status)
    stamp_heartbeat(redis, seconds_ago=30)
    redis.rpush("celery", "a", "b")
    redis.rpush("celery\x06\x163", "c")
    # Another instance, whose database is unreachable, answers two requests with 503: counted across instances.
    with app_with(DEAD_DATABASE_URL, redis_url, mailer) as other:
        client = other.test_client()
        for _ in range(2):
            assert client.get("/api/v1/clients", headers={"Authorization": "Bearer fcrm_nope"}).status_code == 503
    before = utcnow()

    response = factory.api(factory.admin()).get(SYSTEM_URL)
    assert response.status_code == 200, response.json
    body = response.json
    assert body["version"] == __version__
    assert body["revision"] == "unknown"
    assert body["environment"] == "test"
    started, checked = _when(body["instance_started_at"]), _when(body["checked_at"])
    assert started is not None
    assert checked is not None
    assert started <= before <= checked
    assert body["uptime_seconds"] == pytest.approx((checked - started).total_seconds(), abs=0.01)
    assert body["readiness"]["status"] == "ok"
    assert body["readiness"]["checks"]["database"]["ok"] is True
    assert body["readiness"]["checks"]["redis"]["detail"] == "connected"
    assert body["redis_configured"] is True
    assert body["server_errors_last_hour"] == 2
    assert body["celery_queue_depth"] == 3
    heartbeat = body["worker_heartbeat"]
    assert heartbeat["status"] == "operational"
    assert 29 <= heartbeat["age_seconds"] < 60
    assert heartbeat["last_seen_at"] is not None
    assert body["outbox"] == {"pending_events": 0, "oldest_pending_age_seconds": 0.0}
    assert body["active_clients"] == 2
    assert body["last_backup"] == {
        "status": "not_configured",
        "finished_at": None,
        "last_success_at": None,
        "kind": None,
        "size_bytes": None,
    }
    assert {c["key"]: c["status"] for c in body["components"]}["background_jobs"] == "operational"


def test_last_backup_reads_what_the_backup_capability_reports(factory: Factory) -> None:
    admin = factory.api(factory.admin())
    now = utcnow()
    with factory.database.session() as session:
        session.add(
            BackupReport(
                kind="full",
                started_at=now - timedelta(days=2, minutes=9),
                finished_at=now - timedelta(days=2),
                succeeded=True,
                size_bytes=52_428_800,
            )
        )
    backup = admin.get(SYSTEM_URL).json["last_backup"]
    assert backup["status"] == "succeeded"
    assert backup["kind"] == "full"
    assert backup["size_bytes"] == 52_428_800
    assert _when(backup["finished_at"]) == _when(backup["last_success_at"])
    with factory.database.session() as session:
        session.add(
            BackupReport(
                kind="incr",
                started_at=now - timedelta(hours=1, minutes=2),
                finished_at=now - timedelta(hours=1),
                succeeded=False,
                detail="repository full",
            )
        )
    backup = admin.get(SYSTEM_URL).json["last_backup"]
    assert backup["status"] == "failed"
    assert backup["kind"] == "incr"
    assert _when(backup["last_success_at"]) < _when(backup["finished_at"])  # type: ignore[operator]
    assert "repository full" not in str(backup)  # operator detail stays in the table


def test_with_redis_down_the_figures_that_need_it_are_unknown(pg_url: str, factory: Factory, mailer: Any) -> None:
    admin = factory.admin()
    factory.client(status="active")
    with app_with(pg_url, DEAD_REDIS_URL, mailer) as down:
        api = Api(down.test_client())
        assert api.login(admin.email).status_code == 200  # sign-in still works (limits fall back to memory)
        response = api.get(SYSTEM_URL)
    assert response.status_code == 200, response.json
    body = response.json
    assert body["readiness"]["status"] == "degraded"
    assert body["readiness"]["checks"]["redis"]["ok"] is False
    assert body["server_errors_last_hour"] is None
    assert body["celery_queue_depth"] is None
    assert body["worker_heartbeat"] == {"status": "outage", "last_seen_at": None, "age_seconds": None}
    assert body["active_clients"] == 1  # the database figures do not need Redis
    states = {c["key"]: c["status"] for c in body["components"]}
    assert states["sign_in"] == "degraded"
    assert states["background_jobs"] == "outage"


def test_embedded_mode_has_no_queue_and_no_heartbeat(app: Any, factory: Factory) -> None:
    runtime = dataclasses.replace(app.extensions["fitnesscrm"], redis=None)
    with factory.database.session() as session:
        body = system.system_report(session, actor=Actor.system(), runtime=runtime, version="x", revision="y")
    assert body["redis_configured"] is False
    assert body["worker_heartbeat"]["status"] == "not_configured"
    assert body["celery_queue_depth"] is None
    assert body["server_errors_last_hour"] is None
    assert [c["key"] for c in body["components"]] == ["web", "database", "sign_in"]


@pytest.mark.parametrize("who", ["trainer", "client"])
def test_only_admins_see_the_system_report(factory: Factory, anon: Api, who: str) -> None:
    person = factory.trainer() if who == "trainer" else factory.client(account=True)
    assert factory.api(person).get(SYSTEM_URL).status_code == 403
    assert anon.get(SYSTEM_URL).status_code == 401


# --- the counter itself -----------------------------------------------------------------------------------


def test_server_errors_are_summed_over_the_last_sixty_minutes(app: Any) -> None:
    redis = app.extensions["fitnesscrm"].redis
    now = time.time()
    minute = int(now // 60)
    for ago, count in ((0, 2), (59, 3), (60, 100)):  # the current minute, the oldest counted, one too old
        redis.set(f"{server_errors.SERVER_ERRORS_PREFIX}{minute - ago}", count)
    assert server_errors.server_errors_last_hour(redis, now=now) == 5
    server_errors.count_server_error(redis, now=now)
    assert server_errors.server_errors_last_hour(redis, now=now) == 6
    assert server_errors.server_errors_last_hour(redis, now=now + 60) == 3  # a minute later the oldest drops out
    assert 0 < redis.ttl(f"{server_errors.SERVER_ERRORS_PREFIX}{minute}") <= server_errors.SERVER_ERRORS_TTL_SECONDS


def test_counting_with_redis_down_never_raises_and_backs_off() -> None:
    dead = redis_lib.Redis.from_url(DEAD_REDIS_URL, socket_connect_timeout=1)
    server_errors.count_server_error(dead)
    assert server_errors._counter_paused_until > time.monotonic()
    server_errors.count_server_error(None)  # the embedded mode: nothing to count into
    with pytest.raises(redis_lib.RedisError):
        server_errors.server_errors_last_hour(dead)  # readers raise, so the System page says "unknown"
