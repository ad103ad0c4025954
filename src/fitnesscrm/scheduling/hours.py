"""Is the trainer at work then? Time off refuses a booking; outside working hours asks staff to confirm.

Clients only ever book offered slots, which already lie inside working hours. Staff may book anything on a
calendar they manage, including extra hours, so a time outside the trainer's hours is a 409 they confirm by
resending with ``allow_outside_hours``; a trainer away on time off is a plain refusal. A trainer without any
working hours set has nothing to compare with, so nothing is asked.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..core.business import business_zone
from ..core.errors import Conflict
from ..staff import service as staff_service
from .availability import slots as slot_math
from .models import AvailabilityException, ExceptionKind, Location, TimeOff, WorkingHours

Weekly = dict[uuid.UUID, list[slot_math.WeeklyWindow]]
Exceptions = dict[uuid.UUID, list[slot_math.DateException]]


class OutsideWorkingHours(Conflict):
    title, type_slug = "Outside working hours", "outside-working-hours"


class TrainerAway(Conflict):
    title, type_slug = "Trainer on time off", "trainer-time-off"


def load_availability(
    session: Session, trainer_ids: list[uuid.UUID], first_day: date, last_day: date
) -> tuple[Weekly, Exceptions]:
    """Weekly hours and the date exceptions in [first_day, last_day] of these trainers, in two queries.

    Hours at an archived location do not count; closures always do.
    """
    weekly: Weekly = defaultdict(list)
    exceptions: Exceptions = defaultdict(list)
    if not trainer_ids:
        return weekly, exceptions
    for h in session.scalars(
        select(WorkingHours)
        .join(Location, Location.id == WorkingHours.location_id)
        .where(WorkingHours.trainer_id.in_(trainer_ids), Location.archived_at.is_(None))
    ):
        weekly[h.trainer_id].append(slot_math.WeeklyWindow(h.weekday, h.start_time, h.end_time, h.location_id))
    for e in session.scalars(
        select(AvailabilityException)
        .outerjoin(Location, Location.id == AvailabilityException.location_id)
        .where(
            AvailabilityException.trainer_id.in_(trainer_ids),
            AvailabilityException.on_date.between(first_day, last_day),
            or_(AvailabilityException.kind == ExceptionKind.UNAVAILABLE, Location.archived_at.is_(None)),
        )
    ):
        exceptions[e.trainer_id].append(
            slot_math.DateException(e.on_date, e.kind, e.start_time, e.end_time, e.location_id)
        )
    return weekly, exceptions


def require_trainer_at_work(
    session: Session, *, trainer_id: uuid.UUID, starts_at: datetime, ends_at: datetime, allow_outside_hours: bool
) -> None:
    """Refuse time off; refuse a time outside working hours unless staff confirmed it."""
    zone = business_zone(session)
    name = staff_service.trainer_name(session, trainer_id) or "The trainer"
    away = session.scalar(
        select(TimeOff)
        .where(TimeOff.trainer_id == trainer_id, TimeOff.starts_at < ends_at, TimeOff.ends_at > starts_at)
        .order_by(TimeOff.starts_at)
        .limit(1)
    )
    if away is not None:
        reason = f" ({away.reason})" if away.reason else ""
        raise TrainerAway(
            f"{name} has time off {_local(away.starts_at, zone)} to {_local(away.ends_at, zone)}"
            f"{reason}. Remove the time off first to book then."
        )
    if allow_outside_hours:
        return
    first_day, last_day = starts_at.astimezone(zone).date(), ends_at.astimezone(zone).date()
    weekly, exceptions = load_availability(session, [trainer_id], first_day, last_day)
    if not weekly[trainer_id]:
        return
    windows = _joined(
        slot_math.availability_windows(zone, first_day, last_day, weekly[trainer_id], exceptions[trainer_id])
    )
    if any(w.starts_at <= starts_at and ends_at <= w.ends_at for w in windows):
        return
    that_day = [w for w in windows if w.starts_at.astimezone(zone).date() == first_day]
    spans = ", ".join(f"{w.starts_at.astimezone(zone):%H:%M}-{w.ends_at.astimezone(zone):%H:%M}" for w in that_day)
    start = starts_at.astimezone(zone)
    raise OutsideWorkingHours(
        f"{start:%a %d %b %H:%M}-{ends_at.astimezone(zone):%H:%M} is outside {name}'s working hours "
        f"({start:%a} {spans or 'none'})."
    )


def _joined(windows: Iterable[slot_math.Window]) -> list[slot_math.Window]:
    """Windows sorted, with touching ones joined (a session may run from one window straight into the next)."""
    joined: list[slot_math.Window] = []
    for w in sorted(windows, key=lambda w: w.starts_at):
        if joined and w.starts_at <= joined[-1].ends_at:
            last = joined[-1]
            joined[-1] = slot_math.Window(last.location_id, last.starts_at, max(last.ends_at, w.ends_at))
        else:
            joined.append(w)
    return joined


def _local(moment: datetime, zone: ZoneInfo) -> str:
    return f"{moment.astimezone(zone):%a %d %b %H:%M}"
