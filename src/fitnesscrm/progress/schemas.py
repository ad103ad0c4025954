"""Schemas of the aggregated progress endpoint."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .goals.schemas import GoalOut
from .models import Quantity


class ProgressQuery(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    from_: date | None = Field(None, alias="from", description="First day (default: 90 days before `to`).")
    to: date | None = Field(None, description="Last day, inclusive (default: today).")
    metrics: str | None = Field(
        None, max_length=1300, description="Comma-separated metric keys (default: every metric with data)."
    )
    bucket: Literal["day", "week", "month"] = "week"
    tz: str = Field("UTC", max_length=64, description="IANA time zone that days and weeks are counted in.")


class MetricPoint(BaseModel):
    period_start: date
    count: int
    avg: float
    min: float
    max: float
    last: float


class MetricSeriesOut(BaseModel):
    metric_id: uuid.UUID
    key: str
    name: str
    quantity: Quantity
    unit: str
    points: list[MetricPoint]


class TrainingPoint(BaseModel):
    period_start: date
    workouts: int = Field(description="Completed workouts.")
    sets: int = Field(description="Completed sets.")
    volume: float = Field(description="Sum of load x reps of completed sets, in `volume_unit`.")


class TrainingSeriesOut(BaseModel):
    volume_unit: str
    points: list[TrainingPoint]


class ProgressOut(BaseModel):
    client_id: uuid.UUID
    from_: date = Field(alias="from", serialization_alias="from")
    to: date
    bucket: Literal["day", "week", "month"]
    timezone: str
    unit_system: Literal["metric", "imperial"]
    metrics: list[MetricSeriesOut]
    training: TrainingSeriesOut
    goals: list[GoalOut]
