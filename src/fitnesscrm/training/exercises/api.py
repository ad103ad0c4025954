"""Exercise library routes. Rules and permissions live in service.py."""

from __future__ import annotations

import uuid
from typing import Any

from apiflask import APIBlueprint

from ... import web
from .. import policy
from ..models import Exercise
from . import service
from .schemas import ExerciseFacets, ExerciseIn, ExerciseList, ExerciseOut, ExerciseQuery, ExerciseUpdate

bp = APIBlueprint("exercises", __name__, url_prefix="/api/v1/exercises", tag="Exercises")

_COLUMNS = (
    "id",
    "slug",
    "name",
    "category",
    "primary_muscles",
    "secondary_muscles",
    "equipment",
    "difficulty",
    "mechanics",
    "tracking",
    "instructions",
    "safety_cues",
    "aliases",
    "created_by_id",
    "archived_at",
    "created_at",
    "updated_at",
)


def _out(exercise: Exercise) -> dict[str, Any]:
    return {
        **{name: getattr(exercise, name) for name in _COLUMNS},
        "source": service.source_of(exercise),
        "can_edit": policy.can_edit_exercise(web.actor(), exercise),
    }


def _one(exercise: Exercise, status: int = 200) -> Any:
    return web.with_etag(_out(exercise), exercise, status)


@bp.get("")
@bp.input(ExerciseQuery, location="query", arg_name="query")
@bp.output(ExerciseList)
@bp.doc(summary="Search and filter the exercise library (built-in and custom), by name", responses=[400, 401])
@web.revalidated
def list_exercises(query: ExerciseQuery) -> Any:
    page = service.list_exercises(
        web.db(),
        actor=web.actor(),
        q=query.q,
        muscle=query.muscle,
        equipment=query.equipment,
        category=query.category,
        difficulty=query.difficulty,
        source=query.source,
        include_archived=query.include_archived,
        limit=query.limit,
        cursor=query.cursor,
    )
    return web.list_response(page, [_out(e) for e in page.items])


@bp.get("/facets")
@bp.output(ExerciseFacets)
@bp.doc(summary="The vocabularies for filters and the editor: muscles, equipment, categories…", responses=[401])
@web.revalidated
def get_facets() -> Any:
    return service.facets(actor=web.actor())


@bp.post("")
@bp.input(ExerciseIn, arg_name="body")
@bp.output(ExerciseOut, status_code=201)
@bp.doc(summary="Add a custom exercise (admins and trainers)", responses=[401, 403, 409, 422])
def create_exercise(body: ExerciseIn) -> Any:
    exercise = service.create_exercise(web.db(), actor=web.actor(), **body.model_dump(exclude_unset=True))
    return _one(exercise, 201)


@bp.get("/<uuid:exercise_id>")
@bp.output(ExerciseOut)
@bp.doc(summary="One exercise", responses=[401, 404])
def get_exercise(exercise_id: uuid.UUID) -> Any:
    return _one(service.get_exercise(web.db(), actor=web.actor(), exercise_id=exercise_id))


@bp.patch("/<uuid:exercise_id>")
@bp.input(ExerciseUpdate, arg_name="body")
@bp.output(ExerciseOut)
@bp.doc(
    summary="Edit a custom exercise (admins: any; trainers: their own; built-ins are read-only)",
    responses=[401, 403, 404, 409, 422, 428],
)
def update_exercise(exercise_id: uuid.UUID, body: ExerciseUpdate) -> Any:
    exercise = service.get_exercise(web.db(), actor=web.actor(), exercise_id=exercise_id)
    policy.require_exercise_editable(web.actor(), exercise)  # a 403 says more than a missing If-Match
    web.check_version(exercise)
    exercise = service.update_exercise(
        web.db(), actor=web.actor(), exercise=exercise, **body.model_dump(exclude_unset=True)
    )
    return _one(exercise)


@bp.post("/<uuid:exercise_id>/archive")
@bp.output(ExerciseOut)
@bp.doc(
    summary="Archive a custom exercise (hidden from the picker; kept on templates and logs)", responses=[401, 403, 404]
)
def archive_exercise(exercise_id: uuid.UUID) -> Any:
    exercise = service.get_exercise(web.db(), actor=web.actor(), exercise_id=exercise_id)
    return _one(service.set_archived(web.db(), actor=web.actor(), exercise=exercise, archived=True))


@bp.post("/<uuid:exercise_id>/restore")
@bp.output(ExerciseOut)
@bp.doc(summary="Restore an archived custom exercise", responses=[401, 403, 404, 409])
def restore_exercise(exercise_id: uuid.UUID) -> Any:
    exercise = service.get_exercise(web.db(), actor=web.actor(), exercise_id=exercise_id)
    return _one(service.set_archived(web.db(), actor=web.actor(), exercise=exercise, archived=False))
