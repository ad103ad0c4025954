"""Gunicorn settings (gthread). Override any of them with GUNICORN_* style CLI flags or env."""

import multiprocessing
import os

workers = int(os.environ.get("FITNESSCRM_WEB_WORKERS", min(4, multiprocessing.cpu_count() * 2)))
worker_class = "gthread"
threads = int(os.environ.get("FITNESSCRM_WEB_THREADS", 4))
timeout = 30
graceful_timeout = 20
keepalive = 5
max_requests = 5000  # recycle workers to bound memory growth
max_requests_jitter = 500
accesslog = None  # the app writes one structured line per request
errorlog = "-"
forwarded_allow_ips = os.environ.get("FITNESSCRM_FORWARDED_ALLOW_IPS", "127.0.0.1")
preload_app = False
