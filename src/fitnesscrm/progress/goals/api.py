"""Goal routes: per client, and by id."""

from __future__ import annotations

import uuid
from typing import Any

from apiflask import APIBlueprint

from ... import web
from ..models import Goal
from . import service
from .schemas import GoalIn, GoalList, GoalOut, GoalQuery, GoalUpdate

bp = APIBlueprint("progress_goals", __name__, url_prefix="/api/v1", tag="Progress")


def goal_out(view: service.GoalView) -> dict[str, Any]:
    g = view.goal
    milestones = view.milestones()
    return {
        **{
            name: getattr(g, name)
            for name in (
                "id",
                "client_id",
                "title",
                "metric_id",
                "exercise_id",
                "direction",
                "start_date",
                "deadline",
                "status",
                "achieved_at",
                "created_by_id",
                "created_at",
                "updated_at",
            )
        },
        "kind": "metric" if g.metric_id else "exercise",
        "metric_key": view.metric.key if view.metric else None,
        "exercise_name": view.exercise_name,
        "quantity": view.quantity,
        "unit": view.unit,
        "start_value": view.show(g.start_value),
        "target_value": view.show(g.target_value),
        "current_value": view.show(view.current),
        "progress_percent": view.progress_percent,
        "entered_unit": g.display_unit,
        "milestones": milestones,
        "milestones_reached": sum(m["reached"] for m in milestones),
    }


def _one(goal: Goal, status: int = 200) -> Any:
    [view] = service.describe(web.db(), actor=web.actor(), client_id=goal.client_id, goals=[goal])
    return web.with_etag(goal_out(view), goal, status)


@bp.get("/clients/<uuid:client_id>/goals")
@bp.input(GoalQuery, location="query", arg_name="query")
@bp.output(GoalList)
@bp.doc(summary="A client's goals with their progress, newest first", responses=[400, 401, 404])
def list_goals(client_id: uuid.UUID, query: GoalQuery) -> Any:
    page = service.list_goals(
        web.db(), actor=web.actor(), client_id=client_id, status=query.status, limit=query.limit, cursor=query.cursor
    )
    views = service.describe(web.db(), actor=web.actor(), client_id=client_id, goals=page.items)
    return web.list_response(page, [goal_out(v) for v in views])


@bp.post("/clients/<uuid:client_id>/goals")
@bp.input(GoalIn, arg_name="body")
@bp.output(GoalOut, status_code=201)
@bp.doc(summary="Set a goal on a metric or an exercise's estimated 1RM", responses=[401, 403, 404, 422])
def create_goal(client_id: uuid.UUID, body: GoalIn) -> Any:
    fields = body.model_dump()
    goal = service.create_goal(web.db(), actor=web.actor(), client_id=client_id, **fields)
    return _one(goal, 201)


@bp.get("/goals/<uuid:goal_id>")
@bp.output(GoalOut)
@bp.doc(summary="One goal with its progress", responses=[401, 404])
def get_goal(goal_id: uuid.UUID) -> Any:
    return _one(service.get_goal(web.db(), actor=web.actor(), goal_id=goal_id))


@bp.patch("/goals/<uuid:goal_id>")
@bp.input(GoalUpdate, arg_name="body")
@bp.output(GoalOut)
@bp.doc(summary="Change a goal (send If-Match)", responses=[401, 403, 404, 409, 422, 428])
def update_goal(goal_id: uuid.UUID, body: GoalUpdate) -> Any:
    goal = service.get_goal(web.db(), actor=web.actor(), goal_id=goal_id)
    web.check_version(goal)
    return _one(service.update_goal(web.db(), actor=web.actor(), goal=goal, **body.model_dump(exclude_unset=True)))


@bp.delete("/goals/<uuid:goal_id>")
@bp.output({}, status_code=204)
@bp.doc(summary="Delete a goal", responses=[401, 403, 404])
def delete_goal(goal_id: uuid.UUID) -> Any:
    goal = service.get_goal(web.db(), actor=web.actor(), goal_id=goal_id)
    service.delete_goal(web.db(), actor=web.actor(), goal=goal)
    return "", 204
