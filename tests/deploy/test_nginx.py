"""deploy/nginx: the production config passes `nginx -t` and, run on loopback ports in front of two stub app
instances, behaves as documented (redirect, TLS + HTTP/2, headers, caching, SPA fallback, rate limits,
request ids, failover). The one config file is rendered with tmp paths here; no service of the machine is
touched and nothing is downloaded."""

from __future__ import annotations

import contextlib
import gzip
import http.client
import json
import shutil
import signal
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ops.nginx_render import NGINX_DIR, Rendered, nginx_binary, self_signed_certificate
from ops.nginx_render import render as render_nginx

from ..conftest import _unavailable

ROBOTS_TXT = Path(__file__).resolve().parents[2] / "frontend" / "public" / "robots.txt"


def _nginx_binary() -> str:
    found = nginx_binary()
    if found is None:
        _unavailable("nginx", "binary not found; Debian package `nginx`")
    assert found is not None
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def render(tmp: Path, upstreams: tuple[int, int], *, loopback_unlimited: bool = False) -> Rendered:
    """deploy/nginx rendered into tmp (paths) and onto loopback (ports), with a fresh self-signed certificate."""
    openssl = shutil.which("openssl")
    if openssl is None:
        _unavailable("openssl", "binary not found; Debian package `openssl`")
    assert openssl is not None
    self_signed_certificate(tmp / "tls", openssl, days=2)
    return render_nginx(
        tmp,
        upstream_ports=upstreams,
        http_port=_free_port(),
        https_port=_free_port(),
        loopback_unlimited=loopback_unlimited,
    )


def _nginx_cmd(nginx: str, rendered: Rendered, *extra: str) -> list[str]:
    return rendered.command(nginx, *extra)


