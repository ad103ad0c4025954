"""Trainer availability (working hours, exceptions, time off) and the bookable slots computed from it.

Admins manage every trainer's availability, a trainer their own (another trainer's is 404), clients none.
Slots are read by everyone signed in, each within their scope.
"""

from __future__ import annotations

import itertools
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ...core import audit
from ...core.actor import Actor, Role
from ...core.business import business_today, business_zone, get_business
from ...core.db import utcnow
from ...core.errors import NotFound, ValidationFailed
from ...core.http import check_if_match, content_etag
from ...core.policy import require_authenticated, require_role, require_write_scope
from ...staff import service as staff_service
from .. import policy
from ..hours import load_availability
from ..models import (
    Appointment,
    AppointmentStatus,
    AvailabilityException,
    ExceptionKind,
    Location,
    Service,
    ServiceKind,
    TimeOff,
    WorkingHours,
)
from ..rules import get_rules
from . import slots as slot_math

MAX_LISTED = 500  # exceptions / time off shown in one availability answer
MAX_SLOTS = 2000
MAX_EXCEPTION_AHEAD = timedelta(days=730)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Availability:
    trainer_id: uuid.UUID
    timezone: str
    working_hours: list[WorkingHours]
    exceptions: list[AvailabilityException]
    time_off: list[TimeOff]

    @property
    def working_hours_version(self) -> str:
        return working_hours_version(self.working_hours)


def working_hours_version(hours: list[WorkingHours]) -> str:
    """What PUT .../working-hours compares its If-Match with: the week as it stands."""
    return content_etag(sorted((h.weekday, h.start_time, h.end_time, h.location_id) for h in hours))


@dataclass(frozen=True)
class TrainerSlot:
    trainer_id: uuid.UUID
    trainer_name: str
    location_id: uuid.UUID | None
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class SlotResult:
    items: list[TrainerSlot]
    truncated: bool


