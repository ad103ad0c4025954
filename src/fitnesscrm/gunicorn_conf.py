"""Gunicorn settings (gthread). Override any of them with GUNICORN_* style CLI flags or env."""

import multiprocessing
import os
import signal
import threading
from typing import Any

import gunicorn.http.wsgi as gunicorn_wsgi

from fitnesscrm import lifecycle, malloc
from fitnesscrm.observability import multiproc

# Gunicorn names itself in every answer's Server header and has no setting to stop it; nobody outside needs to know
# what serves the app (behind nginx the header is nginx's own, without a version).
gunicorn_wsgi.SERVER = "FitnessCRM"

# Sign-ins' 19 MiB argon2 blocks would otherwise stay resident in every thread's malloc arena (see malloc.py).
malloc.pin_mmap_threshold()

# prometheus-client multiprocess mode: every worker writes its metrics into this instance's own directory
# (created or emptied here, in the master, before any worker forks and imports prometheus_client).
multiproc.prepare("web")

# Without Redis (the embedded default) rate limits and the sign-in cache live in the process: one worker, or every
# limit would be multiplied by the number of workers. Set FITNESSCRM_REDIS_URL to run more.
workers = int(
    os.environ.get(
        "FITNESSCRM_WEB_WORKERS",
        min(4, multiprocessing.cpu_count() * 2) if os.environ.get("FITNESSCRM_REDIS_URL") else 1,
    )
)
worker_class = "gthread"
threads = int(os.environ.get("FITNESSCRM_WEB_THREADS", 4))
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers to bound memory growth, but rarely: each recycled worker leaves its counter files in the
# prometheus multiprocess directory (totals must survive it), and every scrape reads them all.
max_requests = 50000
max_requests_jitter = 5000
accesslog = None  # the app writes one structured line per request
errorlog = "-"
forwarded_allow_ips = os.environ.get("FITNESSCRM_FORWARDED_ALLOW_IPS", "127.0.0.1")
preload_app = False

# Seconds between SIGTERM and gunicorn's graceful stop, during which /readyz answers 503 and connections are
# closed after each response (see fitnesscrm/lifecycle.py). Longer than nginx's upstream keepalive_timeout (4 s)
# and a Kubernetes endpoint update, shorter than the orchestrator's stop timeout minus graceful_timeout.
drain_seconds = float(os.environ.get("FITNESSCRM_DRAIN_SECONDS", "5"))


def on_starting(server: Any) -> None:
    lifecycle.share_drain_flag()

    def handle_term() -> None:
        # First SIGTERM: drain, then send ourselves a second one. A second SIGTERM: gunicorn's graceful stop.
        if lifecycle.draining() or drain_seconds <= 0:
            raise StopIteration
        lifecycle.start_draining()
        server.log.info("SIGTERM: draining for %.1f s before the graceful stop", drain_seconds)
        timer = threading.Timer(drain_seconds, os.kill, (os.getpid(), signal.SIGTERM))
        timer.daemon = True
        timer.start()

    server.handle_term = handle_term  # the arbiter looks its signal handlers up by name on the instance


def post_fork(server: Any, worker: Any) -> None:
    from fitnesscrm.observability import metrics, tracing

    tracing.configure_process("web")  # per worker, before it loads the app; off unless an OTLP endpoint is set
    metrics.WEB_THREADS.set(worker.cfg.threads)  # the capacity FitnessCRMWebSaturated compares requests with


def pre_request(worker: Any, req: Any) -> None:
    if lifecycle.draining():
        req.must_close = True  # answer with "Connection: close" so no keepalive connection outlives the drain


def child_exit(server: Any, worker: Any) -> None:
    multiproc.mark_process_dead(worker.pid)  # drop its live gauges (in-flight requests, pool connections)
