"""Workout log, set, history and personal-record routes. Rules and scoping live in service.py."""

from __future__ import annotations

import uuid
from typing import Any

from apiflask import APIBlueprint

from ... import web
from .. import records
from ..units import display
from ..workouts import service as workouts_service
from . import service
from .schemas import (
    HistoryOut,
    HistoryQuery,
    RecordList,
    RecordQuery,
    SetIn,
    SetResult,
    WorkoutLogIn,
    WorkoutLogList,
    WorkoutLogOut,
    WorkoutLogQuery,
    WorkoutLogUpdate,
)

bp = APIBlueprint("training_logs", __name__, url_prefix="/api/v1", tag="Workout logs")

READ = [401, 404]
WRITE = [401, 403, 404, 409, 422]


def _set(row: Any, names: dict[str, str]) -> dict[str, Any]:
    unit = service.load_unit(row.load_unit)
    return {
        **{
            name: getattr(row, name)
            for name in (
                "id",
                "workout_log_id",
                "exercise_id",
                "position",
                "set_number",
                "reps",
                "load_unit",
                "load_kg",
                "duration_seconds",
                "distance_m",
                "rpe",
                "completed",
                "performed_at",
            )
        },
        "exercise_name": names.get(str(row.exercise_id)),
        "load": display(row.load_kg, unit) if row.load_kg is not None and unit else None,
        "estimated_1rm_kg": records.estimated_1rm(row.load_kg, row.reps),
    }


def _record(record: Any, workout_log_id: uuid.UUID, names: dict[str, str]) -> dict[str, Any]:
    return {
        **{
            name: getattr(record, name)
            for name in ("id", "exercise_id", "kind", "value", "previous_value", "achieved_at", "set_log_id")
        },
        "exercise_name": names.get(str(record.exercise_id)),
        "unit": records.RECORD_UNITS[record.kind],
        "workout_log_id": workout_log_id,
    }


def _log(log: Any, status: int = 200) -> Any:
    ids = workouts_service.exercise_ids(log.planned) | {s.exercise_id for s in log.sets}
    names = workouts_service.exercise_names(web.db(), ids)
    body = {
        **{
            name: getattr(log, name)
            for name in (
                "id",
                "client_id",
                "assignment_id",
                "template_id",
                "program_week",
                "program_day",
                "appointment_id",
                "title",
                "performed_on",
                "status",
                "completed_at",
                "notes",
                "logged_by_id",
                "created_at",
                "updated_at",
            )
        },
        "planned": workouts_service.present_blocks(log.planned, names),
        "sets": [_set(s, names) for s in log.sets],
    }
    return web.with_etag(body, log, status)


def _get(log_id: uuid.UUID, *, with_sets: bool = True) -> Any:
    return service.get_log(web.db(), actor=web.actor(), log_id=log_id, with_sets=with_sets)


def _set_result(logged: service.LoggedSet, status: int) -> Any:
    row, names = logged.row, {str(logged.row.exercise_id): logged.exercise_name}
    return {
        "set": _set(row, names),
        "new_records": [_record(r, row.workout_log_id, names) for r in logged.new_records],
    }, status


@bp.get("/workout-logs")
@bp.input(WorkoutLogQuery, location="query", arg_name="query")
@bp.output(WorkoutLogList)
@bp.doc(summary="Logged workouts in my scope, newest first", responses=[400, 401])
def list_logs(query: WorkoutLogQuery) -> Any:
    page = service.list_logs(
        web.db(),
        actor=web.actor(),
        client_id=query.client_id,
        start=query.from_,
        end=query.to,
        status=query.status,
        limit=query.limit,
        cursor=query.cursor,
    )
    totals = service.totals(web.db(), [log.id for log in page.items])
    empty = service.Totals(0, 0.0)
    return web.list_response(
        page,
        [
            {
                **{
                    name: getattr(log, name)
                    for name in (
                        "id",
                        "client_id",
                        "assignment_id",
                        "template_id",
                        "title",
                        "performed_on",
                        "status",
                        "completed_at",
                        "created_at",
                        "updated_at",
                    )
                },
                "set_count": totals.get(log.id, empty).set_count,
                "volume_kg": totals.get(log.id, empty).volume_kg,
            }
            for log in page.items
        ],
    )


@bp.post("/workout-logs")
@bp.input(WorkoutLogIn, arg_name="body")
@bp.output(WorkoutLogOut, status_code=201)
@bp.doc(summary="Start a workout: from the plan, from a template or ad hoc", responses=WRITE)
@web.idempotent
def create_log(body: WorkoutLogIn) -> Any:
    return _log(service.create_log(web.db(), actor=web.actor(), **body.model_dump()), 201)


@bp.get("/workout-logs/<uuid:log_id>")
@bp.output(WorkoutLogOut)
@bp.doc(summary="One workout with what was planned and every set", responses=READ)
def get_log(log_id: uuid.UUID) -> Any:
    return _log(_get(log_id))


