"""/metrics in one process (the embedded mode, as under `flask run`): token guard, route templates never raw
ids, request/login/rate-limit/business counters, scrape-time gauges that survive a dead dependency, the pool
gauges, and `promtool check metrics` on a real scrape."""

from __future__ import annotations

import dataclasses
import gc
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
import redis as redis_lib
from pydantic import SecretStr
from sqlalchemy import exc as sa_exc
from sqlalchemy import text

from fitnesscrm.core import events
from fitnesscrm.core.actor import Actor
from fitnesscrm.core.db import Database, make_engine
from fitnesscrm.core.events import emit
from fitnesscrm.observability import db as observed_db
from fitnesscrm.observability import metrics
from fitnesscrm.observability.collector import AppCollector
from fitnesscrm.scheduling import placement
from fitnesscrm.scheduling.models import Appointment, Booking, BookingStatus, Service

from ..factories import Api, Factory
from ..scheduling.calendar_support import SYSTEM, at, booking_of, place, studio
from .support import METRICS_TOKEN, label_values, promtool_check, samples, value

UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
AUTH = {"Authorization": f"Bearer {METRICS_TOKEN}"}


@pytest.fixture
def token(app: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(app.extensions["fitnesscrm"].settings, "metrics_token", SecretStr(METRICS_TOKEN))
    return METRICS_TOKEN


@pytest.fixture
def scrape(app: Any, token: str) -> Callable[[], str]:
    client = app.test_client()

    def run() -> str:
        response = client.get("/metrics", headers=AUTH)
        assert response.status_code == 200, response.get_data(as_text=True)
        assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        return str(response.get_data(as_text=True))

    return run


def test_metrics_answer_404_unless_the_configured_token_is_presented(
    app: Any, anon: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert anon.get("/metrics", headers=AUTH).status_code == 404  # no token configured: the endpoint is off
    monkeypatch.setattr(app.extensions["fitnesscrm"].settings, "metrics_token", SecretStr(METRICS_TOKEN))
    for headers in (
        {},
        {"Authorization": "Bearer wrong-token"},
        {"Authorization": f"Basic {METRICS_TOKEN}"},
        {"Authorization": f"Bearer {METRICS_TOKEN}x"},
        {"Authorization": METRICS_TOKEN},
    ):
        refused = anon.get("/metrics", headers=headers)
        assert refused.status_code == 404, headers
        assert refused.headers["Content-Type"] == "application/problem+json"
        assert "fitnesscrm_" not in refused.get_data(as_text=True)
    assert anon.get("/metrics", headers={"Authorization": f"bearer {METRICS_TOKEN}"}).status_code == 200


def test_requests_are_counted_by_route_template_never_by_raw_id(factory: Factory, scrape: Callable[[], str]) -> None:
    admin = factory.api(factory.admin())
    client = factory.client()
    template = "/api/v1/clients/<uuid:client_id>"
    before = scrape()
    assert admin.get(f"/api/v1/clients/{client.client_id}").status_code == 200
    assert admin.get(f"/api/v1/clients/{uuid.uuid4()}").status_code == 404
    after = scrape()

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("fitnesscrm_http_requests_total", method="GET", route=template, status="200") == 1
    assert delta("fitnesscrm_http_requests_total", method="GET", route=template, status="404") == 1
    assert delta("fitnesscrm_http_request_duration_seconds_count", method="GET", route=template) == 2
    assert delta("fitnesscrm_http_request_duration_seconds_bucket", method="GET", route=template, le="+Inf") == 2
    assert delta("fitnesscrm_http_requests_total", method="GET", route="/metrics", status="200") == 1  # `before`
    assert delta("fitnesscrm_db_queries_per_request_count") == 3
    assert delta("fitnesscrm_db_queries_per_request_sum") >= 4  # two API requests with a session and a lookup
    assert delta("fitnesscrm_db_query_duration_seconds_per_request_count") == 3
    assert value(after, "fitnesscrm_http_requests_in_progress") == 1  # this very scrape
    assert template in label_values(after, "route")
    assert not UUID_RE.search(after), "a raw id leaked into a label"


def test_a_real_scrape_passes_promtool_check_metrics(factory: Factory, scrape: Callable[[], str]) -> None:
    factory.api(factory.admin()).get("/api/v1/clients")
    result = promtool_check(scrape())
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "", result.stdout  # no lint findings either


def test_metrics_are_outside_the_api_spec_and_rate_limits(app: Any, anon: Api, token: str) -> None:
    spec = anon.get("/api/v1/openapi.json").json
    assert "/metrics" not in spec["paths"]  # (/api/v1/metrics is the progress-metric catalogue)
    assert "X-RateLimit-Limit" in anon.get("/api/v1/auth/me").headers  # limited routes announce their limit
    assert "X-RateLimit-Limit" not in anon.get("/metrics", headers=AUTH).headers


def test_sign_ins_and_rate_limit_refusals_are_counted(factory: Factory, scrape: Callable[[], str]) -> None:
    person = factory.admin()
    api = factory.api()
    before = scrape()
    for _ in range(5):  # the per-account limit counts failed attempts: 5 per 15 minutes
        assert api.login(person.email, "not-the-password").status_code == 401
    assert api.login(person.email, "not-the-password").status_code == 429
    assert factory.api().login(factory.admin().email).status_code == 200
    after = scrape()
    assert (
        value(after, "fitnesscrm_logins_total", result="failure")
        - value(before, "fitnesscrm_logins_total", result="failure")
        == 5
    )
    assert (
        value(after, "fitnesscrm_logins_total", result="success")
        - value(before, "fitnesscrm_logins_total", result="success")
        == 1
    )
    assert (
        value(after, "fitnesscrm_rate_limited_total", scope="auth")
        - value(before, "fitnesscrm_rate_limited_total", scope="auth")
        == 1
    )
    assert value(after, "fitnesscrm_rate_limited_total", scope="api") == value(
        before, "fitnesscrm_rate_limited_total", scope="api"
    )
    route = "/api/v1/auth/login"
    assert (
        value(after, "fitnesscrm_http_requests_total", route=route, status="429")
        - value(before, "fitnesscrm_http_requests_total", route=route, status="429")
        == 1
    )


def test_bookings_and_no_shows_count_once_committed(factory: Factory, scrape: Callable[[], str]) -> None:
    s = studio(factory)
    trainer = factory.trainer()
    one, two, three = (factory.client(trainer=trainer).client_id for _ in range(3))
    before = scrape()
    session_id = place(factory, service_id=s.pt_id, trainer_id=trainer.trainer_id, starts_at=at(2, 9), clients=(one,))
    class_id = place(
        factory, service_id=s.class_id, trainer_id=trainer.trainer_id, starts_at=at(2, 12), clients=(one, two)
    )
    with factory.database.session() as session:  # a seat added, then the transaction rolled back: not counted
        appointment = session.get(Appointment, class_id)
        placement.add_seat(session, SYSTEM, appointment=appointment, client_id=three)
        session.rollback()
    with factory.database.session() as session:
        booking = session.get(Booking, booking_of(factory, session_id, one))
        placement.mark_attendance(session, SYSTEM, booking=booking, status=BookingStatus.NO_SHOW)
    with factory.database.session() as session:  # marking it a no-show again is not a second no-show
        booking = session.get(Booking, booking_of(factory, session_id, one))
        placement.mark_attendance(session, SYSTEM, booking=booking, status=BookingStatus.NO_SHOW)
    after = scrape()
    assert (
        value(after, "fitnesscrm_bookings_total", kind="session")
        - value(before, "fitnesscrm_bookings_total", kind="session")
        == 1
    )
    assert (
        value(after, "fitnesscrm_bookings_total", kind="class")
        - value(before, "fitnesscrm_bookings_total", kind="class")
        == 2
    )
    assert value(after, "fitnesscrm_no_shows_total") - value(before, "fitnesscrm_no_shows_total") == 1
    with factory.database.session() as session:
        assert session.get(Service, s.pt_id) is not None


def test_scrape_time_gauges_read_the_database_and_the_queue(
    factory: Factory, app: Any, sql: Any, scrape: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    trainer = factory.trainer()
    active = [factory.client(trainer=trainer, status="active") for _ in range(3)]
    factory.client(trainer=trainer, status="lead")
    sql("UPDATE clients SET archived_at = now() WHERE id = :id", id=active[0].client_id)
    monkeypatch.setattr(events, "CONSUMED_KINDS", set())
    events.consume("test.pending", "test.delivered")  # "test.timeline_only" has no deliverer: never pending
    with factory.database.session() as session:
        emit(session, Actor.system("test"), "test.pending", subject_type="test", subject_id="1")
        emit(session, Actor.system("test"), "test.delivered", subject_type="test", subject_id="2")
        emit(session, Actor.system("test"), "test.timeline_only", subject_type="test", subject_id="3")
    sql("UPDATE domain_events SET occurred_at = now() - interval '90 seconds' WHERE kind LIKE 'test.%'")
    sql("UPDATE domain_events SET delivered_at = now() WHERE kind NOT IN ('test.pending', 'test.timeline_only')")
    redis = app.extensions["fitnesscrm"].redis
    redis.rpush("celery", "a", "b")
    redis.rpush("celery\x06\x163", "c")  # a message sent with a priority lives in a sibling list
    text_ = scrape()
    assert value(text_, "fitnesscrm_dependency_up", dependency="database") == 1
    assert value(text_, "fitnesscrm_dependency_up", dependency="redis") == 1
    assert value(text_, "fitnesscrm_active_clients") == 2  # active and not archived
    assert value(text_, "fitnesscrm_outbox_pending_events") == 1
    assert 90 <= value(text_, "fitnesscrm_outbox_oldest_pending_age_seconds") < 3600
    assert value(text_, "fitnesscrm_celery_queue_depth", queue="celery") == 3
    assert value(text_, "fitnesscrm_build_info", version="0.1.0", revision="unknown") == 1


def test_a_dead_database_or_redis_reads_as_down_not_as_a_failed_scrape(app: Any) -> None:
    runtime = app.extensions["fitnesscrm"]
    dead_db = Database(make_engine("postgresql+psycopg://postgres@127.0.0.1:1/nothing", pool_timeout=1))
    dead_redis = redis_lib.Redis(host="127.0.0.1", port=1, socket_connect_timeout=1, socket_timeout=1)
    collector = AppCollector(dataclasses.replace(runtime, database=dead_db, redis=dead_redis))
    body, _ = metrics.render(collector)
    scraped = body.decode()
    assert value(scraped, "fitnesscrm_dependency_up", dependency="database") == 0
    assert value(scraped, "fitnesscrm_dependency_up", dependency="redis") == 0
    names = {name for name, _labels, _value in samples(scraped)}
    assert "fitnesscrm_http_requests_in_progress" in names  # the rest of the exposition is intact
    assert not names & {
        "fitnesscrm_active_clients",
        "fitnesscrm_outbox_pending_events",
        "fitnesscrm_celery_queue_depth",
    }  # unknown, so absent rather than a false 0
    dead_db.engine.dispose()


def test_pool_gauges_follow_checkouts_and_timeouts_are_counted(pg_url: str) -> None:
    def now() -> str:
        return metrics.render()[0].decode()

    def pool(state: str, scraped: str) -> float:
        return value(scraped, "fitnesscrm_db_pool_connections", state=state)

    engine = make_engine(pg_url, pool_size=1, max_overflow=0, pool_timeout=0.2)
    gc.collect()  # engines other tests dropped leave the capacity sum now, not in the middle of the comparison
    observed_db._publish_capacity()  # the gauge is recomputed on publish only: drop the collected engines from it
    start = now()
    observed_db.instrument_engine(engine)
    observed_db.instrument_engine(engine)  # twice is once
    assert value(now(), "fitnesscrm_db_pool_max_connections") - value(start, "fitnesscrm_db_pool_max_connections") == 1
    with engine.connect() as held:
        held.execute(text("SELECT 1"))
        busy = now()
        assert pool("checked_out", busy) - pool("checked_out", start) == 1
        with pytest.raises(sa_exc.TimeoutError):
            engine.connect()
        timed_out = now()
        assert (
            value(timed_out, "fitnesscrm_db_pool_timeouts_total") - value(start, "fitnesscrm_db_pool_timeouts_total")
            == 1
        )
    idle = now()
    assert pool("checked_out", idle) == pool("checked_out", start)
    assert pool("idle", idle) - pool("idle", start) == 1
    engine.dispose()  # closes the pooled connection; the recreated pool still counts timeouts
    assert pool("idle", now()) == pool("idle", start)
    with engine.connect(), pytest.raises(sa_exc.TimeoutError):
        engine.connect()
    assert value(now(), "fitnesscrm_db_pool_timeouts_total") - value(start, "fitnesscrm_db_pool_timeouts_total") == 2
    engine.dispose()


def test_last_successful_backup_is_exported_once_a_backup_reports(sql: Any, scrape: Callable[[], str]) -> None:
    sql("DELETE FROM backup_reports")
    assert "fitnesscrm_backup_last_success_timestamp_seconds" not in scrape()  # absent: "backups not reporting"
    insert = (
        "INSERT INTO backup_reports (id, kind, started_at, finished_at, succeeded) "
        "VALUES (:id, 'full', :at - interval '10 minutes', :at, :ok)"
    )
    sql(insert, id=uuid.uuid4(), at=datetime(2026, 11, 24, 2, 0, tzinfo=UTC), ok=True)
    sql(insert, id=uuid.uuid4(), at=datetime(2026, 11, 25, 2, 0, tzinfo=UTC), ok=False)  # a later failed run
    exported = value(scrape(), "fitnesscrm_backup_last_success_timestamp_seconds")
    sql("DELETE FROM backup_reports")
    assert exported == datetime(2026, 11, 24, 2, 0, tzinfo=UTC).timestamp()