def test_nginx_config_passes_nginx_t(tmp_path: Path) -> None:
    nginx = _nginx_binary()
    rendered = render(tmp_path, (_free_port(), _free_port()))
    result = subprocess.run(_nginx_cmd(nginx, rendered, "-t"), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
    assert "[emerg]" not in result.stderr


def test_proxy_retries_are_for_idempotent_requests_only() -> None:
    proxy = (NGINX_DIR / "snippets" / "proxy-app.conf").read_text()
    directive = next(line for line in proxy.splitlines() if line.startswith("proxy_next_upstream "))
    assert directive == "proxy_next_upstream error timeout;"
    assert "non_idempotent" not in directive


# --- nginx running in front of stub app instances -------------------------------------------------------


class _StubApp(BaseHTTPRequestHandler):
    """Answers every request with the headers it received, as JSON, padded past gzip_min_length."""

    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        body = json.dumps(
            {
                "path": self.path,
                "method": self.command,
                "instance": self.server.server_address[1],
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "padding": "x" * 600,
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer  # http.server's naming

    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Stack:
    rendered: Rendered
    live_upstream: int
    dead_upstream: int

    def https(self) -> http.client.HTTPSConnection:
        context = ssl.create_default_context(cafile=str(self.rendered.prefix / "tls" / "fullchain.pem"))
        return http.client.HTTPSConnection("localhost", self.rendered.https_port, context=context, timeout=10)

    def get(
        self, path: str, method: str = "GET", headers: dict[str, str] | None = None, body: bytes | None = None
    ) -> tuple[http.client.HTTPResponse, bytes]:
        conn = self.https()
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response, response.read()
        finally:
            conn.close()


def _wait_for_port(port: int, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"nginx exited with {proc.returncode}: {log.read_text() if log.exists() else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"nginx did not listen on {port} within 10 s")


@contextlib.contextmanager
def _stub_upstream() -> Iterator[int]:
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), _StubApp)
    upstream.daemon_threads = True
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    try:
        yield int(upstream.server_address[1])
    finally:
        upstream.shutdown()
        upstream.server_close()


@contextlib.contextmanager
def _nginx_running(rendered: Rendered) -> Iterator[None]:
    proc = subprocess.Popen(
        _nginx_cmd(_nginx_binary(), rendered, "-g", "daemon off;"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        _wait_for_port(rendered.https_port, proc, rendered.prefix / "logs" / "error.log")
        _wait_for_port(rendered.http_port, proc, rendered.prefix / "logs" / "error.log")
        yield
    finally:
        proc.send_signal(signal.SIGQUIT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    _nginx_binary()
    tmp = tmp_path_factory.mktemp("nginx")
    with _stub_upstream() as live:
        dead = _free_port()  # `dead`: nothing listens (a crashed instance)
        rendered = render(tmp, (dead, live))
        www = tmp / "www"
        (www / "index.html").write_text("<!doctype html><title>FitnessCRM</title><div id=root></div>\n")
        (www / "assets" / "index-abc123.js").write_text("console.log('fitnesscrm');\n" * 40)
        (www / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>\n")
        shutil.copy(ROBOTS_TXT, www / "robots.txt")  # the one the frontend build ships
        (tmp / "acme" / ".well-known" / "acme-challenge" / "token123").write_text("token123.thumbprint")
        with _nginx_running(rendered):
            yield Stack(rendered, live, dead)


def test_plain_http_redirects_to_https_except_acme(stack: Stack) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", stack.rendered.http_port, timeout=10)
    conn.request("GET", "/clients?tab=notes", headers={"Host": "crm.example.com"})
    response = conn.getresponse()
    response.read()
    assert response.status == 301
    assert response.headers["Location"] == "https://crm.example.com/clients?tab=notes"
    conn.request("GET", "/.well-known/acme-challenge/token123", headers={"Host": "crm.example.com"})
    response = conn.getresponse()
    assert (response.status, response.read()) == (200, b"token123.thumbprint")
    conn.close()


def test_https_negotiates_http2_and_modern_tls_only(stack: Stack) -> None:
    context = ssl.create_default_context(cafile=str(stack.rendered.prefix / "tls" / "fullchain.pem"))
    context.set_alpn_protocols(["h2", "http/1.1"])
    with (
        socket.create_connection(("127.0.0.1", stack.rendered.https_port), timeout=10) as raw,
        context.wrap_socket(raw, server_hostname="localhost") as tls,
    ):
        assert tls.selected_alpn_protocol() == "h2"
        assert tls.version() in {"TLSv1.2", "TLSv1.3"}
    for ciphers, accepted in (
        ("ECDHE-RSA-AES128-GCM-SHA256", True),
        ("AES128-SHA:AES256-SHA256", False),
        ("ECDHE-RSA-AES128-SHA", False),
    ):  # no static RSA key exchange, no CBC
        tls12 = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        tls12.check_hostname, tls12.verify_mode = False, ssl.CERT_NONE
        tls12.maximum_version = ssl.TLSVersion.TLSv1_2
        tls12.set_ciphers(f"{ciphers}:@SECLEVEL=0")
        with socket.create_connection(("127.0.0.1", stack.rendered.https_port), timeout=10) as raw:
            if accepted:
                with tls12.wrap_socket(raw, server_hostname="localhost") as tls:
                    assert tls.version() == "TLSv1.2"
            else:
                with pytest.raises(ssl.SSLError):
                    tls12.wrap_socket(raw, server_hostname="localhost")


def test_spa_entry_and_fallback_are_not_cached_and_carry_security_headers(stack: Stack) -> None:
    for path in ("/", "/clients/42/progress", "/index.html"):
        response, body = stack.get(path)
        assert response.status == 200, path
        assert b"<div id=root>" in body
        assert response.headers["Cache-Control"] == "no-cache"
        assert response.headers["Strict-Transport-Security"].startswith("max-age=63072000")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    response, body = stack.get("/favicon.svg")
    assert response.status == 200
    assert body.startswith(b"<svg")


def test_robots_txt_is_served_and_missing_files_are_404_not_the_app(stack: Stack) -> None:
    response, body = stack.get("/robots.txt")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    assert b"Disallow: /" in body
    for path in ("/favicon.ico", "/wp-login.php", "/clients/report.pdf"):
        response, body = stack.get(path)
        assert response.status == 404, path
        assert b"<div id=root>" not in body
    response, body = stack.get("/clients/3f2b1c9e-0000-4000-8000-000000000000")  # a client-side route
    assert response.status == 200
    assert b"<div id=root>" in body


def test_assets_are_immutable_and_compressed(stack: Stack) -> None:
    response, body = stack.get("/assets/index-abc123.js", headers={"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body).startswith(b"console.log")
    assert "Strict-Transport-Security" in response.headers
    response, _ = stack.get("/assets/missing-123.js")
    assert response.status == 404  # never the SPA's index.html for a missing asset


def test_metrics_is_never_public(stack: Stack) -> None:
    for path in ("/metrics", "/metrics/", "/metrics?format=prometheus"):
        response, _ = stack.get(path)
        assert response.status == 404, path
    response, body = stack.get("/api/v1/metrics")  # the API's progress-metrics catalogue is not affected
    assert response.status == 200
    assert json.loads(body)["path"] == "/api/v1/metrics"


def test_api_proxy_passes_request_id_forwarded_headers_and_fails_over(stack: Stack) -> None:
    # One of the two upstream instances is down: every GET still succeeds (passive health check + retry).
    for _ in range(6):
        response, body = stack.get("/api/v1/clients", headers={"X-Request-ID": "req-abc.12345678"})
        assert response.status == 200
        seen = json.loads(body)
        assert seen["instance"] == stack.live_upstream
        assert seen["headers"]["x-request-id"] == "req-abc.12345678"
        assert seen["headers"]["x-forwarded-proto"] == "https"
        assert seen["headers"]["x-forwarded-for"] == "127.0.0.1"
        assert seen["headers"]["x-forwarded-host"] == "localhost"
    response, body = stack.get("/api/v1/clients", headers={"X-Request-ID": "bad id with spaces"})
    generated = json.loads(body)["headers"]["x-request-id"]
    assert len(generated) == 32
    assert all(c in "0123456789abcdef" for c in generated)
    response, body = stack.get("/api/v1/clients", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(body))["path"] == "/api/v1/clients"
    for probe in ("/healthz", "/readyz"):
        response, body = stack.get(probe)
        assert response.status == 200
        assert json.loads(body)["path"] == probe
    log_lines = (stack.rendered.prefix / "logs" / "access.log").read_text().splitlines()
    entries = [json.loads(line) for line in log_lines]
    entry = next(e for e in entries if e["request_id"] == "req-abc.12345678")
    assert {
        "time",
        "method",
        "uri",
        "status",
        "bytes",
        "request_time",
        "upstream_response_time",
        "upstream_addr",
    } <= entry.keys()
    assert entry["status"] == 200
    assert entry["method"] == "GET"


def test_upload_size_limit(stack: Stack) -> None:
    response, _ = stack.get(
        "/api/v1/clients/1/progress-photos",
        method="POST",
        body=b"x" * (11 * 1024 * 1024),
        headers={"Content-Type": "application/octet-stream"},
    )
    assert response.status == 200
    response, _ = stack.get(
        "/api/v1/clients/1/progress-photos",
        method="POST",
        body=b"x" * (13 * 1024 * 1024),
        headers={"Content-Type": "application/octet-stream"},
    )
    assert response.status == 413


def test_auth_rate_limit_answers_429_problem_documents(stack: Stack) -> None:
    statuses = []
    for _ in range(11):
        response, body = stack.get(
            "/api/v1/auth/login", method="POST", body=b"{}", headers={"Content-Type": "application/json"}
        )
        statuses.append(response.status)
        if response.status == 429:
            assert response.headers["Content-Type"].startswith("application/problem+json")
            problem = json.loads(body)
            assert problem["status"] == 429
            assert problem["title"] == "Too Many Requests"
            assert problem["type"].startswith("https://")
            assert problem["detail"]
            assert response.headers["Retry-After"] == "60"
            assert "Strict-Transport-Security" in response.headers
    assert statuses[:6] == [200] * 6  # rate 10/min with burst 5
    assert statuses.count(429) >= 4, statuses


def test_load_test_rendering_lets_loopback_past_the_per_address_limits(tmp_path: Path) -> None:
    # `python -m ops.stack up --load-test`: every simulated user signs in from 127.0.0.1. (What else the
    # rendering changes is pinned in tests/deploy/test_stack_tooling.py.)
    with _stub_upstream() as live:
        rendered = render(tmp_path, (live, live), loopback_unlimited=True)
        with _nginx_running(rendered):
            running = Stack(rendered, live, live)
            sign_ins = [
                running.get(
                    "/api/v1/auth/login", method="POST", body=b"{}", headers={"Content-Type": "application/json"}
                )[0].status
                for _ in range(20)
            ]
            reads = [running.get("/api/v1/clients")[0].status for _ in range(60)]  # past 20 r/s, burst 40
    assert sign_ins == [200] * 20
    assert reads == [200] * 60


# --- slow answers: nginx never ejects every instance --------------------------------------------------------

READ_TIMEOUT_S = 1  # the test's own proxy_read_timeout (35 s as shipped): slow answers time out quickly here


class _SlowApp(BaseHTTPRequestHandler):
    """/slow answers only once the test releases it (after nginx has timed out); everything else at once.
    Counts the requests each instance received, per method and path."""

    protocol_version = "HTTP/1.1"
    release = threading.Event()
    received: list[tuple[int, str, str]] = []

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        _SlowApp.received.append((self.server.server_address[1], self.command, self.path))
        if self.path.startswith("/api/v1/slow"):
            _SlowApp.release.wait(120)
        body = b'{"ok": true}'
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # nginx gave up on this one long ago

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def slow_stack(tmp_path: Path) -> Iterator[Stack]:
    _nginx_binary()
    servers = [ThreadingHTTPServer(("127.0.0.1", 0), _SlowApp) for _ in range(2)]
    for server in servers:
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
    ports = (int(servers[0].server_address[1]), int(servers[1].server_address[1]))
    rendered = render(tmp_path, ports)
    proxy = rendered.conf.parent / "snippets" / "proxy-app.conf"
    proxy.write_text(proxy.read_text().replace("proxy_read_timeout 35s;", f"proxy_read_timeout {READ_TIMEOUT_S}s;"))
    _SlowApp.release.clear()
    _SlowApp.received.clear()
    try:
        with _nginx_running(rendered):
            try:
                yield Stack(rendered, ports[0], ports[1])
            finally:
                _SlowApp.release.set()
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def test_slow_answers_mark_every_primary_failed_yet_requests_still_reach_the_instances(slow_stack: Stack) -> None:
    # Three slow GETs: each times out on one instance, is retried on the other (GET is idempotent), times out
    # again: 504. That is max_fails=3 timeouts on each instance within fail_timeout: both primaries failed.
    for _ in range(3):
        response, body = slow_stack.get("/api/v1/slow")
        assert response.status == 504
        assert response.headers["Content-Type"].startswith("application/problem+json")
    error_log = (slow_stack.rendered.prefix / "logs" / "error.log").read_text()
    for port in (slow_stack.live_upstream, slow_stack.dead_upstream):
        assert (
            f"upstream server temporarily disabled while reading response header from upstream, client: "
            f'127.0.0.1, server: _, request: "GET /api/v1/slow HTTP/1.1", upstream: '
            f'"http://127.0.0.1:{port}/api/v1/slow"'
        ) in error_log

    # Without the backups nginx would now answer 502 "no live upstreams" to everyone for fail_timeout.
    for _ in range(4):
        response, body = slow_stack.get("/api/v1/clients")
        assert response.status == 200, body
        assert json.loads(body) == {"ok": True}
    assert "no live upstreams" not in (slow_stack.rendered.prefix / "logs" / "error.log").read_text()


def test_a_post_that_times_out_is_never_sent_to_a_second_instance(slow_stack: Stack) -> None:
    response, _ = slow_stack.get(
        "/api/v1/slow-sign-in", method="POST", body=b"{}", headers={"Content-Type": "application/json"}
    )
    assert response.status == 504
    posts = [entry for entry in _SlowApp.received if entry[1] == "POST"]
    assert len(posts) == 1, posts  # a sign-in is never submitted twice
    response, _ = slow_stack.get("/api/v1/slow-list")  # a GET is retried on the other instance
    assert response.status == 504
    gets = {port for port, method, path in _SlowApp.received if (method, path) == ("GET", "/api/v1/slow-list")}
    assert gets == {slow_stack.live_upstream, slow_stack.dead_upstream}
