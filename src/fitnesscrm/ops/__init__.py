"""Operations: health and readiness, the API docs, the public status page and the admins' System page."""

from ..domains import Domain, Job
from .status.signals import HEARTBEAT_EXPIRES_SECONDS, HEARTBEAT_INTERVAL_SECONDS, HEARTBEAT_TASK

DOMAIN = Domain(
    name="ops",
    blueprints=("api:bp", "docs:bp", "status.api:bp"),
    models=("status.models",),
    tasks=("status.tasks",),
    jobs=(
        Job(
            "heartbeat",
            HEARTBEAT_TASK,
            every_seconds=HEARTBEAT_INTERVAL_SECONDS,
            expires_seconds=HEARTBEAT_EXPIRES_SECONDS,
        ),
    ),
    gauges=("status.metrics:GAUGES",),
    unlimited_blueprints=("api:bp", "docs:bp"),  # health checks and the docs are never rate limited
    commands=("cli:audit",),
)
