from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ...core.schemas import PageQuery
from ..models import AssignmentStatus
from ..workouts.schemas import BlockOut, TrainingIn

MAX_WEEKS = 52


class ProgressionIn(TrainingIn):
    """Added once per week after the first: week n gets (n - 1) x step."""

    load_kg_per_week: float | None = Field(None, ge=-20, le=20, description="kg added to weight loads per week.")
    reps_per_week: int | None = Field(None, ge=-5, le=5, description="Reps added to rep targets per week.")


class ProgramDayIn(TrainingIn):
    week: int = Field(ge=1, le=MAX_WEEKS)
    day: int = Field(ge=1, le=7, description="1 = the weekday of the assignment's start date, … 7.")
    template_id: uuid.UUID


class ProgramIn(TrainingIn):
    name: str = Field(min_length=1, max_length=120)
    description: str | None = Field(None, max_length=2000)
    weeks: int = Field(ge=1, le=MAX_WEEKS)
    progression: ProgressionIn | None = None
    days: list[ProgramDayIn] = Field(default_factory=list, max_length=MAX_WEEKS * 7)


class ProgramUpdate(TrainingIn):
    name: str | None = Field(None, min_length=1, max_length=120)
    description: str | None = Field(None, max_length=2000)
    weeks: int | None = Field(None, ge=1, le=MAX_WEEKS)
    progression: ProgressionIn | None = None


class ProgramDaysIn(TrainingIn):
    days: list[ProgramDayIn] = Field(max_length=MAX_WEEKS * 7)


class WeekCopyQuery(BaseModel):
    to: int | None = Field(
        None, ge=1, le=MAX_WEEKS, description="Copy onto this week (replacing its days); default: a new last week."
    )


class ProgramQuery(PageQuery):
    q: str | None = Field(
        None,
        max_length=100,
        description=("Search by name: from three characters anywhere, one or two at the start of a word."),
    )
    archived: bool = Field(False, description="Archived programmes instead of live ones.")


class ProgressionOut(BaseModel):
    load_kg_per_week: float | None = None
    reps_per_week: int | None = None


class ProgramDayOut(BaseModel):
    week: int
    day: int
    template_id: uuid.UUID
    template_name: str


class ProgramOut(BaseModel):
    id: uuid.UUID
    name: str
    description: str | None
    weeks: int
    progression: ProgressionOut
    days: list[ProgramDayOut]
    owner_trainer_id: uuid.UUID | None = Field(description="Null: a shared programme (admins edit it).")
    editable: bool
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime


class ProgramSummary(BaseModel):
    id: uuid.UUID
    name: str
    description: str | None
    weeks: int
    progression: ProgressionOut
    day_count: int = Field(description="Workouts in the grid.")
    owner_trainer_id: uuid.UUID | None
    editable: bool
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime


class ProgramList(BaseModel):
    items: list[ProgramSummary]
    next_cursor: str | None


# --- assignments -------------------------------------------------------------------------------


class ProgramAssignmentIn(TrainingIn):
    """A programme, or a single workout (``template_id``), for a client from ``start_date``."""

    client_id: uuid.UUID
    program_id: uuid.UUID | None = None
    template_id: uuid.UUID | None = None
    start_date: date
    appointment_id: uuid.UUID | None = Field(
        None, description="Single workouts only: a session the client is booked on, whose planned workout this is."
    )
    notes: str | None = Field(None, max_length=2000)

    @model_validator(mode="after")
    def _one_source(self) -> ProgramAssignmentIn:
        if (self.program_id is None) == (self.template_id is None):
            raise ValueError("give exactly one of program_id and template_id")
        if self.appointment_id is not None and self.program_id is not None:
            raise ValueError("only a single workout (template_id) can be attached to a session")
        return self


class ProgramAssignmentQuery(PageQuery):
    client_id: uuid.UUID | None = None
    status: AssignmentStatus | None = None


class ProgramAssignmentOut(BaseModel):
    id: uuid.UUID
    client_id: uuid.UUID
    program_id: uuid.UUID | None
    template_id: uuid.UUID | None
    title: str = Field(description="The programme's or workout's name.")
    start_date: date
    end_date: date = Field(description="The last day the assignment plans a workout for (inclusive).")
    appointment_id: uuid.UUID | None
    status: AssignmentStatus
    notes: str | None
    assigned_by_id: uuid.UUID | None
    created_at: datetime
    updated_at: datetime


class ProgramAssignmentList(BaseModel):
    items: list[ProgramAssignmentOut]
    next_cursor: str | None


class PlanQuery(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    from_: date | None = Field(None, alias="from", description="First day (default: today in the business's zone).")
    to: date | None = Field(None, description="Last day, inclusive (default: 6 days after `from`; at most 92 days).")


class PlannedWorkoutOut(BaseModel):
    date: date
    assignment_id: uuid.UUID
    program_id: uuid.UUID | None
    template_id: uuid.UUID
    title: str
    week: int | None
    day: int | None
    appointment_id: uuid.UUID | None
    blocks: list[BlockOut] = Field(description="The prescription with the programme's progression applied.")
    workout_log_id: uuid.UUID | None = Field(description="The workout logged for it, if started.")
    status: Literal["planned", "in_progress", "completed"]


class PlanOut(BaseModel):
    client_id: uuid.UUID
    start: date
    end: date
    items: list[PlannedWorkoutOut]
