"""Authorisation rows for trainer availability and bookable slots.

Every request targets ``trainer``'s calendar: the trainer themself and admins may manage it, ``other_trainer``
gets 404 (outside their scope), a client 403 (clients never manage calendars). Slots of ``trainer`` are visible
to their client, themself and admins.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta

from fitnesscrm.core.db import utcnow
from fitnesscrm.scheduling.models import AvailabilityException, ExceptionKind, TimeOff

from ..authz import ALLOW, E401, E403, E404, Req, World
from .authz_setup import make_location, make_service

MANAGER = (E401, E403, ALLOW, E404, ALLOW)

MATRIX: dict[str, tuple[str, str, str, str, str]] = {
    # route                                                        anonymous client trainer other_tr admin
    "GET /api/v1/trainers/<uuid:trainer_id>/availability": MANAGER,
    "PUT /api/v1/trainers/<uuid:trainer_id>/working-hours": MANAGER,
    "POST /api/v1/trainers/<uuid:trainer_id>/availability-exceptions": MANAGER,
    "DELETE /api/v1/availability-exceptions/<uuid:exception_id>": MANAGER,
    "POST /api/v1/trainers/<uuid:trainer_id>/time-off": MANAGER,
    "DELETE /api/v1/time-off/<uuid:time_off_id>": MANAGER,
    "GET /api/v1/slots": (E401, ALLOW, ALLOW, E404, ALLOW),
}


def _trainer_url(w: World, suffix: str) -> str:
    return f"/api/v1/trainers/{w.trainer_id()}{suffix}"


def _exception_id(w: World) -> uuid.UUID:
    with w.session() as s:
        row = AvailabilityException(
            trainer_id=w.trainer_id(), on_date=date.today() + timedelta(days=3), kind=ExceptionKind.UNAVAILABLE
        )
        s.add(row)
        s.flush()
        return row.id


def _time_off_id(w: World) -> uuid.UUID:
    start = utcnow() + timedelta(days=5)
    with w.session() as s:
        row = TimeOff(trainer_id=w.trainer_id(), starts_at=start, ends_at=start + timedelta(days=2))
        s.add(row)
        s.flush()
        return row.id


def _slots(w: World) -> str:
    service_id = make_service(w.factory.database)
    start = utcnow().replace(microsecond=0)
    return (
        f"/api/v1/slots?service_id={service_id}&trainer_id={w.trainer_id()}"
        f"&from={start.isoformat().replace('+00:00', 'Z')}&to={(start + timedelta(days=7)).isoformat()}"
    )


def _working_hours(w: World) -> Req:
    location_id = str(make_location(w.factory.database))
    return Req(
        "PUT",
        _trainer_url(w, "/working-hours"),
        {"working_hours": [{"location_id": location_id, "weekday": 0, "start_time": "07:00", "end_time": "12:00"}]},
        {"If-Match": "*"},
    )


def _time_off_body() -> dict[str, str]:
    start = utcnow() + timedelta(days=10)
    return {"starts_at": start.isoformat(), "ends_at": (start + timedelta(days=1)).isoformat(), "reason": "Holiday"}


REQUESTS: dict[str, Callable[[World, str], Req]] = {
    "GET /api/v1/trainers/<uuid:trainer_id>/availability": lambda w, a: Req("GET", _trainer_url(w, "/availability")),
    "PUT /api/v1/trainers/<uuid:trainer_id>/working-hours": lambda w, a: _working_hours(w),
    "POST /api/v1/trainers/<uuid:trainer_id>/availability-exceptions": lambda w, a: Req(
        "POST",
        _trainer_url(w, "/availability-exceptions"),
        {"on_date": (date.today() + timedelta(days=4)).isoformat(), "kind": "unavailable", "reason": "Course"},
    ),
    "DELETE /api/v1/availability-exceptions/<uuid:exception_id>": lambda w, a: Req(
        "DELETE", f"/api/v1/availability-exceptions/{_exception_id(w)}"
    ),
    "POST /api/v1/trainers/<uuid:trainer_id>/time-off": lambda w, a: Req(
        "POST", _trainer_url(w, "/time-off"), _time_off_body()
    ),
    "DELETE /api/v1/time-off/<uuid:time_off_id>": lambda w, a: Req("DELETE", f"/api/v1/time-off/{_time_off_id(w)}"),
    "GET /api/v1/slots": lambda w, a: Req("GET", _slots(w)),
}
