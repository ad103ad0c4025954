"""Celery workers: the same JSON logs as the web processes, task metrics, and the worker's own /metrics port.

Signals, connected once per process by ``instrument``:

- ``setup_logging`` (replaces Celery's own logging setup) and ``worker_process_init`` (each prefork child):
  structlog + stdlib logging as in ``observability.logging``, at ``FITNESSCRM_LOG_LEVEL``.
- ``worker_process_init`` (each prefork child, and the solo pool): tracing when configured (``tracing.py``);
  ``worker_init`` does it for the threads pool, whose tasks run in the main process. Spans still queued when a
  child stops are flushed by ``worker_process_shutdown``.
- ``task_prerun``/``task_postrun``: the task id and name bound into every log line, and the run time.
- ``task_success``/``task_failure``/``task_retry``: ``fitnesscrm_celery_tasks_total``.
- ``worker_init`` (main process only): an HTTP exposition on ``FITNESSCRM_WORKER_METRICS_PORT`` summing every
  child's values from the worker's multiprocess directory (prepared before the app is imported, see jobs.py).
"""

from __future__ import annotations

import os
import time
from typing import Any

import structlog
from celery import signals

from ..settings import Settings
from . import db, metrics, multiproc, tracing
from .logging import configure_logging

log = structlog.get_logger("fitnesscrm.worker")
_started: dict[str, float] = {}
_build_info: metrics.BuildInfoCollector | None = None
_settings: Settings | None = None
_version = "unknown"


def instrument(settings: Settings, *, version: str) -> None:
    global _build_info, _settings, _version
    _settings = settings
    _version = version
    _build_info = metrics.BuildInfoCollector(version, settings.revision)
    uid = "fitnesscrm.observability"
    signals.setup_logging.connect(_setup_logging, weak=False, dispatch_uid=uid)
    signals.worker_process_init.connect(_child_started, weak=False, dispatch_uid=uid)
    signals.worker_process_shutdown.connect(_child_stopping, weak=False, dispatch_uid=uid)
    signals.worker_init.connect(_serve_metrics, weak=False, dispatch_uid=uid)
    signals.worker_init.connect(_trace_threads_pool, weak=False, dispatch_uid=uid)
    signals.task_prerun.connect(_task_started, weak=False, dispatch_uid=uid)
    signals.task_postrun.connect(_task_finished, weak=False, dispatch_uid=uid)
    signals.task_success.connect(_task_succeeded, weak=False, dispatch_uid=uid)
    signals.task_failure.connect(_task_failed, weak=False, dispatch_uid=uid)
    signals.task_retry.connect(_task_retried, weak=False, dispatch_uid=uid)


def _configure_logging() -> None:
    settings = _settings or Settings()
    configure_logging(settings.log_level, settings.log_json)


def _setup_logging(**_: Any) -> None:
    _configure_logging()  # connecting this signal also stops Celery from installing its own handlers


def _child_started(**_: Any) -> None:
    _configure_logging()
    db.reset_after_fork()
    tracing.configure(_settings or Settings(), role="worker", version=_version)


def _trace_threads_pool(sender: Any = None, **_: Any) -> None:
    # Not for prefork: a tracer started here would be forked into every child. Its children start their own.
    if "thread" in str(getattr(sender, "pool_cls", "")).lower():
        tracing.configure(_settings or Settings(), role="worker", version=_version)


def _child_stopping(**_: Any) -> None:
    tracing.flush()
    multiproc.mark_process_dead(os.getpid())


def _serve_metrics(**_: Any) -> None:
    settings = _settings or Settings()
    if not settings.worker_metrics_port:
        return
    from prometheus_client import start_http_server

    extra = [_build_info] if _build_info is not None else []
    try:
        start_http_server(
            settings.worker_metrics_port,
            addr=settings.worker_metrics_host,
            registry=metrics.exposition_registry(*extra),
        )
    except OSError as exc:  # a busy port must not stop the worker from working; it is loud in the log instead
        log.error("worker.metrics_unavailable", port=settings.worker_metrics_port, error=str(exc))
        return
    log.info("worker.metrics_listening", host=settings.worker_metrics_host, port=settings.worker_metrics_port)


def _task_name(sender: Any) -> str:
    return str(getattr(sender, "name", None) or "unknown")


def _task_started(task_id: str | None = None, task: Any = None, **_: Any) -> None:
    if task_id:
        _started[task_id] = time.perf_counter()
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(task_id=task_id, task=_task_name(task))


def _task_finished(task_id: str | None = None, task: Any = None, **_: Any) -> None:
    started = _started.pop(task_id, None) if task_id else None
    if started is not None:
        metrics.CELERY_TASK_DURATION.labels(task=_task_name(task)).observe(time.perf_counter() - started)
    structlog.contextvars.clear_contextvars()


def _task_succeeded(sender: Any = None, **_: Any) -> None:
    metrics.CELERY_TASKS.labels(task=_task_name(sender), state="succeeded").inc()


def _task_failed(sender: Any = None, **_: Any) -> None:
    metrics.CELERY_TASKS.labels(task=_task_name(sender), state="failed").inc()


def _task_retried(sender: Any = None, **_: Any) -> None:
    metrics.CELERY_TASKS.labels(task=_task_name(sender), state="retried").inc()
