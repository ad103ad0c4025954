from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ...core.schemas import Out, StrictIn, WallTime
from ..models import ExceptionKind

MAX_WINDOWS = 100
MAX_TIME_OFF = timedelta(days=366)
MAX_SLOT_RANGE = timedelta(days=31)


def _plus_restored(value: Any) -> Any:
    """A "+01:00" offset typed into a URL arrives as " 01:00" (form decoding turns + into a space)."""
    if isinstance(value, str) and len(value) > 6 and value[-6] == " ":
        return value[:-6] + "+" + value[-5:]
    return value


QueryInstant = Annotated[AwareDatetime, BeforeValidator(_plus_restored)]


class WorkingWindowIn(StrictIn):
    location_id: uuid.UUID
    weekday: int = Field(ge=0, le=6, description="0 = Monday … 6 = Sunday.")
    start_time: WallTime
    end_time: WallTime

    @field_validator("end_time")
    @classmethod
    def _after_start(cls, value: time, info: ValidationInfo) -> time:
        start = info.data.get("start_time")
        if start is not None and value <= start:
            raise ValueError("The end time must be after the start time.")
        return value


class WorkingHoursIn(StrictIn):
    working_hours: list[WorkingWindowIn] = Field(
        max_length=MAX_WINDOWS, description="The whole weekly set; it replaces the current one."
    )


class WorkingWindowOut(Out):
    id: uuid.UUID
    location_id: uuid.UUID
    weekday: int
    start_time: WallTime
    end_time: WallTime


class ExceptionIn(StrictIn):
    on_date: date
    kind: ExceptionKind
    start_time: WallTime | None = Field(None, description="With end_time: part of the day; without: all day.")
    end_time: WallTime | None = None
    location_id: uuid.UUID | None = Field(
        None,
        description="Where extra hours are worked (required for `available`); for `unavailable`, "
        "only that location closes.",
    )
    reason: str | None = Field(None, max_length=200)

    @model_validator(mode="after")
    def _consistent(self) -> ExceptionIn:
        if (self.start_time is None) != (self.end_time is None):
            raise ValueError("Give both start_time and end_time, or neither for the whole day.")
        if self.start_time is not None and self.end_time is not None and self.start_time >= self.end_time:
            raise ValueError("start_time must be before end_time.")
        if self.kind == ExceptionKind.AVAILABLE and (self.start_time is None or self.location_id is None):
            raise ValueError("Extra hours need start_time, end_time and location_id.")
        return self


class ExceptionOut(Out):
    id: uuid.UUID
    trainer_id: uuid.UUID
    on_date: date
    kind: ExceptionKind
    start_time: WallTime | None
    end_time: WallTime | None
    location_id: uuid.UUID | None
    reason: str | None
    created_at: datetime


class TimeOffIn(StrictIn):
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    reason: str | None = Field(None, max_length=200)

    @field_validator("ends_at")
    @classmethod
    def _after_start(cls, value: datetime, info: ValidationInfo) -> datetime:
        start = info.data.get("starts_at")
        if start is not None and value <= start:
            raise ValueError("The end must be after the start.")
        if start is not None and value - start > MAX_TIME_OFF:
            raise ValueError("Time off spans at most 366 days; add another entry for more.")
        return value


class TimeOffOut(Out):
    id: uuid.UUID
    trainer_id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    reason: str | None
    created_at: datetime


class AvailabilityOut(Out):
    trainer_id: uuid.UUID
    timezone: str = Field(description="The business time zone the wall-clock times are in.")
    working_hours: list[WorkingWindowOut]
    exceptions: list[ExceptionOut] = Field(description="From today on (at most 500).")
    time_off: list[TimeOffOut] = Field(description="Not yet ended (at most 500).")
    working_hours_version: str = Field(
        description="The week's version: send it as If-Match to replace the working hours (PUT .../working-hours)."
    )


class SlotQuery(BaseModel):
    service_id: uuid.UUID
    from_: QueryInstant = Field(alias="from", description="RFC 3339 with offset; slots starting from here.")
    to: QueryInstant = Field(description="RFC 3339 with offset; at most 31 days after `from`.")
    trainer_id: uuid.UUID | None = Field(None, description="One trainer; default: every trainer in my scope.")

    @field_validator("to")
    @classmethod
    def _bounded(cls, value: datetime, info: ValidationInfo) -> datetime:
        start = info.data.get("from_")
        if start is not None and value <= start:
            raise ValueError("`to` must be after `from`.")
        if start is not None and value - start > MAX_SLOT_RANGE:
            raise ValueError("Ask for at most 31 days of slots at a time.")
        return value


class SlotOut(BaseModel):
    trainer_id: uuid.UUID
    trainer_name: str
    location_id: uuid.UUID | None
    starts_at: datetime
    ends_at: datetime


class SlotList(BaseModel):
    items: list[SlotOut]
    truncated: bool = Field(description="True when more slots exist than the 2000 returned: narrow the range.")
