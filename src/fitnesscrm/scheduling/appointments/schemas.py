from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from ...core.schemas import Out, PageQuery, StrictIn
from ..models import AppointmentStatus, BookingStatus, PenaltyPolicy, ServiceKind

NOTES_MAX = 4000


class _Range(PageQuery):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    from_: AwareDatetime | None = Field(None, alias="from", description="Starting at or after (RFC 3339).")
    to: AwareDatetime | None = Field(None, description="Starting before (RFC 3339).")
    trainer_id: uuid.UUID | None = None


# --- 1:1 sessions --------------------------------------------------------------------------------


class SessionQuery(_Range):
    client_id: uuid.UUID | None = None
    status: AppointmentStatus | None = None


class SessionIn(StrictIn):
    service_id: uuid.UUID
    trainer_id: uuid.UUID
    client_id: uuid.UUID
    starts_at: AwareDatetime
    location_id: uuid.UUID | None = None
    room_id: uuid.UUID | None = None
    notes: str | None = Field(None, max_length=NOTES_MAX)
    allow_outside_hours: bool = Field(
        False,
        description=("Staff confirm a time outside the trainer's working hours (otherwise 409 outside-working-hours)."),
    )


class SessionUpdate(StrictIn):
    starts_at: AwareDatetime | None = None
    trainer_id: uuid.UUID | None = None
    location_id: uuid.UUID | None = None
    room_id: uuid.UUID | None = Field(None, description="Send null to release the room.")
    notes: str | None = Field(None, max_length=NOTES_MAX)
    allow_outside_hours: bool = Field(
        False,
        description=("Staff confirm a time outside the trainer's working hours (otherwise 409 outside-working-hours)."),
    )


class CancelIn(StrictIn):
    reason: str | None = Field(None, max_length=500)
    waive_penalty: bool = Field(False, description="Staff only: no penalty for a late cancellation.")


class SessionOut(BaseModel):
    id: uuid.UUID
    service_id: uuid.UUID
    service_name: str
    colour: str
    trainer_id: uuid.UUID
    trainer_name: str
    client_id: uuid.UUID | None
    client_name: str | None
    location_id: uuid.UUID | None
    location_name: str | None
    room_id: uuid.UUID | None
    room_name: str | None
    title: str | None
    starts_at: datetime
    ends_at: datetime
    status: AppointmentStatus
    booking_id: uuid.UUID | None
    booking_status: BookingStatus | None
    penalty: PenaltyPolicy | None
    checked_in_at: datetime | None
    check_in_opens_at: datetime = Field(description="Check-in opens then; attended/no-show at starts_at.")
    void_reason: str | None
    notes: str | None
    cancelled_at: datetime | None
    cancel_reason: str | None
    series_id: uuid.UUID | None
    created_at: datetime
    updated_at: datetime


class SessionList(BaseModel):
    items: list[SessionOut]
    next_cursor: str | None


# --- group classes -------------------------------------------------------------------------------


class ClassQuery(_Range):
    service_id: uuid.UUID | None = None
    status: AppointmentStatus | None = None


class ClassIn(StrictIn):
    service_id: uuid.UUID
    trainer_id: uuid.UUID
    starts_at: AwareDatetime
    duration_minutes: int | None = Field(None, ge=5, le=720, description="Defaults to the service's duration.")
    capacity: int | None = Field(None, ge=1, le=1000, description="Defaults to the service's capacity.")
    location_id: uuid.UUID | None = None
    room_id: uuid.UUID | None = None
    title: str | None = Field(None, min_length=1, max_length=120)
    notes: str | None = Field(None, max_length=NOTES_MAX)
    allow_outside_hours: bool = Field(
        False,
        description=("Staff confirm a time outside the trainer's working hours (otherwise 409 outside-working-hours)."),
    )


class ClassUpdate(StrictIn):
    starts_at: AwareDatetime | None = None
    duration_minutes: int | None = Field(None, ge=5, le=720)
    trainer_id: uuid.UUID | None = None
    location_id: uuid.UUID | None = None
    room_id: uuid.UUID | None = Field(None, description="Send null to release the room.")
    capacity: int | None = Field(None, ge=1, le=1000)
    title: str | None = Field(None, min_length=1, max_length=120)
    notes: str | None = Field(None, max_length=NOTES_MAX)
    allow_outside_hours: bool = Field(
        False,
        description=("Staff confirm a time outside the trainer's working hours (otherwise 409 outside-working-hours)."),
    )


class MyBooking(BaseModel):
    id: uuid.UUID
    status: BookingStatus
    waitlist_position: int | None


