"""Trainer and assignment routes."""

from __future__ import annotations

import uuid
from typing import Any

from apiflask import APIBlueprint

from .. import web
from . import service
from .schemas import (
    TrainerIn,
    TrainerList,
    TrainerOut,
    TrainerQuery,
    TrainerUpdate,
)

bp = APIBlueprint("staff", __name__, url_prefix="/api/v1", tag="Trainers")


def _out(view: service.TrainerView) -> dict[str, Any]:
    t = view.trainer
    rate = None
    if view.show_rate and t.hourly_rate_minor is not None:
        rate = {"amount_minor": t.hourly_rate_minor, "currency": t.currency}
    return {
        **{
            name: getattr(t, name)
            for name in (
                "id",
                "first_name",
                "last_name",
                "full_name",
                "email",
                "phone",
                "bio",
                "specialities",
                "certifications",
                "active",
                "created_at",
                "updated_at",
            )
        },
        "hourly_rate": rate,
        "client_count": view.client_count,
        "has_account": view.has_account,
    }


def _one(trainer: Any, status: int = 200) -> Any:
    [view] = service.describe(web.db(), actor=web.actor(), trainers=[trainer])
    return web.with_etag(_out(view), trainer, status)


@bp.get("/trainers")
@bp.input(TrainerQuery, location="query", arg_name="query")
@bp.output(TrainerList)
@bp.doc(summary="The trainer directory (clients: their own trainers)", responses=[400, 401])
@web.revalidated
def list_trainers(query: TrainerQuery) -> Any:
    page = service.list_trainers(
        web.db(),
        actor=web.actor(),
        q=query.q,
        active=query.active,
        sort=query.sort,
        limit=query.limit,
        cursor=query.cursor,
    )
    views = service.describe(web.db(), actor=web.actor(), trainers=page.items)
    return web.list_response(page, [_out(v) for v in views])


@bp.post("/trainers")
@bp.input(TrainerIn, arg_name="body")
@bp.output(TrainerOut, status_code=201)
@bp.doc(summary="Add a trainer profile (admin)", responses=[401, 403, 409, 422])
def create_trainer(body: TrainerIn) -> Any:
    fields = body.model_dump(exclude_unset=True)
    trainer = service.create_trainer(
        web.db(), actor=web.actor(), phone_region=web.settings().default_phone_region, **fields
    )
    return _one(trainer, 201)


@bp.get("/trainers/<uuid:trainer_id>")
@bp.output(TrainerOut)
@bp.doc(summary="One trainer", responses=[401, 404])
def get_trainer(trainer_id: uuid.UUID) -> Any:
    return _one(service.get_trainer(web.db(), actor=web.actor(), trainer_id=trainer_id))


@bp.patch("/trainers/<uuid:trainer_id>")
@bp.input(TrainerUpdate, arg_name="body")
@bp.output(TrainerOut)
@bp.doc(
    summary="Update a trainer (admins; trainers: own bio, phone, specialities)",
    responses=[401, 403, 404, 409, 422, 428],
)
def update_trainer(trainer_id: uuid.UUID, body: TrainerUpdate) -> Any:
    trainer = service.get_trainer(web.db(), actor=web.actor(), trainer_id=trainer_id)
    web.check_version(trainer)
    trainer = service.update_trainer(
        web.db(),
        actor=web.actor(),
        trainer=trainer,
        phone_region=web.settings().default_phone_region,
        **body.model_dump(exclude_unset=True),
    )
    return _one(trainer)
