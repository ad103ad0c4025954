from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, EmailStr, Field

from ..core.schemas import PageQuery, Price, StrictIn


class HourlyRateIn(Price):
    currency: str | None = Field(  # type: ignore[assignment]
        None, pattern=r"^[A-Z]{3}$", description="ISO 4217 code; the business currency when left out."
    )


class TrainerIn(StrictIn):
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    email: EmailStr
    phone: str | None = Field(None, max_length=40)
    bio: str | None = Field(None, max_length=4000)
    specialities: list[str] = Field(default_factory=list, max_length=20)
    certifications: list[str] = Field(default_factory=list, max_length=20)
    hourly_rate: HourlyRateIn | None = None
    active: bool = True


class TrainerUpdate(StrictIn):
    first_name: str | None = Field(None, min_length=1, max_length=100)
    last_name: str | None = Field(None, min_length=1, max_length=100)
    email: EmailStr | None = None
    phone: str | None = Field(None, max_length=40)
    bio: str | None = Field(None, max_length=4000)
    specialities: list[str] | None = Field(None, max_length=20)
    certifications: list[str] | None = Field(None, max_length=20)
    hourly_rate: HourlyRateIn | None = None
    active: bool | None = None


class TrainerOut(BaseModel):
    id: uuid.UUID
    first_name: str
    last_name: str
    full_name: str
    email: str
    phone: str | None
    bio: str | None
    specialities: list[str]
    certifications: list[str]
    hourly_rate: Price | None = Field(description="Shown to admins and the trainer themself only.")
    active: bool
    client_count: int
    has_account: bool
    created_at: datetime
    updated_at: datetime


class TrainerList(BaseModel):
    items: list[TrainerOut]
    next_cursor: str | None


class TrainerQuery(PageQuery):
    q: str | None = Field(
        None,
        max_length=100,
        description=(
            "Search: from three characters, anywhere in the name or e-mail; one or two, the start of the surname."
        ),
    )
    active: bool = Field(True, description="Active trainers (default) or, with false, the inactive ones.")
    sort: Literal["name", "-name", "created_at", "-created_at"] = "name"


class AssignmentIn(StrictIn):
    is_primary: bool = False


class AssignmentOut(BaseModel):
    trainer_id: uuid.UUID
    trainer_name: str
    is_primary: bool
    created_at: datetime


class AssignmentList(BaseModel):
    items: list[AssignmentOut]
