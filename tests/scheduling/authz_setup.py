"""Authorisation rows for scheduling setup (booking rules, locations, rooms, services), plus small builders of
setup data that the setup, availability and slot tests share."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from fitnesscrm.core.actor import Actor
from fitnesscrm.core.business import get_business
from fitnesscrm.core.http import etag_for
from fitnesscrm.scheduling import rules as rules_module
from fitnesscrm.scheduling.models import Location, Room, Service
from fitnesscrm.scheduling.setup import service as setup_service

from ..authz import ALLOW, E401, E403, Req, World, etag
from ..factories import count_queries as count_queries  # re-exported for the scheduling tests

SYSTEM = Actor.system("test")


# --- builders (through the service, as an admin would) -----------------------------------------


def make_location(
    database: Any, *, name: str = "Riverside Studio", rooms: tuple[str, ...] = ("Studio A",), archived: bool = False
) -> uuid.UUID:
    with database.session() as s:
        location = setup_service.create_location(s, actor=SYSTEM, name=name, rooms=[{"name": r} for r in rooms])
        if archived:
            setup_service.set_location_archived(s, actor=SYSTEM, location=location, archived=True)
        return location.id


def make_service(database: Any, **fields: Any) -> uuid.UUID:
    values = {"name": "PT session 60 min", "kind": "one_to_one", "duration_minutes": 60, "buffer_minutes": 0, **fields}
    with database.session() as s:
        return setup_service.create_service(s, actor=SYSTEM, **values).id


def set_rules(database: Any, *, timezone: str = "Europe/London", **fields: Any) -> None:
    """Booking rules, and the business time zone they are read in."""
    values = {
        "min_notice_minutes": 0,
        "max_advance_days": 365,
        "cancellation_window_hours": 24,
        "late_cancel_policy": "forfeit_credit",
        "late_cancel_fee_minor": 0,
        "no_show_policy": "forfeit_credit",
        "no_show_fee_minor": 0,
        "slot_interval_minutes": 15,
        **fields,
    }
    with database.session() as s:
        setup_service.update_booking_rules(s, actor=SYSTEM, if_match="*", **values)
        get_business(s).timezone = timezone


def _rules_etag(w: World) -> dict[str, str]:
    """The current rules' version, as GET /booking-rules answers it."""
    with w.session() as s:
        rules = rules_module.get_rules(s)
        return {"If-Match": etag_for(rules.id, rules.updated_at)}


def _room_id(w: World, *, archived: bool = False) -> uuid.UUID:
    location_id = make_location(w.factory.database)
    with w.session() as s:
        room = s.query(Room).filter_by(location_id=location_id).one()
        if archived:
            setup_service.set_room_archived(s, actor=SYSTEM, room=room, archived=True)
        return room.id


def _archived_service(w: World) -> uuid.UUID:
    service_id = make_service(w.factory.database)
    with w.session() as s:
        setup_service.set_service_archived(s, actor=SYSTEM, service=s.get(Service, service_id), archived=True)
    return service_id


ADMIN_ONLY = (E401, E403, E403, E403, ALLOW)
EVERYONE = (E401, ALLOW, ALLOW, ALLOW, ALLOW)

MATRIX: dict[str, tuple[str, str, str, str, str]] = {
    # route                                                   anonymous client trainer other_tr admin
    "GET /api/v1/booking-rules": EVERYONE,
    "PUT /api/v1/booking-rules": ADMIN_ONLY,
    "GET /api/v1/locations": EVERYONE,
    "POST /api/v1/locations": ADMIN_ONLY,
    "GET /api/v1/locations/<uuid:location_id>": EVERYONE,
    "PATCH /api/v1/locations/<uuid:location_id>": ADMIN_ONLY,
    "POST /api/v1/locations/<uuid:location_id>/archive": ADMIN_ONLY,
    "POST /api/v1/locations/<uuid:location_id>/restore": ADMIN_ONLY,
    "POST /api/v1/locations/<uuid:location_id>/rooms": ADMIN_ONLY,
    "PATCH /api/v1/rooms/<uuid:room_id>": ADMIN_ONLY,
    "POST /api/v1/rooms/<uuid:room_id>/archive": ADMIN_ONLY,
    "POST /api/v1/rooms/<uuid:room_id>/restore": ADMIN_ONLY,
    "GET /api/v1/services": EVERYONE,
    "POST /api/v1/services": ADMIN_ONLY,
    "GET /api/v1/services/<uuid:service_id>": EVERYONE,
    "PATCH /api/v1/services/<uuid:service_id>": ADMIN_ONLY,
    "POST /api/v1/services/<uuid:service_id>/archive": ADMIN_ONLY,
    "POST /api/v1/services/<uuid:service_id>/restore": ADMIN_ONLY,
}

