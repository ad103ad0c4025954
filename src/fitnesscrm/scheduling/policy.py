"""Who may do what in scheduling.

- Setup (locations, rooms, services, booking rules): every signed-in user reads it; admins change it.
- Calendars: admins manage every trainer's; a trainer their own (another's is outside their scope: 404); clients
  none (403). Series are staff business: admins see all, a trainer their own.
- 1:1 sessions: admins see all, a trainer theirs, a client those they are booked into. Bookings: admins all, a
  trainer those in their appointments, a client their own. Staff book and change; clients book themselves.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import exists

from ..core.actor import Actor, Role
from ..core.errors import NotFound, PermissionDenied
from ..core.policy import require_admin_writer, require_authenticated, require_role, require_staff_writer
from .models import Appointment, Booking, Series, ServiceKind

__all__ = [
    "require_calendar_manager",
    "require_setup_editor",
    "require_staff_writer",
    "staff_calendar",
    "visible_bookings",
    "visible_series",
    "visible_sessions",
]

require_setup_editor = require_admin_writer


def require_calendar_manager(actor: Actor, trainer_id: uuid.UUID) -> None:
    require_authenticated(actor)
    if actor.is_admin:
        return
    if actor.is_trainer:
        if actor.trainer_id != trainer_id:
            raise NotFound("No such trainer calendar.")
        return
    raise PermissionDenied("Only staff manage calendars.")


def staff_calendar(actor: Actor, trainer_id: uuid.UUID | None) -> uuid.UUID | None:
    """Whose calendar a staff member reads: an admin any trainer's (None: everyone's), a trainer only their own
    (None for a trainer login without a profile: the caller shows nothing then)."""
    if actor.is_admin:
        return trainer_id
    if trainer_id is not None and trainer_id != actor.trainer_id:
        raise NotFound("No such trainer calendar.")
    return actor.trainer_id


def visible_series(actor: Actor) -> list[Any]:
    require_role(actor, Role.ADMIN, Role.TRAINER)
    return [Series.trainer_id == actor.trainer_id] if actor.is_trainer else []


def visible_sessions(actor: Actor) -> list[Any]:
    require_authenticated(actor)
    conditions: list[Any] = [Appointment.kind == ServiceKind.ONE_TO_ONE]
    if actor.is_trainer:
        conditions.append(Appointment.trainer_id == actor.trainer_id)
    elif actor.is_client:
        conditions.append(
            exists().where(Booking.appointment_id == Appointment.id, Booking.client_id == actor.client_id)
        )
    return conditions


def visible_bookings(actor: Actor) -> list[Any]:
    """Conditions over ``bookings`` joined to their appointment."""
    require_authenticated(actor)
    if actor.is_client:
        return [Booking.client_id == actor.client_id]
    if actor.is_trainer:
        return [Appointment.trainer_id == actor.trainer_id]
    return []
