"""Workout template routes (staff only). Rules and scoping live in service.py."""

from __future__ import annotations

import uuid
from typing import Any

from apiflask import APIBlueprint

from ... import web
from .. import policy
from . import service
from .schemas import DuplicateIn, TemplateIn, TemplateList, TemplateOut, TemplateQuery, TemplateUpdate

bp = APIBlueprint("training_workouts", __name__, url_prefix="/api/v1/workout-templates", tag="Workout templates")

READ = [401, 403, 404]
WRITE = [401, 403, 404, 422]
EDIT = [401, 403, 404, 409, 422, 428]


def _out(template: Any, names: dict[str, str]) -> dict[str, Any]:
    actor = web.actor()
    return {
        **{
            name: getattr(template, name)
            for name in ("id", "name", "description", "owner_trainer_id", "archived_at", "created_at", "updated_at")
        },
        "blocks": service.present_blocks(template.blocks, names),
        "editable": policy.can_edit(actor, template.owner_trainer_id),
    }


def _one(template: Any, status: int = 200) -> Any:
    names = service.exercise_names(web.db(), service.exercise_ids(template.blocks))
    return web.with_etag(_out(template, names), template, status)


def _get(template_id: uuid.UUID) -> Any:
    return service.get_template(web.db(), actor=web.actor(), template_id=template_id)


@bp.get("")
@bp.input(TemplateQuery, location="query", arg_name="query")
@bp.output(TemplateList)
@bp.doc(summary="Workout templates I may use (trainers: mine and the shared ones)", responses=[400, 401, 403])
def list_templates(query: TemplateQuery) -> Any:
    page = service.list_templates(
        web.db(), actor=web.actor(), q=query.q, archived=query.archived, limit=query.limit, cursor=query.cursor
    )
    ids = set().union(*(service.exercise_ids(t.blocks) for t in page.items))
    names = service.exercise_names(web.db(), ids)
    return web.list_response(page, [_out(t, names) for t in page.items])


@bp.post("")
@bp.input(TemplateIn, arg_name="body")
@bp.output(TemplateOut, status_code=201)
@bp.doc(summary="Create a workout template (trainers own theirs; admins' are shared)", responses=WRITE)
def create_template(body: TemplateIn) -> Any:
    template = service.create_template(web.db(), actor=web.actor(), **body.model_dump(exclude_unset=True))
    return _one(template, 201)


@bp.get("/<uuid:template_id>")
@bp.output(TemplateOut)
@bp.doc(summary="One workout template", responses=READ)
def get_template(template_id: uuid.UUID) -> Any:
    return _one(_get(template_id))


@bp.patch("/<uuid:template_id>")
@bp.input(TemplateUpdate, arg_name="body")
@bp.output(TemplateOut)
@bp.doc(summary="Update a template (send If-Match); logged workouts keep what they were planned from", responses=EDIT)
def update_template(template_id: uuid.UUID, body: TemplateUpdate) -> Any:
    template = _get(template_id)
    web.check_version(template)
    template = service.update_template(
        web.db(), actor=web.actor(), template=template, **body.model_dump(exclude_unset=True)
    )
    return _one(template)


@bp.post("/<uuid:template_id>/archive")
@bp.output(TemplateOut)
@bp.doc(summary="Archive a template (hidden from lists and new plans)", responses=READ)
def archive_template(template_id: uuid.UUID) -> Any:
    return _one(service.set_archived(web.db(), actor=web.actor(), template=_get(template_id), archived=True))


@bp.post("/<uuid:template_id>/restore")
@bp.output(TemplateOut)
@bp.doc(summary="Restore an archived template", responses=READ)
def restore_template(template_id: uuid.UUID) -> Any:
    return _one(service.set_archived(web.db(), actor=web.actor(), template=_get(template_id), archived=False))


@bp.post("/<uuid:template_id>/duplicate")
@bp.input(DuplicateIn, arg_name="body")
@bp.output(TemplateOut, status_code=201)
@bp.doc(summary="Copy a template into a new one owned by me", responses=WRITE)
def duplicate_template(template_id: uuid.UUID, body: DuplicateIn) -> Any:
    template = service.duplicate_template(web.db(), actor=web.actor(), template=_get(template_id), name=body.name)
    return _one(template, 201)
