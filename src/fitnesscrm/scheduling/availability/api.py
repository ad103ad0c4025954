"""Availability and slot routes. Who may do what is decided in service.py."""

from __future__ import annotations

import uuid
from typing import Any

from apiflask import APIBlueprint
from flask import request

from ... import web
from . import service
from .schemas import (
    AvailabilityOut,
    ExceptionIn,
    ExceptionOut,
    SlotList,
    SlotQuery,
    TimeOffIn,
    TimeOffOut,
    WorkingHoursIn,
)

bp = APIBlueprint("scheduling_availability", __name__, url_prefix="/api/v1", tag="Availability")

MANAGE = [401, 403, 404, 422]


@bp.get("/trainers/<uuid:trainer_id>/availability")
@bp.output(AvailabilityOut)
@bp.doc(
    summary="A trainer's working hours, coming exceptions and time off (the trainer or an admin)",
    responses=[401, 403, 404],
)
def get_availability(trainer_id: uuid.UUID) -> Any:
    return service.get_availability(web.db(), actor=web.actor(), trainer_id=trainer_id)


@bp.put("/trainers/<uuid:trainer_id>/working-hours")
@bp.input(WorkingHoursIn, arg_name="body")
@bp.output(AvailabilityOut)
@bp.doc(
    summary="Replace a trainer's weekly working hours (overlaps on one weekday are refused)",
    description="Send `If-Match` with the `working_hours_version` you read: a week someone else changed "
    "meanwhile is refused (409) rather than overwritten.",
    responses=[401, 403, 404, 409, 422, 428],
)
def put_working_hours(trainer_id: uuid.UUID, body: WorkingHoursIn) -> Any:
    windows = [w.model_dump() for w in body.working_hours]
    return service.replace_working_hours(
        web.db(),
        actor=web.actor(),
        trainer_id=trainer_id,
        windows=windows,
        if_match=request.headers.get("If-Match"),
    )


@bp.post("/trainers/<uuid:trainer_id>/availability-exceptions")
@bp.input(ExceptionIn, arg_name="body")
@bp.output(ExceptionOut, status_code=201)
@bp.doc(summary="Close a date (or part of it) or add extra hours on it", responses=MANAGE)
def create_exception(trainer_id: uuid.UUID, body: ExceptionIn) -> Any:
    return service.add_exception(web.db(), actor=web.actor(), trainer_id=trainer_id, **body.model_dump())


@bp.delete("/availability-exceptions/<uuid:exception_id>")
@bp.output({}, status_code=204)
@bp.doc(summary="Remove an availability exception", responses=[401, 403, 404])
def delete_exception(exception_id: uuid.UUID) -> Any:
    service.delete_exception(web.db(), actor=web.actor(), exception_id=exception_id)
    return "", 204


@bp.post("/trainers/<uuid:trainer_id>/time-off")
@bp.input(TimeOffIn, arg_name="body")
@bp.output(TimeOffOut, status_code=201)
@bp.doc(summary="Add time off: no slots are offered inside it", responses=MANAGE)
def create_time_off(trainer_id: uuid.UUID, body: TimeOffIn) -> Any:
    return service.add_time_off(web.db(), actor=web.actor(), trainer_id=trainer_id, **body.model_dump())


@bp.delete("/time-off/<uuid:time_off_id>")
@bp.output({}, status_code=204)
@bp.doc(summary="Remove time off", responses=[401, 403, 404])
def delete_time_off(time_off_id: uuid.UUID) -> Any:
    service.delete_time_off(web.db(), actor=web.actor(), time_off_id=time_off_id)
    return "", 204


@bp.get("/slots")
@bp.input(SlotQuery, location="query", arg_name="query")
@bp.output(SlotList)
@bp.doc(
    summary="Bookable starts for a 1:1 service (clients: their trainers; trainers: their own; admins: any)",
    description="Not paginated: at most 31 days and 2,000 starts; `truncated` says when there were more.",
    responses=[401, 404, 422],
)
def list_slots(query: SlotQuery) -> Any:
    result = service.list_slots(
        web.db(),
        actor=web.actor(),
        service_id=query.service_id,
        range_from=query.from_,
        range_to=query.to,
        trainer_id=query.trainer_id,
    )
    return {"items": [vars(slot) for slot in result.items], "truncated": result.truncated}