class InvalidFields(ValidationFailed):
    """A 422 naming several fields at once."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__(errors[0]["field"], errors[0]["message"])
        self.errors = errors


def _managed_trainer(session: Session, actor: Actor, trainer_id: uuid.UUID) -> uuid.UUID:
    policy.require_calendar_manager(actor, trainer_id)
    return staff_service.get_trainer(session, actor=actor, trainer_id=trainer_id).id


def _usable_locations(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, Location]:
    if not ids:
        return {}
    return {loc.id: loc for loc in session.scalars(select(Location).where(Location.id.in_(ids)))}


def _location_error(location: Location | None) -> str | None:
    if location is None:
        return "No such location."
    if location.archived_at is not None:
        return "The location is archived; restore it or pick another."
    return None


# --- reading and replacing availability ---------------------------------------------------------


def _working_hours(session: Session, trainer_id: uuid.UUID) -> list[WorkingHours]:
    return list(
        session.scalars(
            select(WorkingHours)
            .where(WorkingHours.trainer_id == trainer_id)
            .order_by(WorkingHours.weekday, WorkingHours.start_time)
        )
    )


def get_availability(session: Session, *, actor: Actor, trainer_id: uuid.UUID) -> Availability:
    trainer_id = _managed_trainer(session, actor, trainer_id)
    hours = _working_hours(session, trainer_id)
    exceptions = session.scalars(
        select(AvailabilityException)
        .where(AvailabilityException.trainer_id == trainer_id, AvailabilityException.on_date >= business_today(session))
        .order_by(AvailabilityException.on_date, AvailabilityException.start_time)
        .limit(MAX_LISTED)
    )
    time_off = session.scalars(
        select(TimeOff)
        .where(TimeOff.trainer_id == trainer_id, TimeOff.ends_at > utcnow())
        .order_by(TimeOff.starts_at)
        .limit(MAX_LISTED)
    )
    return Availability(
        trainer_id=trainer_id,
        timezone=get_business(session).timezone,
        working_hours=hours,
        exceptions=list(exceptions),
        time_off=list(time_off),
    )


def _overlap_errors(windows: list[dict[str, Any]]) -> list[dict[str, str]]:
    """One error per window that overlaps an earlier one on the same weekday (a trainer is in one place)."""
    by_day: dict[int, list[int]] = defaultdict(list)
    for index, window in enumerate(windows):
        by_day[window["weekday"]].append(index)
    errors = []
    for weekday, indexes in sorted(by_day.items()):
        ordered = sorted(indexes, key=lambda i: windows[i]["start_time"])
        for before, after in itertools.pairwise(ordered):
            if windows[after]["start_time"] < windows[before]["end_time"]:
                errors.append(
                    {
                        "field": f"working_hours[{after}]",
                        "message": (
                            f"{WEEKDAYS[weekday]} {_span(windows[after])} overlaps {_span(windows[before])} "
                            f"(row {before + 1})."
                        ),
                    }
                )
    return errors


def _span(window: dict[str, Any]) -> str:
    return f"{window['start_time']:%H:%M}-{window['end_time']:%H:%M}"


def replace_working_hours(
    session: Session, *, actor: Actor, trainer_id: uuid.UUID, windows: list[dict[str, Any]], if_match: str | None
) -> Availability:
    """Replace the week, if it is still the one the caller edited (``if_match``: its ``working_hours_version``)."""
    require_write_scope(actor)
    trainer_id = _managed_trainer(session, actor, trainer_id)
    check_if_match(if_match, working_hours_version(_working_hours(session, trainer_id)))
    locations = _usable_locations(session, {w["location_id"] for w in windows})
    errors = [
        {"field": f"working_hours[{i}].location_id", "message": message}
        for i, w in enumerate(windows)
        if (message := _location_error(locations.get(w["location_id"])))
    ]
    errors += _overlap_errors(windows)
    if errors:
        raise InvalidFields(errors)
    session.execute(delete(WorkingHours).where(WorkingHours.trainer_id == trainer_id))
    session.add_all(WorkingHours(id=uuid.uuid4(), trainer_id=trainer_id, **w) for w in windows)
    session.flush()
    audit.record(session, actor, "working_hours.replace", "trainer", trainer_id, {"windows": len(windows)})
    return get_availability(session, actor=actor, trainer_id=trainer_id)


# --- exceptions and time off -------------------------------------------------------------------


def add_exception(
    session: Session,
    *,
    actor: Actor,
    trainer_id: uuid.UUID,
    on_date: date,
    kind: ExceptionKind,
    start_time: time | None = None,
    end_time: time | None = None,
    location_id: uuid.UUID | None = None,
    reason: str | None = None,
) -> AvailabilityException:
    require_write_scope(actor)
    trainer_id = _managed_trainer(session, actor, trainer_id)
    today = business_today(session)
    if not today <= on_date <= today + MAX_EXCEPTION_AHEAD:
        raise ValidationFailed("on_date", "Pick a date from today up to two years ahead.")
    if location_id is not None and (message := _location_error(session.get(Location, location_id))):
        raise ValidationFailed("location_id", message)
    exception = AvailabilityException(
        id=uuid.uuid4(),
        trainer_id=trainer_id,
        on_date=on_date,
        kind=kind,
        start_time=start_time,
        end_time=end_time,
        location_id=location_id,
        reason=(reason or "").strip() or None,
    )
    session.add(exception)
    session.flush()
    audit.record(
        session,
        actor,
        "availability_exception.create",
        "trainer",
        trainer_id,
        {"exception_id": str(exception.id), "kind": kind.value, "on_date": on_date.isoformat()},
    )
    return exception


def _staff_only(actor: Actor) -> None:
    require_role(actor, Role.ADMIN, Role.TRAINER)
    require_write_scope(actor)


def delete_exception(session: Session, *, actor: Actor, exception_id: uuid.UUID) -> None:
    _staff_only(actor)
    exception = session.get(AvailabilityException, exception_id)
    if exception is None:
        raise NotFound("No such availability exception.")
    policy.require_calendar_manager(actor, exception.trainer_id)
    session.delete(exception)
    audit.record(
        session,
        actor,
        "availability_exception.delete",
        "trainer",
        exception.trainer_id,
        {"exception_id": str(exception_id)},
    )


def add_time_off(
    session: Session,
    *,
    actor: Actor,
    trainer_id: uuid.UUID,
    starts_at: datetime,
    ends_at: datetime,
    reason: str | None = None,
) -> TimeOff:
    require_write_scope(actor)
    trainer_id = _managed_trainer(session, actor, trainer_id)
    if ends_at <= utcnow():
        raise ValidationFailed("ends_at", "Time off must end in the future.")
    time_off = TimeOff(
        id=uuid.uuid4(),
        trainer_id=trainer_id,
        starts_at=starts_at,
        ends_at=ends_at,
        reason=(reason or "").strip() or None,
    )
    session.add(time_off)
    session.flush()
    audit.record(session, actor, "time_off.create", "trainer", trainer_id, {"time_off_id": str(time_off.id)})
    return time_off


def delete_time_off(session: Session, *, actor: Actor, time_off_id: uuid.UUID) -> None:
    _staff_only(actor)
    time_off = session.get(TimeOff, time_off_id)
    if time_off is None:
        raise NotFound("No such time off.")
    policy.require_calendar_manager(actor, time_off.trainer_id)
    session.delete(time_off)
    audit.record(session, actor, "time_off.delete", "trainer", time_off.trainer_id, {"time_off_id": str(time_off_id)})


# --- bookable slots ----------------------------------------------------------------------------


def _slot_service(session: Session, actor: Actor, service_id: uuid.UUID) -> Service:
    service = session.get(Service, service_id)
    hidden_from_client = (
        service is not None and actor.is_client and (not service.client_bookable or service.archived_at is not None)
    )
    if service is None or hidden_from_client:
        raise NotFound("No such service.")
    if service.archived_at is not None:
        raise ValidationFailed("service_id", "The service is archived; restore it to offer slots.")
    if service.kind != ServiceKind.ONE_TO_ONE:
        raise ValidationFailed("service_id", "Slots are offered for 1:1 services; classes are booked via /classes.")
    return service


def _slot_trainers(session: Session, actor: Actor, trainer_id: uuid.UUID | None) -> dict[uuid.UUID, str]:
    """Active trainers whose slots the actor may see: a client's own trainers, a trainer themself, any for admins."""
    if actor.is_trainer:
        trainer_id = trainer_id or actor.trainer_id
        assert trainer_id is not None
        policy.require_calendar_manager(actor, trainer_id)
    if trainer_id is not None:  # scoped: a client asking for a trainer not assigned to them gets 404
        trainers = [staff_service.get_trainer(session, actor=actor, trainer_id=trainer_id)]
    else:
        trainers, cursor = [], None
        while True:
            page = staff_service.list_trainers(session, actor=actor, active=True, limit=100, cursor=cursor)
            trainers += page.items
            if (cursor := page.next_cursor) is None:
                break
    return {t.id: t.full_name for t in trainers if t.active}


