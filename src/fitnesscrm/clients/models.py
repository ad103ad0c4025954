from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, func, literal_column, text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import Grouping

from ..core.crypto import EncryptedText
from ..core.db import Base, Timestamps, UUIDPrimaryKey, utcnow
from ..core.search import trigram_index

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
            "uq_clients_email_lower_live",
            func.lower(text("email")),
            unique=True,
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


# What ?q= matches (clients.service.list_clients), spelled once so that the query and its PostgreSQL trigram
# indexes are the same expressions (the planner uses an expression index only for an identical expression).
SEARCH_SORT_NAME = Client.__table__.c.sort_name  # "last first", case-folded when written
# Spelled with the grouping PostgreSQL reflects for the index, which Alembic compares with this expression.
_first_space = Grouping(Client.__table__.c.first_name.op("||", return_type=String)(literal_column("' '")))
SEARCH_FULL_NAME = func.lower(_first_space.op("||", return_type=String)(Client.__table__.c.last_name), type_=String)
SEARCH_EMAIL = func.lower(Client.__table__.c.email)
SEARCH_PHONE = Client.__table__.c.phone  # E.164: '+' and digits
trigram_index("ix_clients_sort_name_trgm", SEARCH_SORT_NAME)
trigram_index("ix_clients_full_name_trgm", SEARCH_FULL_NAME)
trigram_index("ix_clients_email_trgm", SEARCH_EMAIL)
trigram_index("ix_clients_phone_trgm", SEARCH_PHONE)


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