class ClassOut(BaseModel):
    id: uuid.UUID
    service_id: uuid.UUID
    service_name: str
    colour: str
    trainer_id: uuid.UUID
    trainer_name: str
    location_id: uuid.UUID | None
    location_name: str | None
    room_id: uuid.UUID | None
    room_name: str | None
    title: str | None
    starts_at: datetime
    ends_at: datetime
    status: AppointmentStatus
    capacity: int
    seats_taken: int
    spots_left: int
    waitlist_count: int
    my_booking: MyBooking | None = Field(description="The signed-in client's live place, if any.")
    notes: str | None
    cancelled_at: datetime | None
    cancel_reason: str | None
    series_id: uuid.UUID | None
    created_at: datetime
    updated_at: datetime


class ClassList(BaseModel):
    items: list[ClassOut]
    next_cursor: str | None


class RosterEntry(BaseModel):
    booking_id: uuid.UUID
    client_id: uuid.UUID
    client_name: str
    status: BookingStatus
    waitlist_position: int | None
    checked_in_at: datetime | None
    attendance_marked_at: datetime | None
    penalty: PenaltyPolicy | None
    void_reason: str | None
    booked_at: datetime


class RosterOut(BaseModel):
    appointment_id: uuid.UUID
    capacity: int
    seats_taken: int = Field(description="Entries holding a place (booked or attended).")
    waitlist_count: int
    not_attending_count: int = Field(description="Entries that late-cancelled, did not show or were voided.")
    starts_at: datetime
    check_in_opens_at: datetime = Field(description="Check-in opens then; attended/no-show at starts_at.")
    items: list[RosterEntry] = Field(
        description="Holding a place first (booking order), then the waitlist in order, then those not attending."
    )


# --- bookings ------------------------------------------------------------------------------------


class BookingQuery(PageQuery):
    client_id: uuid.UUID | None = None
    appointment_id: uuid.UUID | None = None
    status: BookingStatus | None = None
    when: Literal["upcoming", "past"] | None = Field(
        None, description="upcoming: starting now or later (soonest first); past: started (latest first)."
    )
    cancelled: bool | None = Field(
        None,
        description="true: only called-off bookings (cancelled by the client, late, voided by staff, or the "
        "appointment was cancelled), "
        "latest first unless when=upcoming; false: only bookings that still stand "
        "(booked, waitlisted, attended, no-show).",
    )


class BookingIn(StrictIn):
    appointment_id: uuid.UUID
    client_id: uuid.UUID | None = Field(None, description="Staff: required. Clients: omit (or their own id).")
    waitlist: bool = Field(True, description="Join the waitlist when the class is full (false: 409 instead).")


class AttendanceIn(StrictIn):
    status: Literal["attended", "no_show", "late_cancelled", "booked"] = Field(
        description="attended and no_show from the start; booked takes an attended or no-show mark back."
    )
    waive_penalty: bool = Field(False, description="Record no penalty for a no-show or late cancellation.")


class BookingOut(BaseModel):
    id: uuid.UUID
    appointment_id: uuid.UUID
    kind: ServiceKind
    service_id: uuid.UUID
    service_name: str
    colour: str
    trainer_id: uuid.UUID
    trainer_name: str
    client_id: uuid.UUID
    client_name: str | None
    title: str | None
    location_id: uuid.UUID | None
    room_id: uuid.UUID | None
    starts_at: datetime
    ends_at: datetime
    appointment_status: AppointmentStatus
    status: BookingStatus
    capacity: int
    seats_taken: int
    waitlist_position: int | None
    penalty: PenaltyPolicy | None
    checked_in_at: datetime | None
    attendance_marked_at: datetime | None
    cancelled_at: datetime | None
    voided_at: datetime | None
    void_reason: str | None
    promoted_at: datetime | None
    created_at: datetime
    updated_at: datetime


class BookingList(BaseModel):
    items: list[BookingOut]
    next_cursor: str | None


class VoidIn(StrictIn):
    reason: str = Field(min_length=1, max_length=500, description="Why the booking is void (required).")


# --- activity ------------------------------------------------------------------------------------


class ActivityOut(Out):
    id: uuid.UUID
    kind: str = Field(description="e.g. booking.booked, booking.waitlist_promoted")
    occurred_at: datetime
    subject_type: str
    subject_id: str
    actor_id: uuid.UUID | None
    payload: dict[str, Any]


class ActivityList(BaseModel):
    items: list[ActivityOut]
    next_cursor: str | None