@bp.patch("/workout-logs/<uuid:log_id>")
@bp.input(WorkoutLogUpdate, arg_name="body")
@bp.output(WorkoutLogOut)
@bp.doc(
    summary="Change a workout's title or notes, complete or reopen it (send If-Match)",
    responses=[401, 403, 404, 409, 422, 428],
)
def update_log(log_id: uuid.UUID, body: WorkoutLogUpdate) -> Any:
    log = _get(log_id)
    web.check_version(log)
    return _log(service.update_log(web.db(), actor=web.actor(), log=log, **body.model_dump(exclude_unset=True)))


@bp.delete("/workout-logs/<uuid:log_id>")
@bp.output({}, status_code=204)
@bp.doc(
    summary="Delete a workout and its sets (whoever may edit it; send If-Match); records and goals follow",
    responses=[401, 403, 404, 409, 428],
)
def delete_log(log_id: uuid.UUID) -> tuple[str, int]:
    log = _get(log_id, with_sets=False)
    web.check_version(log)
    service.delete_log(web.db(), actor=web.actor(), log=log)
    return "", 204


@bp.post("/workout-logs/<uuid:log_id>/complete")
@bp.output(WorkoutLogOut)
@bp.doc(summary="Mark a workout completed", responses=[401, 403, 404, 409])
def complete_log(log_id: uuid.UUID) -> Any:
    return _log(service.complete_log(web.db(), actor=web.actor(), log=_get(log_id)))


@bp.post("/workout-logs/<uuid:log_id>/sets")
@bp.input(SetIn, arg_name="body")
@bp.output(SetResult, status_code=201)
@bp.doc(summary="Log one set; any personal records it sets come back in `new_records`", responses=WRITE)
@web.idempotent
def add_set(log_id: uuid.UUID, body: SetIn) -> Any:
    logged = service.add_set(web.db(), actor=web.actor(), log=_get(log_id, with_sets=False), **body.model_dump())
    return _set_result(logged, 201)


@bp.put("/workout-logs/<uuid:log_id>/sets/<uuid:set_id>")
@bp.input(SetIn, arg_name="body")
@bp.output(SetResult)
@bp.doc(summary="Correct a set, also in a completed workout (records and goals follow)", responses=WRITE)
def replace_set(log_id: uuid.UUID, set_id: uuid.UUID, body: SetIn) -> Any:
    logged = service.replace_set(
        web.db(), actor=web.actor(), log=_get(log_id, with_sets=False), set_id=set_id, **body.model_dump()
    )
    return _set_result(logged, 200)


@bp.delete("/workout-logs/<uuid:log_id>/sets/<uuid:set_id>")
@bp.output({}, status_code=204)
@bp.doc(
    summary="Remove a set, also from a completed workout (records and goals follow)", responses=[401, 403, 404, 409]
)
def delete_set(log_id: uuid.UUID, set_id: uuid.UUID) -> tuple[str, int]:
    service.delete_set(web.db(), actor=web.actor(), log=_get(log_id, with_sets=False), set_id=set_id)
    return "", 204


@bp.get("/clients/<uuid:client_id>/exercises/<uuid:exercise_id>/history")
@bp.input(HistoryQuery, location="query", arg_name="query")
@bp.output(HistoryOut)
@bp.doc(
    tags=["Workout logs"],
    summary='"Last time" for an exercise and the client\'s records on it',
    responses=[400, 401, 404],
)
def exercise_history(client_id: uuid.UUID, exercise_id: uuid.UUID, query: HistoryQuery) -> Any:
    history = service.exercise_history(
        web.db(), actor=web.actor(), client_id=client_id, exercise_id=exercise_id, exclude_log_id=query.exclude_log_id
    )
    names = {str(history.exercise.id): history.exercise.name}
    last = history.last_log
    return {
        "client_id": history.client_id,
        "exercise_id": history.exercise.id,
        "exercise_name": history.exercise.name,
        "last_session": None
        if last is None
        else {
            "workout_log_id": last.id,
            "performed_on": last.performed_on,
            "title": last.title,
            "sets": [_set(s, names) for s in history.last_sets],
        },
        "records": [_record(r, log_id, names) for r, log_id in history.records],
    }


@bp.get("/clients/<uuid:client_id>/personal-records")
@bp.input(RecordQuery, location="query", arg_name="query")
@bp.output(RecordList)
@bp.doc(
    tags=["Workout logs"],
    summary="The client's current personal records",
    description="Not paginated: the current best of each record kind per exercise the client has logged.",
    responses=[400, 401, 404],
)
def personal_records(client_id: uuid.UUID, query: RecordQuery) -> Any:
    rows = service.personal_records(web.db(), actor=web.actor(), client_id=client_id, exercise_id=query.exercise_id)
    names = workouts_service.exercise_names(web.db(), {r.exercise_id for r, _ in rows})
    return {"items": [_record(r, log_id, names) for r, log_id in rows]}
