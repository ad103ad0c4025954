from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from ..core.schemas import Out


class LivenessOut(BaseModel):
    status: Literal["ok"]


class CheckOut(BaseModel):
    ok: bool
    detail: str


class ReadinessOut(BaseModel):
    status: Literal["ok", "degraded", "unavailable"]
    checks: dict[str, CheckOut]


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


class AuditEventList(BaseModel):
    items: list[AuditEventOut]
    next_cursor: str | None
