"""Authorisation rows for sessions, classes, bookings, attendance and the client's activity timeline.

Every object belongs to ``trainer``'s calendar and ``client``: the client acts on their own bookings, the
trainer manages their own calendar, ``other_trainer`` is outside the scope (404) and clients may never manage
a calendar (403). Classes are visible to everyone signed in; their roster is not.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any

from fitnesscrm.core.actor import Actor
from fitnesscrm.core.business import get_business
from fitnesscrm.scheduling import placement
from fitnesscrm.scheduling.models import (
    Appointment,
    Booking,
    BookingRules,
    Location,
    Service,
    ServiceKind,
    WorkingHours,
)

from ..authz import ALLOW, E401, E403, E404, Req, World, etag

SYSTEM = Actor.system("test")
SIGNED_IN = (E401, ALLOW, ALLOW, ALLOW, ALLOW)
IN_SCOPE = (E401, ALLOW, ALLOW, E404, ALLOW)  # the client's own, the trainer's calendar
MANAGER = (E401, E403, ALLOW, E404, ALLOW)  # staff managing the trainer's calendar

MATRIX: dict[str, tuple[str, str, str, str, str]] = {
    # route                                                     anonymous client trainer other_tr admin
    "GET /api/v1/sessions": SIGNED_IN,
    "POST /api/v1/sessions": IN_SCOPE,
    "GET /api/v1/sessions/<uuid:session_id>": IN_SCOPE,
    "PATCH /api/v1/sessions/<uuid:session_id>": MANAGER,
    "POST /api/v1/sessions/<uuid:session_id>/cancel": IN_SCOPE,
    "GET /api/v1/classes": SIGNED_IN,
    "POST /api/v1/classes": MANAGER,
    "GET /api/v1/classes/<uuid:class_id>": SIGNED_IN,
    "PATCH /api/v1/classes/<uuid:class_id>": MANAGER,
    "POST /api/v1/classes/<uuid:class_id>/cancel": MANAGER,
    "GET /api/v1/classes/<uuid:class_id>/roster": MANAGER,
    "GET /api/v1/bookings": SIGNED_IN,
    "POST /api/v1/bookings": IN_SCOPE,
    "GET /api/v1/bookings/<uuid:booking_id>": IN_SCOPE,
    "POST /api/v1/bookings/<uuid:booking_id>/cancel": IN_SCOPE,
    "POST /api/v1/bookings/<uuid:booking_id>/check-in": MANAGER,
    "POST /api/v1/bookings/<uuid:booking_id>/attendance": MANAGER,
    "POST /api/v1/bookings/<uuid:booking_id>/void": MANAGER,
    "GET /api/v1/clients/<uuid:client_id>/activity": IN_SCOPE,
}


def _day(days: int, hour: int) -> datetime:
    return datetime.combine(datetime.now(UTC).date() + timedelta(days=days), time(hour), tzinfo=UTC)


def _studio(w: World) -> dict[str, Any]:
    """A 1:1 and a class service, UTC rules and the trainer working 08:00-18:00 every day (built once)."""
    if "studio" not in w.extra:
        with w.session() as s:
            rules = s.get(BookingRules, 1) or BookingRules(id=1)
            get_business(s).timezone = "UTC"
            rules.min_notice_minutes, rules.max_advance_days = 60, 60
            rules.slot_interval_minutes = 30
            location = Location(id=uuid.uuid4(), name="Riverside")
            pt = Service(
                id=uuid.uuid4(),
                name="PT 60",
                kind=ServiceKind.ONE_TO_ONE,
                duration_minutes=60,
                default_capacity=1,
                client_bookable=True,
            )
            group = Service(
                id=uuid.uuid4(),
                name="HIIT 45",
                kind=ServiceKind.GROUP,
                duration_minutes=45,
                default_capacity=10,
                client_bookable=True,
            )
            s.add_all([rules, location, pt, group])
            s.flush()
            s.add_all(
                WorkingHours(
                    id=uuid.uuid4(),
                    trainer_id=w.trainer_id(),
                    location_id=location.id,
                    weekday=day,
                    start_time=time(8),
                    end_time=time(18),
                )
                for day in range(7)
            )
        w.extra["studio"] = {"pt": pt.id, "group": group.id, "location": location.id}
    return dict(w.extra["studio"])


def _place(
    w: World, kind: str, *, days: int, hour: int, with_client: bool, starts_at: datetime | None = None
) -> uuid.UUID:
    ids = _studio(w)
    with w.session() as s:
        appointment = placement.place_appointment(
            s,
            SYSTEM,
            service=s.get(Service, ids[kind]),
            trainer_id=w.trainer_id(),
            starts_at=starts_at or _day(days, hour),
            location_id=ids["location"],
            client_ids=(w.client_id,) if with_client else (),
        )
        return appointment.id


def _session(w: World) -> uuid.UUID:
    return _place(w, "pt", days=2, hour=9, with_client=True)


def _class(w: World, *, with_client: bool = False) -> uuid.UUID:
    return _place(w, "group", days=2, hour=17, with_client=with_client)


def _booking(w: World, *, started: bool = False) -> uuid.UUID:
    """The client's place in a class; ``started``: one that began an hour ago (attendance and void are open)."""
    class_id = (
        _place(
            w,
            "group",
            days=0,
            hour=0,
            with_client=True,
            starts_at=datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1),
        )
        if started
        else _class(w, with_client=True)
    )
    with w.session() as s:
        booking = s.query(Booking).filter_by(appointment_id=class_id).one()
        return booking.id


