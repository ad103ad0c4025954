"""Status-page incidents with their timeline of updates, and the backup reports the System page reads."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...core.db import Base, Timestamps, UUIDPrimaryKey, utcnow, value_enum


class ComponentState(enum.StrEnum):
    OPERATIONAL = "operational"
    DEGRADED = "degraded"
    OUTAGE = "outage"


class Impact(enum.StrEnum):
    """What an unresolved incident does to the components it names (at least this bad, whatever checks say)."""

    DEGRADED = "degraded"
    OUTAGE = "outage"


class IncidentStatus(enum.StrEnum):
    INVESTIGATING = "investigating"
    IDENTIFIED = "identified"
    MONITORING = "monitoring"
    RESOLVED = "resolved"


class Incident(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "status_incidents"

    title: Mapped[str] = mapped_column(String(120))
    impact: Mapped[Impact] = mapped_column(value_enum(Impact))
    # The status of the newest update, kept here so lists need no join.
    status: Mapped[IncidentStatus] = mapped_column(value_enum(IncidentStatus))
    components: Mapped[list[str]] = mapped_column(JSON)  # public component keys, see service.COMPONENTS
    started_at: Mapped[datetime] = mapped_column(index=True)
    resolved_at: Mapped[datetime | None] = mapped_column(index=True)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    updates: Mapped[list[IncidentUpdate]] = relationship(
        back_populates="incident", cascade="all, delete-orphan", order_by="IncidentUpdate.seq.desc()"
    )  # newest first


class IncidentUpdate(UUIDPrimaryKey, Base):
    __tablename__ = "status_incident_updates"
    # Two updates racing for the same place fail instead of sharing it (the route also locks the incident).
    __table_args__ = (UniqueConstraint("incident_id", "seq"),)

    # No index of its own: the unique (incident_id, seq) constraint's index serves lookups by incident.
    incident_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("status_incidents.id", ondelete="CASCADE"))
    # 1, 2, 3 … within the incident: the timeline's order, even for two updates posted in the same instant.
    seq: Mapped[int]
    status: Mapped[IncidentStatus] = mapped_column(value_enum(IncidentStatus))
    message: Mapped[str] = mapped_column(Text)
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(200))  # as it was when posted; shown to admins only
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    incident: Mapped[Incident] = relationship(back_populates="updates")


class BackupReport(UUIDPrimaryKey, Base):
    """One backup run, written by the backup capability when a run ends (nothing writes it yet).

    The System page shows the newest successful run; with no row it says backups are not configured.
    """

    __tablename__ = "backup_reports"

    kind: Mapped[str] = mapped_column(String(20))  # e.g. full, diff, incr
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime] = mapped_column(index=True)
    succeeded: Mapped[bool]
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    detail: Mapped[str | None] = mapped_column(String(500))  # operator-facing; never shown publicly
