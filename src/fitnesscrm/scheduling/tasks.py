"""Periodic scheduling jobs: extend recurring series to the horizon, emit booking reminders.

The plain functions take a Session and do the work (tested directly); the Celery tasks below them open a
unit of work on the bound Flask app's database and call them. ``fitnesscrm.jobs`` schedules them with beat.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from celery import shared_task
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core import events
from ..core.actor import Actor
from ..core.business import business_zone
from ..core.db import utcnow
from .models import Appointment, AppointmentStatus, Booking, BookingStatus
from .series import service as series_service

REMINDER_BATCH = 500


def emit_due_reminders(session: Session, *, now: datetime, lead_hours: int) -> int:
    """Emit ``booking.reminder_due`` once for every booked place starting within ``lead_hours``.

    ``reminded_at`` marks a booking as done; rows are claimed with SKIP LOCKED, so two runs at once never
    remind the same booking twice. Returns how many reminders were emitted.
    """
    actor = Actor.system("reminders")
    due_before = now + timedelta(hours=lead_hours)
    emitted = 0
    while True:
        rows = session.execute(
            select(Booking, Appointment)
            .join(Appointment, Appointment.id == Booking.appointment_id)
            .where(
                Booking.status == BookingStatus.BOOKED,
                Booking.reminded_at.is_(None),
                Booking.starts_at > now,
                Booking.starts_at <= due_before,
                Appointment.status == AppointmentStatus.SCHEDULED,
            )
            .order_by(Booking.starts_at, Booking.id)
            .limit(REMINDER_BATCH)
            .with_for_update(of=Booking, skip_locked=True)
        ).all()
        for booking, appointment in rows:
            events.emit(
                session,
                actor,
                "booking.reminder_due",
                subject_type="booking",
                subject_id=booking.id,
                client_id=booking.client_id,
                payload={
                    "appointment_id": str(appointment.id),
                    "service_id": str(appointment.service_id),
                    "trainer_id": str(appointment.trainer_id),
                    "starts_at": appointment.starts_at.isoformat(),
                    "title": appointment.title,
                },
            )
            booking.reminded_at = now
        session.flush()
        emitted += len(rows)
        if len(rows) < REMINDER_BATCH:
            return emitted


def extend_series_now(session: Session, *, horizon_days: int, now: datetime | None = None) -> int:
    """Extend every open series to today + horizon, "today" being the business's local date."""
    today = (now or utcnow()).astimezone(business_zone(session)).date()
    return series_service.extend_all(session, today=today, horizon_days=horizon_days)


# --- Celery tasks (run inside the bound Flask app's context; see fitnesscrm.jobs) ----------------


@shared_task(name="scheduling.extend_series")
def extend_series() -> int:
    from .. import web

    runtime = web.runtime()
    with runtime.database.session() as session:
        return extend_series_now(session, horizon_days=runtime.settings.series_horizon_days)


@shared_task(name="scheduling.emit_reminders")
def emit_reminders() -> int:
    from .. import web

    runtime = web.runtime()
    with runtime.database.session() as session:
        return emit_due_reminders(session, now=utcnow(), lead_hours=runtime.settings.reminder_lead_hours)
