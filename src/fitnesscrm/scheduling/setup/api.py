"""Setup routes: booking rules, locations with rooms, services. Rules and permissions live in service.py."""

from __future__ import annotations

import uuid
from typing import Any

from apiflask import APIBlueprint
from flask import request

from ... import web
from . import service
from .schemas import (
    BookingRulesIn,
    BookingRulesOut,
    LocationIn,
    LocationList,
    LocationOut,
    LocationUpdate,
    RoomIn,
    RoomOut,
    RoomUpdate,
    ServiceIn,
    ServiceList,
    ServiceOut,
    ServiceQuery,
    ServiceUpdate,
    SetupQuery,
)

bp = APIBlueprint("scheduling_setup", __name__, url_prefix="/api/v1", tag="Scheduling setup")

READ = [401, 404]
WRITE = [401, 403, 404, 409, 422]
EDIT = [401, 403, 404, 409, 422, 428]


def _location(location: Any, status: int = 200) -> Any:
    return web.with_etag(LocationOut.model_validate(location), location, status)


def _room(room: Any, status: int = 200) -> Any:
    return web.with_etag(RoomOut.model_validate(room), room, status)


def _service(svc: Any, status: int = 200) -> Any:
    return web.with_etag(ServiceOut.model_validate(svc), svc, status)


# --- booking rules -----------------------------------------------------------------------------


@bp.get("/booking-rules")
@bp.output(BookingRulesOut)
@bp.doc(summary="The business's booking rules", responses=[401])
@web.revalidated
def get_booking_rules() -> Any:
    rules = service.get_booking_rules(web.db(), actor=web.actor())
    return web.with_etag(rules, rules)


@bp.put("/booking-rules")
@bp.input(BookingRulesIn, arg_name="body")
@bp.output(BookingRulesOut)
@bp.doc(summary="Replace the booking rules (admin; send If-Match)", responses=[401, 403, 409, 422, 428])
def put_booking_rules(body: BookingRulesIn) -> Any:
    rules = service.update_booking_rules(
        web.db(), actor=web.actor(), if_match=request.headers.get("If-Match"), **body.model_dump()
    )
    return web.with_etag(rules, rules)


# --- locations and rooms -----------------------------------------------------------------------


@bp.get("/locations")
@bp.input(SetupQuery, location="query", arg_name="query")
@bp.output(LocationList)
@bp.doc(summary="Locations with their rooms", responses=[400, 401])
@web.revalidated
def list_locations(query: SetupQuery) -> Any:
    page = service.list_locations(
        web.db(),
        actor=web.actor(),
        q=query.q,
        include_archived=query.include_archived,
        limit=query.limit,
        cursor=query.cursor,
    )
    return web.list_response(page, [LocationOut.model_validate(loc) for loc in page.items])


@bp.post("/locations")
@bp.input(LocationIn, arg_name="body")
@bp.output(LocationOut, status_code=201)
@bp.doc(summary="Create a location, optionally with rooms (admin)", responses=[401, 403, 409, 422])
def create_location(body: LocationIn) -> Any:
    fields = body.model_dump()
    return _location(service.create_location(web.db(), actor=web.actor(), **fields), 201)


@bp.get("/locations/<uuid:location_id>")
@bp.output(LocationOut)
@bp.doc(summary="One location with its rooms", responses=READ)
def get_location(location_id: uuid.UUID) -> Any:
    return _location(service.get_location(web.db(), actor=web.actor(), location_id=location_id))


@bp.patch("/locations/<uuid:location_id>")
@bp.input(LocationUpdate, arg_name="body")
@bp.output(LocationOut)
@bp.doc(summary="Update a location (admin; send If-Match)", responses=EDIT)
def update_location(location_id: uuid.UUID, body: LocationUpdate) -> Any:
    location = service.location_for_edit(web.db(), actor=web.actor(), location_id=location_id)
    web.check_version(location)
    return _location(
        service.update_location(web.db(), actor=web.actor(), location=location, **body.model_dump(exclude_unset=True))
    )


@bp.post("/locations/<uuid:location_id>/archive")
@bp.output(LocationOut)
@bp.doc(summary="Archive a location (admin): no new slots there, history kept", responses=WRITE)
def archive_location(location_id: uuid.UUID) -> Any:
    location = service.get_location(web.db(), actor=web.actor(), location_id=location_id)
    return _location(service.set_location_archived(web.db(), actor=web.actor(), location=location, archived=True))


@bp.post("/locations/<uuid:location_id>/restore")
@bp.output(LocationOut)
@bp.doc(summary="Restore an archived location (admin)", responses=WRITE)
def restore_location(location_id: uuid.UUID) -> Any:
    location = service.get_location(web.db(), actor=web.actor(), location_id=location_id)
    return _location(service.set_location_archived(web.db(), actor=web.actor(), location=location, archived=False))


