"""Everything on a calendar in one call, personal iCal feeds and single-booking downloads.

The calendar is read with a constant number of queries whatever its size: one for the appointments (names
joined, seat and waitlist counts as correlated sub-queries on ``bookings(appointment_id)``), one for the 1:1
clients' names, one for time off. The range condition bounds ``starts_at`` on both sides so PostgreSQL walks
the ``(trainer_id, starts_at)`` index.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import case, exists, func, null, or_, select
from sqlalchemy.orm import Session

from ...accounts import service as accounts_service
from ...accounts.models import User
from ...clients.models import Client
from ...core import audit
from ...core.actor import Actor
from ...core.crypto import new_token, token_hash
from ...core.db import utcnow
from ...core.errors import Conflict, NotFound, ValidationFailed
from ...core.pagination import Page, paginate
from ...core.policy import require_authenticated
from ...staff.models import Trainer
from ..models import (
    SEAT_HOLDING,
    Appointment,
    AppointmentStatus,
    Booking,
    BookingStatus,
    CalendarFeed,
    Location,
    Room,
    Service,
    ServiceKind,
    TimeOff,
)

MAX_RANGE = timedelta(days=62)
EARLIEST, LATEST = datetime(1970, 1, 1, tzinfo=UTC), datetime(2200, 1, 1, tzinfo=UTC)
# No appointment lasts longer than this; it lets the range query bound starts_at from below too.
LONGEST_APPOINTMENT = timedelta(hours=24)
FEED_PAST, FEED_FUTURE = timedelta(days=30), timedelta(days=180)
MAX_FEED_EVENTS = 20_000
MAX_ACTIVE_FEEDS = 10


@dataclass(frozen=True)
class CalendarEvent:
    id: uuid.UUID
    kind: ServiceKind
    title: str | None
    starts_at: datetime
    ends_at: datetime
    status: AppointmentStatus
    updated_at: datetime
    service_id: uuid.UUID
    service_name: str
    colour: str
    trainer_id: uuid.UUID
    trainer_name: str
    location_id: uuid.UUID | None
    location_name: str | None
    room_id: uuid.UUID | None
    room_name: str | None
    capacity: int
    booked_count: int
    waitlist_count: int
    series_id: uuid.UUID | None
    client_id: uuid.UUID | None
    client_name: str | None
    my_booking_id: uuid.UUID | None
    my_booking_status: BookingStatus | None


@dataclass(frozen=True)
class TimeOffEntry:
    id: uuid.UUID
    trainer_id: uuid.UUID
    trainer_name: str
    starts_at: datetime
    ends_at: datetime
    reason: str | None


@dataclass(frozen=True)
class CalendarView:
    events: list[CalendarEvent]
    time_off: list[TimeOffEntry]


# --- the calendar view ---------------------------------------------------------------------------

def _check_range(start: datetime, end: datetime) -> None:
    if start < EARLIEST or end > LATEST:
        raise ValidationFailed("from", "Dates must fall between 1970 and 2200.")
    if end <= start:
        raise ValidationFailed("to", "`to` must be after `from`.")
    if end - start > MAX_RANGE:
        raise ValidationFailed("to", "The range is at most 62 days.")


def _staff_trainer_filter(actor: Actor, trainer_id: uuid.UUID | None) -> uuid.UUID | None:
    """The trainer whose calendar a staff member reads: admins any (None = all), trainers only their own."""
    if actor.is_admin:
        return trainer_id
    if trainer_id is not None and trainer_id != actor.trainer_id:
        raise NotFound("No such trainer calendar.")
    return actor.trainer_id or uuid.UUID(int=0)  # a trainer role without a profile sees nothing


def _client_holds(client_id: uuid.UUID | None, *, seat_only: bool) -> Any:
    """The client has (or had, if the appointment was cancelled) a place in the appointment.

    A voided booking never happened: it puts nothing on the client's calendar.
    """
    gone = (BookingStatus.CANCELLED, BookingStatus.VOIDED)
    statuses = SEAT_HOLDING if seat_only else tuple(s for s in BookingStatus if s not in gone)
    return exists().where(Booking.appointment_id == Appointment.id, Booking.client_id == client_id,
                          Booking.status != BookingStatus.VOIDED,
                          or_(Booking.status.in_(statuses), Appointment.status == AppointmentStatus.CANCELLED))


def calendar(session: Session, *, actor: Actor, start: datetime, end: datetime,
             trainer_id: uuid.UUID | None = None) -> CalendarView:
    require_authenticated(actor)
    _check_range(start, end)
    if actor.is_client:
        conditions = [_client_holds(actor.client_id, seat_only=False)]
        if trainer_id is not None:
            conditions.append(Appointment.trainer_id == trainer_id)
        return CalendarView(events=load_events(session, actor=actor, start=start, end=end, conditions=conditions),
                            time_off=[])
    wanted = _staff_trainer_filter(actor, trainer_id)
    conditions = [] if wanted is None else [Appointment.trainer_id == wanted]
    return CalendarView(events=load_events(session, actor=actor, start=start, end=end, conditions=conditions),
                        time_off=_time_off(session, start=start, end=end, trainer_id=wanted))


def _counts() -> tuple[Any, Any]:
    def count(*statuses: BookingStatus) -> Any:
        return (select(func.count()).where(Booking.appointment_id == Appointment.id, Booking.status.in_(statuses))
                .correlate(Appointment).scalar_subquery())

    return count(*SEAT_HOLDING), count(BookingStatus.WAITLISTED)


def _one_to_one_client(column: Any) -> Any:
    """A 1:1 session's client (``column`` of Booking or Client): the one holding the seat, else the latest
    booking's (e.g. cancelled with the session). Index lookups on ``bookings(appointment_id)`` and the PK."""
    holder = (select(column).select_from(Booking).join(Client, Client.id == Booking.client_id)
              .where(Booking.appointment_id == Appointment.id)
              .order_by(case((Booking.status.in_(SEAT_HOLDING), 0), else_=1), Booking.created_at.desc())
              .limit(1).correlate(Appointment).scalar_subquery())
    return case((Appointment.kind == ServiceKind.ONE_TO_ONE, holder), else_=null())


