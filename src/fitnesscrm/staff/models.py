from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint, func, text
from sqlalchemy.orm import Mapped, mapped_column

from ..core.db import Base, Timestamps, UUIDPrimaryKey, utcnow


class Trainer(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "trainers"
    __table_args__ = (Index("uq_trainers_email_lower", func.lower(text("email")), unique=True),)

    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    # Lower-cased "last first" for sorting and search; maintained by the service.
    sort_name: Mapped[str] = mapped_column(String(201), index=True)
    email: Mapped[str] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(20))
    bio: Mapped[str | None] = mapped_column(String(4000))
    specialities: Mapped[list[str]] = mapped_column(JSON, default=list)
    certifications: Mapped[list[str]] = mapped_column(JSON, default=list)
    hourly_rate_minor: Mapped[int | None]
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    active: Mapped[bool] = mapped_column(default=True, index=True)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class TrainerAssignment(Base):
    __tablename__ = "trainer_assignments"
    __table_args__ = (
        UniqueConstraint("client_id", "trainer_id"),
        # At most one primary trainer per client, enforced by the database.
        Index(
            "uq_trainer_assignments_primary",
            "client_id",
            unique=True,
            postgresql_where=text("is_primary"),
            sqlite_where=text("is_primary"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    trainer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("trainers.id", ondelete="CASCADE"), index=True)
    is_primary: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
