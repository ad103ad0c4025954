from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from ...core.schemas import PageQuery, StrictIn
from ..models import GoalDirection, GoalStatus, Quantity


class MilestoneIn(StrictIn):
    value: float = Field(description="In the goal's `unit`.")
    label: str | None = Field(None, max_length=120)


class GoalIn(StrictIn):
    title: str | None = Field(None, max_length=200, description="Generated from the metric and target when omitted.")
    metric_id: uuid.UUID | None = Field(None, description="A metric goal: the metric's id …")
    metric: str | None = Field(None, max_length=60, description="… or its key, e.g. `body_weight`.")
    exercise_id: uuid.UUID | None = Field(None, description="An exercise goal on its estimated 1RM.")
    direction: GoalDirection
    start_value: float | None = Field(None, description="Defaults to the latest measured value (or current e1RM).")
    target_value: float
    unit: str | None = Field(None, max_length=8, description="Unit of the values sent; defaults to your units.")
    start_date: date | None = None
    deadline: date | None = None
    milestones: list[MilestoneIn] = Field(default_factory=list, max_length=20)


class GoalUpdate(StrictIn):
    title: str | None = Field(None, min_length=1, max_length=200)
    start_value: float | None = None
    target_value: float | None = None
    unit: str | None = Field(None, max_length=8, description="Unit of the values sent in this request.")
    deadline: date | None = None
    milestones: list[MilestoneIn] | None = Field(None, max_length=20)
    status: Literal["active", "abandoned"] | None = None


class MilestoneOut(BaseModel):
    value: float
    label: str
    reached: bool


class GoalOut(BaseModel):
    id: uuid.UUID
    client_id: uuid.UUID
    title: str
    kind: Literal["metric", "exercise"]
    metric_id: uuid.UUID | None
    metric_key: str | None
    exercise_id: uuid.UUID | None
    exercise_name: str | None
    quantity: Quantity
    direction: GoalDirection
    unit: str = Field(description="Unit of start, target, current and milestone values (your unit system).")
    start_value: float
    target_value: float
    current_value: float | None = Field(description="Latest measurement, or best estimated 1RM; null until recorded.")
    progress_percent: float = Field(ge=0, le=100)
    entered_unit: str
    start_date: date
    deadline: date | None
    milestones: list[MilestoneOut]
    milestones_reached: int
    status: GoalStatus
    achieved_at: datetime | None
    created_by_id: uuid.UUID | None
    created_at: datetime
    updated_at: datetime


class GoalList(BaseModel):
    items: list[GoalOut]
    next_cursor: str | None


class GoalQuery(PageQuery):
    status: GoalStatus | None = None
