"""Metric definition routes (built-in and custom)."""

from __future__ import annotations

import uuid
from typing import Any

from apiflask import APIBlueprint

from ... import web
from .. import units
from ..models import MetricDefinition
from . import service
from .schemas import MetricIn, MetricList, MetricOut, MetricQuery, MetricUpdate

bp = APIBlueprint("progress_metrics", __name__, url_prefix="/api/v1/metrics", tag="Progress")


def metric_out(metric: MetricDefinition) -> dict[str, Any]:
    return {
        **{
            name: getattr(metric, name)
            for name in ("id", "key", "name", "quantity", "is_builtin", "archived_at", "created_at", "updated_at")
        },
        "canonical_unit": units.CANONICAL[metric.quantity],
        "units": units.units_for(metric.quantity),
    }


def _one(metric: MetricDefinition, status: int = 200) -> Any:
    return web.with_etag(metric_out(metric), metric, status)


@bp.get("")
@bp.input(MetricQuery, location="query", arg_name="query")
@bp.output(MetricList)
@bp.doc(summary="Metrics that can be measured (built-in and custom)", responses=[400, 401])
def list_metrics(query: MetricQuery) -> Any:
    page = service.list_metrics(
        web.db(), actor=web.actor(), include_archived=query.include_archived, limit=query.limit, cursor=query.cursor
    )
    return web.list_response(page, [metric_out(m) for m in page.items])


@bp.post("")
@bp.input(MetricIn, arg_name="body")
@bp.output(MetricOut, status_code=201)
@bp.doc(summary="Create a custom metric (admin)", responses=[401, 403, 409, 422])
def create_metric(body: MetricIn) -> Any:
    return _one(service.create_metric(web.db(), actor=web.actor(), **body.model_dump()), 201)


@bp.patch("/<uuid:metric_id>")
@bp.input(MetricUpdate, arg_name="body")
@bp.output(MetricOut)
@bp.doc(summary="Rename a custom metric (admin; send If-Match)", responses=[401, 403, 404, 409, 422, 428])
def update_metric(metric_id: uuid.UUID, body: MetricUpdate) -> Any:
    metric = service.get_metric(web.db(), actor=web.actor(), metric_id=metric_id)
    web.check_version(metric)
    return _one(service.update_metric(web.db(), actor=web.actor(), metric=metric, name=body.name))


@bp.post("/<uuid:metric_id>/archive")
@bp.output(MetricOut)
@bp.doc(summary="Archive a custom metric (its measurements stay)", responses=[401, 403, 404, 409])
def archive_metric(metric_id: uuid.UUID) -> Any:
    metric = service.get_metric(web.db(), actor=web.actor(), metric_id=metric_id)
    return _one(service.set_archived(web.db(), actor=web.actor(), metric=metric, archived=True))


@bp.post("/<uuid:metric_id>/restore")
@bp.output(MetricOut)
@bp.doc(summary="Restore an archived custom metric", responses=[401, 403, 404, 409])
def restore_metric(metric_id: uuid.UUID) -> Any:
    metric = service.get_metric(web.db(), actor=web.actor(), metric_id=metric_id)
    return _one(service.set_archived(web.db(), actor=web.actor(), metric=metric, archived=False))