RULES_BODY = {
    "min_notice_minutes": 60,
    "max_advance_days": 30,
    "cancellation_window_hours": 12,
    "late_cancel_policy": "fee",
    "late_cancel_fee_minor": 1500,
    "no_show_policy": "forfeit_credit",
    "no_show_fee_minor": 0,
    "slot_interval_minutes": 30,
}


def _location_url(w: World, suffix: str = "", *, archived: bool = False) -> str:
    return f"/api/v1/locations/{make_location(w.factory.database, archived=archived)}{suffix}"


def _patch_location(w: World) -> Req:
    location_id = make_location(w.factory.database)
    return Req("PATCH", f"/api/v1/locations/{location_id}", {"address": "1 Quay Road"}, etag(w, Location, location_id))


def _patch_room(w: World) -> Req:
    room_id = _room_id(w)
    return Req("PATCH", f"/api/v1/rooms/{room_id}", {"capacity": 20}, etag(w, Room, room_id))


def _patch_service(w: World) -> Req:
    service_id = make_service(w.factory.database)
    return Req("PATCH", f"/api/v1/services/{service_id}", {"colour": "#FA5252"}, etag(w, Service, service_id))


REQUESTS: dict[str, Callable[[World, str], Req]] = {
    "GET /api/v1/booking-rules": lambda w, a: Req("GET", "/api/v1/booking-rules"),
    "PUT /api/v1/booking-rules": lambda w, a: Req("PUT", "/api/v1/booking-rules", RULES_BODY, _rules_etag(w)),
    "GET /api/v1/locations": lambda w, a: Req("GET", "/api/v1/locations"),
    "POST /api/v1/locations": lambda w, a: Req(
        "POST", "/api/v1/locations", {"name": "Harbour Gym", "rooms": [{"name": "Main floor", "capacity": 30}]}
    ),
    "GET /api/v1/locations/<uuid:location_id>": lambda w, a: Req("GET", _location_url(w)),
    "PATCH /api/v1/locations/<uuid:location_id>": lambda w, a: _patch_location(w),
    "POST /api/v1/locations/<uuid:location_id>/archive": lambda w, a: Req("POST", _location_url(w, "/archive")),
    "POST /api/v1/locations/<uuid:location_id>/restore": lambda w, a: Req(
        "POST", _location_url(w, "/restore", archived=True)
    ),
    "POST /api/v1/locations/<uuid:location_id>/rooms": lambda w, a: Req(
        "POST", _location_url(w, "/rooms"), {"name": "Studio B", "capacity": 12}
    ),
    "PATCH /api/v1/rooms/<uuid:room_id>": lambda w, a: _patch_room(w),
    "POST /api/v1/rooms/<uuid:room_id>/archive": lambda w, a: Req("POST", f"/api/v1/rooms/{_room_id(w)}/archive"),
    "POST /api/v1/rooms/<uuid:room_id>/restore": lambda w, a: Req(
        "POST", f"/api/v1/rooms/{_room_id(w, archived=True)}/restore"
    ),
    "GET /api/v1/services": lambda w, a: Req("GET", "/api/v1/services"),
    "POST /api/v1/services": lambda w, a: Req(
        "POST",
        "/api/v1/services",
        {"name": "HIIT class 45 min", "kind": "group", "duration_minutes": 45, "default_capacity": 12},
    ),
    "GET /api/v1/services/<uuid:service_id>": lambda w, a: Req(
        "GET", f"/api/v1/services/{make_service(w.factory.database)}"
    ),
    "PATCH /api/v1/services/<uuid:service_id>": lambda w, a: _patch_service(w),
    "POST /api/v1/services/<uuid:service_id>/archive": lambda w, a: Req(
        "POST", f"/api/v1/services/{make_service(w.factory.database)}/archive"
    ),
    "POST /api/v1/services/<uuid:service_id>/restore": lambda w, a: Req(
        "POST", f"/api/v1/services/{_archived_service(w)}/restore"
    ),
}