def _my_booking(client_id: uuid.UUID | None) -> tuple[Any, Any]:
    if client_id is None:
        return null(), null()

    def latest(column: Any) -> Any:
        return (select(column).where(Booking.appointment_id == Appointment.id, Booking.client_id == client_id)
                .order_by(Booking.created_at.desc()).limit(1).correlate(Appointment).scalar_subquery())

    return latest(Booking.id), latest(Booking.status)


def load_events(session: Session, *, actor: Actor, start: datetime, end: datetime, conditions: list[Any],
                limit: int | None = None) -> list[CalendarEvent]:
    """Appointments overlapping [start, end) that match ``conditions``, with everything a calendar shows.

    One statement: names are joined, counts and a 1:1 session's client are correlated sub-queries; the
    columns are labelled as ``CalendarEvent``'s fields.
    """
    booked, waiting = _counts()
    my_id, my_status = _my_booking(actor.client_id if actor.is_client else None)
    stmt = (
        select(Appointment.id, Appointment.kind, Appointment.title, Appointment.starts_at, Appointment.ends_at,
               Appointment.status, Appointment.updated_at, Appointment.service_id, Service.name.label("service_name"),
               Service.colour, Appointment.trainer_id,
               (Trainer.first_name + " " + Trainer.last_name).label("trainer_name"),
               Appointment.location_id, Location.name.label("location_name"), Appointment.room_id,
               Room.name.label("room_name"), Appointment.capacity, booked.label("booked_count"),
               waiting.label("waitlist_count"), Appointment.series_id,
               _one_to_one_client(Booking.client_id).label("client_id"),
               _one_to_one_client(Client.first_name + " " + Client.last_name).label("client_name"),
               my_id.label("my_booking_id"),
               my_status.label("my_booking_status"))
        .join(Service, Service.id == Appointment.service_id)
        .join(Trainer, Trainer.id == Appointment.trainer_id)
        .outerjoin(Location, Location.id == Appointment.location_id)
        .outerjoin(Room, Room.id == Appointment.room_id)
        .where(Appointment.starts_at < end, Appointment.starts_at >= start - LONGEST_APPOINTMENT,
               Appointment.ends_at > start, *conditions)
        .order_by(Appointment.starts_at, Appointment.id)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    events = [CalendarEvent(**row._mapping) for row in session.execute(stmt)]
    if actor.is_client:  # a client never learns who else booked
        events = [e if e.client_id == actor.client_id else replace(e, client_id=None, client_name=None)
                  for e in events]
    return events


def _time_off(session: Session, *, start: datetime, end: datetime, trainer_id: uuid.UUID | None) -> list[TimeOffEntry]:
    stmt = (select(TimeOff.id, TimeOff.trainer_id, (Trainer.first_name + " " + Trainer.last_name).label("trainer_name"),
                   TimeOff.starts_at, TimeOff.ends_at, TimeOff.reason)
            .join(Trainer, Trainer.id == TimeOff.trainer_id)
            .where(TimeOff.starts_at < end, TimeOff.ends_at > start).order_by(TimeOff.starts_at, TimeOff.id))
    if trainer_id is not None:
        stmt = stmt.where(TimeOff.trainer_id == trainer_id)
    return [TimeOffEntry(**row._mapping) for row in session.execute(stmt)]


# --- feeds ---------------------------------------------------------------------------------------

def list_feeds(session: Session, *, actor: Actor, limit: int = 25, cursor: str | None = None) -> Page[CalendarFeed]:
    require_authenticated(actor)
    stmt = select(CalendarFeed).where(CalendarFeed.user_id == actor.user_id, CalendarFeed.revoked_at.is_(None))
    return paginate(session, stmt, sort_column=CalendarFeed.created_at, id_column=CalendarFeed.id, descending=True,
                    limit=limit, cursor=cursor)


def create_feed(session: Session, *, actor: Actor) -> tuple[CalendarFeed, str]:
    """A new secret feed address for the caller; the token is returned once and stored only as a hash."""
    require_authenticated(actor)
    if actor.user_id is None:
        raise NotFound("Feeds belong to user accounts.")
    active = session.scalar(select(func.count()).select_from(CalendarFeed).where(
        CalendarFeed.user_id == actor.user_id, CalendarFeed.revoked_at.is_(None))) or 0
    if active >= MAX_ACTIVE_FEEDS:
        raise Conflict(f"You already have {MAX_ACTIVE_FEEDS} feeds; revoke one first.")
    raw = new_token()
    feed = CalendarFeed(id=uuid.uuid4(), user_id=actor.user_id, token_hash=token_hash(raw), created_at=utcnow())
    session.add(feed)
    session.flush()
    audit.record(session, actor, "calendar.feed_created", "calendar_feed", feed.id)
    return feed, raw


def revoke_feed(session: Session, *, actor: Actor, feed_id: uuid.UUID) -> None:
    require_authenticated(actor)
    feed = session.get(CalendarFeed, feed_id)
    if feed is None or feed.user_id != actor.user_id or feed.revoked_at is not None:
        raise NotFound("No such calendar feed.")
    feed.revoked_at = utcnow()
    audit.record(session, actor, "calendar.feed_revoked", "calendar_feed", feed.id)


def feed_owner(session: Session, *, token: str) -> tuple[Actor, str]:
    """The actor a feed token speaks for, and their name; unknown, revoked or dead accounts are 404."""
    feed = session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == token_hash(token)))
    user = session.get(User, feed.user_id) if feed is not None and feed.revoked_at is None else None
    if feed is None or user is None or not user.is_active:
        raise NotFound("No such calendar feed.")
    feed.last_used_at = utcnow()
    return accounts_service.actor_for(user, ip=None, request_id=None), user.full_name


