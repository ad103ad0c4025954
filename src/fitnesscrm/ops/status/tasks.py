"""The background-job heartbeat: beat schedules it every minute (fitnesscrm.jobs), a worker runs it.

A fresh stamp proves the whole path works: beat is alive, Redis carries the message, a worker picks it up.
The status page reads its age (service.heartbeat_state).
"""

from __future__ import annotations

from celery import shared_task

from . import signals
from .signals import HEARTBEAT_EXPIRES_SECONDS, HEARTBEAT_INTERVAL_SECONDS, HEARTBEAT_TASK

__all__ = ["HEARTBEAT_EXPIRES_SECONDS", "HEARTBEAT_INTERVAL_SECONDS", "HEARTBEAT_TASK", "heartbeat"]


@shared_task(name=HEARTBEAT_TASK)
def heartbeat() -> float | None:
    """Stamp the heartbeat; returns the Unix time recorded (None in the embedded mode, which has no Redis)."""
    from ... import web

    redis = web.runtime().redis
    if redis is None:
        return None
    return signals.beat(redis)
