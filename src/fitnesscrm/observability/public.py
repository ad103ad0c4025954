"""Public endpoints for the web app's error tracking: what to load (``GET /api/v1/meta``) and the same-origin
tunnel its reports go through (``POST /api/v1/errors/envelope``). Neither looks at the caller (no session lookup:
they answer while the database is down) and neither needs signing in."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from apiflask import APIBlueprint
from flask import Response, request

from .. import __version__, web
from ..core.errors import PermissionDenied
from ..extensions import limiter
from . import envelope, errors
from .schemas import EnvelopeForwarded, MetaOut

bp = APIBlueprint("meta", __name__, tag="Operations")
TUNNEL_PATH = "/api/v1/errors/envelope"


@bp.get("/api/v1/meta")
@web.caller_blind
@bp.output(MetaOut)
@bp.doc(summary="Version and environment of this server, and the web app's error-tracking settings")
def get_meta() -> dict[str, Any]:
    settings = web.settings()
    sentry = None
    if envelope.Dsn.parse(settings.sentry_browser_dsn) is not None:
        sentry = {
            "dsn": settings.sentry_browser_dsn.strip(),
            "release": errors.release(__version__, settings.revision),
            "environment": errors.environment(settings),
            "tunnel": TUNNEL_PATH,
        }
    internal = web.internal_caller()
    return {
        "version": __version__ if internal else None,
        "environment": settings.env if internal else None,
        "sentry": sentry,
    }


@bp.post(TUNNEL_PATH)
@web.caller_blind
@web.accepts_body("*")
@limiter.limit(lambda: web.settings().sentry_tunnel_rate_limit)
@bp.output(EnvelopeForwarded)
@bp.doc(
    summary="Forward one error report of the web app to its Sentry project",
    description="The body is a Sentry envelope as the browser SDK sends it (newline-delimited JSON, any "
    "content type). It is forwarded only when its header's DSN is the configured browser DSN. "
    "204: Sentry could not be reached or refused it, and the report was dropped.",
    responses={
        200: "Forwarded",
        204: "Dropped (Sentry unreachable or refusing)",
        400: "Not an envelope for this installation",
        404: "Browser error tracking is not configured",
        413: "Too large",
        429: "Too many reports",
    },
)
def forward_error_envelope() -> Any:
    settings = web.settings()
    _refuse_other_sites(settings.base_url)
    limit = settings.sentry_tunnel_max_bytes
    if request.content_length is not None and request.content_length > limit:
        raise envelope.EnvelopeTooLarge(f"An error report may be at most {limit} bytes.")
    body = request.stream.read(limit + 1)  # chunked bodies have no length: read one byte past the limit at most
    result = envelope.forward_browser_envelope(body, browser_dsn=settings.sentry_browser_dsn, max_bytes=limit)
    if result.status == 204:
        return Response(status=204)
    return result.body


def _refuse_other_sites(base_url: str) -> None:
    """The tunnel takes text/plain without CSRF (the SDK cannot send our header), so another website could make
    its visitors' browsers post here. Browsers say where a request comes from: accept only our own pages."""
    site = request.headers.get("Sec-Fetch-Site")
    origin = request.headers.get("Origin")
    own = urlsplit(base_url)
    if (site is not None and site not in ("same-origin", "none")) or (
        origin is not None and origin != f"{own.scheme}://{own.netloc}"
    ):
        raise PermissionDenied("Error reports are accepted from this installation's own pages only.")
