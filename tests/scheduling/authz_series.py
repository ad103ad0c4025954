"""Authorisation rows for recurring series: staff only; a trainer manages only their own series."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, time, timedelta

from fitnesscrm.scheduling.models import Appointment
from fitnesscrm.scheduling.series import service as series_service

from ..authz import ALLOW, E401, E403, E404, Req, World
from .calendar_support import SYSTEM, studio


def _body(w: World) -> dict[str, object]:
    ids = studio(w.factory)
    w.extra["studio"] = ids
    return {
        "service_id": str(ids.pt_id),
        "trainer_id": str(w.trainer_id()),
        "client_id": str(w.client_id),
        "starts_on": (date.today() + timedelta(days=3)).isoformat(),
        "start_time": "07:00",
        "rrule": "FREQ=WEEKLY;COUNT=4",
    }


def _series(w: World) -> tuple[uuid.UUID, uuid.UUID]:
    """The trainer's 1:1 series with the world's client, and its first occurrence."""
    ids = studio(w.factory)
    with w.session() as s:
        series = series_service.create_series(
            s,
            actor=SYSTEM,
            horizon_days=90,
            service_id=ids.pt_id,
            trainer_id=w.trainer_id(),
            client_id=w.client_id,
            starts_on=date.today() + timedelta(days=3),
            start_time=time(7),
            rrule="FREQ=WEEKLY;COUNT=4",
        )
        first = s.query(Appointment).filter_by(series_id=series.id).order_by(Appointment.starts_at).first()
        assert first is not None
        return series.id, first.id


def _edit(w: World, action: str, body: dict[str, object]) -> Req:
    series_id, occurrence_id = _series(w)
    return Req("POST", f"/api/v1/series/{series_id}/{action}", {**body, "occurrence_id": str(occurrence_id)})


MATRIX: dict[str, tuple[str, str, str, str, str]] = {
    # route                                                     anonymous client trainer other_tr admin
    "GET /api/v1/series": (E401, E403, ALLOW, ALLOW, ALLOW),
    "POST /api/v1/series": (E401, E403, ALLOW, E404, ALLOW),
    "GET /api/v1/series/<uuid:series_id>": (E401, E403, ALLOW, E404, ALLOW),
    "POST /api/v1/series/<uuid:series_id>/edit": (E401, E403, ALLOW, E404, ALLOW),
    "POST /api/v1/series/<uuid:series_id>/cancel": (E401, E403, ALLOW, E404, ALLOW),
}

REQUESTS: dict[str, Callable[[World, str], Req]] = {
    "GET /api/v1/series": lambda w, a: Req("GET", "/api/v1/series"),
    "POST /api/v1/series": lambda w, a: Req("POST", "/api/v1/series", _body(w)),
    "GET /api/v1/series/<uuid:series_id>": lambda w, a: Req("GET", f"/api/v1/series/{_series(w)[0]}"),
    "POST /api/v1/series/<uuid:series_id>/edit": lambda w, a: _edit(w, "edit", {"scope": "all", "start_time": "08:00"}),
    "POST /api/v1/series/<uuid:series_id>/cancel": lambda w, a: _edit(w, "cancel", {"scope": "following"}),
}
