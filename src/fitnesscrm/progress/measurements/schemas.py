from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from ...core.schemas import PageQuery, StrictIn
from ..models import Quantity


class MeasurementIn(StrictIn):
    metric_id: uuid.UUID | None = Field(None, description="The metric's id; or send `metric` with its key.")
    metric: str | None = Field(None, max_length=60, description="The metric's key, e.g. `body_weight`.")
    value: float = Field(description="In `unit`.")
    unit: str | None = Field(
        None,
        max_length=8,
        description="kg, lb, st, cm, in, %, bpm, count, s or min; defaults to your unit system's unit.",
    )
    measured_at: datetime | None = Field(None, description="RFC 3339 with offset; defaults to now.")
    notes: str | None = Field(None, max_length=2000)


class MeasurementOut(BaseModel):
    id: uuid.UUID
    client_id: uuid.UUID
    metric_id: uuid.UUID
    metric_key: str
    metric_name: str
    quantity: Quantity
    measured_at: datetime
    value: float = Field(description="In `unit`: your unit system's unit for this quantity.")
    unit: str
    canonical_value: float
    canonical_unit: str
    entered_value: float = Field(description="As it was entered, in `entered_unit`.")
    entered_unit: str
    notes: str | None
    recorded_by_id: uuid.UUID | None
    created_at: datetime


class MeasurementList(BaseModel):
    items: list[MeasurementOut]
    next_cursor: str | None


class MeasurementQuery(PageQuery):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    metric: str | None = Field(None, max_length=60, description="A metric key or id.")
    from_: date | None = Field(None, alias="from", description="First day (UTC), inclusive.")
    to: date | None = Field(None, description="Last day (UTC), inclusive.")
