"""Error tracking with Sentry, on when ``FITNESSCRM_SENTRY_DSN`` is set (docs/observability.md#error-tracking).

What is reported, each exactly once:

- an unhandled exception in a view or a ``before_request`` hook: Flask hands it to the app's catch-all
  ``errorhandler(Exception)`` and never sends ``got_request_exception``, so that handler calls ``report``;
- an exception in an ``after_request`` hook: Flask's ``handle_exception`` sends ``got_request_exception``, which
  the Flask integration reports (the ``InternalServerError`` that follows is an ``HTTPException``: not reported);
- a Celery task that fails for good (the Celery integration; retries are not failures).

Not reported: domain errors (4xx problem documents), the database-unavailable 503, any 4xx ``HTTPException``.

What leaves the process is scrubbed by ``scrub_event`` whatever the SDK collected: no request body, cookies, query
string or header outside ``SAFE_HEADERS``; a user is its id only; no local variables; task arguments dropped;
values under keys the central log redaction considers sensitive blanked; e-mail addresses and SQL parameter values
cut out of exception messages.
"""

from __future__ import annotations

from typing import Any, cast

from ..core.errors import DomainError
from ..settings import Settings
from .logging import REDACTED, is_sensitive_key, scrub_text
from .urls import strip_query

SAFE_HEADERS = frozenset({"host", "accept", "content-type", "content-length", "x-request-id", "traceparent"})
BREADCRUMB_DATA = frozenset({"method", "status_code", "reason", "url", "http.method", "http.response.status_code"})
_on = False


def release(version: str, revision: str) -> str:
    """``fitnesscrm@<version>+<revision>``, or without the revision when the build did not set one."""
    if revision and revision != "unknown":
        return f"fitnesscrm@{version}+{revision}"
    return f"fitnesscrm@{version}"


def environment(settings: Settings) -> str:
    return settings.sentry_environment.strip() or settings.env


def configure(settings: Settings, *, version: str) -> bool:
    """Start the Sentry client of this process when a DSN is set; True when error tracking is on."""
    global _on
    dsn = settings.sentry_dsn.get_secret_value().strip()
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.argv import ArgvIntegration
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.flask import FlaskIntegration
    from sentry_sdk.integrations.logging import LoggingIntegration

    sentry_sdk.init(
        dsn=dsn,
        release=release(version, settings.revision),
        environment=environment(settings),
        # Only what is listed: no integration switches itself on because a library happens to be installed.
        auto_enabling_integrations=False,
        integrations=[FlaskIntegration(transaction_style="url"), CeleryIntegration(propagate_traces=False)],
        # Logging: error lines would be second reports of the same failure (and the 503 log line a report of its
        # own), and a record's arguments are not yet redacted when the integration reads them.
        # Argv: a command line may hold an e-mail address (`users create-admin --email …`).
        disabled_integrations=[LoggingIntegration, ArgvIntegration],
        # The SDK's equivalent of send_default_pii=False, made stricter; scrub_event enforces it again.
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "url_query_params": {"mode": "off"},
            "http_headers": {"request": {"mode": "allowlist", "terms": sorted(SAFE_HEADERS)}},
            "http_bodies": [],
            "database_query_data": False,
            "queues": False,
            "stack_frame_variables": False,
            "graphql": {"document": False, "variables": False},
            "gen_ai": {"inputs": False, "outputs": False},
        },
        max_request_body_size="never",
        trace_propagation_targets=[],  # no sentry-trace/baggage headers on calls to S3 or anyone else
        before_send=cast(Any, scrub_event),  # the SDK types events as TypedDicts; plain dicts are what arrive
        before_breadcrumb=cast(Any, scrub_breadcrumb),
        ignore_errors=[DomainError],
    )
    _on = True
    return True


def is_on() -> bool:
    return _on


def shutdown() -> None:
    """Send what is queued and stop reporting (tests; an exiting process flushes by itself)."""
    global _on
    if not _on:
        return
    import sentry_sdk

    _on = False
    sentry_sdk.get_client().close(timeout=5)
    sentry_sdk.get_global_scope().set_client(None)


def report(error: BaseException) -> None:
    """Report an unhandled exception the app answered itself (the catch-all 500 handler)."""
    if not _on or _is_expected(error):
        return
    import sentry_sdk
    from sentry_sdk.utils import event_from_exception

    # Unhandled from the user's side (a 500), although the app answered it: counted as a crash in release health.
    event, hint = event_from_exception(
        error, client_options=sentry_sdk.get_client().options, mechanism={"type": "flask", "handled": False}
    )
    sentry_sdk.capture_event(event, hint=hint)


