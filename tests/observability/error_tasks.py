"""Throw-away Celery tasks for the error-tracking tests, imported by the test worker with ``--include``."""

from __future__ import annotations

from typing import Any

from celery import shared_task


@shared_task(name="tests.fail_at_once")
def fail_at_once(email: str, medical_conditions: str) -> None:
    raise ValueError(f"no booking could be made for {email}")


@shared_task(bind=True, name="tests.fail_after_retries", max_retries=2)
def fail_after_retries(self: Any, email: str, medical_conditions: str) -> None:
    # Each retry re-queues the task (not a failure); once they are used up, the exception is the failure.
    raise self.retry(exc=RuntimeError(f"the scale did not answer for {email}"), countdown=0)
