"""Wire observability into one Flask app: request hooks, database instrumentation, the /metrics endpoint, tracing
(when configured for this process), error tracking (when a DSN is set) and the web app's meta/tunnel endpoints."""

from __future__ import annotations

from apiflask import APIFlask

from ..core import ratelimit
from ..web import Runtime
from . import api, db, errors, http, metrics, public, tracing


def init_app(app: APIFlask, runtime: Runtime, *, version: str) -> None:
    http.install(app)
    db.instrument_engine(runtime.database.engine)
    tracing.instrument_app(app, runtime.database.engine)  # after http.install: its span hook goes first
    errors.configure(runtime.settings, version=version)
    app.extensions[api.BUILD_INFO] = metrics.BuildInfoCollector(version, runtime.settings.revision)
    app.register_blueprint(api.bp)
    ratelimit.EXEMPT_BLUEPRINTS.add(api.bp.name)
    app.register_blueprint(public.bp)
