"""Error tracking: each unhandled exception of a request or a task reaches a local Sentry-compatible receiver
exactly once, tagged with release and environment and scrubbed of personal and health data; handled failures
(problem documents, the database-unavailable 503) are not reported."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import sentry_sdk
from flask import Response, abort, g, request
from sqlalchemy import text
from sqlalchemy.exc import InternalError, OperationalError

from fitnesscrm import jobs, web
from fitnesscrm.app import __version__, create_app
from fitnesscrm.core.email import ConsoleMailer
from fitnesscrm.core.errors import NotFound
from fitnesscrm.observability import errors

from ..conftest import make_settings
from ..factories import Api, Factory
from .receivers import SentryReceiver, wait_for
from .support import json_lines
from .test_processes import START_SECONDS, _env, _stop

REVISION = "4f2c1ab"
RELEASE = f"fitnesscrm@{__version__}+{REVISION}"
HEALTH = "Asthma, left knee reconstruction 2019"


@pytest.fixture
def sentry() -> Iterator[SentryReceiver]:
    receiver = SentryReceiver()
    yield receiver
    errors.shutdown()
    receiver.close()
    assert receiver.errors == []


@pytest.fixture
def reporting(app: Any, sentry: SentryReceiver, pg_url: str, redis_url: str, tmp_path: Path) -> Iterator[Any]:
    """A second app reporting to ``sentry``, with throw-away routes that fail in the ways a request can."""
    settings = make_settings(
        pg_url,
        redis_url,
        storage_dir=tmp_path,
        sentry_dsn=sentry.dsn(),
        revision=REVISION,
        sentry_environment="staging",
    )
    other = create_app(settings, mailer=ConsoleMailer())

    @other.post("/api/v1/test-only/boom")
    @web.public  # throw-away route: no sign-in needed
    def boom() -> Any:
        body = request.get_json()
        client_email, medical_conditions = body["email"], body["medical_conditions"]  # locals: never sent
        raise RuntimeError(f"no credits left for {client_email} ({len(medical_conditions)})")

    @other.get("/api/v1/test-only/after-hook")
    @web.public  # throw-away route: no sign-in needed
    def after_hook() -> Any:
        return {"ok": True}

    @other.after_request
    def failing_hook(response: Response) -> Response:
        if request.endpoint == "after_hook" and not g.get("hook_failed"):
            g.hook_failed = True
            raise LookupError("the after_request hook failed")
        return response

    @other.get("/api/v1/test-only/domain-error")
    @web.public  # throw-away route: no sign-in needed
    def domain_error() -> Any:
        raise NotFound("No such client.")

    @other.get("/api/v1/test-only/http-error")
    @web.public  # throw-away route: no sign-in needed
    def http_error() -> Any:
        abort(404)

    @other.get("/api/v1/test-only/database-down")
    @web.public  # throw-away route: no sign-in needed
    def database_down() -> Any:
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

    @other.get("/api/v1/test-only/database-lost")
    @web.public  # throw-away route: no sign-in needed
    def database_lost() -> Any:  # what a lost connection that is not an OperationalError looks like
        raise InternalError(
            "BEGIN", {}, psycopg.InternalError("received 2 results from command 'BEGIN'"), connection_invalidated=True
        )

    @other.get("/api/v1/test-only/bad-cast")
    @web.public  # throw-away route: no sign-in needed
    def bad_cast() -> Any:
        session = other.extensions["fitnesscrm"].database.sessionmaker()
        try:  # PostgreSQL quotes the value it could not convert; SQLAlchemy adds the parameters
            return {
                "n": session.execute(text("SELECT CAST(:value AS integer)"), {"value": request.args["value"]}).scalar()
            }
        finally:
            session.close()

    yield other
    errors.shutdown()
    other.extensions["fitnesscrm"].database.engine.dispose()


def _sent(sentry: SentryReceiver) -> list[dict[str, Any]]:
    sentry_sdk.flush(timeout=10)
    return sentry.events()


def _raw(sentry: SentryReceiver) -> str:
    return "\n".join(body.decode("utf-8", "replace") for body in sentry.raw())


def test_an_exception_in_a_view_is_reported_once_with_release_and_environment_and_nothing_personal(
    reporting: Any, sentry: SentryReceiver, factory: Factory
) -> None:
    person = factory.client(account=True, first_name="Philippa", phone="+44 7911 123456")
    api = Api(reporting.test_client())
    assert api.login(person.email).status_code == 200
    session_cookie = api.client.get_cookie("fcrm_session").value

    response = api.post(
        "/api/v1/test-only/boom?q=Philippa",
        json={"email": person.email, "medical_conditions": HEALTH, "first_name": "Philippa"},
        headers={"Referer": "http://localhost/clients?q=Philippa", "X-Client-Email": person.email},
    )
    assert response.status_code == 500
    assert response.mimetype == "application/problem+json"

    [event] = _sent(sentry)
    [exception] = event["exception"]["values"]
    assert exception["type"] == "RuntimeError"
    assert exception["value"] == "no credits left for [redacted] (37)"
    assert exception["mechanism"]["handled"] is False  # the user got a 500
    assert event["release"] == RELEASE
    assert event["environment"] == "staging"
    assert event["user"] == {"id": str(person.user_id)}  # the id only
    assert event["tags"]["request_id"] == response.headers["X-Request-ID"]  # joins the report to the access log
    assert event["transaction"] == "/api/v1/test-only/boom"
    assert event["request"]["url"] == "http://localhost/api/v1/test-only/boom"
    assert set(event["request"]) <= {"url", "method", "headers"}  # no data, cookies, query_string or env
    assert {name.lower() for name in event["request"]["headers"]} <= errors.SAFE_HEADERS
    assert all("vars" not in frame for frame in exception["stacktrace"]["frames"])
    raw = _raw(sentry)
    # The phone in full: its 4-digit parts can turn up by chance (an envelope item's "length":7911 once did).
    for needle in (
        person.email,
        "Philippa",
        "7911 123456",
        "7911123456",
        "Asthma",
        "knee",
        session_cookie,
        api.csrf or "csrf",
    ):
        assert needle not in raw


def test_an_exception_in_an_after_request_hook_is_reported_once(reporting: Any, sentry: SentryReceiver) -> None:
    # Flask's handle_exception path: got_request_exception fires (the Flask integration reports), then the
    # InternalServerError it wraps the error in is answered by APIFlask's HTTP error handler.
    response = reporting.test_client().get("/api/v1/test-only/after-hook")
    assert response.status_code == 500
    [event] = _sent(sentry)
    assert event["exception"]["values"][-1]["type"] == "LookupError"
    assert event["release"] == RELEASE


def test_handled_failures_are_not_reported(reporting: Any, sentry: SentryReceiver) -> None:
    http = reporting.test_client()
    assert http.get("/api/v1/test-only/domain-error").status_code == 404
    assert http.get("/api/v1/test-only/http-error").status_code == 404
    assert http.get("/api/v1/nothing-lives-here").status_code == 404
    down = http.get("/api/v1/test-only/database-down")
    assert down.status_code == 503
    assert down.json["type"].endswith("/unavailable")
    assert http.get("/api/v1/test-only/database-lost").status_code == 503
    assert _sent(sentry) == []
    # The receiver works: the next real failure arrives, alone.
    boom = http.post("/api/v1/test-only/boom", json={"email": "a@b.example", "medical_conditions": ""})
    assert boom.status_code == 500
    assert [e["exception"]["values"][0]["type"] for e in _sent(sentry)] == ["RuntimeError"]


def test_database_errors_lose_the_values_they_quote(reporting: Any, sentry: SentryReceiver) -> None:
    response = reporting.test_client().get("/api/v1/test-only/bad-cast?value=ann.bell@example.com")
    assert response.status_code == 500
    [event] = _sent(sentry)
    assert event["exception"]["values"][-1]["type"] == "DataError"
    assert "[SQL parameters hidden" in event["exception"]["values"][-1]["value"]  # hidden by the engine itself
    assert "ann.bell" not in _raw(sentry)


def test_a_task_run_inline_by_a_request_is_reported_once(reporting: Any, sentry: SentryReceiver) -> None:
    """The embedded mode runs tasks inline: the Celery integration reports the failure, and the same exception then
    reaching the 500 handler is not a second report."""
    from . import error_tasks

    celery = jobs.init_celery(reporting)
    celery.conf.task_always_eager = True

    @reporting.post("/api/v1/test-only/inline-task")
    @web.public  # throw-away route: no sign-in needed
    def inline_task() -> Any:
        error_tasks.fail_at_once.delay(email="ann.bell@example.com", medical_conditions=HEALTH)
        return {}

    assert reporting.test_client().post("/api/v1/test-only/inline-task").status_code == 500
    [event] = _sent(sentry)
    assert event["exception"]["values"][-1]["type"] == "ValueError"
    assert "ann.bell" not in _raw(sentry)


def test_nothing_is_sent_without_a_dsn(app: Any, sentry: SentryReceiver) -> None:
    assert not errors.is_on()  # the session app has no DSN: the SDK was never started for it
    assert errors.configure(app.extensions["fitnesscrm"].settings, version=__version__) is False
    assert not errors.is_on()


def test_scrubbing_keeps_the_user_id_only_and_drops_task_arguments() -> None:
    event = {
        "user": {"id": "u-1", "email": "ann@example.com", "ip_address": "203.0.113.9", "username": "ann"},
        "request": {
            "url": "https://crm.example/api/v1/clients?q=Ann",
            "method": "GET",
            "query_string": "q=Ann",
            "cookies": {"fcrm_session": "abc"},
            "data": {"notes": "knee"},
            "env": {"REMOTE_ADDR": "1.2.3.4"},
            "headers": {
                "Cookie": "fcrm_session=abc",
                "Authorization": "Bearer t",
                "Accept": "*/*",
                "Referer": "https://crm.example/clients?q=Ann",
            },
        },
        "extra": {
            "celery-job": {"task_name": "t", "args": ["ann@example.com"], "kwargs": {"phone": "07911"}},
            "client": {"first_name": "Ann", "id": 3},
        },
        "breadcrumbs": {
            "values": [
                {
                    "category": "httplib",
                    "type": "http",
                    "message": "GET https://s3/x?sig=1",
                    "data": {"url": "https://s3/x?X-Amz-Signature=1", "method": "GET", "status_code": 200, "body": "x"},
                },
                {"category": "console", "message": "ann@example.com"},
            ]
        },
        "exception": {
            "values": [
                {
                    "type": "IntegrityError",
                    "value": "Key (email)=(ann@example.com) already exists",
                    "stacktrace": {"frames": [{"function": "f", "vars": {"email": "ann@example.com"}}]},
                }
            ]
        },
    }
    scrubbed = errors.scrub_event(event, None)
    assert scrubbed is not None
    assert scrubbed["user"] == {"id": "u-1"}
    assert scrubbed["request"] == {
        "url": "https://crm.example/api/v1/clients",
        "method": "GET",
        "headers": {"Accept": "*/*"},
    }
    assert scrubbed["extra"] == {"celery-job": {"task_name": "t"}, "client": {"first_name": "[redacted]", "id": 3}}
    assert scrubbed["breadcrumbs"]["values"] == [
        {"category": "httplib", "type": "http", "data": {"url": "https://s3/x", "method": "GET", "status_code": 200}}
    ]
    assert scrubbed["exception"]["values"][0]["value"] == "Key (email)=([redacted]) already exists"
    assert "ann" not in json.dumps(scrubbed).lower()


# --- Celery ------------------------------------------------------------------------------------------------------


@pytest.fixture
def reporting_worker(pg_url: str, redis_url: str, sentry: SentryReceiver, tmp_path: Path) -> Iterator[Path]:
    import subprocess
    import sys

    stdout = tmp_path / "worker.log"
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
                "1",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
                "--include",
                "tests.observability.error_tasks",
            ],
            env=_env(
                pg_url,
                redis_url,
                tmp_path / "metrics",
                FITNESSCRM_WORKER_METRICS_PORT="0",
                FITNESSCRM_SENTRY_DSN=sentry.dsn(),
                FITNESSCRM_REVISION=REVISION,
                FITNESSCRM_SENTRY_ENVIRONMENT="staging",
            ),
            stdout=out,
            stderr=subprocess.DEVNULL,
        )
    try:
        yield stdout
    finally:
        _stop(process)
    assert process.returncode == 0


def test_a_failing_task_is_reported_once_and_its_retries_are_not(
    app: Any, sentry: SentryReceiver, reporting_worker: Path
) -> None:
    celery = jobs.init_celery(app)
    personal = {"email": "ann.bell@example.com", "medical_conditions": HEALTH}
    at_once = celery.send_task("tests.fail_at_once", kwargs=personal).id
    after_retries = celery.send_task("tests.fail_after_retries", kwargs=personal).id

    def failures_logged() -> bool:
        lines = json_lines(reporting_worker.read_text())
        failed = {line.get("task_id") for line in lines if line.get("level") == "error" and line.get("task_id")}
        return {at_once, after_retries} <= failed

    wait_for(failures_logged, seconds=START_SECONDS, what="both tasks to fail in the worker")
    wait_for(lambda: len(sentry.events()) >= 2, seconds=20, what="two reports")
    time.sleep(1.0)  # a second report of either failure would have arrived by now
    events = sentry.events()
    assert sorted((e["extra"]["celery-job"]["task_name"], e["exception"]["values"][-1]["type"]) for e in events) == [
        ("tests.fail_after_retries", "RuntimeError"),
        ("tests.fail_at_once", "ValueError"),
    ]
    lines = json_lines(reporting_worker.read_text())
    retried = [line for line in lines if line.get("task_id") == after_retries and "retry" in str(line.get("event"))]
    assert len(retried) == 2  # it was retried twice: neither retry was a report
    for event in events:
        assert event["release"] == RELEASE
        assert event["environment"] == "staging"
        assert event["extra"]["celery-job"] == {"task_name": event["extra"]["celery-job"]["task_name"]}
    raw = _raw(sentry)
    assert "ann.bell" not in raw
    assert "Asthma" not in raw
