"""Structured logs: one JSON object per line on stdout, from structlog and from the standard library alike.

Both go through one stdlib handler whose formatter runs the same processors, so the app, gunicorn workers,
Celery workers and third-party libraries (SQLAlchemy, Celery's own loggers) print the same format. One processor,
``redact_sensitive``, runs last before rendering for every line: it blanks values whose key names personal or
secret data, at any depth. Levels are the stdlib's (``FITNESSCRM_LOG_LEVEL`` on the root logger), so a single
logger can be turned up without touching the others.
"""

from __future__ import annotations

import json as json_module
import logging
import os
import re
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import structlog
from structlog.types import EventDict, Processor, WrappedLogger

REDACTED = "[redacted]"
# A key is sensitive when, lower-cased with "-" read as "_", it contains one of these...
SENSITIVE_KEY_PARTS = (
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "authorization",
    "cookie",
    "csrf",
    "api_key",
    "apikey",
    "private_key",
    "email",
    "e_mail",
    "phone",
    "mobile",
    "health",
    "medical",
    "injur",
    "condition",
    "medication",
    "notes",
    "date_of_birth",
    "birth",
    "address",
    "first_name",
    "last_name",
    "full_name",
    "emergency",
)
# ...or is exactly one of these (too short to match as parts: "to" would hit "total").
SENSITIVE_KEYS = frozenset({"dob", "name", "to", "cc", "bcc", "recipient", "recipients", "body", "dsn"})
MAX_DEPTH = 8
_HANDLER_FLAG = "_fitnesscrm_handler"


def is_sensitive_key(key: object) -> bool:
    return isinstance(key, str) and _is_sensitive_name(key)


@lru_cache(maxsize=4096)  # log keys come from a small fixed set: decide each once, not on every line
def _is_sensitive_name(key: str) -> bool:
    normalised = key.lower().replace("-", "_")
    return normalised in SENSITIVE_KEYS or any(part in normalised for part in SENSITIVE_KEY_PARTS)


def _scrub(value: Any, depth: int) -> Any:
    if depth > MAX_DEPTH:
        return REDACTED  # deeper than any log field we write: nothing to inspect, nothing to leak
    if isinstance(value, Mapping):
        return {k: REDACTED if is_sensitive_key(k) else _scrub(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_scrub(item, depth + 1) for item in value]
    return value


def redact_sensitive(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    """The one central redaction: sensitive keys anywhere in the event (nested dicts and lists included), and the
    values a traceback's error messages are known to quote."""
    for key in list(event_dict):
        if key == "event":
            continue
        event_dict[key] = REDACTED if is_sensitive_key(key) else _scrub(event_dict[key], 1)
    if isinstance(event_dict.get("exception"), str):
        event_dict["exception"] = scrub_text(event_dict["exception"])
    return event_dict


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_KEY_VALUE_DETAIL = re.compile(r"(Key \([^()]*\))=\([^\n]*?\)( already exists| is not present| is still referenced)")
_SQL_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\n|$)", re.DOTALL)


def scrub_text(text: str) -> str:
    """Cut the values the app's own failures are known to quote: e-mail addresses, PostgreSQL's "Key (col)=(value)"
    details, SQLAlchemy's "[parameters: …]" (engines hide them already; this covers any other engine)."""
    text = _SQL_PARAMETERS.sub("[parameters: " + REDACTED + "]", text)
    text = _KEY_VALUE_DETAIL.sub(r"\1=(" + REDACTED + r")\2", text)
    return _EMAIL.sub(REDACTED, text)


def add_process_id(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    # Several gunicorn workers or Celery children share one stdout: the pid tells their lines apart.
    event_dict.setdefault("pid", os.getpid())
    return event_dict


class _StdoutHandler(logging.StreamHandler[Any]):
    """Writes to whatever ``sys.stdout`` is when a record is emitted (a test's capture, a redirected stream)."""

    def __init__(self) -> None:
        super().__init__(sys.stdout)

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stdout  # handle() holds the handler's lock around emit()
        super().emit(record)

    def write_line(self, text: str) -> None:
        with self.lock:  # type: ignore[union-attr]  # created in Handler.__init__
            try:
                stream = sys.stdout
                stream.write(text + self.terminator)
                stream.flush()
            except Exception:  # as in logging's own emit: a failed log write never fails a request
                return


_json_lines = True  # set by configure_logging: whether lines are JSON (the access log's fast path depends on it)


def write_access_line(event: str, fields: dict[str, Any]) -> None:
    """The access log line of one request, rendered directly as the JSON the configured pipeline would produce.

    One line per request is the hottest logging call; through structlog and a stdlib LogRecord it cost about a
    sixth of a trivial request. The fields are fixed and never personal (ids, route templates, timings), so the
    redaction processor has nothing to do here; the level check, the handler (and its lock) and the format stay
    those of ``configure_logging``. Console (non-JSON) logs keep the ordinary path."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not logger.isEnabledFor(logging.INFO):
        return
    if not _json_lines:
        structlog.get_logger(ACCESS_LOGGER).info(event, **fields)
        return
    line = dict(
        fields,
        event=event,
        logger=ACCESS_LOGGER,
        level="info",
        timestamp=datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        pid=os.getpid(),
    )
    text = json_module.dumps(line, default=str)
    for handler in logging.getLogger().handlers:
        if getattr(handler, _HANDLER_FLAG, False) and isinstance(handler, _StdoutHandler):
            handler.write_line(text)


ACCESS_LOGGER = "fitnesscrm.access"


def configure_logging(level: str = "INFO", json: bool = True) -> None:
    """(Re)configure structlog and the root stdlib logger; safe to call again (tests, Celery, the CLI)."""
    before_render: list[Processor] = [
        structlog.contextvars.merge_contextvars,  # request_id, trace_id, task_id …
        structlog.stdlib.add_logger_name,
        structlog.stdlib.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        add_process_id,
    ]
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *before_render,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,  # reconfiguring (tests, worker processes) must reach existing loggers
    )
    global _json_lines
    _json_lines = json
    renderer: Processor = structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=before_render,  # records from plain stdlib loggers get the same fields
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            redact_sensitive,
            renderer,
        ],
    )
    handler = _StdoutHandler()
    handler.setFormatter(formatter)
    setattr(handler, _HANDLER_FLAG, True)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _HANDLER_FLAG, False)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.getLevelName(level.upper()))
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # 7 "setup plugin" lines per process
    logging.captureWarnings(True)  # Python warnings become log lines in the same format
