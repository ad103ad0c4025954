from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from ...core.schemas import Out, PageQuery, StrictIn
from ..models import PenaltyPolicy, ServiceKind

COLOUR_PATTERN = r"^#[0-9a-fA-F]{6}$"
MAX_FEE_MINOR = 100_000_000
FEE = "In minor units of the business currency (see /business)."


# --- booking rules -----------------------------------------------------------------------------


class BookingRulesIn(StrictIn):
    """The whole rule set (PUT replaces it)."""

    min_notice_minutes: int = Field(ge=0, le=10_080, description="Clients book at least this long ahead (≤ 7 days).")
    max_advance_days: int = Field(ge=1, le=730, description="Clients book at most this many days ahead.")
    cancellation_window_hours: int = Field(ge=0, le=336, description="Cancelling later than this is a late cancel.")
    late_cancel_policy: PenaltyPolicy
    late_cancel_fee_minor: int = Field(0, ge=0, le=MAX_FEE_MINOR, description=FEE)
    no_show_policy: PenaltyPolicy
    no_show_fee_minor: int = Field(0, ge=0, le=MAX_FEE_MINOR, description=FEE)
    slot_interval_minutes: int = Field(ge=5, le=240, description="Bookable slots start on this grid.")


class BookingRulesOut(Out):
    min_notice_minutes: int
    max_advance_days: int
    cancellation_window_hours: int
    late_cancel_policy: PenaltyPolicy
    late_cancel_fee_minor: int
    no_show_policy: PenaltyPolicy
    no_show_fee_minor: int
    slot_interval_minutes: int
    updated_at: datetime | None = Field(description="Null until an admin first saves the rules.")


# --- locations and rooms -----------------------------------------------------------------------


class RoomIn(StrictIn):
    name: str = Field(min_length=1, max_length=120)
    capacity: int | None = Field(None, ge=1, le=1000, description="People it holds; null: no limit.")


class RoomUpdate(StrictIn):
    name: str | None = Field(None, min_length=1, max_length=120)
    capacity: int | None = Field(None, ge=1, le=1000)


class RoomOut(Out):
    id: uuid.UUID
    location_id: uuid.UUID
    name: str
    capacity: int | None
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime


class LocationIn(StrictIn):
    name: str = Field(min_length=1, max_length=120)
    address: str | None = Field(None, max_length=400)
    rooms: list[RoomIn] = Field(default_factory=list, max_length=50, description="Rooms to create with it.")


class LocationUpdate(StrictIn):
    name: str | None = Field(None, min_length=1, max_length=120)
    address: str | None = Field(None, max_length=400)


class LocationOut(Out):
    id: uuid.UUID
    name: str
    address: str | None
    rooms: list[RoomOut] = Field(description="All its rooms by name, archived ones included (see archived_at).")
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime


class LocationList(BaseModel):
    items: list[LocationOut]
    next_cursor: str | None


class SetupQuery(PageQuery):
    q: str | None = Field(
        None,
        max_length=100,
        description=("Search the name: from three characters anywhere, one or two at the start of a word."),
    )
    include_archived: bool = Field(False, description="Also list archived records.")


# --- services ----------------------------------------------------------------------------------


class ServiceIn(StrictIn):
    name: str = Field(min_length=1, max_length=120)
    description: str | None = Field(None, max_length=2000)
    kind: ServiceKind
    duration_minutes: int = Field(ge=5, le=720)
    buffer_minutes: int = Field(0, ge=0, le=240, description="Kept free after each appointment (turnaround).")
    default_capacity: int | None = Field(
        None, ge=1, le=500, description="Places in a class (required for group services; 1:1 is 1)."
    )
    colour: str = Field("#228be6", pattern=COLOUR_PATTERN, description="#rrggbb")
    client_bookable: bool = Field(True, description="Clients may book it themselves in the portal.")


class ServiceUpdate(StrictIn):
    name: str | None = Field(None, min_length=1, max_length=120)
    description: str | None = Field(None, max_length=2000)
    kind: ServiceKind | None = None
    duration_minutes: int | None = Field(None, ge=5, le=720)
    buffer_minutes: int | None = Field(None, ge=0, le=240)
    default_capacity: int | None = Field(None, ge=1, le=500)
    colour: str | None = Field(None, pattern=COLOUR_PATTERN)
    client_bookable: bool | None = None


class ServiceOut(Out):
    id: uuid.UUID
    name: str
    description: str | None
    kind: ServiceKind
    duration_minutes: int
    buffer_minutes: int
    default_capacity: int
    colour: str
    client_bookable: bool
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime


class ServiceList(BaseModel):
    items: list[ServiceOut]
    next_cursor: str | None


class ServiceQuery(SetupQuery):
    kind: ServiceKind | None = None
