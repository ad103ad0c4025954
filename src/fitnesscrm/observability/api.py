"""``GET /metrics``: the Prometheus exposition, for scrapers holding ``FITNESSCRM_METRICS_TOKEN`` only.

Anyone else (no token configured, no header, a wrong token) gets a plain 404 problem document, the answer of an
unknown API address. Kept out of the OpenAPI document and out of rate limiting (scrapes come every few seconds).
"""

from __future__ import annotations

from apiflask import APIBlueprint
from apiflask.exceptions import HTTPError
from flask import Response, current_app

from .. import web
from . import metrics
from .collector import AppCollector

bp = APIBlueprint("observability", __name__, enable_openapi=False)
BUILD_INFO = "fitnesscrm.build_info"


@bp.get("/metrics")
def scrape() -> Response:
    runtime = web.runtime()
    if not web.holds_metrics_token():
        raise HTTPError(404)
    body, content_type = metrics.render(current_app.extensions[BUILD_INFO], AppCollector(runtime))
    return Response(body, content_type=content_type, headers={"Cache-Control": "no-store"})