def feed_events(session: Session, *, owner: Actor, now: datetime | None = None) -> list[CalendarEvent]:
    """Exactly the owner's events from 30 days ago to 180 days ahead.

    Trainers: their appointments. Clients: appointments where they hold a seat (or held one when it was
    cancelled). Admins: every appointment.
    """
    now = now or utcnow()
    if owner.is_client:
        conditions = [_client_holds(owner.client_id, seat_only=True)]
    elif owner.is_trainer:
        conditions = [Appointment.trainer_id == (owner.trainer_id or uuid.UUID(int=0))]
    else:
        conditions = []
    return load_events(session, actor=owner, start=now - FEED_PAST, end=now + FEED_FUTURE, conditions=conditions,
                       limit=MAX_FEED_EVENTS)


def booking_event(session: Session, *, actor: Actor, booking_id: uuid.UUID) -> tuple[CalendarEvent, Booking]:
    """One booking's appointment, scoped like the booking: the client, the appointment's trainer, admins."""
    require_authenticated(actor)
    stmt = select(Booking).join(Appointment, Appointment.id == Booking.appointment_id).where(Booking.id == booking_id)
    if actor.is_client:
        stmt = stmt.where(Booking.client_id == actor.client_id)
    elif actor.is_trainer:
        stmt = stmt.where(Appointment.trainer_id == actor.trainer_id)
    booking = session.scalar(stmt)
    if booking is None:
        raise NotFound("No such booking.")
    appointment = booking.appointment
    [event] = load_events(session, actor=actor, start=appointment.starts_at, end=appointment.ends_at,
                          conditions=[Appointment.id == appointment.id])
    return event, booking
