"""The trace id of the current request, and OpenTelemetry tracing when it is configured.

Off (no OTLP endpoint set, the default) the trace id comes from the caller's W3C ``traceparent`` header (nginx or
an upstream service that traces), and nothing of OpenTelemetry is imported: no tracer provider, no hooks, no cost.

On, each process that serves requests or runs tasks calls ``configure`` once (the gunicorn ``post_fork`` hook, the
Celery ``worker_process_init`` signal, ``fitnesscrm serve --dev``); ``observability.otel`` then sets the tracer
provider, instruments Flask, SQLAlchemy, Redis, Celery and urllib3, and registers a trace id provider here, so the
access log carries the id of the span the app itself started (or continued). Apps created before ``configure``
(a Celery pool child inherits its parent's) are remembered and instrumented when it runs.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import structlog

from .. import __version__

if TYPE_CHECKING:
    from flask import Flask
    from sqlalchemy.engine import Engine

    from ..settings import Settings

# version "-" trace-id "-" parent-id "-" flags, lower-case hex (https://www.w3.org/TR/trace-context/#traceparent-header)
_TRACEPARENT = re.compile(r"([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?")
_INVALID_TRACE_ID = "0" * 32
_INVALID_PARENT_ID = "0" * 16

TraceIdProvider = Callable[[], str | None]
_provider: TraceIdProvider | None = None
_tracer: Any = None  # observability.otel.Tracing once configure() turned tracing on in this process
# Apps made while tracing is off in this process; instrumented if configure() turns it on later.
_waiting: weakref.WeakKeyDictionary[Flask, Callable[[], Engine | None]] = weakref.WeakKeyDictionary()


def trace_id_from_traceparent(header: str | None) -> str | None:
    """The 32-hex trace id of a well-formed ``traceparent`` header, else None (never raises)."""
    if not header:
        return None
    match = _TRACEPARENT.fullmatch(header.strip())
    if match is None:
        return None
    version, trace_id, parent_id, _flags, rest = match.groups()
    if version == "ff" or (version == "00" and rest):  # ff is forbidden; version 00 has exactly four fields
        return None
    if trace_id == _INVALID_TRACE_ID or parent_id == _INVALID_PARENT_ID:
        return None
    return trace_id


def set_trace_id_provider(provider: TraceIdProvider | None) -> None:
    """Install the source of trace ids that takes precedence over the header (the tracing integration)."""
    global _provider
    _provider = provider


def current_trace_id(traceparent: str | None) -> str | None:
    if _provider is not None:
        try:
            from_span = _provider()
        except Exception:  # a tracing fault must never fail the request it describes
            from_span = None
        if from_span:
            return from_span
    return trace_id_from_traceparent(traceparent)


def otlp_traces_endpoint(settings: Settings) -> str | None:
    """Where spans go (OTLP over HTTP/protobuf), or None when tracing is off.

    The signal-specific variable is used as written; the general one is a base URL to which ``/v1/traces`` is
    appended, as the OpenTelemetry specification says.
    """
    if settings.otel_sdk_disabled:
        return None
    if settings.otel_exporter_otlp_traces_endpoint.strip():
        return settings.otel_exporter_otlp_traces_endpoint.strip()
    if settings.otel_exporter_otlp_endpoint.strip():
        return settings.otel_exporter_otlp_endpoint.strip().rstrip("/") + "/v1/traces"
    return None


def is_on() -> bool:
    return _tracer is not None


def configure(settings: Settings, *, role: str, version: str) -> bool:
    """Turn tracing on for this process if an endpoint is configured; True when it is on. Idempotent.

    ``role`` (``web``, ``worker``) names the service: ``fitnesscrm-web``, ``fitnesscrm-worker`` unless
    ``OTEL_SERVICE_NAME`` says otherwise.
    """
    global _tracer
    if _tracer is not None:
        return True
    endpoint = otlp_traces_endpoint(settings)
    if endpoint is None:
        return False
    from . import otel

    _tracer = otel.Tracing.start(settings, endpoint=endpoint, role=role, version=version)
    set_trace_id_provider(otel.active_trace_id)
    for app, engine_ref in list(_waiting.items()):
        try:
            _tracer.instrument_app(app, engine_ref())
        except Exception as exc:  # an app left untraced must not stop the process from starting
            structlog.get_logger("fitnesscrm.tracing").warning("tracing.instrument_failed", error=repr(exc))
    _waiting.clear()
    return True


def configure_process(role: str) -> bool:
    """``configure`` from the environment, for process hooks that have no app yet (gunicorn ``post_fork``)."""
    from ..settings import Settings

    return configure(Settings(), role=role, version=__version__)


def instrument_app(app: Flask, engine: Engine | None) -> None:
    """Trace this app's requests and its engine's statements now if tracing is on, else if it is turned on later."""
    if _tracer is not None:
        _tracer.instrument_app(app, engine)
    else:
        _waiting[app] = weakref.ref(engine) if engine is not None else _no_engine


def _no_engine() -> None:
    return None


def flush(timeout_seconds: float = 5.0) -> None:
    """Export the spans that are still queued (before a process exits)."""
    if _tracer is not None:
        _tracer.flush(timeout_seconds)


def shutdown() -> None:
    """Flush, stop exporting and undo every instrumentation made by ``configure`` (tests; process exit)."""
    global _tracer
    if _tracer is None:
        return
    tracer, _tracer = _tracer, None
    set_trace_id_provider(None)
    tracer.shutdown()
