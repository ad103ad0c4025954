"""Tracing: spans of a request (Flask, SQLAlchemy, Redis) and of the Celery task it enqueued reach a real OTLP/HTTP
receiver under one trace id, the same id as in the access log and the ``traceresponse`` header; no personal data in
any span; and with tracing off, no tracer provider, no hook and nothing exported.

The in-process tests set OpenTelemetry's process-wide tracer provider; the ``traced`` fixture undoes it (and every
instrumentation) afterwards so the rest of the suite runs untraced. gunicorn, the Celery worker and the
tracing-off check run as real subprocesses."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import request
from sqlalchemy import text

from fitnesscrm import jobs, web
from fitnesscrm.app import __version__, create_app
from fitnesscrm.core.email import ConsoleMailer
from fitnesscrm.observability import otel, tracing

from ..conftest import make_settings
from ..factories import Api, Factory
from .receivers import OtlpReceiver, SentryReceiver, Span, browser_envelope, wait_for
from .support import access_lines, free_port, json_lines
from .test_processes import GUNICORN_CONF, START_SECONDS, _env, _get, _stop

SERVER, CLIENT, PRODUCER, CONSUMER = 2, 3, 4, 5  # OTLP Span.SpanKind values
TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACERESPONSE = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$")
FAST_EXPORT = {"OTEL_BSP_SCHEDULE_DELAY": "100"}  # export every 0.1 s instead of 5 s


@pytest.fixture
def otlp() -> Iterator[OtlpReceiver]:
    receiver = OtlpReceiver()
    yield receiver
    receiver.close()
    assert receiver.errors == []


def _forget_tracer_provider() -> None:
    """OpenTelemetry lets a process set its tracer provider once; the suite needs it unset again after a test
    (what opentelemetry-test-utils' reset_trace_globals does)."""
    from opentelemetry import trace
    from opentelemetry.util._once import Once

    trace._TRACER_PROVIDER_SET_ONCE = Once()
    trace._TRACER_PROVIDER = None


@pytest.fixture
def traced(otlp: OtlpReceiver, pg_url: str, redis_url: str, tmp_path: Path) -> Iterator[Callable[[], Any]]:
    """Tracing on in this process, exporting to ``otlp``; returns a builder of apps (made after it is on)."""
    settings = make_settings(pg_url, redis_url, storage_dir=tmp_path, otel_exporter_otlp_endpoint=otlp.endpoint)
    assert tracing.configure(settings, role="web", version=__version__)
    made: list[Any] = []

    def build() -> Any:
        app = create_app(settings, mailer=ConsoleMailer())
        made.append(app)
        return app

    yield build
    tracing.shutdown()
    _forget_tracer_provider()
    for app in made:
        app.extensions["fitnesscrm"].database.engine.dispose()


def _flushed_trace(otlp: OtlpReceiver, trace_id: str) -> list[Span]:
    tracing.flush()  # the request's span ends last: once it is in, so are its children
    return wait_for(
        lambda: any(s.kind == SERVER for s in otlp.trace(trace_id)) and otlp.trace(trace_id),
        seconds=10,
        what=f"the request span of trace {trace_id}",
    )


def _everything(spans: list[Span]) -> str:
    return json.dumps([[s.name, s.attributes, s.events, s.status_message] for s in spans], default=str)


def test_one_request_is_one_trace_with_sql_children_and_the_log_and_header_carry_its_id(
    traced: Callable[[], Any],
    otlp: OtlpReceiver,
    factory: Factory,
    capsys: pytest.CaptureFixture[str],
    app_logs_at_info: None,
) -> None:
    app = traced()
    client = factory.client(account=True, first_name="Philippa", phone="+44 7911 123456")
    api = Api(app.test_client())
    assert api.login(client.email).status_code == 200
    capsys.readouterr()

    response = api.get(
        f"/api/v1/clients/{client.client_id}?q=Philippa", headers={"User-Agent": "Mozilla/5.0 (Philippa's phone)"}
    )
    assert response.status_code == 200
    header = TRACERESPONSE.match(response.headers["traceresponse"])
    assert header is not None, response.headers
    trace_id, server_span_id = header.groups()
    access = access_lines(capsys.readouterr().out)
    assert len(access) == 1
    assert access[0]["trace_id"] == trace_id  # the log line, the header and the spans: one id

    spans = _flushed_trace(otlp, trace_id)
    [server] = [s for s in spans if s.kind == SERVER]
    assert server.span_id == server_span_id
    assert server.parent_span_id == ""  # no traceparent was sent: the request starts the trace
    assert server.name == "GET /api/v1/clients/<uuid:client_id>"
    assert server.attributes["http.route"] == "/api/v1/clients/<uuid:client_id>"
    assert server.attributes["http.status_code"] == 200
    assert "?" not in server.attributes["http.target"]
    assert not {"net.peer.ip", "http.user_agent", "client.address"} & server.attributes.keys()
    sql = [s for s in spans if s.scope == "opentelemetry.instrumentation.sqlalchemy"]
    assert len(sql) >= 2  # the session lookup and the client, at least
    assert all(s.parent_span_id == server.span_id and s.kind == CLIENT for s in sql)
    assert all(s.attributes["db.system"] == "postgresql" for s in sql)
    assert any("FROM clients" in s.attributes["db.statement"] for s in sql)
    assert any(s.scope == "opentelemetry.instrumentation.redis" for s in spans)  # the rate limiter's counters
    assert server.resource["service.name"] == "fitnesscrm-web"
    assert server.resource["service.version"] == __version__
    assert server.resource["deployment.environment.name"] == "test"
    everything = _everything(spans)
    for needle in ("Philippa", client.email, "7911"):
        assert needle not in everything


def test_a_traceparent_is_continued_and_probes_are_not_traced(
    traced: Callable[[], Any], otlp: OtlpReceiver, capsys: pytest.CaptureFixture[str], app_logs_at_info: None
) -> None:
    app = traced()
    http = app.test_client()
    capsys.readouterr()
    response = http.post(
        "/api/v1/auth/login",
        json={"email": "nobody@example.com", "password": "wrong-password-1"},
        headers={"traceparent": f"00-{TRACE_ID}-00f067aa0ba902b7-01"},
    )
    assert response.status_code == 401
    assert response.headers["traceresponse"].startswith(f"00-{TRACE_ID}-")
    assert access_lines(capsys.readouterr().out)[0]["trace_id"] == TRACE_ID
    spans = _flushed_trace(otlp, TRACE_ID)
    [server] = [s for s in spans if s.kind == SERVER]
    assert server.parent_span_id == "00f067aa0ba902b7"
    assert "nobody@example.com" not in _everything(spans)

    probe = http.get("/readyz")  # its database and Redis checks run, but start no trace of their own
    assert probe.status_code == 200
    assert "traceresponse" not in probe.headers
    tracing.flush()
    assert {s.trace_id for s in otlp.spans} == {TRACE_ID}


def test_a_failed_statement_is_traced_without_its_values(traced: Callable[[], Any], otlp: OtlpReceiver) -> None:
    app = traced()

    @app.get("/api/v1/test-only/bad-cast")
    @web.public  # throw-away route: no sign-in needed
    def bad_cast() -> Any:  # PostgreSQL quotes the offending value in its error message
        session = app.extensions["fitnesscrm"].database.sessionmaker()
        try:
            return {
                "n": session.execute(text("SELECT CAST(:value AS integer)"), {"value": request.args["value"]}).scalar()
            }
        finally:
            session.close()

    response = app.test_client().get("/api/v1/test-only/bad-cast?value=ann.bell@example.com")
    assert response.status_code == 500
    trace_id = TRACERESPONSE.match(response.headers["traceresponse"]).group(1)  # type: ignore[union-attr]
    spans = _flushed_trace(otlp, trace_id)
    [failed] = [s for s in spans if s.scope == "opentelemetry.instrumentation.sqlalchemy"]
    assert failed.status_code == 2  # ERROR
    assert failed.status_message == ""  # the message quoted the value
    assert "CAST(%(value)s AS integer)" in failed.attributes["db.statement"]  # the placeholder, not the value
    assert "ann.bell" not in _everything(spans)


@pytest.fixture
def s3_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def test_outgoing_http_calls_are_child_spans_without_their_query_strings(
    otlp: OtlpReceiver, pg_url: str, redis_url: str, s3_endpoint: str, tmp_path: Path
) -> None:
    """boto3's S3 calls (botocore sends them through urllib3) and the error-report tunnel's forwarding."""
    import boto3

    sentry = SentryReceiver(project_id="7")
    bucket = f"fcrm-trace-{uuid.uuid4().hex[:12]}"
    s3 = {
        "storage_backend": "s3",
        "s3_endpoint_url": s3_endpoint,
        "s3_bucket": bucket,
        "s3_region": "eu-west-1",
        "s3_access_key_id": "test",
        "s3_secret_access_key": "test",
    }
    boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name="eu-west-1", aws_access_key_id="test", aws_secret_access_key="test"
    ).create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    settings = make_settings(
        pg_url,
        redis_url,
        otel_exporter_otlp_endpoint=otlp.endpoint,
        sentry_browser_dsn=sentry.dsn(key="browserkey"),
        **s3,
    )
    assert tracing.configure(settings, role="web", version=__version__)
    try:
        app = create_app(settings, mailer=ConsoleMailer())
        storage = app.extensions["fitnesscrm"].storage

        @app.post("/api/v1/test-only/photo")
        @web.public  # throw-away route: no sign-in needed
        def store_photo() -> Any:
            storage.put("photos/0c6f.jpg", b"\xff\xd8 not really a jpeg", "image/jpeg")
            found = storage.client.list_objects_v2(Bucket=bucket, Prefix="photos/Philippa")  # a query string
            return {"found": found["KeyCount"]}

        http = app.test_client()
        stored = http.post("/api/v1/test-only/photo")
        assert stored.status_code == 200, stored.get_data(as_text=True)
        forwarded = http.post("/api/v1/errors/envelope", data=browser_envelope(sentry.dsn(key="browserkey")))
        assert forwarded.status_code == 200
        for response, calls in ((stored, 2), (forwarded, 1)):
            trace_id = TRACERESPONSE.match(response.headers["traceresponse"]).group(1)  # type: ignore[union-attr]
            spans = _flushed_trace(otlp, trace_id)
            [server] = [s for s in spans if s.kind == SERVER]
            outgoing = [s for s in spans if s.scope == "opentelemetry.instrumentation.urllib3"]
            assert len(outgoing) == calls
            assert all(s.kind == CLIENT and s.parent_span_id == server.span_id for s in outgoing)
            urls = [s.attributes["http.url"] for s in outgoing]
            assert all("?" not in url for url in urls)
            if response is stored:
                assert urls == [f"{s3_endpoint}/{bucket}/photos/0c6f.jpg", f"{s3_endpoint}/{bucket}"]
            else:
                assert urls == [f"http://{sentry.host}/api/7/envelope/"]
            assert "Philippa" not in _everything(spans)
    finally:
        tracing.shutdown()
        _forget_tracer_provider()
        sentry.close()


