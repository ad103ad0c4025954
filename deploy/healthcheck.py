"""Container health check: `python /app/healthcheck.py web|worker|beat` exits 0 when healthy.

web     GET http://127.0.0.1:$PORT/healthz answers 200 (liveness; readiness is /readyz, used by nginx/k8s)
worker  this container's Celery worker answers `inspect ping`
beat    the broker (FITNESSCRM_REDIS_URL) answers PING; beat itself is PID 1, so if it dies the container does
Standard library only (plus the app's own dependencies); no curl in the image.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.request


def web() -> int:
    url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/healthz"
    with urllib.request.urlopen(url, timeout=4) as response:
        return 0 if response.status == 200 else 1


def worker() -> int:
    node = f"celery@{socket.gethostname()}"
    command = ["celery", "-A", "fitnesscrm.jobs", "inspect", "ping", "--destination", node, "--timeout", "10"]
    return subprocess.run(command, check=False, capture_output=True, timeout=25).returncode  # noqa: S603


def beat() -> int:
    import redis

    url = os.environ.get("FITNESSCRM_REDIS_URL")
    if not url:
        return 0  # embedded mode: no broker to reach
    return 0 if redis.Redis.from_url(url, socket_timeout=4, socket_connect_timeout=4).ping() else 1


def main() -> int:
    role = sys.argv[1] if len(sys.argv) > 1 else "web"
    checks = {"web": web, "worker": worker, "beat": beat}
    if role not in checks:
        print(f"healthcheck: unknown role {role!r}", file=sys.stderr)
        return 2
    try:
        return checks[role]()
    except Exception as exc:  # any failure is "unhealthy", with the reason in `docker inspect`
        print(f"healthcheck {role}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
