"""What a client sees at the edge of the local stack: HTTPS over HTTP/2 with compression and the security
headers, plain HTTP redirected, the sign-in rate limit answering 429 problem documents, and no weak TLS
protocol or cipher (testssl.sh)."""

from __future__ import annotations

import gzip
import http.client
import json
import socket
import ssl
import subprocess
import uuid
from pathlib import Path

from ..conftest import require_binary
from .conftest import LiveStack

SECURITY_HEADERS = (
    "strict-transport-security",
    "x-content-type-options",
    "x-frame-options",
    "referrer-policy",
    "content-security-policy",
)


def test_https_negotiates_http2_and_modern_tls(live: LiveStack) -> None:
    context = ssl.create_default_context(cafile=str(live.stack.ca_file))
    context.set_alpn_protocols(["h2", "http/1.1"])
    with (
        socket.create_connection(("127.0.0.1", live.stack.ports.https), timeout=10) as raw,
        context.wrap_socket(raw, server_hostname="localhost") as tls,
    ):
        assert tls.selected_alpn_protocol() == "h2"
        assert tls.version() in ("TLSv1.2", "TLSv1.3")


def test_responses_are_compressed_and_carry_every_security_header(live: LiveStack) -> None:
    conn = live.connection(token=False)
    # Through the app: the OpenAPI document is large JSON.
    status, headers, body = conn.request("GET", "/api/v1/openapi.json", headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["content-encoding"] == "gzip"
    assert "openapi" in json.loads(gzip.decompress(body))
    # From nginx itself: the web app's entry point.
    status, headers, _ = conn.request("GET", "/clients", headers={"Accept": "text/html"})
    assert status == 200
    assert headers["cache-control"] == "no-cache"
    for name in SECURITY_HEADERS:
        assert name in headers, name
    assert "max-age=" in headers["strict-transport-security"]
    status, headers, _ = conn.request("GET", "/api/v1/auth/me")
    assert status == 401
    for name in SECURITY_HEADERS:
        assert name in headers, name
    conn.close()


def test_plain_http_redirects_to_https(live: LiveStack) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", live.stack.ports.http, timeout=10)
    conn.request("GET", "/clients?page=2", headers={"Host": "crm.example.com"})
    response = conn.getresponse()
    response.read()
    conn.close()
    assert response.status == 301
    assert response.getheader("Location") == "https://crm.example.com/clients?page=2"


def test_sign_in_rate_limit_answers_429_problem_documents_after_its_burst(live: LiveStack) -> None:
    conn = live.connection(token=False)
    answers = []
    for _ in range(12):
        status, headers, body = conn.request(
            "POST",
            "/api/v1/auth/login",
            {"email": f"nobody-{uuid.uuid4().hex[:8]}@example.com", "password": "not-the-password-at-all"},
        )
        answers.append((status, headers, body))
    conn.close()
    statuses = [status for status, _, _ in answers]
    print(f"\n[edge] sign-in burst statuses: {statuses}")
    assert statuses[0] == 401, statuses
    limited = [(headers, body) for status, headers, body in answers if status == 429]
    assert len(limited) >= 5, statuses  # 1 + burst 5 pass (less what the fixture's sign-in used), then 429s
    headers, body = limited[0]
    assert headers["content-type"].startswith("application/problem+json")
    assert body["status"] == 429
    assert body["type"].endswith("/rate-limited")
    assert headers["retry-after"]


def test_testssl_finds_no_weak_protocol_or_cipher(live: LiveStack, tmp_path: Path) -> None:
    testssl = require_binary("testssl.sh", "testssl", "testssl.sh")
    report = tmp_path / "testssl.json"
    subprocess.run(
        [
            testssl,
            "--quiet",
            "--color",
            "0",
            "--protocols",
            "--std",
            "--jsonfile",
            str(report),
            f"localhost:{live.stack.ports.https}",
        ],
        capture_output=True,
        timeout=300,
        check=False,
    )
    findings = {item["id"]: item["finding"] for item in json.loads(report.read_text())}
    print(f"\n[testssl] {', '.join(f'{key}={value}' for key, value in findings.items() if key != 'scanTime')}")
    for weak in (
        "SSLv2",
        "SSLv3",
        "TLS1",
        "TLS1_1",
        "cipherlist_NULL",
        "cipherlist_aNULL",
        "cipherlist_EXPORT",
        "cipherlist_LOW",
        "cipherlist_3DES_IDEA",
        "cipherlist_AVERAGE",
    ):
        assert findings[weak] == "not offered", (weak, findings[weak])
    assert findings["TLS1_2"] == "offered"
    assert findings["TLS1_3"].startswith("offered")
    assert findings["cipherlist_STRONG"] == "offered"
    assert findings["ALPN_HTTP2"] == "h2"
