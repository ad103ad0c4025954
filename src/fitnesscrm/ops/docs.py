"""Interactive API docs served from the packaged Swagger UI files (no CDN, no inline script)."""

from __future__ import annotations

from pathlib import Path

import flask_swagger_ui
from flask import Blueprint, Response, send_from_directory

from .. import web

SWAGGER_DIST = Path(flask_swagger_ui.__file__).parent / "dist"

bp = Blueprint("docs", __name__, url_prefix="/api/v1/docs")

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>FitnessCRM API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/api/v1/docs/static/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/v1/docs/static/swagger-ui-bundle.js"></script>
<script src="/api/v1/docs/init.js"></script></body></html>
"""

INIT = """window.ui = SwaggerUIBundle({url: "/api/v1/openapi.json", dom_id: "#swagger-ui",
  deepLinking: true, withCredentials: true,
  requestInterceptor: function (req) { return req; }});
"""


@bp.get("")
@web.caller_blind
def page() -> Response:
    return Response(PAGE, mimetype="text/html")


@bp.get("/init.js")
@web.caller_blind
def init() -> Response:
    return Response(INIT, mimetype="text/javascript")


@bp.get("/static/<path:filename>")
@web.caller_blind
def static(filename: str) -> Response:
    response = send_from_directory(SWAGGER_DIST, filename, max_age=86400)
    return response
