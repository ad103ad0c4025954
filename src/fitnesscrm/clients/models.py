from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, func, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.crypto import EncryptedText
from ..core.db import Base, Timestamps, UUIDPrimaryKey, utcnow

if TYPE_CHECKING:
    from ..staff.models import TrainerAssignment


class ClientStatus(enum.StrEnum):
    LEAD = "lead"
    TRIAL = "trial"
    ACTIVE = "active"
    PAUSED = "paused"
    FORMER = "former"


class Gender(enum.StrEnum):
    FEMALE = "female"
    MALE = "male"
    NON_BINARY = "non_binary"
    OTHER = "other"
    PREFER_NOT_TO_SAY = "prefer_not_to_say"


class Client(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "clients"
    __table_args__ = (
        # One live client per e-mail; archived records keep theirs for history.
        Index(
            "uq_clients_email_lower_live", func.lower(text("email")), unique=True,
            postgresql_where=text("email IS NOT NULL AND archived_at IS NULL"),
            sqlite_where=text("email IS NOT NULL AND archived_at IS NULL"),
        ),
        Index("ix_clients_archived_sort_name", "archived_at", "sort_name"),
    )

    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    sort_name: Mapped[str] = mapped_column(String(201), index=True)
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(20), index=True)
    date_of_birth: Mapped[date | None]
    gender: Mapped[Gender | None] = mapped_column(Enum(Gender, native_enum=False, length=20))
    address: Mapped[dict[str, str | None] | None] = mapped_column(JSON)
    emergency_contact: Mapped[dict[str, str | None] | None] = mapped_column(JSON)
    status: Mapped[ClientStatus] = mapped_column(
        Enum(ClientStatus, native_enum=False, length=16), default=ClientStatus.LEAD, index=True
    )
    source: Mapped[str | None] = mapped_column(String(100))
    notes: Mapped[str | None] = mapped_column(String(10000))
    goals_summary: Mapped[str | None] = mapped_column(String(2000))
    archived_at: Mapped[datetime | None]

    tags: Mapped[list[ClientTag]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ClientTag.tag"
    )
    # Assignments are owned by staff/; the relationship only eager-loads them with the client.
    assignments: Mapped[list[TrainerAssignment]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="TrainerAssignment.created_at"
    )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ClientTag(Base):
    __tablename__ = "client_tags"

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class HealthRecord(Base):
    """Health notes live apart from the client row: encrypted, and every read is audited."""

    __tablename__ = "client_health_records"

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True)
    medical_conditions: Mapped[str | None] = mapped_column(EncryptedText)
    injuries: Mapped[str | None] = mapped_column(EncryptedText)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
