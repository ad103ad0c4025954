"""Wire observability into one Flask app: request hooks, database instrumentation, the /metrics endpoint."""

from __future__ import annotations

from apiflask import APIFlask

from ..extensions import limiter
from ..web import Runtime
from . import api, db, http, metrics


def init_app(app: APIFlask, runtime: Runtime, *, version: str) -> None:
    http.install(app)
    db.instrument_engine(runtime.database.engine)
    app.extensions[api.BUILD_INFO] = metrics.BuildInfoCollector(version, runtime.settings.revision)
    app.register_blueprint(api.bp)
    limiter.exempt(api.bp)
