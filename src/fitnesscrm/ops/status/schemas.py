from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, Field

from ...core.schemas import Out, StrictIn
from ..schemas import ReadinessOut
from .models import ComponentState, Impact, IncidentStatus

ComponentKey = Literal["web", "database", "sign_in", "background_jobs"]


class ComponentOut(BaseModel):
    key: ComponentKey
    name: str
    description: str
    status: ComponentState


class PublicIncidentUpdateOut(BaseModel):
    id: uuid.UUID
    status: IncidentStatus
    message: str
    created_at: datetime


class PublicIncidentOut(BaseModel):
    id: uuid.UUID
    title: str
    impact: Impact
    status: IncidentStatus
    components: list[ComponentKey]
    started_at: datetime
    resolved_at: datetime | None
    updates: list[PublicIncidentUpdateOut] = Field(description="Newest first.")


class StatusOut(BaseModel):
    status: ComponentState = Field(
        description="`outage` when the web app or the database is out; `degraded` "
        "when any other component is not operational."
    )
    checked_at: datetime
    components: list[ComponentOut]
    incidents: list[PublicIncidentOut] = Field(
        description="Unresolved incidents, then those resolved in the last 14 days; newest first."
    )
    incidents_available: bool = Field(description="False when the incident history could not be read.")


class IncidentUpdateOut(Out):
    id: uuid.UUID
    status: IncidentStatus
    message: str
    author_name: str
    created_at: datetime


class IncidentOut(Out):
    id: uuid.UUID
    title: str
    impact: Impact
    status: IncidentStatus
    components: list[ComponentKey]
    started_at: datetime
    resolved_at: datetime | None
    created_at: datetime
    updated_at: datetime
    updates: list[IncidentUpdateOut] = Field(description="Newest first.")


class IncidentList(BaseModel):
    items: list[IncidentOut]
    next_cursor: str | None


class IncidentIn(StrictIn):
    title: str = Field(min_length=1, max_length=120, description='Shown publicly, e.g. "Reminders delayed".')
    impact: Impact = Field(description="Until resolved, the named components show at least this state.")
    components: list[ComponentKey] = Field(min_length=1, max_length=4)
    status: IncidentStatus = IncidentStatus.INVESTIGATING
    message: str = Field(min_length=1, max_length=2000, description="The first update, shown publicly.")
    started_at: AwareDatetime | None = Field(None, description="Defaults to now; at most 30 days back.")


class IncidentEdit(StrictIn):
    title: str | None = Field(None, min_length=1, max_length=120)
    impact: Impact | None = None
    components: list[ComponentKey] | None = Field(None, min_length=1, max_length=4)
    started_at: AwareDatetime | None = None


class IncidentUpdateIn(StrictIn):
    status: IncidentStatus = Field(description="`resolved` resolves the incident; another status reopens it.")
    message: str = Field(min_length=1, max_length=2000)


class HeartbeatOut(BaseModel):
    status: ComponentState | Literal["not_configured"]
    last_seen_at: datetime | None
    age_seconds: float | None


class OutboxOut(BaseModel):
    pending_events: int | None
    oldest_pending_age_seconds: float | None


class BackupOut(BaseModel):
    status: Literal["not_configured", "succeeded", "failed", "unknown"] = Field(
        description="`not_configured` until the backup capability reports a run into `backup_reports`."
    )
    finished_at: datetime | None = Field(description="End of the newest run.")
    last_success_at: datetime | None
    kind: str | None
    size_bytes: int | None


class SystemOut(BaseModel):
    version: str
    revision: str
    environment: str
    checked_at: datetime
    instance_started_at: datetime = Field(description="Start of the instance that answered (not the cluster).")
    uptime_seconds: float
    readiness: ReadinessOut
    components: list[ComponentOut] = Field(description="The public component states, from the same checks.")
    redis_configured: bool
    server_errors_last_hour: int | None = Field(
        description="5xx responses of every instance in the last 60 minutes; null when Redis cannot be read."
    )
    celery_queue_depth: int | None = Field(description="Tasks waiting; null without Redis.")
    worker_heartbeat: HeartbeatOut
    outbox: OutboxOut
    active_clients: int | None
    last_backup: BackupOut
