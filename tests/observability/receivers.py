"""Real receivers on loopback for the tests: an OTLP/HTTP trace collector and a Sentry-compatible envelope store.

Both are plain HTTP servers in a thread of the test process; the app (in process or in a gunicorn / Celery
subprocess) talks to them over TCP exactly as it would to a real collector or Sentry.
"""

from __future__ import annotations

import gzip
import json
import re
import threading
import time
import uuid
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.common.v1.common_pb2 import AnyValue

ENVELOPE_PATH = re.compile(r"^/api/(\d+)/envelope/$")


def _decoded(body: bytes, encoding: str) -> bytes:
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "deflate":
        try:
            return zlib.decompress(body)
        except zlib.error:
            return zlib.decompress(body, -zlib.MAX_WBITS)  # raw deflate, as some clients send it
    if encoding == "br":
        import brotli  # type: ignore[import-not-found]  # only if a client ever sends it

        return bytes(brotli.decompress(body))
    raise ValueError(f"unknown content-encoding {encoding!r}")


class _Server:
    def __init__(self, handle: Callable[[BaseHTTPRequestHandler, bytes], tuple[int, bytes, dict[str, str]]]) -> None:
        def do_post(handler: BaseHTTPRequestHandler) -> None:
            length = int(handler.headers.get("Content-Length") or 0)
            raw = handler.rfile.read(length)
            try:
                status, body, headers = handle(handler, _decoded(raw, handler.headers.get("Content-Encoding", "")))
            except Exception as exc:  # a malformed request is a test failure: keep it visible
                self.errors.append(repr(exc))
                status, body, headers = 400, b"", {}
            handler.send_response(status)
            for name, value in {"Content-Length": str(len(body)), **headers}.items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(body)

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            do_POST = do_post

            def log_message(self, *_args: Any) -> None:  # quiet
                return

        self.errors: list[str] = []
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self.httpd.server_address[1])
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def wait_for(predicate: Callable[[], Any], *, seconds: float = 30.0, what: str = "the condition") -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.05)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


# --- OTLP -------------------------------------------------------------------------------------------------------


def _value(value: AnyValue) -> Any:
    kind = value.WhichOneof("value")
    if kind == "array_value":
        return [_value(v) for v in value.array_value.values]
    if kind == "kvlist_value":
        return {kv.key: _value(kv.value) for kv in value.kvlist_value.values}
    return getattr(value, kind) if kind else None


@dataclass
class Span:
    trace_id: str
    span_id: str
    parent_span_id: str
    name: str
    kind: int
    attributes: dict[str, Any]
    events: list[tuple[str, dict[str, Any]]]
    status_code: int
    status_message: str
    resource: dict[str, Any]
    scope: str
    links: list[tuple[str, str]] = field(default_factory=list)


class OtlpReceiver:
    """Accepts ``POST /v1/traces`` (OTLP/HTTP, protobuf) and keeps every span, decoded."""

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self.requests: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._server = _Server(self._handle)
        self.port = self._server.port
        self.endpoint = f"http://127.0.0.1:{self.port}"

    def _handle(self, handler: BaseHTTPRequestHandler, body: bytes) -> tuple[int, bytes, dict[str, str]]:
        if handler.path != "/v1/traces":
            return 404, b"", {}
        request = ExportTraceServiceRequest()
        request.ParseFromString(body)
        spans = []
        for resource_spans in request.resource_spans:
            resource = {kv.key: _value(kv.value) for kv in resource_spans.resource.attributes}
            for scope_spans in resource_spans.scope_spans:
                for s in scope_spans.spans:
                    spans.append(
                        Span(
                            trace_id=s.trace_id.hex(),
                            span_id=s.span_id.hex(),
                            parent_span_id=s.parent_span_id.hex(),
                            name=s.name,
                            kind=s.kind,
                            attributes={kv.key: _value(kv.value) for kv in s.attributes},
                            events=[(e.name, {kv.key: _value(kv.value) for kv in e.attributes}) for e in s.events],
                            status_code=s.status.code,
                            status_message=s.status.message,
                            resource=resource,
                            scope=scope_spans.scope.name,
                            links=[(link.trace_id.hex(), link.span_id.hex()) for link in s.links],
                        )
                    )
        with self._lock:
            self.spans.extend(spans)
            self.requests.append({k.lower(): v for k, v in handler.headers.items()})
        return 200, ExportTraceServiceResponse().SerializeToString(), {"Content-Type": "application/x-protobuf"}

    @property
    def errors(self) -> list[str]:
        return self._server.errors

    def trace(self, trace_id: str) -> list[Span]:
        with self._lock:
            return [s for s in self.spans if s.trace_id == trace_id]

    def close(self) -> None:
        self._server.close()


