"""The exercise library: every signed-in user reads it; admins and trainers add custom exercises.

Built-in exercises belong to the release (see library.py) and are read-only here. A trainer may edit, archive and
restore the custom exercises they created; an admin any custom exercise. Exercises are never deleted: workout
templates and logs refer to them, so retiring one means archiving it.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from sqlalchemy import ColumnElement, String, cast, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from ...core import audit, search
from ...core.actor import Actor, Role
from ...core.contact import clean_labels
from ...core.db import utcnow
from ...core.errors import Conflict, NotFound, ValidationFailed
from ...core.pagination import Page, paginate
from ...core.policy import require_authenticated, require_role, require_write_scope
from .. import policy
from ..models import Difficulty, Exercise, ExerciseCategory, Mechanics, Tracking
from .library import (
    CATEGORY_LABELS,
    DIFFICULTY_LABELS,
    EQUIPMENT,
    MECHANICS_LABELS,
    MUSCLES,
    TRACKING_LABELS,
    search_text_for,
)

audit.register_subject_labels("exercise", audit.column_labels(Exercise.id, Exercise.name))

Source = Literal["builtin", "custom"]
MAX_SEARCH_WORDS = 6
_REQUIRED = {"name", "category", "primary_muscles", "equipment", "difficulty", "mechanics", "tracking"}
_ENUMS: dict[str, Any] = {
    "category": ExerciseCategory,
    "difficulty": Difficulty,
    "mechanics": Mechanics,
    "tracking": Tracking,
}


# --- reading -------------------------------------------------------------------------------------


def _json_list_has(column: InstrumentedAttribute[Any], value: str) -> ColumnElement[bool]:
    """Does a JSON list column hold ``value``? Portable across PostgreSQL's JSON type and SQLite.

    The stored text of a list of vocabulary words contains the word in double quotes; the quotes make the match
    exact ("back" does not match "lower_back").
    """
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return cast(column, String).like(f'%"{escaped}"%', escape="\\")


def list_exercises(
    session: Session,
    *,
    actor: Actor,
    q: str | None = None,
    muscle: str | None = None,
    equipment: str | None = None,
    category: ExerciseCategory | None = None,
    difficulty: Difficulty | None = None,
    source: Source | None = None,
    include_archived: bool = False,
    limit: int = 25,
    cursor: str | None = None,
) -> Page[Exercise]:
    require_authenticated(actor)
    stmt = select(Exercise)
    if not include_archived:
        stmt = stmt.where(Exercise.archived_at.is_(None))
    for word in (q or "").split()[:MAX_SEARCH_WORDS]:  # every word must appear, in any order
        stmt = stmt.where(search.matches(word, Exercise.search_text))
    if muscle:
        stmt = stmt.where(
            or_(_json_list_has(Exercise.primary_muscles, muscle), _json_list_has(Exercise.secondary_muscles, muscle))
        )
    if equipment:
        stmt = stmt.where(_json_list_has(Exercise.equipment, equipment))
    if category is not None:
        stmt = stmt.where(Exercise.category == category)
    if difficulty is not None:
        stmt = stmt.where(Exercise.difficulty == difficulty)
    if source is not None:
        stmt = stmt.where(Exercise.is_builtin.is_(source == "builtin"))
    return paginate(
        session, stmt, sort_column=Exercise.name, id_column=Exercise.id, descending=False, limit=limit, cursor=cursor
    )


def get_exercise(session: Session, *, actor: Actor, exercise_id: uuid.UUID) -> Exercise:
    require_authenticated(actor)
    exercise = session.get(Exercise, exercise_id)
    if exercise is None:
        raise NotFound("No such exercise.")
    return exercise


def facets(*, actor: Actor) -> dict[str, list[dict[str, str]]]:
    """The vocabularies the filters and the editor offer, with display labels."""
    require_authenticated(actor)

    def options(labels: dict[str, str]) -> list[dict[str, str]]:
        return [{"value": value, "label": label} for value, label in labels.items()]

    return {
        "muscles": options(MUSCLES),
        "equipment": options(EQUIPMENT),
        "categories": options(CATEGORY_LABELS),
        "difficulties": options(DIFFICULTY_LABELS),
        "mechanics": options(MECHANICS_LABELS),
        "tracking": options(TRACKING_LABELS),
    }


def source_of(exercise: Exercise) -> Source:
    return "builtin" if exercise.is_builtin else "custom"


# --- writing -------------------------------------------------------------------------------------


def _vocabulary_list(values: list[str], *, field: str, vocabulary: dict[str, str], kind: str) -> list[str]:
    cleaned: dict[str, None] = {}
    for value in values:
        word = value.strip().lower()
        if word not in vocabulary:
            raise ValidationFailed(field, f"{value!r} is not a known {kind}; GET /api/v1/exercises/facets lists them.")
        cleaned.setdefault(word, None)
    return list(cleaned)


def _apply(exercise: Exercise, fields: dict[str, Any]) -> None:
    for name in _REQUIRED & fields.keys():
        if fields[name] is None or fields[name] == []:
            raise ValidationFailed(name, "This field cannot be empty.")
    if "name" in fields:
        name = " ".join(str(fields["name"]).split())
        if not name:
            raise ValidationFailed("name", "This field cannot be empty.")
        exercise.name = name
    for name, kind in _ENUMS.items():
        if name in fields:
            try:
                setattr(exercise, name, kind(fields[name]))
            except ValueError as exc:
                raise ValidationFailed(name, f"{fields[name]!r} is not a valid {name}.") from exc
    if "primary_muscles" in fields:
        exercise.primary_muscles = _vocabulary_list(
            fields["primary_muscles"], field="primary_muscles", vocabulary=MUSCLES, kind="muscle"
        )
    if "secondary_muscles" in fields:
        exercise.secondary_muscles = _vocabulary_list(
            fields["secondary_muscles"] or [], field="secondary_muscles", vocabulary=MUSCLES, kind="muscle"
        )
    # A muscle is listed once: as primary if it is both.
    exercise.secondary_muscles = [m for m in exercise.secondary_muscles or [] if m not in exercise.primary_muscles]
    if "equipment" in fields:
        exercise.equipment = _vocabulary_list(
            fields["equipment"], field="equipment", vocabulary=EQUIPMENT, kind="equipment"
        )
    if "aliases" in fields:
        exercise.aliases = clean_labels(fields["aliases"], field="aliases", max_items=10, max_len=60)
    for name in ("instructions", "safety_cues"):
        if name in fields:
            setattr(exercise, name, (fields[name] or "").strip())
    exercise.search_text = search_text_for(
        name=exercise.name,
        aliases=exercise.aliases,
        primary=exercise.primary_muscles,
        secondary=exercise.secondary_muscles,
        equipment=exercise.equipment,
    )


def _check_name_free(session: Session, exercise: Exercise) -> None:
    """Two active exercises with one name would be indistinguishable in the picker."""
    clash = session.scalar(
        select(Exercise.id)
        .where(
            func.lower(Exercise.name) == exercise.name.lower(),
            Exercise.archived_at.is_(None),
            Exercise.id != exercise.id,
        )
        .limit(1)
    )
    if clash is not None:
        raise Conflict(f"An exercise called {exercise.name!r} already exists; use it or choose another name.")


def create_exercise(session: Session, *, actor: Actor, **fields: Any) -> Exercise:
    require_role(actor, Role.ADMIN, Role.TRAINER)
    require_write_scope(actor)
    missing = sorted(f for f in ("name", "category", "primary_muscles", "equipment", "tracking") if f not in fields)
    if missing:
        raise ValidationFailed(missing[0], "This field is required.")
    fields.setdefault("difficulty", Difficulty.BEGINNER)
    fields.setdefault("mechanics", Mechanics.COMPOUND)
    exercise = Exercise(
        id=uuid.uuid4(),
        slug=None,
        is_builtin=False,
        created_by_id=actor.user_id,
        archived_at=None,
        secondary_muscles=[],
        aliases=[],
        instructions="",
        safety_cues="",
    )
    _apply(exercise, fields)
    _check_name_free(session, exercise)
    session.add(exercise)
    session.flush()
    audit.record(session, actor, "exercise.create", "exercise", exercise.id, {"name": exercise.name})
    return exercise


def update_exercise(session: Session, *, actor: Actor, exercise: Exercise, **fields: Any) -> Exercise:
    policy.require_exercise_editable(actor, exercise)
    _apply(exercise, fields)
    if "name" in fields and exercise.archived_at is None:
        _check_name_free(session, exercise)
    exercise.updated_at = utcnow()
    session.flush()
    audit.record(session, actor, "exercise.update", "exercise", exercise.id, {"fields": sorted(fields)})
    return exercise


def set_archived(session: Session, *, actor: Actor, exercise: Exercise, archived: bool) -> Exercise:
    """Archived exercises leave the picker but stay on the templates and logs that use them."""
    policy.require_exercise_editable(actor, exercise)
    if archived == (exercise.archived_at is not None):
        return exercise
    if not archived:
        _check_name_free(session, exercise)
    exercise.archived_at = utcnow() if archived else None
    exercise.updated_at = utcnow()
    session.flush()
    audit.record(session, actor, "exercise.archive" if archived else "exercise.restore", "exercise", exercise.id)
    return exercise
