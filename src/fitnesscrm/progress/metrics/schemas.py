from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from ...core.schemas import Out, PageQuery, StrictIn
from ..models import Quantity


class MetricIn(StrictIn):
    name: str = Field(min_length=1, max_length=120)
    quantity: Quantity = Field(description="What it measures; fixes the canonical unit (mass → kg, length → cm …).")
    key: str | None = Field(
        None,
        max_length=40,
        pattern=r"^[A-Za-z0-9_ -]+$",
        description="Stable key; `custom_` is prefixed. Derived from the name when omitted.",
    )


class MetricUpdate(StrictIn):
    name: str = Field(min_length=1, max_length=120)


class MetricOut(Out):
    id: uuid.UUID
    key: str
    name: str
    quantity: Quantity
    canonical_unit: str
    units: list[str] = Field(description="Units a value may be entered in.")
    is_builtin: bool
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime


class MetricList(BaseModel):
    items: list[MetricOut]
    next_cursor: str | None


class MetricQuery(PageQuery):
    limit: int = Field(100, ge=1, le=100, description="Page size (1-100).")
    include_archived: bool = False
