"""Recurring series: what staff send and what they get back."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from ...core.schemas import PageQuery, StrictIn, WallTime
from ..models import AppointmentStatus

Scope = Literal["this", "following", "all"]


class SeriesIn(StrictIn):
    service_id: uuid.UUID
    trainer_id: uuid.UUID
    client_id: uuid.UUID | None = Field(None, description="The client booked on every occurrence (1:1 services only).")
    location_id: uuid.UUID | None = None
    room_id: uuid.UUID | None = None
    starts_on: date = Field(description="First local date the rule may fall on.")
    start_time: WallTime = Field(description="Local wall-clock start of every occurrence, e.g. 07:00.")
    rrule: str = Field(
        min_length=6,
        max_length=500,
        examples=["FREQ=WEEKLY;BYDAY=MO,TH;COUNT=24"],
        description="RFC 5545 RRULE body: FREQ DAILY, WEEKLY or MONTHLY; COUNT at most 500.",
    )
    capacity: int | None = Field(None, ge=1, le=500, description="Places per occurrence (group services).")
    title: str | None = Field(None, max_length=120)
    skip_dates: list[date] = Field(
        default_factory=list,
        max_length=500,
        description=(
            "Local dates the rule falls on that get no occurrence, e.g. the clashes a 409 series-clashes listed."
        ),
    )
    allow_outside_hours: bool = Field(
        False,
        description=(
            "Staff confirm occurrences outside the trainer's working hours (otherwise they are listed as clashes)."
        ),
    )


class SeriesEdit(StrictIn):
    scope: Scope
    occurrence_id: uuid.UUID
    start_time: WallTime | None = None
    duration_minutes: int | None = Field(None, ge=5, le=720)
    trainer_id: uuid.UUID | None = None
    location_id: uuid.UUID | None = None
    room_id: uuid.UUID | None = None
    title: str | None = Field(None, max_length=120)
    skip_dates: list[date] = Field(
        default_factory=list,
        max_length=500,
        description=(
            "For `following`: local dates that get no occurrence in the new series, e.g. the clashes a 409 "
            "series-clashes listed. Dates the series already left empty stay empty without being sent."
        ),
    )
    allow_outside_hours: bool = Field(
        False,
        description=(
            "For `following` with another trainer: staff confirm occurrences outside that trainer's working hours. "
            "With the same trainer the hours staff confirmed when creating the series still stand."
        ),
    )


class SeriesCancel(StrictIn):
    scope: Scope
    occurrence_id: uuid.UUID
    reason: str | None = Field(None, max_length=500)


class SeriesQuery(PageQuery):
    trainer_id: uuid.UUID | None = None


class OccurrenceOut(BaseModel):
    id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    status: AppointmentStatus
    detached: bool
    original_start: datetime | None


class SeriesOut(BaseModel):
    id: uuid.UUID
    service_id: uuid.UUID
    trainer_id: uuid.UUID
    client_id: uuid.UUID | None
    location_id: uuid.UUID | None
    room_id: uuid.UUID | None
    title: str | None
    capacity: int
    timezone: str
    rrule: str
    starts_on: date
    start_time: WallTime
    duration_minutes: int
    materialised_until: date
    ended_on: date | None
    created_at: datetime
    updated_at: datetime
    upcoming: list[OccurrenceOut] = Field(description="The next occurrences (at most 50), cancelled ones included.")
    next_unplaced_on: date | None = Field(
        description="The first date of the series not on the calendar yet: occurrences are placed up to "
        "`materialised_until` (the horizon, a few months ahead) and the rest as the horizon moves forward each "
        "night. A series that starts beyond the horizon has no `upcoming` yet and says here when it begins. "
        "Null when every date is placed."
    )


class SeriesList(BaseModel):
    items: list[SeriesOut]
    next_cursor: str | None
