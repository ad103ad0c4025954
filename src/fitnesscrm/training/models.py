"""Training tables.

A workout template's prescription is one JSON document (blocks → exercises → targets) validated by the
schemas on the way in: it is read and written whole, and a logged workout copies the prescription it was
done from (``WorkoutLog.planned``), so editing a template never rewrites history. What was *done* is
relational (``SetLog``), because progress and personal records are computed over it.
Loads are stored canonically in kilograms, with the unit the user entered kept beside them.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.db import Base, Timestamps, UUIDPrimaryKey, value_enum
from ..core.search import trigram_index


class ExerciseCategory(enum.StrEnum):
    STRENGTH = "strength"
    CARDIO = "cardio"
    PLYOMETRIC = "plyometric"
    MOBILITY = "mobility"
    CORE = "core"
    STRETCHING = "stretching"


class Difficulty(enum.StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Mechanics(enum.StrEnum):
    COMPOUND = "compound"
    ISOLATION = "isolation"


class Tracking(enum.StrEnum):
    """What a set of this exercise records."""

    LOAD_REPS = "load_reps"  # barbell squat: kg x reps
    REPS = "reps"  # push-up
    TIME = "time"  # plank
    DISTANCE_TIME = "distance_time"  # rowing 500 m


class AssignmentStatus(enum.StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class WorkoutStatus(enum.StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


class RecordKind(enum.StrEnum):
    ESTIMATED_1RM = "estimated_1rm"  # kg, Epley
    HEAVIEST_SET = "heaviest_set"  # kg
    SET_VOLUME = "set_volume"  # kg x reps in one set
    MOST_REPS = "most_reps"  # reps in one set (bodyweight exercises)
    LONGEST_TIME = "longest_time"  # seconds


class Exercise(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "exercises"

    # Built-in exercises have a stable slug so the library can be re-seeded and updated idempotently.
    slug: Mapped[str | None] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    category: Mapped[ExerciseCategory] = mapped_column(value_enum(ExerciseCategory), index=True)
    primary_muscles: Mapped[list[str]] = mapped_column(JSON, default=list)
    secondary_muscles: Mapped[list[str]] = mapped_column(JSON, default=list)
    equipment: Mapped[list[str]] = mapped_column(JSON, default=list)
    difficulty: Mapped[Difficulty] = mapped_column(value_enum(Difficulty))
    mechanics: Mapped[Mechanics] = mapped_column(value_enum(Mechanics))
    tracking: Mapped[Tracking] = mapped_column(value_enum(Tracking))
    instructions: Mapped[str] = mapped_column(Text, default="")
    safety_cues: Mapped[str] = mapped_column(Text, default="")
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Lower-cased name + aliases + muscles + equipment, for ?q= search on every backend.
    search_text: Mapped[str] = mapped_column(String(2000), default="")
    is_builtin: Mapped[bool] = mapped_column(default=False, index=True)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    archived_at: Mapped[datetime | None]


# ?q= matches search_text word by word (exercises.service); custom exercises make the library grow.
trigram_index("ix_exercises_search_text_trgm", Exercise.__table__.c.search_text)


class WorkoutTemplate(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "workout_templates"

    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(String(2000))
    # [{"kind": "single"|"superset"|"circuit", "rounds": int|None, "exercises": [{"exercise_id", "sets",
    #   "reps_min", "reps_max", "duration_seconds", "distance_m", "load": {"kind": "weight"|"percent_1rm"|"rpe",
    #   "value", "unit"}, "tempo", "rest_seconds", "notes"}]}]
    blocks: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    owner_trainer_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("trainers.id", ondelete="SET NULL"), index=True
    )
    archived_at: Mapped[datetime | None]


class Program(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "programs"
    __table_args__ = (CheckConstraint("weeks BETWEEN 1 AND 52", name="weeks_range"),)

    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(String(2000))
    weeks: Mapped[int]
    # {"load_kg_per_week": 2.5} and/or {"reps_per_week": 1}: applied to week n as (n - 1) x step.
    progression: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    owner_trainer_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("trainers.id", ondelete="SET NULL"), index=True
    )
    archived_at: Mapped[datetime | None]

    days: Mapped[list[ProgramDay]] = relationship(
        back_populates="program", cascade="all, delete-orphan", order_by="(ProgramDay.week, ProgramDay.day)"
    )


class ProgramDay(UUIDPrimaryKey, Base):
    __tablename__ = "program_days"
    __table_args__ = (
        UniqueConstraint("program_id", "week", "day"),
        CheckConstraint("day BETWEEN 1 AND 7", name="day_range"),
    )

    program_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    week: Mapped[int]
    day: Mapped[int]  # 1 = the assignment's start date's weekday, …, 7
    template_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workout_templates.id"))

    program: Mapped[Program] = relationship(back_populates="days")


class ProgramAssignment(UUIDPrimaryKey, Timestamps, Base):
    """A programme, or a single workout, given to a client from a start date."""

    __tablename__ = "program_assignments"
    __table_args__ = (
        CheckConstraint("(program_id IS NULL) <> (template_id IS NULL)", name="program_xor_template"),
        Index("ix_program_assignments_client_start", "client_id", "start_date"),
    )

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    program_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("programs.id"))
    template_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("workout_templates.id"))
    start_date: Mapped[date]
    # A single workout can be the planned workout of a booked session.
    appointment_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("appointments.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[AssignmentStatus] = mapped_column(value_enum(AssignmentStatus), default=AssignmentStatus.ACTIVE)
    notes: Mapped[str | None] = mapped_column(String(2000))
    assigned_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class WorkoutLog(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "workout_logs"
    __table_args__ = (Index("ix_workout_logs_client_performed", "client_id", "performed_on"),)

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    assignment_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("program_assignments.id", ondelete="SET NULL"))
    template_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("workout_templates.id", ondelete="SET NULL"))
    program_week: Mapped[int | None]
    program_day: Mapped[int | None]
    appointment_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("appointments.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(120))
    performed_on: Mapped[date]
    status: Mapped[WorkoutStatus] = mapped_column(value_enum(WorkoutStatus), default=WorkoutStatus.IN_PROGRESS)
    completed_at: Mapped[datetime | None]
    # The prescription as it was when the workout was started (with progression applied): never rewritten.
    planned: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    notes: Mapped[str | None] = mapped_column(Text)
    logged_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    sets: Mapped[list[SetLog]] = relationship(
        back_populates="workout", cascade="all, delete-orphan", order_by="(SetLog.position, SetLog.set_number)"
    )


class SetLog(UUIDPrimaryKey, Base):
    __tablename__ = "set_logs"
    __table_args__ = (
        UniqueConstraint("workout_log_id", "position", "set_number"),
        Index("ix_set_logs_client_exercise", "client_id", "exercise_id"),
        Index("ix_set_logs_client_performed", "client_id", "performed_at"),  # volume charts by date range
        CheckConstraint("rpe IS NULL OR (rpe >= 1 AND rpe <= 10)", name="rpe_range"),
    )

    workout_log_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workout_logs.id", ondelete="CASCADE"))
    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))  # for PR queries
    exercise_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("exercises.id"))
    position: Mapped[int]  # the exercise's order in the workout
    set_number: Mapped[int]  # 1, 2, 3 … within that exercise
    reps: Mapped[int | None]
    load_kg: Mapped[float | None] = mapped_column(Float)  # canonical
    load_unit: Mapped[str | None] = mapped_column(String(2))  # "kg" | "lb": what the user typed
    duration_seconds: Mapped[int | None]
    distance_m: Mapped[float | None] = mapped_column(Float)
    rpe: Mapped[float | None] = mapped_column(Float)
    completed: Mapped[bool] = mapped_column(default=True)
    performed_at: Mapped[datetime]

    workout: Mapped[WorkoutLog] = relationship(back_populates="sets")


class PersonalRecord(UUIDPrimaryKey, Base):
    """The best value of one kind a client has reached on an exercise; superseded rows stay as history."""

    __tablename__ = "personal_records"
    __table_args__ = (Index("ix_personal_records_client_exercise_kind", "client_id", "exercise_id", "kind"),)

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    exercise_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("exercises.id"))
    kind: Mapped[RecordKind] = mapped_column(value_enum(RecordKind))
    value: Mapped[float] = mapped_column(Float)
    previous_value: Mapped[float | None] = mapped_column(Float)
    set_log_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("set_logs.id", ondelete="CASCADE"))
    achieved_at: Mapped[datetime]
