"""Per-request observability: request id, trace id, one access-log line and the HTTP metrics.

The hooks are placed at the very edges of Flask's hook lists: ``begin`` runs before every other
``before_request`` (rate limiting included, so a 429 is timed and logged too) and ``finish`` runs after every
other ``after_request`` (so the commit of the request's transaction is inside the timing and the query count).
"""

from __future__ import annotations

import re
import time
import uuid

import structlog
from flask import Flask, Response, current_app, g, request
from flask_limiter import RequestLimit

from . import db, metrics, server_errors, tracing
from .logging import write_access_line

REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def install(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, begin)
    app.after_request_funcs.setdefault(None, []).insert(0, finish)  # after_request hooks run in reverse order
    app.teardown_request(end)


def begin() -> None:
    g.request_started = time.perf_counter()
    sent = request.headers.get("X-Request-ID", "")
    g.request_id = sent if REQUEST_ID_RE.match(sent) else uuid.uuid4().hex
    g.trace_id = tracing.current_trace_id(request.headers.get("traceparent"))
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(request_id=g.request_id, trace_id=g.trace_id)
    g.query_stats = db.start_counting()
    metrics.HTTP_IN_PROGRESS.inc()
    g.counted_in_progress = True


def finish(response: Response) -> Response:
    if g.get("access_logged"):  # Flask re-runs after_request hooks when one of them raised: log once
        return response
    g.access_logged = True
    seconds = time.perf_counter() - g.get("request_started", time.perf_counter())
    route = request.url_rule.rule if request.url_rule is not None else metrics.UNMATCHED_ROUTE
    stats: db.QueryStats = g.get("query_stats") or db.QueryStats()
    metrics.observe_request(
        method=request.method,
        route=route,
        status=response.status_code,
        seconds=seconds,
        db_queries=stats.count,
        db_seconds=stats.seconds,
    )
    if response.status_code >= 500:  # summed over every instance for the System page's "errors in the last hour"
        server_errors.count_server_error(current_app.extensions["fitnesscrm"].redis)
    actor = g.get("actor")
    write_access_line(
        "http.request",
        {
            "request_id": g.get("request_id"),
            "trace_id": g.get("trace_id"),
            "user_id": str(actor.user_id) if actor is not None and actor.user_id else None,
            "method": metrics.method_label(request.method),
            "route": route,
            "status": response.status_code,
            "duration_ms": round(seconds * 1000, 2),
            "db_queries": stats.count,
            "db_time_ms": round(stats.seconds * 1000, 2),
        },
    )
    return response


def end(_exc: BaseException | None) -> None:
    if g.pop("counted_in_progress", False):
        metrics.HTTP_IN_PROGRESS.dec()
    db.stop_counting()


def count_rate_limited(_limit: RequestLimit | None) -> None:
    """Flask-Limiter's breach callback (and the default limit's); counted once per refused request."""
    if g.get("rate_limit_counted"):
        return
    g.rate_limit_counted = True
    scope = "auth" if request.blueprint == "auth" else "api"
    metrics.RATE_LIMITED.labels(scope=scope).inc()