def list_slots(
    session: Session,
    *,
    actor: Actor,
    service_id: uuid.UUID,
    range_from: datetime,
    range_to: datetime,
    trainer_id: uuid.UUID | None = None,
) -> SlotResult:
    require_authenticated(actor)
    service = _slot_service(session, actor, service_id)
    names = _slot_trainers(session, actor, trainer_id)
    rules, now = get_rules(session), utcnow()
    request = slot_math.SlotRequest(
        zone=business_zone(session),
        range_from=range_from,
        range_to=range_to,
        duration=timedelta(minutes=service.duration_minutes),
        buffer=timedelta(minutes=service.buffer_minutes),
        interval=timedelta(minutes=rules.slot_interval_minutes),
        not_before=now + timedelta(minutes=rules.min_notice_minutes),
        not_after=now + timedelta(days=rules.max_advance_days),
    )
    inputs = _slot_inputs(session, request, list(names))
    found = [
        TrainerSlot(trainer_id, names[trainer_id], slot.location_id, slot.starts_at, slot.ends_at)
        for trainer_id in names
        for slot in slot_math.bookable_slots(
            request,
            weekly=inputs.weekly[trainer_id],
            exceptions=inputs.exceptions[trainer_id],
            busy=inputs.busy[trainer_id],
        )
    ]
    found.sort(key=lambda s: (s.starts_at, s.trainer_name, s.trainer_id))
    return SlotResult(items=found[:MAX_SLOTS], truncated=len(found) > MAX_SLOTS)


@dataclass
class _SlotInputs:
    weekly: dict[uuid.UUID, list[slot_math.WeeklyWindow]]
    exceptions: dict[uuid.UUID, list[slot_math.DateException]]
    busy: dict[uuid.UUID, list[slot_math.Span]]


def _slot_inputs(session: Session, request: slot_math.SlotRequest, trainer_ids: list[uuid.UUID]) -> _SlotInputs:
    """Everything the computation needs for all trainers in four queries, whatever their number."""
    inputs = _SlotInputs(defaultdict(list), defaultdict(list), defaultdict(list))
    if not trainer_ids:
        return inputs
    first_day = request.range_from.astimezone(request.zone).date()
    last_day = request.range_to.astimezone(request.zone).date()
    inputs.weekly, inputs.exceptions = load_availability(session, trainer_ids, first_day, last_day)
    # A slot starting just before `to` blocks until its end plus buffer: look that far ahead.
    until = request.range_to + request.duration + request.buffer
    for off in session.scalars(
        select(TimeOff).where(
            TimeOff.trainer_id.in_(trainer_ids), TimeOff.starts_at < until, TimeOff.ends_at > request.range_from
        )
    ):
        inputs.busy[off.trainer_id].append(slot_math.Span(off.starts_at, off.ends_at))
    booked = session.execute(
        select(Appointment.trainer_id, Appointment.starts_at, Appointment.blocked_until).where(
            Appointment.trainer_id.in_(trainer_ids),
            Appointment.status == AppointmentStatus.SCHEDULED,
            Appointment.starts_at < until,
            Appointment.blocked_until > request.range_from,
        )
    )
    for row in booked:
        inputs.busy[row.trainer_id].append(slot_math.Span(row.starts_at, row.blocked_until))
    return inputs