# --- Sentry -----------------------------------------------------------------------------------------------------


@dataclass
class Envelope:
    project_id: str
    headers: dict[str, str]
    raw: bytes  # the decoded body, for "no personal data anywhere in it" checks
    header: dict[str, Any]
    items: list[tuple[dict[str, Any], bytes]]

    def events(self) -> list[dict[str, Any]]:
        return [json.loads(payload) for item, payload in self.items if item.get("type") == "event"]


def parse_envelope(body: bytes) -> tuple[dict[str, Any], list[tuple[dict[str, Any], bytes]]]:
    """Sentry's envelope format: a JSON header line, then items of a JSON header line and a payload that is
    either ``length`` bytes long or runs to the next newline."""
    first, _, rest = body.partition(b"\n")
    header = json.loads(first)
    items = []
    while rest.strip():
        item_line, _, rest = rest.partition(b"\n")
        item_header = json.loads(item_line)
        if "length" in item_header:
            length = int(item_header["length"])
            payload, rest = rest[:length], rest[length:]
            rest = rest[1:] if rest.startswith(b"\n") else rest
        else:
            payload, _, rest = rest.partition(b"\n")
        items.append((item_header, payload))
    return header, items


class SentryReceiver:
    """A Sentry-compatible ingest endpoint: ``POST /api/<project_id>/envelope/``.

    ``answer`` sets what it replies (status and headers) to test how clients cope with a refusing Sentry."""

    def __init__(self, project_id: str = "42") -> None:
        self.project_id = project_id
        self.envelopes: list[Envelope] = []
        self.answer: tuple[int, dict[str, str]] = (200, {})
        self._lock = threading.Lock()
        self._server = _Server(self._handle)
        self.port = self._server.port
        self.host = f"127.0.0.1:{self.port}"

    def dsn(self, key: str = "publickey", project_id: str | None = None) -> str:
        return f"http://{key}@{self.host}/{project_id or self.project_id}"

    def _handle(self, handler: BaseHTTPRequestHandler, body: bytes) -> tuple[int, bytes, dict[str, str]]:
        match = ENVELOPE_PATH.match(handler.path.split("?", 1)[0])
        if match is None:
            return 404, b"", {}
        header, items = parse_envelope(body)
        with self._lock:
            self.envelopes.append(
                Envelope(match.group(1), {k.lower(): v for k, v in handler.headers.items()}, body, header, items)
            )
        status, headers = self.answer
        event_id = header.get("event_id") or ""
        return status, json.dumps({"id": event_id}).encode(), {"Content-Type": "application/json", **headers}

    @property
    def errors(self) -> list[str]:
        return self._server.errors

    def events(self) -> list[dict[str, Any]]:
        with self._lock:
            return [event for envelope in self.envelopes for event in envelope.events()]

    def raw(self) -> Iterator[bytes]:
        with self._lock:
            yield from (envelope.raw for envelope in list(self.envelopes))

    def close(self) -> None:
        self._server.close()


def browser_envelope(dsn: str, *, message: str = "Cannot read properties of undefined (reading 'id')") -> bytes:
    """What @sentry/browser posts to its tunnel: a header naming the DSN, then one event item."""
    event_id = uuid.uuid4().hex
    event = {
        "event_id": event_id,
        "level": "error",
        "platform": "javascript",
        "release": "fitnesscrm@0.1.0",
        "exception": {"values": [{"type": "TypeError", "value": message}]},
        "request": {"url": "https://crm.example/clients/42"},
    }
    payload = json.dumps(event).encode()
    header = {
        "event_id": event_id,
        "sent_at": "2026-11-25T10:00:00.000Z",
        "dsn": dsn,
        "sdk": {"name": "sentry.javascript.browser", "version": "11.12.0"},
    }
    return b"\n".join(
        [json.dumps(header).encode(), json.dumps({"type": "event", "length": len(payload)}).encode(), payload]
    )
