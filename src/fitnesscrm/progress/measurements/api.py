"""Measurement routes: record, list (audited), delete."""

from __future__ import annotations

import uuid
from typing import Any

from apiflask import APIBlueprint

from ... import web
from .. import units
from . import service
from .schemas import MeasurementIn, MeasurementList, MeasurementOut, MeasurementQuery

bp = APIBlueprint("progress_measurements", __name__, url_prefix="/api/v1", tag="Progress")


def _out(view: service.MeasurementView) -> dict[str, Any]:
    m, metric = view.measurement, view.metric
    return {
        "id": m.id,
        "client_id": m.client_id,
        "metric_id": metric.id,
        "metric_key": metric.key,
        "metric_name": metric.name,
        "quantity": metric.quantity,
        "measured_at": m.measured_at,
        "value": view.value,
        "unit": view.unit,
        "canonical_value": view.canonical_value,
        "canonical_unit": units.CANONICAL[metric.quantity],
        "entered_value": float(m.entered_value),
        "entered_unit": m.entered_unit,
        "notes": m.notes,
        "recorded_by_id": m.recorded_by_id,
        "created_at": m.created_at,
    }


@bp.post("/clients/<uuid:client_id>/measurements")
@bp.input(MeasurementIn, arg_name="body")
@bp.output(MeasurementOut, status_code=201)
@bp.doc(
    summary="Record a measurement (converted to the metric's canonical unit, encrypted)", responses=[401, 403, 404, 422]
)
def create_measurement(client_id: uuid.UUID, body: MeasurementIn) -> Any:
    row = service.create_measurement(web.db(), actor=web.actor(), client_id=client_id, **body.model_dump())
    [view] = service.describe(web.db(), actor=web.actor(), rows=[row])
    return _out(view), 201


@bp.get("/clients/<uuid:client_id>/measurements")
@bp.input(MeasurementQuery, location="query", arg_name="query")
@bp.output(MeasurementList)
@bp.doc(summary="A client's measurements, newest first (every read is audited)", responses=[400, 401, 404, 422])
def list_measurements(client_id: uuid.UUID, query: MeasurementQuery) -> Any:
    page, metrics = service.list_measurements(
        web.db(),
        actor=web.actor(),
        client_id=client_id,
        metric=query.metric,
        date_from=query.from_,
        date_to=query.to,
        limit=query.limit,
        cursor=query.cursor,
    )
    views = service.describe(web.db(), actor=web.actor(), rows=page.items, metrics=metrics)
    return web.list_response(page, [_out(v) for v in views])


@bp.delete("/measurements/<uuid:measurement_id>")
@bp.output({}, status_code=204)
@bp.doc(summary="Delete a measurement", responses=[401, 403, 404])
def delete_measurement(measurement_id: uuid.UUID) -> Any:
    service.delete_measurement(web.db(), actor=web.actor(), measurement_id=measurement_id)
    return "", 204
