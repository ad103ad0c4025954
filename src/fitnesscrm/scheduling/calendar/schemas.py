"""The calendar view and iCal feeds."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from ...core.schemas import Out
from ..models import AppointmentStatus, BookingStatus, ServiceKind


class CalendarQuery(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    from_: AwareDatetime = Field(alias="from", description="Start of the range (RFC 3339 with offset).")
    to: AwareDatetime = Field(description="End of the range, after `from` and at most 62 days later.")
    trainer_id: uuid.UUID | None = Field(None, description="One trainer's calendar (admins: any; trainers: own).")


class CalendarEventOut(BaseModel):
    """What a calendar draws for an appointment, and no more: a week holds hundreds. Its details (location and
    room, notes, the client's booking, the roster) come from `GET /sessions/{id}` or `GET /classes/{id}`."""

    id: uuid.UUID = Field(description="The appointment id.")
    kind: ServiceKind
    title: str | None
    starts_at: datetime
    ends_at: datetime
    status: AppointmentStatus
    service_name: str
    colour: str
    trainer_id: uuid.UUID
    trainer_name: str
    capacity: int
    booked_count: int
    series_id: uuid.UUID | None
    client_name: str | None = Field(description="For a 1:1 session: its client, where the caller may see them.")
    my_booking_status: BookingStatus | None = Field(description="For a client: their place in this appointment.")


class CalendarTimeOff(BaseModel):
    id: uuid.UUID
    trainer_id: uuid.UUID
    trainer_name: str
    starts_at: datetime
    ends_at: datetime
    reason: str | None


class CalendarOut(BaseModel):
    events: list[CalendarEventOut]
    time_off: list[CalendarTimeOff] = Field(description="Staff only; empty for clients.")


class FeedOut(Out):
    id: uuid.UUID
    created_at: datetime
    last_used_at: datetime | None


class FeedCreatedOut(FeedOut):
    token: str = Field(description="The secret. Shown once; it is part of `url`.")
    url: str = Field(description="Subscribe a calendar app to this address.")


class FeedList(BaseModel):
    items: list[FeedOut]
    next_cursor: str | None