@pytest.fixture
def traced_worker(pg_url: str, redis_url: str, otlp: OtlpReceiver, tmp_path: Path) -> Iterator[Path]:
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
            ],
            env=_env(
                pg_url,
                redis_url,
                tmp_path / "metrics",
                FITNESSCRM_WORKER_METRICS_PORT="0",
                OTEL_EXPORTER_OTLP_ENDPOINT=otlp.endpoint,
                **FAST_EXPORT,
            ),
            stdout=out,
            stderr=subprocess.DEVNULL,
        )
    try:
        yield stdout
    finally:
        _stop(process)
    assert process.returncode == 0


def test_a_task_enqueued_by_a_request_runs_in_the_worker_under_the_same_trace(
    traced: Callable[[], Any], otlp: OtlpReceiver, traced_worker: Path
) -> None:
    app = traced()
    celery = jobs.init_celery(app)
    task_name = jobs.JOBS["purge-idempotency-keys"]

    @app.post("/api/v1/test-only/enqueue")
    @web.public  # throw-away route: no sign-in needed
    def enqueue() -> Any:
        return {"task_id": celery.send_task(task_name).id}

    response = app.test_client().post("/api/v1/test-only/enqueue")
    assert response.status_code == 200
    trace_id = TRACERESPONSE.match(response.headers["traceresponse"]).group(1)  # type: ignore[union-attr]
    tracing.flush()
    spans = wait_for(
        lambda: any(s.kind == CONSUMER for s in otlp.trace(trace_id)) and otlp.trace(trace_id),
        seconds=START_SECONDS,
        what="the worker's task span",
    )
    [server] = [s for s in spans if s.kind == SERVER]
    [producer] = [s for s in spans if s.kind == PRODUCER]
    [consumer] = [s for s in spans if s.kind == CONSUMER]
    assert producer.name == f"apply_async/{task_name}"
    assert producer.parent_span_id == server.span_id
    assert consumer.name == f"run/{task_name}"
    assert consumer.parent_span_id == producer.span_id  # the message carried the trace context
    assert consumer.attributes["messaging.message.id"] == response.json["task_id"]
    assert consumer.resource["service.name"] == "fitnesscrm-worker"
    assert server.resource["service.name"] == "fitnesscrm-web"
    wait_for(
        lambda: any(s.parent_span_id == consumer.span_id for s in otlp.trace(trace_id)),
        seconds=10,
        what="the task's SQL span",
    )
    # The worker's own log lines of that task carry the trace id too.
    task_lines = wait_for(
        lambda: [
            line for line in json_lines(traced_worker.read_text()) if line.get("task_id") == response.json["task_id"]
        ],
        seconds=10,
        what="the task's log lines",
    )
    assert {line.get("trace_id") for line in task_lines} == {trace_id}