def _new_session(w: World, actor: str) -> Req:
    ids = _studio(w)
    return Req(
        "POST",
        "/api/v1/sessions",
        {
            "service_id": str(ids["pt"]),
            "trainer_id": str(w.trainer_id()),
            "client_id": str(w.client_id),
            "starts_at": _day(3, 10).isoformat(),
        },
    )


def _new_class(w: World, actor: str) -> Req:
    return Req(
        "POST",
        "/api/v1/classes",
        {
            "service_id": str(_studio(w)["group"]),
            "trainer_id": str(w.trainer_id()),
            "starts_at": _day(4, 16).isoformat(),
            "capacity": 8,
        },
    )


def _new_booking(w: World, actor: str) -> Req:
    body: dict[str, Any] = {"appointment_id": str(_class(w))}
    if actor != "client":
        body["client_id"] = str(w.client_id)
    return Req("POST", "/api/v1/bookings", body)


def _patch(w: World, kind: str) -> Req:
    appointment_id = _session(w) if kind == "sessions" else _class(w)
    return Req(
        "PATCH", f"/api/v1/{kind}/{appointment_id}", {"notes": "Bring a towel"}, etag(w, Appointment, appointment_id)
    )


REQUESTS: dict[str, Callable[[World, str], Req]] = {
    "GET /api/v1/sessions": lambda w, a: Req("GET", "/api/v1/sessions"),
    "POST /api/v1/sessions": _new_session,
    "GET /api/v1/sessions/<uuid:session_id>": lambda w, a: Req("GET", f"/api/v1/sessions/{_session(w)}"),
    "PATCH /api/v1/sessions/<uuid:session_id>": lambda w, a: _patch(w, "sessions"),
    "POST /api/v1/sessions/<uuid:session_id>/cancel": lambda w, a: Req(
        "POST", f"/api/v1/sessions/{_session(w)}/cancel", {"reason": "Travelling"}
    ),
    "GET /api/v1/classes": lambda w, a: Req("GET", "/api/v1/classes"),
    "POST /api/v1/classes": _new_class,
    "GET /api/v1/classes/<uuid:class_id>": lambda w, a: Req("GET", f"/api/v1/classes/{_class(w)}"),
    "PATCH /api/v1/classes/<uuid:class_id>": lambda w, a: _patch(w, "classes"),
    "POST /api/v1/classes/<uuid:class_id>/cancel": lambda w, a: Req(
        "POST", f"/api/v1/classes/{_class(w, with_client=True)}/cancel", {"reason": "Instructor ill"}
    ),
    "GET /api/v1/classes/<uuid:class_id>/roster": lambda w, a: Req(
        "GET", f"/api/v1/classes/{_class(w, with_client=True)}/roster"
    ),
    "GET /api/v1/bookings": lambda w, a: Req("GET", "/api/v1/bookings"),
    "POST /api/v1/bookings": _new_booking,
    "GET /api/v1/bookings/<uuid:booking_id>": lambda w, a: Req("GET", f"/api/v1/bookings/{_booking(w)}"),
    "POST /api/v1/bookings/<uuid:booking_id>/cancel": lambda w, a: Req(
        "POST", f"/api/v1/bookings/{_booking(w)}/cancel", {}
    ),
    "POST /api/v1/bookings/<uuid:booking_id>/check-in": lambda w, a: Req(
        "POST", f"/api/v1/bookings/{_booking(w, started=True)}/check-in"
    ),
    "POST /api/v1/bookings/<uuid:booking_id>/attendance": lambda w, a: Req(
        "POST", f"/api/v1/bookings/{_booking(w, started=True)}/attendance", {"status": "attended"}
    ),
    "POST /api/v1/bookings/<uuid:booking_id>/void": lambda w, a: Req(
        "POST", f"/api/v1/bookings/{_booking(w, started=True)}/void", {"reason": "Booked by mistake"}
    ),
    "GET /api/v1/clients/<uuid:client_id>/activity": lambda w, a: Req("GET", f"/api/v1/clients/{w.client_id}/activity"),
}
