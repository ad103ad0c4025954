from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field, WithJsonSchema

from ...core.schemas import PageQuery, StrictIn
from ..models import Difficulty, ExerciseCategory, Mechanics, Tracking
from .library import EQUIPMENT, MUSCLES


def _in_vocabulary(vocabulary: dict[str, str], kind: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        normalised = value.strip().lower()
        if normalised not in vocabulary:
            # Name the bad value: "biceps" typed as "bicep" should be obvious from the error alone.
            raise ValueError(f"{value!r} is not a known {kind}; GET /api/v1/exercises/facets lists them.")
        return normalised

    return check


def _no_control_characters(value: str) -> str:
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in value):
        raise ValueError("Control characters are not allowed.")
    return value


Muscle = Annotated[
    str, AfterValidator(_in_vocabulary(MUSCLES, "muscle")), WithJsonSchema({"type": "string", "enum": list(MUSCLES)})
]
Equipment = Annotated[
    str,
    AfterValidator(_in_vocabulary(EQUIPMENT, "equipment")),
    WithJsonSchema({"type": "string", "enum": list(EQUIPMENT)}),
]
Name = Annotated[str, Field(min_length=1, max_length=120), AfterValidator(_no_control_characters)]
Alias = Annotated[str, Field(min_length=1, max_length=60), AfterValidator(_no_control_characters)]
SearchText = Annotated[str, Field(max_length=100), AfterValidator(_no_control_characters)]
LongText = Annotated[str, Field(max_length=2000), AfterValidator(_no_control_characters)]


class ExerciseIn(StrictIn):
    name: Name
    category: ExerciseCategory
    primary_muscles: list[Muscle] = Field(min_length=1, max_length=6)
    secondary_muscles: list[Muscle] = Field(default_factory=list, max_length=10)
    equipment: list[Equipment] = Field(
        min_length=1, max_length=6, description='What it needs; "bodyweight" when nothing.'
    )
    difficulty: Difficulty = Difficulty.BEGINNER
    mechanics: Mechanics = Mechanics.COMPOUND
    tracking: Tracking = Field(description="What a logged set records.")
    instructions: LongText = ""
    safety_cues: LongText = ""
    aliases: list[Alias] = Field(default_factory=list, max_length=10, description="Other names to search by.")


class ExerciseUpdate(StrictIn):
    name: Name | None = None
    category: ExerciseCategory | None = None
    primary_muscles: list[Muscle] | None = Field(None, min_length=1, max_length=6)
    secondary_muscles: list[Muscle] | None = Field(None, max_length=10)
    equipment: list[Equipment] | None = Field(None, min_length=1, max_length=6)
    difficulty: Difficulty | None = None
    mechanics: Mechanics | None = None
    tracking: Tracking | None = None
    instructions: LongText | None = None
    safety_cues: LongText | None = None
    aliases: list[Alias] | None = Field(None, max_length=10)


class ExerciseOut(BaseModel):
    id: uuid.UUID
    slug: str | None = Field(description="Stable key of a built-in exercise; null for custom ones.")
    name: str
    category: ExerciseCategory
    primary_muscles: list[str]
    secondary_muscles: list[str]
    equipment: list[str]
    difficulty: Difficulty
    mechanics: Mechanics
    tracking: Tracking
    instructions: str
    safety_cues: str
    aliases: list[str]
    source: Literal["builtin", "custom"]
    can_edit: bool = Field(description="Whether the caller may edit, archive or restore it.")
    created_by_id: uuid.UUID | None
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime


class ExerciseList(BaseModel):
    items: list[ExerciseOut]
    next_cursor: str | None


class ExerciseQuery(PageQuery):
    q: SearchText | None = Field(
        None, description="Words to find in the name, aliases, muscles or equipment (every word must match)."
    )
    muscle: Muscle | None = Field(None, description="Works this muscle, as a primary or secondary mover.")
    equipment: Equipment | None = None
    category: ExerciseCategory | None = None
    difficulty: Difficulty | None = None
    source: Literal["builtin", "custom"] | None = None
    include_archived: bool = False


class FacetOption(BaseModel):
    value: str
    label: str


class ExerciseFacets(BaseModel):
    muscles: list[FacetOption]
    equipment: list[FacetOption]
    categories: list[FacetOption]
    difficulties: list[FacetOption]
    mechanics: list[FacetOption]
    tracking: list[FacetOption]
