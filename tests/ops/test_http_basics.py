"""Production basics every response carries: request ids, security headers, logs, health, static caching."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from pydantic import SecretStr

from fitnesscrm.app import create_app
from fitnesscrm.observability.logging import configure_logging

from ..conftest import make_settings
from ..factories import Api


def test_every_response_has_a_request_id_and_echoes_a_sane_one(anon):
    assert len(anon.get("/healthz").headers["X-Request-ID"]) >= 16
    echoed = anon.get("/healthz", headers={"X-Request-ID": "abc-123-def-456"})
    assert echoed.headers["X-Request-ID"] == "abc-123-def-456"
    # A hostile id is replaced, not reflected.
    assert anon.get("/healthz", headers={"X-Request-ID": "<script>"}).headers["X-Request-ID"] != "<script>"


def test_security_headers(anon):
    headers = anon.get("/api/v1/auth/me").headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cache-Control"] == "no-store"


def test_hsts_only_over_https(anon):
    assert "Strict-Transport-Security" not in anon.get("/healthz").headers
    secure = anon.client.get("/healthz", base_url="https://localhost")
    assert "max-age=31536000" in secure.headers["Strict-Transport-Security"]


def test_health_and_readiness_report_dependencies(anon):
    assert anon.get("/healthz").json == {"status": "ok"}
    ready = anon.get("/readyz")
    assert ready.status_code == 200
    assert ready.json["checks"]["database"]["ok"] is True
    assert ready.json["checks"]["redis"]["detail"] == "connected"


def test_only_operators_learn_how_the_server_is_set_up(app, monkeypatch):
    """Issue 14, finding 12: readiness and meta told anyone the environment, the Redis mode and the migration state.
    From elsewhere they now give the bare answer; the metrics token (or a caller on this machine) gets the detail."""
    monkeypatch.setattr(app.extensions["fitnesscrm"].settings, "metrics_token", SecretStr("operator-token-0123456789"))
    outside = app.test_client()
    outside.environ_base["REMOTE_ADDR"] = "203.0.113.9"

    assert outside.get("/readyz").json == {"status": "ok", "checks": None}
    meta = outside.get("/api/v1/meta").json
    assert meta["version"] is None
    assert meta["environment"] is None

    operator = {"Authorization": "Bearer operator-token-0123456789"}
    assert outside.get("/readyz", headers=operator).json["checks"]["database"]["ok"] is True
    assert outside.get("/api/v1/meta", headers=operator).json["environment"] == "test"
    wrong = {"Authorization": "Bearer not-the-token"}
    assert outside.get("/readyz", headers=wrong).json["checks"] is None
    assert app.test_client().get("/readyz").json["checks"]["redis"]["ok"] is True  # from this machine


def test_readiness_is_degraded_but_serving_when_redis_is_unreachable(pg_url, mailer):
    app = create_app(make_settings(pg_url, "redis://127.0.0.1:1/0"), mailer=mailer)
    response = app.test_client().get("/readyz")
    assert response.status_code == 200
    assert response.json["status"] == "degraded"
    assert response.json["checks"]["redis"]["ok"] is False


def test_one_json_access_log_line_per_request_without_personal_data(factory, capsys, pg_url, redis_url, mailer):
    admin = factory.admin()
    # Logging is configured per process when an app is created; make one that logs at INFO into capsys.
    app = create_app(make_settings(pg_url, redis_url, log_level="INFO"), mailer=mailer)
    try:
        api = Api(app.test_client())
        api.login(admin.email)
        capsys.readouterr()
        api.get("/api/v1/clients?q=someone")
        out = capsys.readouterr().out
    finally:
        configure_logging("WARNING")
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    access = [line for line in lines if line.get("event") == "http.request"]
    assert len(access) == 1
    entry = access[0]
    assert entry["route"] == "/api/v1/clients"
    assert entry["status"] == 200
    assert entry["method"] == "GET"
    assert entry["user_id"] == str(admin.user_id)
    assert entry["request_id"]
    assert entry["duration_ms"] >= 0
    assert admin.email not in json.dumps(entry)
    assert "someone" not in json.dumps(entry)


def test_built_assets_are_immutable_and_gzipped(tmp_path: Path, pg_url, redis_url, mailer):
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>x</title>")
    (tmp_path / "assets" / "app-abc123.js").write_text("console.log(1)")
    (tmp_path / "assets" / "app-abc123.js.gz").write_bytes(gzip.compress(b"console.log(1)"))
    client = create_app(make_settings(pg_url, redis_url, frontend_dist=tmp_path), mailer=mailer).test_client()
    asset = client.get("/assets/app-abc123.js", headers={"Accept-Encoding": "gzip"})
    assert asset.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert asset.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(asset.data) == b"console.log(1)"
    page = client.get("/clients/some-deep-link")  # SPA fallback
    assert page.status_code == 200
    assert b"<title>x</title>" in page.data
    assert page.headers["Cache-Control"] == "no-cache"
    assert client.get("/assets/../index.html").status_code == 404
    # Missing files are 404, never the app's page: client-side routes have no extension.
    for path in ("/favicon.ico", "/wp-login.php", "/clients/report.pdf", "/assets/missing.js", "/assets/nothing"):
        missing = client.get(path)
        assert missing.status_code == 404, path
        assert b"<title>x</title>" not in missing.data


def test_robots_txt_is_the_built_one(tmp_path: Path, pg_url, redis_url, mailer):
    # The real file from frontend/public, which the build copies into dist.
    robots = Path(__file__).resolve().parents[2] / "frontend" / "public" / "robots.txt"
    (tmp_path / "index.html").write_text("<!doctype html><title>x</title>")
    (tmp_path / "robots.txt").write_bytes(robots.read_bytes())
    client = create_app(make_settings(pg_url, redis_url, frontend_dist=tmp_path), mailer=mailer).test_client()
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert "User-agent: *" in lines
    # The app's pages may be crawled (a crawler only ever sees the sign-in form); the API and token links not.
    assert "Disallow: /api/" in lines
    assert {"Disallow: /accept-invitation", "Disallow: /reset-password/confirm"} <= set(lines)
    assert "Disallow: /" not in lines
    assert client.get("/api/v1/nothing-here").headers["Content-Type"] == "application/problem+json"
