"""The web app's error reports: ``GET /api/v1/meta`` tells it whether and where to report, and
``POST /api/v1/errors/envelope`` forwards its envelopes (same origin, so the CSP stays ``connect-src 'self'``) to
the configured Sentry only, checked against a real Sentry-compatible receiver."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from fitnesscrm.app import __version__, create_app
from fitnesscrm.core.email import ConsoleMailer

from ..conftest import make_settings
from ..factories import Api, Factory
from .receivers import SentryReceiver, browser_envelope, parse_envelope
from .support import free_port, json_lines

TUNNEL = "/api/v1/errors/envelope"
BROWSER_PROJECT = "7"


@pytest.fixture
def sentry() -> Iterator[SentryReceiver]:
    receiver = SentryReceiver(project_id=BROWSER_PROJECT)
    yield receiver
    receiver.close()
    assert receiver.errors == []


@pytest.fixture
def make_app(app: Any, pg_url: str, redis_url: str, tmp_path: Path) -> Iterator[Callable[..., Any]]:
    made: list[Any] = []

    def build(**overrides: Any) -> Any:
        other = create_app(make_settings(pg_url, redis_url, storage_dir=tmp_path, **overrides), mailer=ConsoleMailer())
        made.append(other)
        return other

    yield build
    for other in made:
        other.extensions["fitnesscrm"].database.engine.dispose()


@pytest.fixture
def tunnel_app(make_app: Callable[..., Any], sentry: SentryReceiver) -> Any:
    return make_app(sentry_browser_dsn=sentry.dsn(key="browserkey"), revision="4f2c1ab")


def _post(app: Any, body: bytes, **kw: Any) -> Any:
    return app.test_client().post(TUNNEL, data=body, content_type="text/plain;charset=UTF-8", **kw)


def test_meta_tells_the_web_app_where_to_report(tunnel_app: Any, sentry: SentryReceiver, anon: Api) -> None:
    response = tunnel_app.test_client().get("/api/v1/meta")
    assert response.status_code == 200
    assert response.json == {
        "version": __version__,
        "environment": "test",
        "sentry": {
            "dsn": sentry.dsn(key="browserkey"),
            "release": f"fitnesscrm@{__version__}+4f2c1ab",
            "environment": "test",
            "tunnel": TUNNEL,
        },
    }
    unconfigured = anon.get("/api/v1/meta")  # the session app has no browser DSN
    assert unconfigured.status_code == 200
    assert unconfigured.json == {"version": __version__, "environment": "test", "sentry": None}


def test_an_envelope_for_the_browser_dsn_is_forwarded_as_is(
    tunnel_app: Any, sentry: SentryReceiver, factory: Factory
) -> None:
    person = factory.client(account=True)
    api = Api(tunnel_app.test_client())
    assert api.login(person.email).status_code == 200
    api.csrf = None  # the SDK's fetch sends the session cookie but no CSRF header: the tunnel never looks at it
    body = browser_envelope(sentry.dsn(key="browserkey"))
    response = api.post(TUNNEL, data=body, content_type="text/plain;charset=UTF-8")
    assert response.status_code == 200, response.get_data(as_text=True)
    [envelope] = sentry.envelopes
    assert envelope.project_id == BROWSER_PROJECT
    assert envelope.raw == body
    assert response.json == {"id": envelope.header["event_id"]}
    assert envelope.headers["content-type"] == "application/x-sentry-envelope"
    assert "cookie" not in envelope.headers
    assert "x-forwarded-for" not in envelope.headers
    _header, items = parse_envelope(envelope.raw)
    assert items[0][0]["type"] == "event"


@pytest.mark.parametrize(
    "case", ["other key", "other project", "other host", "no dsn", "not json", "empty", "nested too deep"]
)
def test_anything_else_is_refused_and_nothing_is_forwarded(tunnel_app: Any, sentry: SentryReceiver, case: str) -> None:
    body = {
        "other key": browser_envelope(sentry.dsn(key="someoneelse")),
        "other project": browser_envelope(sentry.dsn(key="browserkey", project_id="8")),
        "other host": browser_envelope(f"http://browserkey@evil.example:{sentry.port}/{BROWSER_PROJECT}"),
        "no dsn": b'{"event_id":"abc"}\n{"type":"event"}\n{}',
        "not json": b"GET / HTTP/1.1\r\nHost: internal\r\n\r\n",
        "empty": b"",
        "nested too deep": b"[" * 5000 + b"]" * 5000 + b"\n{}",  # was a RecursionError, a 500
    }[case]
    response = _post(tunnel_app, body)
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert sentry.envelopes == []


def test_a_backend_dsn_is_not_a_browser_dsn(make_app: Callable[..., Any], sentry: SentryReceiver) -> None:
    only_backend = make_app(sentry_dsn=sentry.dsn(key="serverkey"))
    response = _post(only_backend, browser_envelope(sentry.dsn(key="serverkey")))
    assert response.status_code == 404  # no browser DSN: the tunnel is off
    assert sentry.envelopes == []
    from fitnesscrm.observability import errors

    errors.shutdown()


def test_oversized_envelopes_are_refused_before_forwarding(
    make_app: Callable[..., Any], sentry: SentryReceiver
) -> None:
    small = make_app(sentry_browser_dsn=sentry.dsn(key="browserkey"), sentry_tunnel_max_bytes=2048)
    response = _post(small, browser_envelope(sentry.dsn(key="browserkey"), message="x" * 3000))
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    assert _post(small, browser_envelope(sentry.dsn(key="browserkey"))).status_code == 200
    assert len(sentry.envelopes) == 1


def test_a_refusing_sentry_costs_a_dropped_report_never_a_500(
    tunnel_app: Any, sentry: SentryReceiver, capsys: pytest.CaptureFixture[str]
) -> None:
    body = browser_envelope(sentry.dsn(key="browserkey"))
    sentry.answer = (503, {})
    capsys.readouterr()
    response = _post(tunnel_app, body)
    assert response.status_code == 204
    dropped = [line for line in json_lines(capsys.readouterr().out) if line.get("event") == "errors.tunnel_dropped"]
    assert [(line["reason"], line["upstream_status"]) for line in dropped] == [("upstream_status", 503)]

    # Sentry's own rate limit is passed back, so the SDK backs off as it would talking to Sentry directly.
    sentry.answer = (429, {"Retry-After": "60", "X-Sentry-Rate-Limits": "60:error:organization"})
    limited = _post(tunnel_app, body)
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "60"
    assert limited.headers["X-Sentry-Rate-Limits"] == "60:error:organization"
    assert len(sentry.envelopes) == 2


def test_an_unreachable_sentry_is_a_dropped_report(
    make_app: Callable[..., Any], capsys: pytest.CaptureFixture[str]
) -> None:
    nowhere = f"http://browserkey@127.0.0.1:{free_port()}/{BROWSER_PROJECT}"
    app = make_app(sentry_browser_dsn=nowhere)
    capsys.readouterr()
    response = _post(app, browser_envelope(nowhere))
    assert response.status_code == 204
    dropped = [line for line in json_lines(capsys.readouterr().out) if line.get("event") == "errors.tunnel_dropped"]
    assert len(dropped) == 1
    assert dropped[0]["level"] == "warning"
    assert "browserkey" not in json.dumps(dropped)


def test_the_tunnel_is_rate_limited(make_app: Callable[..., Any], sentry: SentryReceiver) -> None:
    app = make_app(sentry_browser_dsn=sentry.dsn(key="browserkey"), sentry_tunnel_rate_limit="2 per minute")
    body = browser_envelope(sentry.dsn(key="browserkey"))
    assert [_post(app, body).status_code for _ in range(3)] == [200, 200, 429]
    assert len(sentry.envelopes) == 2


def test_without_a_browser_dsn_the_tunnel_is_not_there(anon: Api, sentry: SentryReceiver) -> None:
    response = anon.request("POST", TUNNEL, data=browser_envelope(sentry.dsn(key="browserkey")))
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert sentry.envelopes == []


@pytest.fixture(autouse=True)
def _warnings_on_stdout() -> Iterator[None]:
    logger = logging.getLogger("fitnesscrm.errors")
    previous = logger.level
    logger.setLevel(logging.WARNING)
    yield
    logger.setLevel(previous)


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://evil.example"},
        {"Origin": "http://localhost:8080"},
    ],
)
def test_other_websites_cannot_post_through_the_tunnel(
    tunnel_app: Any, sentry: SentryReceiver, headers: dict[str, str]
) -> None:
    response = _post(tunnel_app, browser_envelope(sentry.dsn(key="browserkey")), headers=headers)
    assert response.status_code == 403
    assert response.json["type"].endswith("/forbidden")
    assert sentry.envelopes == []


def test_the_installations_own_pages_may_post(tunnel_app: Any, sentry: SentryReceiver) -> None:
    own = {"Sec-Fetch-Site": "same-origin", "Origin": "http://localhost"}  # base_url of the test settings
    response = _post(tunnel_app, browser_envelope(sentry.dsn(key="browserkey")), headers=own)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert len(sentry.envelopes) == 1
