"""OpenTelemetry set-up for one process, imported only when tracing is on (``tracing.configure``).

Spans of Flask requests, SQLAlchemy statements, Redis commands, Celery tasks (publish and run) and urllib3 requests
(boto3's S3 calls, the error-tracking tunnel) are batched and exported by OTLP over HTTP/protobuf. Responses carry
a W3C ``traceresponse`` header. Every span passes ``scrub_span`` on its way out: no query strings, no client
address or user agent, no exception messages (they may quote stored values), no attribute whose key the central
log redaction considers sensitive. SQL statements keep their placeholders; bound values are never recorded.
"""

from __future__ import annotations

import os
import re
import weakref
from collections.abc import Mapping, Sequence
from typing import Any

import structlog
from celery import signals
from flask import Flask
from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.celery import CeleryInstrumentor
from opentelemetry.instrumentation.flask import FlaskInstrumentor
from opentelemetry.instrumentation.propagators import TraceResponsePropagator, set_global_response_propagator
from opentelemetry.instrumentation.redis import RedisInstrumentor
from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
from opentelemetry.instrumentation.sqlalchemy.version import __version__ as sqlalchemy_instrumentation_version
from opentelemetry.instrumentation.urllib3 import URLLib3Instrumentor
from opentelemetry.metrics import get_meter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import Event, ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult
from opentelemetry.sdk.trace.sampling import Decision, ParentBased, Sampler, SamplingResult, TraceIdRatioBased
from opentelemetry.trace import Link, SpanKind, Status, TraceState, format_trace_id
from opentelemetry.util.types import Attributes
from sqlalchemy.engine import Engine

from ..settings import Settings
from .logging import REDACTED, is_sensitive_key
from .urls import strip_query

# Probes and scrapes arrive every few seconds and say nothing about users: not traced.
UNTRACED_PATHS = r"^https?://[^/]+/(healthz|readyz|metrics)(\?.*)?$"
URL_KEYS = frozenset({"http.url", "url.full", "http.target"})
DROPPED_KEYS = frozenset({"url.query"})
# On a server span these describe the person's device, not our infrastructure.
CLIENT_KEYS = frozenset(
    {
        "client.address",
        "client.port",
        "http.client_ip",
        "net.peer.ip",
        "net.peer.port",
        "net.peer.name",
        "net.sock.peer.addr",
        "net.sock.peer.port",
        "network.peer.address",
        "network.peer.port",
        "http.user_agent",
        "user_agent.original",
    }
)
# Semantic-convention keys about our own servers that the redaction list would blank (they contain "address").
INFRASTRUCTURE_KEYS = frozenset({"server.address", "network.peer.address", "network.local.address"})
_EXCEPTION_TYPE = re.compile(r"[A-Za-z_][\w.]*")
_CHAIN_LINES = (
    "Traceback (most recent call last):",
    "During handling of the above exception",
    "The above exception was the direct cause",
)


def active_trace_id() -> str | None:
    context = trace.get_current_span().get_span_context()
    return format_trace_id(context.trace_id) if context.is_valid else None


class Tracing:
    """The tracer provider of this process and what it instrumented; ``shutdown`` undoes all of it."""

    def __init__(self, provider: TracerProvider) -> None:
        self.provider = provider
        self._apps: weakref.WeakSet[Flask] = weakref.WeakSet()
        self._engines: weakref.WeakSet[Engine] = weakref.WeakSet()
        self._sql_tracer = trace.get_tracer(
            "opentelemetry.instrumentation.sqlalchemy", sqlalchemy_instrumentation_version, provider
        )
        self._sql_connections = get_meter("opentelemetry.instrumentation.sqlalchemy").create_up_down_counter(
            "db.client.connections.usage"
        )  # required by EngineTracer; a no-op without a meter provider

    @classmethod
    def start(cls, settings: Settings, *, endpoint: str, role: str, version: str) -> Tracing:
        # A remote parent's sampled flag is not trusted (an internet caller could force or suppress sampling
        # where no proxy strips traceparent): the trace-id ratio decides, the same way in every process.
        entry = EntryPointSampler(_sampling_ratio())
        provider = TracerProvider(
            resource=service_resource(settings, role=role, version=version),
            sampler=ParentBased(root=entry, remote_parent_sampled=entry, remote_parent_not_sampled=entry),
        )
        provider.add_span_processor(BatchSpanProcessor(ScrubbingExporter(OTLPSpanExporter(endpoint=endpoint))))
        trace.set_tracer_provider(provider)
        set_global_response_propagator(TraceResponsePropagator())
        RedisInstrumentor().instrument(tracer_provider=provider)
        CeleryInstrumentor().instrument(tracer_provider=provider)
        URLLib3Instrumentor().instrument(tracer_provider=provider, url_filter=strip_query)
        # After the Celery instrumentation's own task_prerun receiver, so the task's span exists.
        signals.task_prerun.connect(_bind_task_trace_id, weak=False, dispatch_uid=__name__)
        return cls(provider)

    def instrument_app(self, app: Flask, engine: Engine | None) -> None:
        if engine is not None and engine not in self._engines:
            self._engines.add(engine)
            EngineTracer(self._sql_tracer, engine, self._sql_connections)
        # An app that has served a request takes no new hooks (Flask refuses them): only its statements are traced.
        # In production none has: apps are built after tracing starts, or in the parent of a Celery pool child.
        if app in self._apps or getattr(app, "_got_first_request", False):
            return
        self._apps.add(app)
        excluded = None if os.environ.get("OTEL_PYTHON_FLASK_EXCLUDED_URLS") else UNTRACED_PATHS
        FlaskInstrumentor.instrument_app(
            app, tracer_provider=self.provider, excluded_urls=excluded, enable_commenter=False
        )
        # The request span must exist before observability.http.begin reads its trace id (it is first too).
        hooks = app.before_request_funcs[None]
        span_hook = app._before_request  # type: ignore[attr-defined]  # set by instrument_app
        hooks.remove(span_hook)
        hooks.insert(0, span_hook)

    def flush(self, timeout_seconds: float) -> None:
        self.provider.force_flush(int(timeout_seconds * 1000))

    def shutdown(self) -> None:
        for app in list(self._apps):
            FlaskInstrumentor.uninstrument_app(app)
        EngineTracer.remove_all_event_listeners()
        signals.task_prerun.disconnect(_bind_task_trace_id, dispatch_uid=__name__)
        for instrumentor in (RedisInstrumentor(), CeleryInstrumentor(), URLLib3Instrumentor()):
            instrumentor.uninstrument()
        set_global_response_propagator(None)
        self.provider.shutdown()


