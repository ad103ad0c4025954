"""Programme, assignment and plan routes. Rules and scoping live in service.py."""

from __future__ import annotations

import uuid
from typing import Any

from apiflask import APIBlueprint

from ... import web
from .. import policy
from ..workouts import service as workouts_service
from . import service
from .schemas import (
    PlanOut,
    PlanQuery,
    ProgramAssignmentIn,
    ProgramAssignmentList,
    ProgramAssignmentOut,
    ProgramAssignmentQuery,
    ProgramDaysIn,
    ProgramIn,
    ProgramList,
    ProgramOut,
    ProgramQuery,
    ProgramUpdate,
    WeekCopyQuery,
)

bp = APIBlueprint("training_programs", __name__, url_prefix="/api/v1", tag="Programmes")

READ = [401, 403, 404]
WRITE = [401, 403, 404, 409, 422]
EDIT = [401, 403, 404, 409, 422, 428]


def _program(program: Any, status: int = 200) -> Any:
    names = service.template_names(web.db(), {d.template_id for d in program.days})
    body = {
        **{
            name: getattr(program, name)
            for name in (
                "id",
                "name",
                "description",
                "weeks",
                "progression",
                "owner_trainer_id",
                "archived_at",
                "created_at",
                "updated_at",
            )
        },
        "days": [
            {"week": d.week, "day": d.day, "template_id": d.template_id, "template_name": names.get(d.template_id)}
            for d in program.days
        ],
        "editable": policy.can_edit(web.actor(), program.owner_trainer_id),
    }
    return web.with_etag(body, program, status)


def _get(program_id: uuid.UUID) -> Any:
    return service.get_program(web.db(), actor=web.actor(), program_id=program_id)


@bp.get("/programs")
@bp.input(ProgramQuery, location="query", arg_name="query")
@bp.output(ProgramList)
@bp.doc(summary="Programmes I may use (trainers: mine and the shared ones)", responses=[400, 401, 403])
def list_programs(query: ProgramQuery) -> Any:
    page = service.list_programs(
        web.db(), actor=web.actor(), q=query.q, archived=query.archived, limit=query.limit, cursor=query.cursor
    )
    counts = service.day_counts(web.db(), [p.id for p in page.items])
    actor = web.actor()
    return web.list_response(
        page,
        [
            {
                **{
                    name: getattr(p, name)
                    for name in (
                        "id",
                        "name",
                        "description",
                        "weeks",
                        "progression",
                        "owner_trainer_id",
                        "archived_at",
                        "created_at",
                        "updated_at",
                    )
                },
                "day_count": counts.get(p.id, 0),
                "editable": policy.can_edit(actor, p.owner_trainer_id),
            }
            for p in page.items
        ],
    )


@bp.post("/programs")
@bp.input(ProgramIn, arg_name="body")
@bp.output(ProgramOut, status_code=201)
@bp.doc(summary="Create a programme (weeks x days of workout templates)", responses=WRITE)
def create_program(body: ProgramIn) -> Any:
    return _program(service.create_program(web.db(), actor=web.actor(), **body.model_dump()), 201)


@bp.get("/programs/<uuid:program_id>")
@bp.output(ProgramOut)
@bp.doc(summary="One programme with its grid", responses=READ)
def get_program(program_id: uuid.UUID) -> Any:
    return _program(_get(program_id))


@bp.patch("/programs/<uuid:program_id>")
@bp.input(ProgramUpdate, arg_name="body")
@bp.output(ProgramOut)
@bp.doc(summary="Update a programme's name, length or progression (send If-Match)", responses=EDIT)
def update_program(program_id: uuid.UUID, body: ProgramUpdate) -> Any:
    program = _get(program_id)
    web.check_version(program)
    return _program(
        service.update_program(web.db(), actor=web.actor(), program=program, **body.model_dump(exclude_unset=True))
    )


@bp.put("/programs/<uuid:program_id>/days")
@bp.input(ProgramDaysIn, arg_name="body")
@bp.output(ProgramOut)
@bp.doc(summary="Replace the programme's grid of workouts (send If-Match)", responses=EDIT)
def replace_days(program_id: uuid.UUID, body: ProgramDaysIn) -> Any:
    program = _get(program_id)
    web.check_version(program)
    return _program(service.replace_days(web.db(), actor=web.actor(), program=program, days=body.model_dump()["days"]))


@bp.post("/programs/<uuid:program_id>/weeks/<int:week>/duplicate")
@bp.input(WeekCopyQuery, location="query", arg_name="query")
@bp.output(ProgramOut)
@bp.doc(summary="Copy a week's workouts onto a new last week, or onto week `to`", responses=WRITE)
def duplicate_week(program_id: uuid.UUID, week: int, query: WeekCopyQuery) -> Any:
    return _program(
        service.duplicate_week(web.db(), actor=web.actor(), program=_get(program_id), week=week, to=query.to)
    )


