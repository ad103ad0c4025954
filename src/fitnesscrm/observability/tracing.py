"""The trace id of the current request, for logs.

Today it comes from the caller's W3C ``traceparent`` header (nginx or an upstream service that traces). When
OpenTelemetry is wired in, it registers ``set_trace_id_provider`` with a function that reads the active span, and
every log line then carries the id of the span the app itself started (or continued).
"""

from __future__ import annotations

import re
from collections.abc import Callable

# version "-" trace-id "-" parent-id "-" flags, lower-case hex (https://www.w3.org/TR/trace-context/#traceparent-header)
_TRACEPARENT = re.compile(r"([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?")
_INVALID_TRACE_ID = "0" * 32
_INVALID_PARENT_ID = "0" * 16

TraceIdProvider = Callable[[], str | None]
_provider: TraceIdProvider | None = None


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
