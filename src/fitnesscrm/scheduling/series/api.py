"""Recurring series routes (staff)."""

from __future__ import annotations

import uuid
from typing import Any

from apiflask import APIBlueprint

from ... import web
from . import service
from .schemas import SeriesCancel, SeriesEdit, SeriesIn, SeriesList, SeriesOut, SeriesQuery

bp = APIBlueprint("series", __name__, url_prefix="/api/v1/series", tag="Series")

SERIES_FIELDS = (
    "id",
    "service_id",
    "trainer_id",
    "client_id",
    "location_id",
    "room_id",
    "title",
    "capacity",
    "timezone",
    "rrule",
    "starts_on",
    "start_time",
    "duration_minutes",
    "materialised_until",
    "ended_on",
    "created_at",
    "updated_at",
)
OCCURRENCE_FIELDS = ("id", "starts_at", "ends_at", "status", "detached", "original_start")


def _out(view: service.SeriesView) -> dict[str, Any]:
    upcoming = [{name: getattr(o, name) for name in OCCURRENCE_FIELDS} for o in view.upcoming]
    fields = {name: getattr(view.series, name) for name in SERIES_FIELDS}
    return {**fields, "upcoming": upcoming, "next_unplaced_on": view.next_unplaced_on}


def _one(series: Any, status: int = 200) -> Any:
    [view] = service.describe(web.db(), series=[series])
    return _out(view), status


@bp.get("")
@bp.input(SeriesQuery, location="query", arg_name="query")
@bp.output(SeriesList)
@bp.doc(summary="Recurring series (admins: all; trainers: their own)", responses=[400, 401, 403, 404])
def list_series(query: SeriesQuery) -> Any:
    page = service.list_series(
        web.db(), actor=web.actor(), trainer_id=query.trainer_id, limit=query.limit, cursor=query.cursor
    )
    views = service.describe(web.db(), series=page.items)
    return web.list_response(page, [_out(v) for v in views])


@bp.post("")
@bp.input(SeriesIn, arg_name="body")
@bp.output(SeriesOut, status_code=201)
@bp.doc(summary="Create a recurring series from an RRULE", responses=[401, 403, 404, 409, 422])
def create_series(body: SeriesIn) -> Any:
    series = service.create_series(
        web.db(), actor=web.actor(), horizon_days=web.settings().series_horizon_days, **body.model_dump()
    )
    return _one(series, 201)


@bp.get("/<uuid:series_id>")
@bp.output(SeriesOut)
@bp.doc(summary="One series with its upcoming occurrences", responses=[401, 403, 404])
def get_series(series_id: uuid.UUID) -> Any:
    return _one(service.get_series(web.db(), actor=web.actor(), series_id=series_id))


@bp.post("/<uuid:series_id>/edit")
@bp.input(SeriesEdit, arg_name="body")
@bp.output(SeriesOut)
@bp.doc(
    summary="Edit this occurrence, this and the following ones, or all",
    description="Answers the series now holding the edited occurrences: for `following`, the new series.",
    responses=[401, 403, 404, 409, 422],
)
def edit_series(series_id: uuid.UUID, body: SeriesEdit) -> Any:
    series = service.get_series(web.db(), actor=web.actor(), series_id=series_id)
    fields = body.model_dump(exclude={"scope", "occurrence_id"})
    result = service.edit_series(
        web.db(),
        actor=web.actor(),
        series=series,
        scope=body.scope,
        occurrence_id=body.occurrence_id,
        horizon_days=web.settings().series_horizon_days,
        **fields,
    )
    return _one(result)


@bp.post("/<uuid:series_id>/cancel")
@bp.input(SeriesCancel, arg_name="body")
@bp.output(SeriesOut)
@bp.doc(
    summary="Cancel this occurrence, this and the following ones, or all upcoming ones",
    responses=[401, 403, 404, 409, 422],
)
def cancel_series(series_id: uuid.UUID, body: SeriesCancel) -> Any:
    series = service.get_series(web.db(), actor=web.actor(), series_id=series_id)
    series = service.cancel_series(
        web.db(),
        actor=web.actor(),
        series=series,
        scope=body.scope,
        occurrence_id=body.occurrence_id,
        reason=body.reason,
    )
    return _one(series)