def _is_expected(error: BaseException | None) -> bool:
    if isinstance(error, DomainError):
        return True
    from werkzeug.exceptions import HTTPException

    from fitnesscrm.core.db import database_unavailable

    # HTTP errors are answers (4xx), or the 500 Flask wraps around an exception got_request_exception reported.
    return isinstance(error, HTTPException) or database_unavailable(error)


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None) -> dict[str, Any] | None:
    exc_info = (hint or {}).get("exc_info")
    if exc_info and _is_expected(exc_info[1]) and not _reported_by_a_task(event):
        return None
    _tag_request(event)
    user_id = (event.pop("user", None) or {}).get("id")
    if user_id:
        event["user"] = {"id": str(user_id)}
    if isinstance(event.get("request"), dict):
        event["request"] = _scrub_request(event["request"])
    for exception in (event.get("exception") or {}).get("values") or []:
        if isinstance(exception.get("value"), str):
            exception["value"] = scrub_text(exception["value"])
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    for thread in (event.get("threads") or {}).get("values") or []:
        for frame in (thread.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    for field in ("message", "logentry"):
        if isinstance(event.get(field), str):
            event[field] = scrub_text(event[field])
        elif isinstance(event.get(field), dict):
            event[field] = {"message": scrub_text(str(event[field].get("message", "")))}
    extra = event.get("extra") or {}
    if isinstance(extra.get("celery-job"), dict):  # the task's name stays; its arguments may be anyone's data
        extra["celery-job"] = {"task_name": extra["celery-job"].get("task_name")}
    for field in ("extra", "tags"):
        if isinstance(event.get(field), dict):
            event[field] = _redact_keys(event[field])
    breadcrumbs = event.get("breadcrumbs")
    if isinstance(breadcrumbs, dict):
        breadcrumbs["values"] = [crumb for crumb in map(_scrub_crumb, breadcrumbs.get("values") or []) if crumb]
    return event


def scrub_breadcrumb(crumb: dict[str, Any], _hint: dict[str, Any] | None) -> dict[str, Any] | None:
    return _scrub_crumb(crumb)


def _reported_by_a_task(event: dict[str, Any]) -> bool:
    # A task that lost its database connection is a failed job worth knowing about; a request's 503 is not.
    return "celery-job" in (event.get("extra") or {})


def _scrub_request(request: dict[str, Any]) -> dict[str, Any]:
    headers = request.get("headers") or {}
    kept: dict[str, Any] = {"headers": {k: v for k, v in headers.items() if k.lower() in SAFE_HEADERS}}
    if isinstance(request.get("method"), str):
        kept["method"] = request["method"]
    if isinstance(request.get("url"), str):
        kept["url"] = strip_query(request["url"])
    return kept


def _redact_keys(value: Any, depth: int = 0) -> Any:
    """Blank the values under sensitive keys at any depth, with the log redaction's own key list."""
    if depth > 8:
        return REDACTED
    if isinstance(value, dict):
        return {k: REDACTED if is_sensitive_key(k) else _redact_keys(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redact_keys(item, depth + 1) for item in value]
    return value


def _scrub_crumb(crumb: dict[str, Any]) -> dict[str, Any] | None:
    if crumb.get("category") in ("console", "ui.input"):
        return None
    kept: dict[str, Any] = {k: crumb[k] for k in ("type", "category", "level", "timestamp") if k in crumb}
    data = {k: v for k, v in (crumb.get("data") or {}).items() if k in BREADCRUMB_DATA}
    if isinstance(data.get("url"), str):
        data["url"] = strip_query(data["url"])
    if data:
        kept["data"] = data
    return kept


def _tag_request(event: dict[str, Any]) -> None:
    """The request id and trace id join a report to its access-log line and its trace; the user is its id."""
    from flask import g, has_request_context

    from . import tracing

    tags = event.setdefault("tags", {})
    trace_id = tracing.current_trace_id(None)
    if has_request_context():
        tags.setdefault("request_id", g.get("request_id"))
        trace_id = trace_id or g.get("trace_id")
        actor = g.get("actor")
        if actor is not None and getattr(actor, "user_id", None):
            event["user"] = {"id": str(actor.user_id)}
    if trace_id:
        tags.setdefault("trace_id", trace_id)
