"""The business's booking rules and time zone, and who may manage which trainer's calendar."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..core.actor import Actor
from ..core.errors import NotFound, PermissionDenied
from ..core.policy import require_authenticated
from .models import BookingRules

# Clients arrive early: the front desk may check them in this long before the start. Attended and no-show
# are facts only once the session has started.
CHECK_IN_OPENS_BEFORE = timedelta(minutes=30)


def get_rules(session: Session) -> BookingRules:
    """The single rules row, created with defaults the first time anyone asks."""
    rules = session.get(BookingRules, 1)
    if rules is None:
        # The first readers of a new business can arrive together (the load test's users did): each inserts the
        # row, and ON CONFLICT lets all but one find the winner's instead of failing on the primary key.
        insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        session.execute(insert(BookingRules).values(id=1).on_conflict_do_nothing(index_elements=["id"]))
        rules = session.get(BookingRules, 1)
        assert rules is not None  # inserted now, or by the reader that won
    return rules


def check_in_opens_at(starts_at: datetime) -> datetime:
    return starts_at - CHECK_IN_OPENS_BEFORE


def business_zone(session: Session) -> ZoneInfo:
    return ZoneInfo(get_rules(session).timezone)


def local_to_utc(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """A local wall-clock time on a date as a UTC instant.

    In the autumn overlap the first (summer-time) instant is taken; a time that does not exist in the spring
    gap is moved forward by the gap, as calendar apps do.
    """
    local = datetime.combine(day, wall, tzinfo=zone)
    as_utc = local.astimezone(ZoneInfo("UTC"))
    if as_utc.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):  # inside the spring gap
        shifted = datetime.combine(day, wall) + timedelta(hours=1)
        as_utc = shifted.replace(tzinfo=zone).astimezone(ZoneInfo("UTC"))
    return as_utc


def require_calendar_manager(actor: Actor, trainer_id: uuid.UUID) -> None:
    """Admins manage every calendar; a trainer only their own. Clients never manage one.

    A trainer reaching for another trainer's calendar gets 404: it is outside their scope.
    """
    require_authenticated(actor)
    if actor.is_admin:
        return
    if actor.is_trainer:
        if actor.trainer_id != trainer_id:
            raise NotFound("No such trainer calendar.")
        return
    raise PermissionDenied("Only staff manage calendars.")
