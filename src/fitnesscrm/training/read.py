"""Training's published read API: what another domain (progress) may put into its own statements.

Progress draws training next to measurements and goals, a constant number of statements per page, so it needs
training's rows inside its own SQL rather than a look-up per goal or per day. These are the only parts of
training's tables it may use: an exercise's name, the best estimated one-rep max as a correlated value, and the
per-day totals of a client's workouts. Training may change the rest of its tables freely.
"""

from __future__ import annotations

import functools
import uuid
from typing import Any

from sqlalchemy import and_, bindparam, case, distinct, func, select
from sqlalchemy.orm import Session

from .models import Exercise, PersonalRecord, RecordKind, SetLog, WorkoutLog, WorkoutStatus


class ExerciseNames:
    table: Any = Exercise.__table__
    id = Exercise.id
    name = Exercise.name


def exercise_name(session: Session, exercise_id: uuid.UUID) -> str | None:
    """The exercise's name, None when there is no such exercise."""
    return session.scalar(select(Exercise.name).where(Exercise.id == exercise_id))


def exercise_names(session: Session, exercise_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not exercise_ids:
        return {}
    rows = session.execute(select(Exercise.id, Exercise.name).where(Exercise.id.in_(exercise_ids)))
    return {exercise_id: name for exercise_id, name in rows}


def best_estimated_1rm(client_id: Any, exercise_id: Any) -> Any:
    """The client's best estimated one-rep max on the exercise, as a value inside another statement (both arguments
    are columns of that statement, or bound values)."""
    return (
        select(func.max(PersonalRecord.value))
        .where(
            PersonalRecord.client_id == client_id,
            PersonalRecord.kind == RecordKind.ESTIMATED_1RM,
            PersonalRecord.exercise_id == exercise_id,
        )
        .scalar_subquery()
    )


def best_estimated_1rms(session: Session, client_id: uuid.UUID, exercise_ids: set[uuid.UUID]) -> dict[uuid.UUID, float]:
    """The client's best estimated one-rep max per exercise, in one statement."""
    if not exercise_ids:
        return {}
    rows = session.execute(
        select(PersonalRecord.exercise_id, func.max(PersonalRecord.value))
        .where(
            PersonalRecord.client_id == client_id,
            PersonalRecord.kind == RecordKind.ESTIMATED_1RM,
            PersonalRecord.exercise_id.in_(exercise_ids),
        )
        .group_by(PersonalRecord.exercise_id)
    )
    return {exercise_id: float(value) for exercise_id, value in rows}


@functools.cache
def training_days_statement() -> Any:
    """Per training day of a client (bound: ``client_id``, ``date_from``, ``date_to``): the day, its completed
    workouts, completed sets and their volume in kg. Built once: building it costs more than running it."""
    return (
        select(
            WorkoutLog.performed_on,
            func.count(distinct(case((WorkoutLog.status == WorkoutStatus.COMPLETED, WorkoutLog.id)))),
            func.count(SetLog.id),
            func.coalesce(func.sum(SetLog.load_kg * SetLog.reps), 0.0),
        )
        .select_from(WorkoutLog)
        # Each workout's sets by their unique (workout_log_id, …) index. Naming the client here as well made the
        # generic plan PostgreSQL settles on for a prepared statement AND that index with the client's (every set
        # the client ever logged, once per workout): 18 ms instead of 2 for a year of a busy client.
        .outerjoin(SetLog, and_(SetLog.workout_log_id == WorkoutLog.id, SetLog.completed.is_(True)))
        .where(
            WorkoutLog.client_id == bindparam("client_id"),
            WorkoutLog.performed_on >= bindparam("date_from"),
            WorkoutLog.performed_on <= bindparam("date_to"),
        )
        .group_by(WorkoutLog.performed_on)
    )
