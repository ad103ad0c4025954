"""Sentry DSNs and the browser's error-report tunnel (no Flask here).

The web app's CSP allows connections to its own origin only, so the browser SDK posts its envelopes to
``POST /api/v1/errors/envelope`` and the server forwards them. An envelope is forwarded only when the DSN in its
header names the project of the configured browser DSN, and only to that DSN's host: the tunnel cannot be used to
reach any other address. A Sentry that is down or refuses costs the caller nothing but a dropped report.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import structlog

from ..core.errors import DomainError, NotFound

log = structlog.get_logger("fitnesscrm.errors")
UPSTREAM_TIMEOUT = (2.0, 5.0)  # connect, read (seconds): a request thread waits at most this long
_HEADER_LIMIT = 16 * 1024  # an envelope header is a few hundred bytes; never scan further for its end
_RATE_LIMIT_HEADERS = ("Retry-After", "X-Sentry-Rate-Limits")
_pool: Any = None


@dataclass(frozen=True)
class Dsn:
    """The parts of a Sentry DSN ``scheme://public_key[:secret]@host[:port][/path]/project_id`` that name a project
    (the optional secret is ignored: two DSNs naming the same project are equal)."""

    scheme: str
    public_key: str
    host: str  # with the port when there is one
    path: str  # prefix before the project id, "" or "/sentry"
    project_id: str

    @classmethod
    def parse(cls, value: str | None) -> Dsn | None:
        if not value or not isinstance(value, str):
            return None
        try:
            parts = urlsplit(value.strip())
            port = parts.port
        except ValueError:
            return None
        path, _, project_id = parts.path.rstrip("/").rpartition("/")
        if parts.scheme not in ("http", "https") or not parts.username or not parts.hostname or not project_id:
            return None
        host = parts.hostname if port is None else f"{parts.hostname}:{port}"
        return cls(parts.scheme, parts.username, host, path, project_id)

    @property
    def envelope_url(self) -> str:
        return f"{self.scheme}://{self.host}{self.path}/api/{self.project_id}/envelope/"


class EnvelopeTooLarge(DomainError):
    status, title, type_slug = 413, "Payload too large", "too-large"


class UpstreamRateLimited(DomainError):
    status, title, type_slug = 429, "Too many requests", "rate-limited"


@dataclass(frozen=True)
class Forwarded:
    status: int  # 200 when Sentry took the envelope, 204 when it was dropped
    body: dict[str, Any]


def envelope_dsn(body: bytes) -> Dsn | None:
    """The DSN named in an envelope's header (its first line, a JSON object)."""
    header_line = body[:_HEADER_LIMIT].split(b"\n", 1)[0]
    try:
        header = json.loads(header_line)
    except (ValueError, RecursionError):  # RecursionError: brackets nested deep
        return None
    return Dsn.parse(header.get("dsn")) if isinstance(header, dict) else None


def forward_browser_envelope(body: bytes, *, browser_dsn: str, max_bytes: int) -> Forwarded:
    """Check one envelope from the web app and forward it to the browser DSN's Sentry."""
    configured = Dsn.parse(browser_dsn)
    if configured is None:
        raise NotFound("Browser error tracking is not configured on this server.")
    if len(body) > max_bytes:
        raise EnvelopeTooLarge(f"An error report may be at most {max_bytes} bytes.")
    sent_for = envelope_dsn(body)
    if sent_for is None:
        raise DomainError("Not a Sentry envelope: the first line must be a JSON header with a dsn.")
    if sent_for != configured:
        raise DomainError("The envelope is addressed to another Sentry project.")
    return _post(configured.envelope_url, body)


def _post(url: str, body: bytes) -> Forwarded:
    import urllib3

    global _pool
    if _pool is None:
        _pool = urllib3.PoolManager(
            num_pools=2,
            maxsize=4,
            retries=False,
            timeout=urllib3.Timeout(connect=UPSTREAM_TIMEOUT[0], read=UPSTREAM_TIMEOUT[1]),
        )
    try:
        response = _pool.request(
            "POST", url, body=body, preload_content=True, headers={"Content-Type": "application/x-sentry-envelope"}
        )
    except urllib3.exceptions.HTTPError as exc:
        log.warning("errors.tunnel_dropped", reason=type(exc).__name__, bytes=len(body))
        return Forwarded(204, {})
    if response.status == 429:
        headers = {name: response.headers[name] for name in _RATE_LIMIT_HEADERS if name in response.headers}
        raise UpstreamRateLimited("Sentry asks this app to send fewer error reports.", headers=headers)
    if not 200 <= response.status < 300:
        log.warning("errors.tunnel_dropped", reason="upstream_status", upstream_status=response.status, bytes=len(body))
        return Forwarded(204, {})
    try:
        answer = json.loads(response.data or b"{}")
    except ValueError:
        answer = {}
    return Forwarded(
        200, {"id": answer["id"]} if isinstance(answer, dict) and isinstance(answer.get("id"), str) else {}
    )