def service_resource(settings: Settings, *, role: str, version: str) -> Resource:
    attributes: dict[str, str] = {
        "service.version": version,
        "deployment.environment.name": settings.env,
        "deployment.environment": settings.env,  # the pre-1.27 name, still what many back ends group by
    }
    if settings.revision and settings.revision != "unknown":
        attributes["vcs.ref.head.revision"] = settings.revision
    if not os.environ.get("OTEL_SERVICE_NAME"):  # an explicit service name wins over ours
        attributes["service.name"] = f"fitnesscrm-{role}"
    return Resource.create(attributes)


class EntryPointSampler(Sampler):
    """Starts a trace at a request or a task (consumed or published) only. A statement, a Redis command or an
    HTTP call outside both (readiness probes, which are not traced; the Sentry SDK's sending thread) would
    otherwise each make a one-span trace of its own. ``ratio`` of those traces are kept."""

    def __init__(self, ratio: float) -> None:
        self.ratio = TraceIdRatioBased(ratio)

    def should_sample(
        self,
        parent_context: Context | None,
        trace_id: int,
        name: str,
        kind: SpanKind | None = None,
        attributes: Attributes = None,
        links: Sequence[Link] | None = None,
        trace_state: TraceState | None = None,
    ) -> SamplingResult:
        if kind in (SpanKind.SERVER, SpanKind.CONSUMER, SpanKind.PRODUCER):
            return self.ratio.should_sample(parent_context, trace_id, name, kind, attributes, links, trace_state)
        return SamplingResult(Decision.DROP)

    def get_description(self) -> str:
        return f"EntryPointSampler{{{self.ratio.rate}}}"


def _sampling_ratio() -> float:
    """``OTEL_TRACES_SAMPLER_ARG`` as a ratio of traces to keep (default all), decided on the trace id."""
    try:
        ratio = float(os.environ.get("OTEL_TRACES_SAMPLER_ARG", "1"))
    except ValueError:
        return 1.0
    return min(max(ratio, 0.0), 1.0)


def _bind_task_trace_id(**_: Any) -> None:
    structlog.contextvars.bind_contextvars(trace_id=active_trace_id())


class ScrubbingExporter(SpanExporter):
    """Scrubs every span in the export thread (no cost on the request's thread) before the real exporter."""

    def __init__(self, inner: SpanExporter) -> None:
        self.inner = inner

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        return self.inner.export([scrub_span(span) for span in spans])

    def shutdown(self) -> None:
        self.inner.shutdown()

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return self.inner.force_flush(timeout_millis)


def scrub_span(span: ReadableSpan) -> ReadableSpan:
    # The status description is the exception's message (an IntegrityError quotes the duplicate value).
    return ReadableSpan(
        name=span.name,
        context=span.context,
        parent=span.parent,
        resource=span.resource,
        attributes=scrub_attributes(span.attributes, server=span.kind == SpanKind.SERVER),
        events=[_scrub_event(event) for event in span.events],
        links=span.links,
        kind=span.kind,
        status=Status(span.status.status_code),
        start_time=span.start_time,
        end_time=span.end_time,
        instrumentation_scope=span.instrumentation_scope,
    )


def scrub_attributes(attributes: Attributes, *, server: bool = False) -> dict[str, Any]:
    scrubbed: dict[str, Any] = {}
    for key, value in (attributes or {}).items():
        if key in DROPPED_KEYS or (server and key in CLIENT_KEYS):
            continue
        if key in URL_KEYS and isinstance(value, str):
            scrubbed[key] = strip_query(value)
        elif key not in INFRASTRUCTURE_KEYS and is_sensitive_key(key):
            scrubbed[key] = REDACTED
        else:
            scrubbed[key] = value
    return scrubbed


def _scrub_event(event: Event) -> Event:
    attributes: Mapping[str, Any] = event.attributes or {}
    if event.name == "exception":
        kept = {k: v for k, v in attributes.items() if k in ("exception.type", "exception.escaped")}
        stacktrace = attributes.get("exception.stacktrace")
        if isinstance(stacktrace, str):
            kept["exception.stacktrace"] = frames_only(stacktrace)
        return Event(event.name, kept, event.timestamp)
    return Event(event.name, scrub_attributes(attributes), event.timestamp)


def frames_only(stacktrace: str) -> str:
    """A formatted traceback with where it happened (files, lines, functions, exception types) and nothing that
    could hold data: no source lines, no exception messages."""
    kept = []
    for line in stacktrace.splitlines():
        if line.startswith('  File "') or line.startswith(_CHAIN_LINES):
            kept.append(line)
        elif line and not line[0].isspace():
            name = line.split(":", 1)[0]
            if _EXCEPTION_TYPE.fullmatch(name):
                kept.append(name)
    return "\n".join(kept)