def test_gunicorn_workers_start_tracing_in_post_fork(
    pg_url: str, redis_url: str, otlp: OtlpReceiver, tmp_path: Path
) -> None:
    port, stdout = free_port(), tmp_path / "stdout.log"
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
                "1",
                "fitnesscrm.wsgi:app",
            ],
            env=_env(pg_url, redis_url, tmp_path / "metrics", OTEL_EXPORTER_OTLP_ENDPOINT=otlp.endpoint, **FAST_EXPORT),
            stdout=out,
            stderr=subprocess.DEVNULL,
        )
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            assert process.poll() is None, stdout.read_text()
            assert time.monotonic() < deadline, "gunicorn did not start"
            try:
                _get(port, "/api/v1/meta")
                break
            except OSError:
                time.sleep(0.2)
        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request(
            "POST",
            "/api/v1/auth/login",
            body=json.dumps({"email": "x@example.com", "password": "nope-nope"}),
            headers={"Content-Type": "application/json"},
        )
        answer = conn.getresponse()
        answer.read()
        conn.close()
        assert answer.status == 401
        trace_id = TRACERESPONSE.match(answer.getheader("traceresponse") or "").group(1)  # type: ignore[union-attr]
        spans = wait_for(
            lambda: any(s.kind == SERVER for s in otlp.trace(trace_id)) and otlp.trace(trace_id),
            seconds=20,
            what="the gunicorn worker's request span",
        )
        [server] = [s for s in spans if s.kind == SERVER]
        assert server.name == "POST /api/v1/auth/login"
        assert any(s.parent_span_id == server.span_id and s.attributes.get("db.system") == "postgresql" for s in spans)
        logged = [line for line in json_lines(stdout.read_text()) if line.get("route") == "/api/v1/auth/login"]
        assert [line["trace_id"] for line in logged] == [trace_id]
    finally:
        _stop(process)


