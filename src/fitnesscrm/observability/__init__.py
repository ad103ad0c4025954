"""Observability: structured logs, Prometheus metrics, the request id / trace id of each request.

Kept free of imports on purpose: gunicorn's master imports ``observability.multiproc`` before it forks, and
``prometheus_client`` must not be imported there before ``PROMETHEUS_MULTIPROC_DIR`` is set.
"""
