from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from ..core.actor import Role
from ..core.schemas import Out


class LivenessOut(BaseModel):
    status: Literal["ok"]


class CheckOut(BaseModel):
    ok: bool
    detail: str


class ReadinessOut(BaseModel):
    status: Literal["ok", "degraded", "unavailable"]
    checks: dict[str, CheckOut]


class ProbeOut(BaseModel):
    """``GET /readyz``: the status for everyone, the checks for operators."""

    status: Literal["ok", "degraded", "unavailable"]
    checks: dict[str, CheckOut] | None = Field(
        None, description="Each dependency's state: only for the metrics token or a caller on this machine."
    )


class AuditEventOut(Out):
    id: uuid.UUID
    occurred_at: datetime
    actor_id: uuid.UUID | None
    actor_email: str | None
    action: str
    object_type: str
    object_id: str | None
    ip: str | None
    request_id: str | None
    actor_name: str | None = Field(description="The actor's name now (null: the system, anonymous, or removed).")
    actor_role: Role | None
    subject_label: str | None = Field(
        description="What the event is about, named as it is now (null: nothing to name, or removed)."
    )


class AuditEventList(BaseModel):
    items: list[AuditEventOut]
    next_cursor: str | None