@bp.post("/programs/<uuid:program_id>/archive")
@bp.output(ProgramOut)
@bp.doc(summary="Archive a programme (existing assignments continue)", responses=READ)
def archive_program(program_id: uuid.UUID) -> Any:
    return _program(service.set_archived(web.db(), actor=web.actor(), program=_get(program_id), archived=True))


@bp.post("/programs/<uuid:program_id>/restore")
@bp.output(ProgramOut)
@bp.doc(summary="Restore an archived programme", responses=READ)
def restore_program(program_id: uuid.UUID) -> Any:
    return _program(service.set_archived(web.db(), actor=web.actor(), program=_get(program_id), archived=False))


# --- assignments -------------------------------------------------------------------------------


def _assignment_out(view: service.AssignmentView) -> dict[str, Any]:
    a = view.assignment
    return {
        **{
            name: getattr(a, name)
            for name in (
                "id",
                "client_id",
                "program_id",
                "template_id",
                "start_date",
                "appointment_id",
                "status",
                "notes",
                "assigned_by_id",
                "created_at",
                "updated_at",
            )
        },
        "title": view.title,
        "end_date": view.end_date,
    }


def _assignment(assignment: Any, status: int = 200) -> Any:
    [view] = service.describe_assignments(web.db(), [assignment])
    return _assignment_out(view), status


@bp.get("/program-assignments")
@bp.input(ProgramAssignmentQuery, location="query", arg_name="query")
@bp.output(ProgramAssignmentList)
@bp.doc(tags=["Program assignments"], summary="Assignments in my scope (clients: their own)", responses=[400, 401])
def list_assignments(query: ProgramAssignmentQuery) -> Any:
    page = service.list_assignments(
        web.db(),
        actor=web.actor(),
        client_id=query.client_id,
        status=query.status,
        limit=query.limit,
        cursor=query.cursor,
    )
    return web.list_response(page, [_assignment_out(v) for v in service.describe_assignments(web.db(), page.items)])


@bp.post("/program-assignments")
@bp.input(ProgramAssignmentIn, arg_name="body")
@bp.output(ProgramAssignmentOut, status_code=201)
@bp.doc(tags=["Program assignments"], summary="Assign a programme or a single workout to a client", responses=WRITE)
def create_assignment(body: ProgramAssignmentIn) -> Any:
    return _assignment(service.create_assignment(web.db(), actor=web.actor(), **body.model_dump()), 201)


@bp.get("/program-assignments/<uuid:assignment_id>")
@bp.output(ProgramAssignmentOut)
@bp.doc(tags=["Program assignments"], summary="One assignment", responses=[401, 404])
def get_assignment(assignment_id: uuid.UUID) -> Any:
    return _assignment(service.get_assignment(web.db(), actor=web.actor(), assignment_id=assignment_id))


@bp.post("/program-assignments/<uuid:assignment_id>/cancel")
@bp.output(ProgramAssignmentOut)
@bp.doc(
    tags=["Program assignments"], summary="Cancel an assignment (logged workouts stay)", responses=[401, 403, 404, 409]
)
def cancel_assignment(assignment_id: uuid.UUID) -> Any:
    assignment = service.get_assignment(web.db(), actor=web.actor(), assignment_id=assignment_id)
    return _assignment(service.cancel_assignment(web.db(), actor=web.actor(), assignment=assignment))


@bp.get("/clients/<uuid:client_id>/plan")
@bp.input(PlanQuery, location="query", arg_name="query")
@bp.output(PlanOut)
@bp.doc(
    tags=["Program assignments"],
    summary="The client's planned workouts by date (progression applied)",
    description="Not paginated: at most 92 days (`from` to `to`).",
    responses=[401, 404, 422],
)
def get_plan(client_id: uuid.UUID, query: PlanQuery) -> Any:
    start, end, items = service.plan(web.db(), actor=web.actor(), client_id=client_id, start=query.from_, end=query.to)
    ids = set().union(*(workouts_service.exercise_ids(i.blocks) for i in items))
    names = workouts_service.exercise_names(web.db(), ids)
    return {
        "client_id": client_id,
        "start": start,
        "end": end,
        "items": [
            {
                "date": i.date,
                "assignment_id": i.assignment.id,
                "program_id": i.assignment.program_id,
                "template_id": i.template.id,
                "title": i.title,
                "week": i.week,
                "day": i.day,
                "appointment_id": i.assignment.appointment_id,
                "blocks": workouts_service.present_blocks(i.blocks, names),
                "workout_log_id": i.log.id if i.log else None,
                "status": service.plan_status(i),
            }
            for i in items
        ],
    }
