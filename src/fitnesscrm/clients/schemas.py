from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, EmailStr, Field

from ..core.schemas import Out, PageQuery, StrictIn
from .models import ClientStatus, Gender


class Address(StrictIn):
    line1: str | None = Field(None, max_length=200)
    line2: str | None = Field(None, max_length=200)
    city: str | None = Field(None, max_length=100)
    region: str | None = Field(None, max_length=100)
    postal_code: str | None = Field(None, max_length=20)
    country: str | None = Field(None, max_length=2, pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")


class EmergencyContact(StrictIn):
    name: str = Field(min_length=1, max_length=200)
    phone: str | None = Field(None, max_length=40)
    relationship: str | None = Field(None, max_length=60)


class _ClientFields(StrictIn):
    email: EmailStr | None = None
    phone: str | None = Field(None, max_length=40)
    date_of_birth: date | None = None
    gender: Gender | None = None
    address: Address | None = None
    emergency_contact: EmergencyContact | None = None
    source: str | None = Field(None, max_length=100)
    tags: list[str] | None = Field(None, max_length=20)
    notes: str | None = Field(None, max_length=10000)
    goals_summary: str | None = Field(None, max_length=2000)


class ClientIn(_ClientFields):
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    status: ClientStatus = ClientStatus.LEAD
    primary_trainer_id: uuid.UUID | None = Field(None, description="Assign a primary trainer on creation.")


class ClientUpdate(_ClientFields):
    first_name: str | None = Field(None, min_length=1, max_length=100)
    last_name: str | None = Field(None, min_length=1, max_length=100)
    status: ClientStatus | None = None


class ClientTrainer(BaseModel):
    trainer_id: uuid.UUID
    full_name: str
    is_primary: bool


class ClientSummary(BaseModel):
    """A client as the list shows it; notes, address, birth date and the rest are on ``GET /clients/{id}``."""

    id: uuid.UUID
    first_name: str
    last_name: str
    full_name: str
    email: str | None
    phone: str | None
    status: ClientStatus
    tags: list[str]
    primary_trainer_id: uuid.UUID | None
    trainers: list[ClientTrainer]
    has_portal_access: bool
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime


class ClientOut(ClientSummary):
    """The whole record: the summary plus what only the client's page shows."""

    date_of_birth: date | None
    gender: Gender | None
    address: Address | None
    emergency_contact: EmergencyContact | None
    source: str | None
    notes: str | None
    goals_summary: str | None


class ClientList(BaseModel):
    items: list[ClientSummary]
    next_cursor: str | None


class ClientQuery(PageQuery):
    q: str | None = Field(
        None,
        max_length=100,
        description=(
            "Search: from three characters, anywhere in the name (either order) or e-mail, or four or more digits of "
            "the phone number; one or two characters, the start of the surname."
        ),
    )
    status: ClientStatus | None = None
    tag: str | None = Field(None, max_length=40)
    trainer_id: uuid.UUID | None = None
    archived: bool = False
    sort: Literal["name", "-name", "created_at", "-created_at", "updated_at", "-updated_at", "status", "-status"] = (
        "name"
    )


class HealthIn(StrictIn):
    medical_conditions: str | None = Field(None, max_length=5000)
    injuries: str | None = Field(None, max_length=5000)


class HealthOut(Out):
    medical_conditions: str | None
    injuries: str | None
    updated_at: datetime | None = Field(description="Null until the notes are first saved.")