@bp.post("/locations/<uuid:location_id>/rooms")
@bp.input(RoomIn, arg_name="body")
@bp.output(RoomOut, status_code=201)
@bp.doc(summary="Add a room to a location (admin)", responses=WRITE)
def create_room(location_id: uuid.UUID, body: RoomIn) -> Any:
    location = service.get_location(web.db(), actor=web.actor(), location_id=location_id)
    return _room(service.add_room(web.db(), actor=web.actor(), location=location, **body.model_dump()), 201)


@bp.patch("/rooms/<uuid:room_id>")
@bp.input(RoomUpdate, arg_name="body")
@bp.output(RoomOut)
@bp.doc(summary="Rename a room or change its capacity (admin; send If-Match)", responses=EDIT)
def update_room(room_id: uuid.UUID, body: RoomUpdate) -> Any:
    room = service.room_for_edit(web.db(), actor=web.actor(), room_id=room_id)
    web.check_version(room)
    return _room(service.update_room(web.db(), actor=web.actor(), room=room, **body.model_dump(exclude_unset=True)))


@bp.post("/rooms/<uuid:room_id>/archive")
@bp.output(RoomOut)
@bp.doc(summary="Archive a room (admin)", responses=WRITE)
def archive_room(room_id: uuid.UUID) -> Any:
    room = service.get_room(web.db(), actor=web.actor(), room_id=room_id)
    return _room(service.set_room_archived(web.db(), actor=web.actor(), room=room, archived=True))


@bp.post("/rooms/<uuid:room_id>/restore")
@bp.output(RoomOut)
@bp.doc(summary="Restore an archived room (admin)", responses=WRITE)
def restore_room(room_id: uuid.UUID) -> Any:
    room = service.get_room(web.db(), actor=web.actor(), room_id=room_id)
    return _room(service.set_room_archived(web.db(), actor=web.actor(), room=room, archived=False))


# --- services ----------------------------------------------------------------------------------


@bp.get("/services")
@bp.input(ServiceQuery, location="query", arg_name="query")
@bp.output(ServiceList)
@bp.doc(summary="Services that can be booked", responses=[400, 401])
@web.revalidated
def list_services(query: ServiceQuery) -> Any:
    page = service.list_services(
        web.db(),
        actor=web.actor(),
        q=query.q,
        kind=query.kind,
        include_archived=query.include_archived,
        limit=query.limit,
        cursor=query.cursor,
    )
    return web.list_response(page, [ServiceOut.model_validate(s) for s in page.items])


@bp.post("/services")
@bp.input(ServiceIn, arg_name="body")
@bp.output(ServiceOut, status_code=201)
@bp.doc(summary="Create a service (admin)", responses=[401, 403, 422])
def create_service(body: ServiceIn) -> Any:
    return _service(service.create_service(web.db(), actor=web.actor(), **body.model_dump()), 201)


@bp.get("/services/<uuid:service_id>")
@bp.output(ServiceOut)
@bp.doc(summary="One service", responses=READ)
def get_service(service_id: uuid.UUID) -> Any:
    return _service(service.get_service(web.db(), actor=web.actor(), service_id=service_id))


@bp.patch("/services/<uuid:service_id>")
@bp.input(ServiceUpdate, arg_name="body")
@bp.output(ServiceOut)
@bp.doc(summary="Update a service (admin; send If-Match)", responses=EDIT)
def update_service(service_id: uuid.UUID, body: ServiceUpdate) -> Any:
    svc = service.service_for_edit(web.db(), actor=web.actor(), service_id=service_id)
    web.check_version(svc)
    return _service(
        service.update_service(web.db(), actor=web.actor(), service=svc, **body.model_dump(exclude_unset=True))
    )


@bp.post("/services/<uuid:service_id>/archive")
@bp.output(ServiceOut)
@bp.doc(summary="Archive a service (admin): no new bookings, history kept", responses=WRITE)
def archive_service(service_id: uuid.UUID) -> Any:
    svc = service.get_service(web.db(), actor=web.actor(), service_id=service_id)
    return _service(service.set_service_archived(web.db(), actor=web.actor(), service=svc, archived=True))


@bp.post("/services/<uuid:service_id>/restore")
@bp.output(ServiceOut)
@bp.doc(summary="Restore an archived service (admin)", responses=WRITE)
def restore_service(service_id: uuid.UUID) -> Any:
    svc = service.get_service(web.db(), actor=web.actor(), service_id=service_id)
    return _service(service.set_service_archived(web.db(), actor=web.actor(), service=svc, archived=False))