OFF_SCRIPT = textwrap.dedent("""
    import json, sys
    from fitnesscrm.observability import tracing
    from fitnesscrm.app import create_app
    from opentelemetry import trace

    on = tracing.configure_process("web")  # what the gunicorn post_fork hook runs
    app = create_app()
    response = app.test_client().get("/api/v1/meta", headers={"traceparent": sys.argv[1]})
    print(json.dumps({
        "configured": on,
        "provider": type(trace.get_tracer_provider()).__name__,
        "sdk_imported": "opentelemetry.sdk.trace" in sys.modules,
        "instrumented": getattr(app, "_is_instrumented_by_opentelemetry", False),
        "hooks": [f.__qualname__ for f in app.before_request_funcs[None]],
        "traceresponse": response.headers.get("traceresponse"),
    }))
""")


@pytest.mark.parametrize("switch", [{}, {"OTEL_SDK_DISABLED": "true"}], ids=["no endpoint", "sdk disabled"])
def test_tracing_off_sets_no_provider_adds_no_hook_and_exports_nothing(
    pg_url: str,
    redis_url: str,
    otlp: OtlpReceiver,
    tmp_path: Path,
    switch: dict[str, str],
    capfd: pytest.CaptureFixture[str],
) -> None:
    env = _env(pg_url, redis_url, tmp_path / "metrics", **FAST_EXPORT, **switch)
    env.pop("OTEL_EXPORTER_OTLP_ENDPOINT", None)
    env.pop("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", None)
    if switch:  # the endpoint is set, but the standard kill switch wins
        env["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp.endpoint
    traceparent = f"00-{TRACE_ID}-00f067aa0ba902b7-01"
    result = subprocess.run(
        [sys.executable, "-c", OFF_SCRIPT, traceparent],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = json_lines(result.stdout)
    report = lines[-1]
    assert report == {
        "configured": False,
        "provider": "ProxyTracerProvider",
        "sdk_imported": False,
        "instrumented": False,
        "hooks": report["hooks"],
        "traceresponse": None,
    }
    assert not any("_before_request" in hook for hook in report["hooks"])
    # The header-only behaviour: the access log still carries the caller's trace id.
    access = [line for line in lines if line.get("event") == "http.request"]
    assert [line["trace_id"] for line in access] == [TRACE_ID]
    time.sleep(0.5)  # well past the 0.1 s export interval the process would have used
    assert otlp.spans == []
    assert otlp.requests == []


def test_the_header_seam_is_the_fallback_when_no_span_is_active() -> None:
    assert not tracing.is_on()
    assert tracing.current_trace_id(f"00-{TRACE_ID}-00f067aa0ba902b7-01") == TRACE_ID
    assert tracing.current_trace_id(None) is None


def test_endpoint_settings_follow_the_opentelemetry_variables(pg_url: str, redis_url: str) -> None:
    def endpoint(**values: Any) -> str | None:
        return tracing.otlp_traces_endpoint(make_settings(pg_url, redis_url, **values))

    assert endpoint() is None
    assert endpoint(otel_exporter_otlp_endpoint="http://collector:4318/") == "http://collector:4318/v1/traces"
    assert (
        endpoint(
            otel_exporter_otlp_endpoint="http://collector:4318",
            otel_exporter_otlp_traces_endpoint="http://other:4318/custom",
        )
        == "http://other:4318/custom"
    )
    assert endpoint(otel_exporter_otlp_endpoint="http://collector:4318", otel_sdk_disabled=True) is None
    os.environ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://from-env:4318"
    try:
        assert endpoint() == "http://from-env:4318/v1/traces"  # the standard name, without the FITNESSCRM_ prefix
    finally:
        del os.environ["OTEL_EXPORTER_OTLP_ENDPOINT"]


def test_tracebacks_in_spans_keep_locations_and_drop_messages() -> None:
    traceback_text = textwrap.dedent("""\
        Traceback (most recent call last):
          File "/app/fitnesscrm/clients/service.py", line 88, in create
            session.flush()
        psycopg.errors.UniqueViolation: duplicate key value violates unique constraint "uq_clients_email"
        DETAIL:  Key (email)=(ann.bell@example.com) already exists.

        The above exception was the direct cause of the following exception:

        Traceback (most recent call last):
          File "/app/fitnesscrm/clients/api.py", line 40, in create_client
            raise Conflict(f"{body.email} is taken")
        fitnesscrm.core.errors.Conflict: ann.bell@example.com is taken
    """)
    kept = otel.frames_only(traceback_text)
    assert "ann.bell" not in kept
    assert "session.flush()" not in kept  # source lines may hold literals
    assert 'File "/app/fitnesscrm/clients/service.py", line 88, in create' in kept
    assert "psycopg.errors.UniqueViolation" in kept
    assert "fitnesscrm.core.errors.Conflict" in kept


def test_span_attributes_lose_queries_client_details_and_sensitive_keys() -> None:
    scrubbed = otel.scrub_attributes(
        {
            "http.target": "/api/v1/clients?q=Philippa",
            "http.url": "https://user:pw@example.com:8443/a?b=c#d",  # pragma: allowlist secret
            "url.query": "q=Philippa",
            "net.peer.ip": "203.0.113.9",
            "http.user_agent": "Philippa's phone",
            "http.request.header.cookie": ("fcrm_session=abc",),
            "server.address": "db.internal",
            "db.statement": "SELECT * FROM clients WHERE email = %(email)s",
        },
        server=True,
    )
    assert scrubbed == {
        "http.target": "/api/v1/clients",
        "http.url": "https://example.com:8443/a",
        "http.request.header.cookie": "[redacted]",
        "server.address": "db.internal",
        "db.statement": "SELECT * FROM clients WHERE email = %(email)s",
    }
    # On a client span the peer is our own server (Redis, PostgreSQL, S3): kept.
    assert otel.scrub_attributes({"net.peer.name": "redis", "net.peer.port": 6379}) == {
        "net.peer.name": "redis",
        "net.peer.port": 6379,
    }
