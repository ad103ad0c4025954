"""The aggregated progress endpoint behind the charts."""

from __future__ import annotations

import uuid
from typing import Any

from apiflask import APIBlueprint

from .. import web
from . import series
from .goals.api import goal_out
from .schemas import ProgressOut, ProgressQuery

bp = APIBlueprint("progress", __name__, url_prefix="/api/v1", tag="Progress")


@bp.get("/clients/<uuid:client_id>/progress")
@bp.input(ProgressQuery, location="query", arg_name="query")
@bp.output(ProgressOut)
@bp.doc(
    summary="Chart series: measurements, training volume and goals per day, week or month (audited)",
    responses=[401, 404, 422],
)
def client_progress(client_id: uuid.UUID, query: ProgressQuery) -> Any:
    result = series.client_progress(
        web.db(),
        actor=web.actor(),
        client_id=client_id,
        date_from=query.from_,
        date_to=query.to,
        metrics=query.metrics.split(",") if query.metrics is not None else None,
        bucket=query.bucket,
        timezone=query.tz,
        known_unit_system=caller.unit_system if (caller := web.caller()) else None,
    )
    return web.unvalidated_json(
        {
            "client_id": result.client_id,
            "from": result.date_from,
            "to": result.date_to,
            "bucket": result.bucket,
            "timezone": result.timezone,
            "unit_system": result.unit_system,
            "metrics": [
                {
                    "metric_id": s.metric.id,
                    "key": s.metric.key,
                    "name": s.metric.name,
                    "quantity": s.metric.quantity,
                    "unit": s.unit,
                    "points": s.points,
                }
                for s in result.metrics
            ],
            "training": {"volume_unit": result.volume_unit, "points": result.training},
            "goals": [goal_out(v) for v in result.goals],
        }
    )
