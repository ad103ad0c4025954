"""The prometheus-client multiprocess directory of one gunicorn instance or one Celery worker.

Under gunicorn (and Celery's prefork pool) each process keeps its metric values in memory-mapped files in
``PROMETHEUS_MULTIPROC_DIR`` and ``/metrics`` sums them. prometheus-client reads that variable when it is first
imported, so the directory is prepared in the parent before any child exists and before anything imports
``prometheus_client``. This module imports nothing heavy for that reason.

- Variable unset (the default): a fresh private directory is made under ``FITNESSCRM_METRICS_DIR`` (else the
  system temporary directory) and removed when the parent exits.
- Variable set by the operator: that directory is created if missing and emptied; it must belong to this one
  instance (files left by an earlier run would be added to the new one's counts).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

ENV_VAR = "PROMETHEUS_MULTIPROC_DIR"
BASE_DIR_ENV_VAR = "FITNESSCRM_METRICS_DIR"
_OWNER_ENV_VAR = "FITNESSCRM_METRICS_DIR_OWNER"  # pid of the process that prepared the directory
_CREATED_ENV_VAR = "FITNESSCRM_METRICS_DIR_CREATED"  # "1" when we made it (and so remove it at exit)


def prepare(role: str) -> Path:
    """Make this process's metrics directory ready for its children; idempotent within one process."""
    current = os.environ.get(ENV_VAR)
    if current and os.environ.get(_OWNER_ENV_VAR) == str(os.getpid()):
        return Path(current)  # gunicorn re-reads its config on SIGHUP: keep the live workers' files
    if current:
        path = Path(current)
        path.mkdir(parents=True, exist_ok=True)
        for stale in path.glob("*.db"):
            stale.unlink(missing_ok=True)
        os.environ[_CREATED_ENV_VAR] = ""
    else:
        base = Path(os.environ.get(BASE_DIR_ENV_VAR) or tempfile.gettempdir())
        base.mkdir(parents=True, exist_ok=True)
        path = Path(tempfile.mkdtemp(prefix=f"fitnesscrm-{role}-metrics-", dir=base))
        os.environ[ENV_VAR] = str(path)
        os.environ[_CREATED_ENV_VAR] = "1"
        atexit.register(cleanup)  # children inherit the hook; cleanup() acts only in this process
    os.environ[_OWNER_ENV_VAR] = str(os.getpid())
    return path


def is_celery_worker(argv: list[str]) -> bool:
    """``celery … worker …``: the one Celery command whose children record metrics for a parent to expose."""
    return "worker" in argv[1:]


def prepare_for_celery(argv: list[str]) -> None:
    """Before the Celery app (and prometheus_client) is imported: a worker gets a directory; any other command
    (beat, ``inspect ping`` health checks run inside a worker's container) keeps plain in-process metrics, so it
    never writes files into, or empties, a running worker's directory."""
    if is_celery_worker(argv):
        prepare("worker")
    else:
        os.environ.pop(ENV_VAR, None)


def enabled() -> bool:
    return bool(os.environ.get(ENV_VAR))


def mark_process_dead(pid: int) -> None:
    """Forget a dead child's live gauges (in-flight requests, pool connections); its counters stay summed."""
    if enabled():
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)


def cleanup() -> None:
    """At the parent's exit: remove the directory if this process created it."""
    path = os.environ.get(ENV_VAR)
    if path and os.environ.get(_CREATED_ENV_VAR) == "1" and os.environ.get(_OWNER_ENV_VAR) == str(os.getpid()):
        shutil.rmtree(path, ignore_errors=True)
