from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from ...core.schemas import PageQuery
from ..models import RecordKind, WorkoutStatus
from ..units import LoadUnit, to_kg
from ..workouts.schemas import MAX_LOAD_KG, BlockOut, TrainingIn


class WorkoutLogIn(TrainingIn):
    """Start a workout: from an assignment's plan on a date, from a template, or ad hoc (give a title)."""

    client_id: uuid.UUID
    assignment_id: uuid.UUID | None = Field(None, description="Snapshot what this assignment plans on the date.")
    template_id: uuid.UUID | None = Field(None, description="Snapshot this template's prescription.")
    performed_on: date | None = Field(None, description="Default: today in the business's time zone.")
    title: str | None = Field(None, min_length=1, max_length=120, description="Required for an ad hoc workout.")
    notes: str | None = Field(None, max_length=4000)

    @model_validator(mode="after")
    def _one_source(self) -> WorkoutLogIn:
        if self.assignment_id is not None and self.template_id is not None:
            raise ValueError("give assignment_id or template_id, not both")
        return self


class WorkoutLogUpdate(TrainingIn):
    title: str | None = Field(None, min_length=1, max_length=120)
    notes: str | None = Field(None, max_length=4000)
    completed: bool | None = Field(None, description="true: mark completed; false: reopen.")


class WorkoutLogQuery(PageQuery):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    client_id: uuid.UUID | None = None
    from_: date | None = Field(None, alias="from", description="Performed on or after this date.")
    to: date | None = Field(None, description="Performed on or before this date.")
    status: WorkoutStatus | None = None


class SetIn(TrainingIn):
    """One set as done. A load needs its unit (kg or lb); it is stored in kg beside the unit typed."""

    exercise_id: uuid.UUID
    position: int = Field(ge=1, le=100, description="The exercise's order in the workout.")
    set_number: int = Field(ge=1, le=100)
    reps: int | None = Field(None, ge=1, le=1000, description="At least 1; leave out for a timed or distance set.")
    load: float | None = Field(None, ge=0, description="0 for bodyweight; never negative.")
    load_unit: LoadUnit | None = None
    duration_seconds: int | None = Field(None, ge=1, le=86_400)
    distance_m: float | None = Field(None, gt=0, le=1_000_000)
    rpe: float | None = Field(None, ge=1, le=10, multiple_of=0.5)
    completed: bool = True
    confirm_implausible: bool = Field(
        False,
        description=(
            "Save a load far above the client's history anyway. Without it such a load is refused with a 422 "
            "problem of type `implausible-value` that says why."
        ),
    )

    @field_validator("reps", "load", mode="before")
    @classmethod
    def _in_range(cls, value: Any, info: ValidationInfo) -> Any:
        """Plain words for the mistakes people make on a phone keypad (the Field bounds stay for the docs)."""
        if isinstance(value, int | float) and not isinstance(value, bool):
            if info.field_name == "reps" and value < 1:
                raise PydanticCustomError("reps_too_low", "Reps must be at least 1.")
            if info.field_name == "load" and value < 0:
                raise PydanticCustomError("load_negative", "A load can't be negative (use 0 for bodyweight).")
        return value

    @model_validator(mode="after")
    def _check(self) -> SetIn:
        if (self.load is None) != (self.load_unit is None):
            raise ValueError("give a load together with its unit (kg or lb)")
        if self.load is not None and self.load_unit is not None and to_kg(self.load, self.load_unit) > MAX_LOAD_KG:
            raise ValueError(f"a load must be at most {MAX_LOAD_KG:g} kg")
        if self.reps is None and self.load is None and self.duration_seconds is None and self.distance_m is None:
            raise ValueError("record at least one of reps, load, duration_seconds or distance_m")
        return self


class SetOut(BaseModel):
    id: uuid.UUID
    workout_log_id: uuid.UUID
    exercise_id: uuid.UUID
    exercise_name: str | None
    position: int
    set_number: int
    reps: int | None
    load: float | None = Field(description="In `load_unit`, rounded for display.")
    load_unit: LoadUnit | None
    load_kg: float | None = Field(description="Canonical, unrounded kilograms.")
    duration_seconds: int | None
    distance_m: float | None
    rpe: float | None
    completed: bool
    performed_at: datetime
    estimated_1rm_kg: float | None = Field(description="Epley estimate for 1-12 reps.")


class RecordOut(BaseModel):
    id: uuid.UUID
    exercise_id: uuid.UUID
    exercise_name: str | None
    kind: RecordKind
    value: float = Field(description="kg for estimated_1rm, heaviest_set and set_volume; reps; or seconds.")
    unit: Literal["kg", "reps", "s"]
    previous_value: float | None = Field(description="The best before this record; null for a first.")
    achieved_at: datetime
    set_log_id: uuid.UUID
    workout_log_id: uuid.UUID


class SetResult(BaseModel):
    set: SetOut
    new_records: list[RecordOut] = Field(description="Records this set write set (empty when none).")


class WorkoutLogOut(BaseModel):
    id: uuid.UUID
    client_id: uuid.UUID
    assignment_id: uuid.UUID | None
    template_id: uuid.UUID | None
    program_week: int | None
    program_day: int | None
    appointment_id: uuid.UUID | None
    title: str
    performed_on: date
    status: WorkoutStatus
    completed_at: datetime | None
    planned: list[BlockOut] = Field(description="The prescription as it was when the workout was started.")
    notes: str | None
    logged_by_id: uuid.UUID | None
    sets: list[SetOut]
    created_at: datetime
    updated_at: datetime


class WorkoutLogSummary(BaseModel):
    id: uuid.UUID
    client_id: uuid.UUID
    assignment_id: uuid.UUID | None
    template_id: uuid.UUID | None
    title: str
    performed_on: date
    status: WorkoutStatus
    completed_at: datetime | None
    set_count: int = Field(description="Completed sets.")
    volume_kg: float = Field(description="Sum of load x reps over completed sets.")
    created_at: datetime
    updated_at: datetime


class WorkoutLogList(BaseModel):
    items: list[WorkoutLogSummary]
    next_cursor: str | None


class HistoryQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")

    exclude_log_id: uuid.UUID | None = Field(None, description="Skip this workout (the one being logged now).")


class LastSession(BaseModel):
    workout_log_id: uuid.UUID
    performed_on: date
    title: str
    sets: list[SetOut]


class HistoryOut(BaseModel):
    client_id: uuid.UUID
    exercise_id: uuid.UUID
    exercise_name: str
    last_session: LastSession | None = Field(description='"Last time": the latest workout with this exercise.')
    records: list[RecordOut] = Field(description="The current best of each kind.")


class RecordQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")

    exercise_id: uuid.UUID | None = None


class RecordList(BaseModel):
    items: list[RecordOut] = Field(description="The current best of each kind per exercise (one row each).")
