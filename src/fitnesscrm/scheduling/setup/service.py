"""Locations (with rooms), services and the booking rules: admins change them, every signed-in user reads them."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from ...core import audit, search
from ...core.actor import Actor
from ...core.db import utcnow
from ...core.errors import Conflict, NotFound, ValidationFailed
from ...core.http import check_if_match, etag_for
from ...core.pagination import Page, paginate
from ...core.policy import require_authenticated
from .. import policy
from ..models import Appointment, BookingRules, Location, PenaltyPolicy, Room, Service, ServiceKind
from ..rules import get_rules

for _kind, _model in (("location", Location), ("room", Room), ("service", Service)):
    audit.register_subject_labels(_kind, audit.column_labels(_model.id, _model.name))


def _clean(value: str | None) -> str | None:
    return (value or "").strip() or None


def _required_text(fields: dict[str, Any], name: str) -> str:
    value = _clean(fields.get(name))
    if value is None:
        raise ValidationFailed(name, "This field is required.")
    return value


def _search(stmt: Any, column: Any, q: str | None) -> Any:
    if q and q.strip():
        stmt = stmt.where(search.matches(q, func.lower(column)))
    return stmt


# --- booking rules -----------------------------------------------------------------------------


def get_booking_rules(session: Session, *, actor: Actor) -> BookingRules:
    require_authenticated(actor)
    return get_rules(session)


def update_booking_rules(session: Session, *, actor: Actor, if_match: str | None, **fields: Any) -> BookingRules:
    """Replace the rules, if they are still the version the admin edited (``if_match``, the ETag they read)."""
    policy.require_setup_editor(actor)
    current = get_rules(session)
    check_if_match(if_match, etag_for(current.id, current.updated_at))
    for kind in ("late_cancel", "no_show"):
        if fields[f"{kind}_policy"] == PenaltyPolicy.FEE and fields[f"{kind}_fee_minor"] <= 0:
            raise ValidationFailed(f"{kind}_fee_minor", "A fee policy needs a fee above zero.")
    rules = get_rules(session)
    changed = sorted(name for name, value in fields.items() if getattr(rules, name) != value)
    for name, value in fields.items():
        setattr(rules, name, value)
    rules.updated_at = utcnow()
    session.flush()
    audit.record(session, actor, "booking_rules.update", "booking_rules", rules.id, {"fields": changed})
    return rules


# --- locations ---------------------------------------------------------------------------------


def list_locations(
    session: Session,
    *,
    actor: Actor,
    q: str | None = None,
    include_archived: bool = False,
    limit: int = 25,
    cursor: str | None = None,
) -> Page[Location]:
    require_authenticated(actor)
    stmt = _search(select(Location).options(selectinload(Location.rooms)), Location.name, q)
    if not include_archived:
        stmt = stmt.where(Location.archived_at.is_(None))
    return paginate(
        session, stmt, sort_column=Location.name, id_column=Location.id, descending=False, limit=limit, cursor=cursor
    )


def get_location(session: Session, *, actor: Actor, location_id: uuid.UUID) -> Location:
    require_authenticated(actor)
    location = session.get(Location, location_id)
    if location is None:
        raise NotFound("No such location.")
    return location


def location_for_edit(session: Session, *, actor: Actor, location_id: uuid.UUID) -> Location:
    """The location an admin is about to change: the role is checked before the version (403 before 428)."""
    policy.require_setup_editor(actor)
    return get_location(session, actor=actor, location_id=location_id)


def create_location(
    session: Session, *, actor: Actor, name: str, address: str | None = None, rooms: list[dict[str, Any]] | None = None
) -> Location:
    policy.require_setup_editor(actor)
    location = Location(id=uuid.uuid4(), name=_required_text({"name": name}, "name"), address=_clean(address), rooms=[])
    session.add(location)
    session.flush()
    audit.record(session, actor, "location.create", "location", location.id)
    for room in rooms or []:
        add_room(session, actor=actor, location=location, **room)
    session.expire(location, ["rooms"])  # reload in the relationship's order (by name)
    return location


def update_location(session: Session, *, actor: Actor, location: Location, **fields: Any) -> Location:
    policy.require_setup_editor(actor)
    if "name" in fields:
        location.name = _required_text(fields, "name")
    if "address" in fields:
        location.address = _clean(fields["address"])
    location.updated_at = utcnow()
    session.flush()
    audit.record(session, actor, "location.update", "location", location.id, {"fields": sorted(fields)})
    return location


def _set_archived(session: Session, actor: Actor, obj: Any, kind: str, *, archived: bool) -> None:
    """Archive or restore (idempotent): audited only when something changed."""
    if archived == (obj.archived_at is not None):
        return
    obj.archived_at = utcnow() if archived else None
    obj.updated_at = utcnow()
    session.flush()
    audit.record(session, actor, f"{kind}.archive" if archived else f"{kind}.restore", kind, obj.id)


def set_location_archived(session: Session, *, actor: Actor, location: Location, archived: bool) -> Location:
    """Archived locations keep their history and rooms but offer no new slots."""
    policy.require_setup_editor(actor)
    _set_archived(session, actor, location, "location", archived=archived)
    return location


# --- rooms -------------------------------------------------------------------------------------


def get_room(session: Session, *, actor: Actor, room_id: uuid.UUID) -> Room:
    require_authenticated(actor)
    room = session.get(Room, room_id)
    if room is None:
        raise NotFound("No such room.")
    return room


def room_for_edit(session: Session, *, actor: Actor, room_id: uuid.UUID) -> Room:
    """The room an admin is about to change: the role is checked before the version (403 before 428)."""
    policy.require_setup_editor(actor)
    return get_room(session, actor=actor, room_id=room_id)


def _flush_room_name(session: Session, name: str) -> None:
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        raise Conflict(f"This location already has a room named {name!r}.") from exc


def add_room(session: Session, *, actor: Actor, location: Location, name: str, capacity: int | None = None) -> Room:
    policy.require_setup_editor(actor)
    if location.archived_at is not None:
        raise Conflict("The location is archived; restore it before adding rooms.")
    room = Room(id=uuid.uuid4(), name=_required_text({"name": name}, "name"), capacity=capacity)
    location.rooms.append(room)
    _flush_room_name(session, room.name)
    audit.record(session, actor, "room.create", "room", room.id, {"location_id": str(location.id)})
    return room


def update_room(session: Session, *, actor: Actor, room: Room, **fields: Any) -> Room:
    policy.require_setup_editor(actor)
    if "name" in fields:
        room.name = _required_text(fields, "name")
    if "capacity" in fields:
        room.capacity = fields["capacity"]
    room.updated_at = utcnow()
    _flush_room_name(session, room.name)
    audit.record(session, actor, "room.update", "room", room.id, {"fields": sorted(fields)})
    return room


def set_room_archived(session: Session, *, actor: Actor, room: Room, archived: bool) -> Room:
    policy.require_setup_editor(actor)
    if not archived and room.location.archived_at is not None:
        raise Conflict("The room's location is archived; restore the location first.")
    _set_archived(session, actor, room, "room", archived=archived)
    return room


# --- services ----------------------------------------------------------------------------------


def list_services(
    session: Session,
    *,
    actor: Actor,
    q: str | None = None,
    kind: ServiceKind | None = None,
    include_archived: bool = False,
    limit: int = 25,
    cursor: str | None = None,
) -> Page[Service]:
    require_authenticated(actor)
    stmt = _search(select(Service), Service.name, q)
    if kind is not None:
        stmt = stmt.where(Service.kind == kind)
    if not include_archived:
        stmt = stmt.where(Service.archived_at.is_(None))
    return paginate(
        session, stmt, sort_column=Service.name, id_column=Service.id, descending=False, limit=limit, cursor=cursor
    )


def get_service(session: Session, *, actor: Actor, service_id: uuid.UUID) -> Service:
    require_authenticated(actor)
    service = session.get(Service, service_id)
    if service is None:
        raise NotFound("No such service.")
    return service


def service_for_edit(session: Session, *, actor: Actor, service_id: uuid.UUID) -> Service:
    """The service an admin is about to change: the role is checked before the version (403 before 428)."""
    policy.require_setup_editor(actor)
    return get_service(session, actor=actor, service_id=service_id)


def _checked_capacity(kind: ServiceKind, capacity: int | None) -> int:
    """A 1:1 service always seats one; a group service must say how many it seats."""
    if kind == ServiceKind.ONE_TO_ONE:
        if capacity not in (None, 1):
            raise ValidationFailed("default_capacity", "A 1:1 service has a capacity of 1.")
        return 1
    if capacity is None:
        raise ValidationFailed("default_capacity", "A group service needs a capacity of at least 1.")
    return capacity


def create_service(session: Session, *, actor: Actor, **fields: Any) -> Service:
    policy.require_setup_editor(actor)
    kind = ServiceKind(fields["kind"])
    service = Service(
        id=uuid.uuid4(),
        name=_required_text(fields, "name"),
        description=_clean(fields.get("description")),
        kind=kind,
        duration_minutes=fields["duration_minutes"],
        buffer_minutes=fields.get("buffer_minutes", 0),
        default_capacity=_checked_capacity(kind, fields.get("default_capacity")),
        colour=fields.get("colour", "#228be6").lower(),
        client_bookable=fields.get("client_bookable", True),
    )
    session.add(service)
    session.flush()
    audit.record(session, actor, "service.create", "service", service.id)
    return service


def update_service(session: Session, *, actor: Actor, service: Service, **fields: Any) -> Service:
    policy.require_setup_editor(actor)
    for name in ("kind", "duration_minutes", "buffer_minutes", "colour", "client_bookable"):
        if name in fields and fields[name] is None:
            raise ValidationFailed(name, "This field cannot be empty.")
    kind = ServiceKind(fields.get("kind") or service.kind)
    if kind != service.kind and session.scalar(select(exists().where(Appointment.service_id == service.id))):
        raise Conflict("The service already has appointments; create a new service instead of changing its kind.")
    capacity = fields.get("default_capacity")
    if capacity is None and kind == service.kind:
        capacity = service.default_capacity
    service.default_capacity = _checked_capacity(kind, capacity)
    service.kind = kind
    if "name" in fields:
        service.name = _required_text(fields, "name")
    if "description" in fields:
        service.description = _clean(fields["description"])
    for name in ("duration_minutes", "buffer_minutes", "client_bookable"):
        if name in fields:
            setattr(service, name, fields[name])
    if "colour" in fields:
        service.colour = fields["colour"].lower()
    service.updated_at = utcnow()
    session.flush()
    audit.record(session, actor, "service.update", "service", service.id, {"fields": sorted(fields)})
    return service


def set_service_archived(session: Session, *, actor: Actor, service: Service, archived: bool) -> Service:
    """Archived services keep their appointments but can no longer be booked."""
    policy.require_setup_editor(actor)
    _set_archived(session, actor, service, "service", archived=archived)
    return service
