"""Progress tables. Measurements and photos are health data: values are encrypted at rest (so charts are
aggregated in the service, after decryption) and photo bytes are encrypted by the storage layer.
Values are stored in a canonical unit per quantity (kg, cm, %, bpm…) beside the unit the user entered.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..core.crypto import EncryptedText
from ..core.db import Base, Timestamps, UUIDPrimaryKey, value_enum
from ..core.storage import StoredFile


class Quantity(enum.StrEnum):
    """What a metric measures; fixes its canonical unit and the units it may be entered in."""

    MASS = "mass"  # kg (kg, lb, st)
    LENGTH = "length"  # cm (cm, in)
    PERCENT = "percent"  # %
    HEART_RATE = "heart_rate"  # bpm
    COUNT = "count"  # plain number
    DURATION = "duration"  # seconds (s, min)


class GoalDirection(enum.StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"
    REACH = "reach"  # get to the target from either side


class GoalStatus(enum.StrEnum):
    ACTIVE = "active"
    ACHIEVED = "achieved"
    ABANDONED = "abandoned"


class PhotoPose(enum.StrEnum):
    FRONT = "front"
    SIDE = "side"
    BACK = "back"


class MetricDefinition(UUIDPrimaryKey, Timestamps, Base):
    """Built-in metrics (body weight, body fat, circumferences, resting heart rate) and the business's own."""

    __tablename__ = "metric_definitions"

    key: Mapped[str] = mapped_column(String(60), unique=True)  # e.g. "body_weight", "custom_vo2max"
    name: Mapped[str] = mapped_column(String(120))
    quantity: Mapped[Quantity] = mapped_column(value_enum(Quantity))
    is_builtin: Mapped[bool] = mapped_column(default=False)
    archived_at: Mapped[datetime | None]


class Measurement(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "measurements"
    __table_args__ = (Index("ix_measurements_client_metric_measured", "client_id", "metric_id", "measured_at"),)

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    metric_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("metric_definitions.id"))
    measured_at: Mapped[datetime]
    value: Mapped[str] = mapped_column(EncryptedText)  # canonical value as a decimal string
    entered_value: Mapped[str] = mapped_column(EncryptedText)
    entered_unit: Mapped[str] = mapped_column(String(8))
    notes: Mapped[str | None] = mapped_column(EncryptedText)
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Goal(UUIDPrimaryKey, Timestamps, Base):
    """A target on a metric or on an exercise's estimated 1RM; progress is computed, never stored."""

    __tablename__ = "goals"
    __table_args__ = (Index("ix_goals_client_status", "client_id", "status"),)

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    metric_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("metric_definitions.id"))
    exercise_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("exercises.id"))
    direction: Mapped[GoalDirection] = mapped_column(value_enum(GoalDirection))
    start_value: Mapped[float]  # canonical unit
    target_value: Mapped[float]  # canonical unit
    display_unit: Mapped[str] = mapped_column(String(8))
    start_date: Mapped[date]
    deadline: Mapped[date | None]
    # [{"value": float (canonical), "label": str}]; reached ones are computed from the current value.
    milestones: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    status: Mapped[GoalStatus] = mapped_column(value_enum(GoalStatus), default=GoalStatus.ACTIVE)
    achieved_at: Mapped[datetime | None]
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ProgressPhoto(UUIDPrimaryKey, Base):
    __tablename__ = "progress_photos"
    __table_args__ = (Index("ix_progress_photos_client_taken", "client_id", "taken_on"),)

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    pose: Mapped[PhotoPose] = mapped_column(value_enum(PhotoPose))
    taken_on: Mapped[date]
    storage_key: Mapped[str] = mapped_column(StoredFile("image/jpeg"))  # encrypted JPEG, metadata stripped
    thumbnail_key: Mapped[str] = mapped_column(StoredFile("image/jpeg"))
    content_type: Mapped[str] = mapped_column(String(40))
    width: Mapped[int]
    height: Mapped[int]
    size_bytes: Mapped[int]
    uploaded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
