"""Authorisation rows for the web app's error-tracking endpoints: both are public and never look at the caller.

``POST /api/v1/errors/envelope`` answers 404 to everyone on an installation without a browser DSN (the suite's
app has none); its forwarding is tested against a real receiver in test_error_tunnel.py."""

from __future__ import annotations

from collections.abc import Callable

from ..authz import ALLOW, E404, Req, World
from .receivers import browser_envelope

PUBLIC = (ALLOW, ALLOW, ALLOW, ALLOW, ALLOW)
NOT_CONFIGURED = (E404, E404, E404, E404, E404)

MATRIX: dict[str, tuple[str, str, str, str, str]] = {
    "GET /api/v1/meta": PUBLIC,
    "POST /api/v1/errors/envelope": NOT_CONFIGURED,
}

REQUESTS: dict[str, Callable[[World, str], Req]] = {
    "GET /api/v1/meta": lambda w, a: Req("GET", "/api/v1/meta"),
    "POST /api/v1/errors/envelope": lambda w, a: Req(
        "POST", "/api/v1/errors/envelope", data=browser_envelope("https://browserkey@o1.ingest.example/7")
    ),
}
