"""Authorisation rows for progress: metrics, measurements, goals, progress photos and the chart series."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable

from fitnesscrm.progress.metrics import service as metrics_service
from fitnesscrm.progress.models import Goal, MetricDefinition, Quantity

from ..authz import ALLOW, E401, E403, E404, Req, World, etag
from .support import SYSTEM, add_goal, add_measurement, add_photo, content_url, jpeg_with_gps

ADMIN_ONLY = (E401, E403, E403, E403, ALLOW)
EVERYONE = (E401, ALLOW, ALLOW, ALLOW, ALLOW)
SCOPED = (E401, ALLOW, ALLOW, E404, ALLOW)  # the client, their trainer and admins; another trainer sees nothing


def _custom_metric(w: World, *, archived: bool = False) -> uuid.UUID:
    with w.session() as s:
        metric = metrics_service.create_metric(
            s, actor=SYSTEM, name=f"VO2 max {uuid.uuid4().hex[:6]}", quantity=Quantity.COUNT
        )
        if archived:
            metrics_service.set_archived(s, actor=SYSTEM, metric=metric, archived=True)
        return metric.id


def _client(w: World, suffix: str) -> str:
    return f"/api/v1/clients/{w.client_id}{suffix}"


def _upload(w: World, a: str) -> Req:
    return Req(
        "POST",
        _client(w, "/progress-photos"),
        data={"file": (io.BytesIO(jpeg_with_gps((80, 60))), "front.jpg"), "pose": "front"},
    )


def _goal(w: World) -> uuid.UUID:
    return add_goal(w.factory.database, w.client_id)


def _content(w: World, a: str) -> Req:
    photo_id = add_photo(w.factory.app, w.client_id)
    return Req("GET", content_url(w.factory.app, photo_id, w.user_for(a).user_id))


MATRIX: dict[str, tuple[str, str, str, str, str]] = {
    # route                                                      anonymous client trainer other_tr admin
    "GET /api/v1/metrics": EVERYONE,
    "POST /api/v1/metrics": ADMIN_ONLY,
    "PATCH /api/v1/metrics/<uuid:metric_id>": ADMIN_ONLY,
    "POST /api/v1/metrics/<uuid:metric_id>/archive": ADMIN_ONLY,
    "POST /api/v1/metrics/<uuid:metric_id>/restore": ADMIN_ONLY,
    "POST /api/v1/clients/<uuid:client_id>/measurements": SCOPED,
    "GET /api/v1/clients/<uuid:client_id>/measurements": SCOPED,
    "DELETE /api/v1/measurements/<uuid:measurement_id>": SCOPED,
    "GET /api/v1/clients/<uuid:client_id>/goals": SCOPED,
    "POST /api/v1/clients/<uuid:client_id>/goals": SCOPED,
    "GET /api/v1/goals/<uuid:goal_id>": SCOPED,
    "PATCH /api/v1/goals/<uuid:goal_id>": SCOPED,
    "DELETE /api/v1/goals/<uuid:goal_id>": SCOPED,
    "POST /api/v1/clients/<uuid:client_id>/progress-photos": SCOPED,
    "GET /api/v1/clients/<uuid:client_id>/progress-photos": SCOPED,
    "DELETE /api/v1/progress-photos/<uuid:photo_id>": SCOPED,
    "GET /api/v1/progress-photos/<uuid:photo_id>/url": SCOPED,
    "GET /api/v1/progress-photos/<uuid:photo_id>/content": SCOPED,
    "GET /api/v1/clients/<uuid:client_id>/progress": SCOPED,
}

REQUESTS: dict[str, Callable[[World, str], Req]] = {
    "GET /api/v1/metrics": lambda w, a: Req("GET", "/api/v1/metrics"),
    "POST /api/v1/metrics": lambda w, a: Req("POST", "/api/v1/metrics", {"name": "Grip strength", "quantity": "mass"}),
    "PATCH /api/v1/metrics/<uuid:metric_id>": lambda w, a: (
        lambda mid: Req("PATCH", f"/api/v1/metrics/{mid}", {"name": "VO2 max (lab)"}, etag(w, MetricDefinition, mid))
    )(_custom_metric(w)),
    "POST /api/v1/metrics/<uuid:metric_id>/archive": lambda w, a: Req(
        "POST", f"/api/v1/metrics/{_custom_metric(w)}/archive"
    ),
    "POST /api/v1/metrics/<uuid:metric_id>/restore": lambda w, a: Req(
        "POST", f"/api/v1/metrics/{_custom_metric(w, archived=True)}/restore"
    ),
    "POST /api/v1/clients/<uuid:client_id>/measurements": lambda w, a: Req(
        "POST", _client(w, "/measurements"), {"metric": "body_weight", "value": 81.5, "unit": "kg"}
    ),
    "GET /api/v1/clients/<uuid:client_id>/measurements": lambda w, a: Req("GET", _client(w, "/measurements")),
    "DELETE /api/v1/measurements/<uuid:measurement_id>": lambda w, a: Req(
        "DELETE", f"/api/v1/measurements/{add_measurement(w.factory.database, w.client_id, 'waist', 80, 'cm')}"
    ),
    "GET /api/v1/clients/<uuid:client_id>/goals": lambda w, a: Req("GET", _client(w, "/goals")),
    "POST /api/v1/clients/<uuid:client_id>/goals": lambda w, a: Req(
        "POST",
        _client(w, "/goals"),
        {"metric": "body_weight", "direction": "decrease", "start_value": 90, "target_value": 80, "unit": "kg"},
    ),
    "GET /api/v1/goals/<uuid:goal_id>": lambda w, a: Req("GET", f"/api/v1/goals/{_goal(w)}"),
    "PATCH /api/v1/goals/<uuid:goal_id>": lambda w, a: (
        lambda gid: Req("PATCH", f"/api/v1/goals/{gid}", {"target_value": 78}, etag(w, Goal, gid))
    )(_goal(w)),
    "DELETE /api/v1/goals/<uuid:goal_id>": lambda w, a: Req("DELETE", f"/api/v1/goals/{_goal(w)}"),
    "POST /api/v1/clients/<uuid:client_id>/progress-photos": _upload,
    "GET /api/v1/clients/<uuid:client_id>/progress-photos": lambda w, a: Req("GET", _client(w, "/progress-photos")),
    "DELETE /api/v1/progress-photos/<uuid:photo_id>": lambda w, a: Req(
        "DELETE", f"/api/v1/progress-photos/{add_photo(w.factory.app, w.client_id)}"
    ),
    "GET /api/v1/progress-photos/<uuid:photo_id>/url": lambda w, a: Req(
        "GET", f"/api/v1/progress-photos/{add_photo(w.factory.app, w.client_id)}/url?size=thumb"
    ),
    "GET /api/v1/progress-photos/<uuid:photo_id>/content": _content,
    "GET /api/v1/clients/<uuid:client_id>/progress": lambda w, a: Req(
        "GET", _client(w, "/progress?bucket=week&metrics=body_weight")
    ),
}
