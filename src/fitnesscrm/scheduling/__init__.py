"""Scheduling: locations, services, availability, appointments, classes, bookings, waitlists, attendance, iCal."""

from ..domains import Domain, Job

DOMAIN = Domain(
    name="scheduling",
    blueprints=("setup.api:bp", "availability.api:bp", "appointments.api:bp", "series.api:bp", "calendar.api:bp"),
    models=("models",),
    tasks=("tasks",),
    jobs=(
        Job("extend-series", "scheduling.extend_series", cron={"hour": 2, "minute": 30}),
        Job("send-reminders", "scheduling.emit_reminders", cron={"minute": "*/15"}),
    ),
    demo="demo:seed",
    reactions={"accounts.api_access_revoked": "calendar.service:revoke_user_feeds"},
)
