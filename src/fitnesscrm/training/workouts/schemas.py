from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from ...core.schemas import PageQuery, StrictIn
from ..units import LoadUnit, to_kg

MAX_LOAD_KG = 1000.0
TEMPO_PATTERN = r"^([0-9]{1,2}|[Xx])(-([0-9]{1,2}|[Xx])){3}$"


class TrainingIn(StrictIn):
    pass


class LoadIn(TrainingIn):
    """A weight (value + kg|lb), a percentage of the client's 1RM (1-120) or a target RPE (1-10)."""

    kind: Literal["weight", "percent_1rm", "rpe"]
    value: float = Field(description="kg or lb for weight; percent for percent_1rm; 1-10 for rpe.")
    unit: LoadUnit | None = Field(None, description="Required for weight (kg or lb); omitted otherwise.")

    @model_validator(mode="after")
    def _check(self) -> LoadIn:
        if self.kind == "weight":
            if self.unit is None:
                raise ValueError("a weight needs a unit: kg or lb")
            if not 0 < to_kg(self.value, self.unit) <= MAX_LOAD_KG:
                raise ValueError(f"a weight must be above 0 and at most {MAX_LOAD_KG:g} kg")
        else:
            if self.unit is not None:
                raise ValueError(f"{self.kind} takes no unit")
            low, high = (1, 120) if self.kind == "percent_1rm" else (1, 10)
            if not low <= self.value <= high:
                raise ValueError(f"{self.kind} must be between {low} and {high}")
        return self


class PrescriptionIn(TrainingIn):
    """One exercise in a block, with its targets. Give exact ``reps`` or a ``reps_min``-``reps_max`` range."""

    exercise_id: uuid.UUID
    sets: int = Field(1, ge=1, le=20)
    reps: int | None = Field(None, ge=1, le=100, description="Exact reps (stored as a range of one).")
    reps_min: int | None = Field(None, ge=1, le=100)
    reps_max: int | None = Field(None, ge=1, le=100)
    duration_seconds: int | None = Field(None, ge=1, le=86_400)
    distance_m: float | None = Field(None, gt=0, le=1_000_000)
    load: LoadIn | None = None
    tempo: str | None = Field(None, pattern=TEMPO_PATTERN, description='Eccentric-pause-concentric-pause, "3-1-1-0".')
    rest_seconds: int | None = Field(None, ge=0, le=3600)
    notes: str | None = Field(None, max_length=500)

    @model_validator(mode="after")
    def _reps(self) -> PrescriptionIn:
        if self.reps is not None:
            if self.reps_min is not None or self.reps_max is not None:
                raise ValueError("give either reps or reps_min/reps_max, not both")
            self.reps_min = self.reps_max = self.reps
        elif (self.reps_min is None) != (self.reps_max is None):
            raise ValueError("a rep range needs both reps_min and reps_max")
        elif self.reps_min is not None and self.reps_max is not None and self.reps_min > self.reps_max:
            raise ValueError("reps_min must not exceed reps_max")
        return self


class BlockIn(TrainingIn):
    """A single exercise, a superset (2+ exercises back to back) or a circuit (exercises repeated for rounds)."""

    kind: Literal["single", "superset", "circuit"]
    rounds: int | None = Field(None, ge=1, le=50, description="Circuits only (default 1).")
    exercises: list[PrescriptionIn] = Field(min_length=1, max_length=20)

    @model_validator(mode="after")
    def _shape(self) -> BlockIn:
        if self.kind == "single" and len(self.exercises) != 1:
            raise ValueError("a single block holds exactly one exercise")
        if self.kind in ("superset", "circuit") and len(self.exercises) < 2:
            raise ValueError(f"a {self.kind} holds at least two exercises")
        if self.kind != "circuit" and self.rounds is not None:
            raise ValueError("only circuits have rounds")
        if self.kind == "circuit" and self.rounds is None:
            self.rounds = 1
        return self


class TemplateIn(TrainingIn):
    name: str = Field(min_length=1, max_length=120)
    description: str | None = Field(None, max_length=2000)
    blocks: list[BlockIn] = Field(default_factory=list, max_length=50)


class TemplateUpdate(TrainingIn):
    name: str | None = Field(None, min_length=1, max_length=120)
    description: str | None = Field(None, max_length=2000)
    blocks: list[BlockIn] | None = Field(None, max_length=50)


class DuplicateIn(TrainingIn):
    name: str | None = Field(None, min_length=1, max_length=120, description='Default: "<name> (copy)".')


class TemplateQuery(PageQuery):
    q: str | None = Field(
        None,
        max_length=100,
        description=("Search by name: from three characters anywhere, one or two at the start of a word."),
    )
    archived: bool = Field(False, description="Archived templates instead of live ones.")


class LoadOut(BaseModel):
    kind: Literal["weight", "percent_1rm", "rpe"]
    value: float = Field(description="In `unit` for weights (rounded for display), else percent or RPE.")
    unit: LoadUnit | None
    value_kg: float | None = Field(description="Weights only: the canonical, unrounded kilograms.")


class PrescriptionOut(BaseModel):
    exercise_id: uuid.UUID
    exercise_name: str | None
    sets: int
    reps_min: int | None
    reps_max: int | None
    duration_seconds: int | None
    distance_m: float | None
    load: LoadOut | None
    tempo: str | None
    rest_seconds: int | None
    notes: str | None


class BlockOut(BaseModel):
    kind: Literal["single", "superset", "circuit"]
    rounds: int | None
    exercises: list[PrescriptionOut]


class TemplateOut(BaseModel):
    id: uuid.UUID
    name: str
    description: str | None
    blocks: list[BlockOut]
    owner_trainer_id: uuid.UUID | None = Field(description="Null: a shared template (admins edit it).")
    editable: bool = Field(description="Whether the caller may change it.")
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime


class TemplateList(BaseModel):
    items: list[TemplateOut]
    next_cursor: str | None
