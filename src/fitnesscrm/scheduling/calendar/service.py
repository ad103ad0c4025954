"""Everything on a calendar in one call, personal iCal feeds and single-booking downloads.

The calendar is read with a constant number of queries whatever its size: one for the appointments (names
joined, seat and waitlist counts as correlated sub-queries on ``bookings(appointment_id)``), one for the 1:1
clients' names, one for time off. The range condition bounds ``starts_at`` on both sides so PostgreSQL walks
the ``(trainer_id, starts_at)`` index.
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Select, bindparam, case, exists, func, null, or_, select, update
from sqlalchemy.orm import Session

from ...accounts import service as accounts_service
from ...clients.read import ClientNames
from ...core import audit
from ...core.actor import Actor
from ...core.crypto import new_token, token_hash
from ...core.db import utcnow
from ...core.errors import Conflict, NotFound, ValidationFailed
from ...core.pagination import Page, paginate
from ...core.policy import require_authenticated
from ...staff.read import TrainerNames
from .. import policy
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
NOBODY = uuid.UUID(int=0)  # matches no trainer or client: for an account without its profile


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


def _client_holds(client_id: Any, *, seat_only: bool) -> Any:
    """The client has (or had, if the appointment was cancelled) a place in the appointment.

    A voided booking never happened: it puts nothing on the client's calendar.
    """
    gone = (BookingStatus.CANCELLED, BookingStatus.VOIDED)
    statuses = SEAT_HOLDING if seat_only else tuple(s for s in BookingStatus if s not in gone)
    return exists().where(
        Booking.appointment_id == Appointment.id,
        Booking.client_id == client_id,
        Booking.status != BookingStatus.VOIDED,
        or_(Booking.status.in_(statuses), Appointment.status == AppointmentStatus.CANCELLED),
    )


def calendar(
    session: Session, *, actor: Actor, start: datetime, end: datetime, trainer_id: uuid.UUID | None = None
) -> CalendarView:
    require_authenticated(actor)
    _check_range(start, end)
    if actor.is_client:
        return CalendarView(
            events=load_events(
                session, actor=actor, start=start, end=end, trainer_id=trainer_id, holder_id=actor.client_id or NOBODY
            ),
            time_off=[],
        )
    wanted = policy.staff_calendar(actor, trainer_id)
    if wanted is None and not actor.is_admin:
        wanted = NOBODY  # a trainer login without a trainer profile sees nothing
    return CalendarView(
        events=load_events(session, actor=actor, start=start, end=end, trainer_id=wanted),
        time_off=_time_off(session, start=start, end=end, trainer_id=wanted),
    )


def _counts() -> tuple[Any, Any]:
    def count(*statuses: BookingStatus) -> Any:
        return (
            select(func.count())
            .where(Booking.appointment_id == Appointment.id, Booking.status.in_(statuses))
            .correlate(Appointment)
            .scalar_subquery()
        )

    return count(*SEAT_HOLDING), count(BookingStatus.WAITLISTED)


def _one_to_one_client(column: Any) -> Any:
    """A 1:1 session's client (``column`` of Booking or ClientNames): the one holding the seat, else the latest
    booking's (e.g. cancelled with the session). Index lookups on ``bookings(appointment_id)`` and the PK."""
    holder = (
        select(column)
        .select_from(Booking)
        .join(ClientNames.table, ClientNames.id == Booking.client_id)
        .where(Booking.appointment_id == Appointment.id)
        .order_by(case((Booking.status.in_(SEAT_HOLDING), 0), else_=1), Booking.created_at.desc())
        .limit(1)
        .correlate(Appointment)
        .scalar_subquery()
    )
    return case((Appointment.kind == ServiceKind.ONE_TO_ONE, holder), else_=null())


def _my_booking(client_id: Any) -> tuple[Any, Any]:
    def latest(column: Any) -> Any:
        return (
            select(column)
            .where(Booking.appointment_id == Appointment.id, Booking.client_id == client_id)
            .order_by(Booking.created_at.desc())
            .limit(1)
            .correlate(Appointment)
            .scalar_subquery()
        )

    return latest(Booking.id), latest(Booking.status)


@functools.cache
def _events_statement(
    *, by_trainer: bool, held: Literal["place", "seat"] | None, by_appointment: bool, for_client: bool, limited: bool
) -> Select[Any]:
    """The calendar statement for one combination of filters, built once: its values are bound parameters, so
    a request neither rebuilds it nor recomputes its cache key (both cost more than running it)."""
    booked, waiting = _counts()
    my_id, my_status = _my_booking(bindparam("me")) if for_client else (null(), null())
    stmt = (
        select(
            Appointment.id,
            Appointment.kind,
            Appointment.title,
            Appointment.starts_at,
            Appointment.ends_at,
            Appointment.status,
            Appointment.updated_at,
            Appointment.service_id,
            Service.name.label("service_name"),
            Service.colour,
            Appointment.trainer_id,
            TrainerNames.full_name.label("trainer_name"),
            Appointment.location_id,
            Location.name.label("location_name"),
            Appointment.room_id,
            Room.name.label("room_name"),
            Appointment.capacity,
            booked.label("booked_count"),
            waiting.label("waitlist_count"),
            Appointment.series_id,
            _one_to_one_client(Booking.client_id).label("client_id"),
            _one_to_one_client(ClientNames.full_name).label("client_name"),
            my_id.label("my_booking_id"),
            my_status.label("my_booking_status"),
        )
        .join(Service, Service.id == Appointment.service_id)
        .join(TrainerNames.table, TrainerNames.id == Appointment.trainer_id)
        .outerjoin(Location, Location.id == Appointment.location_id)
        .outerjoin(Room, Room.id == Appointment.room_id)
        .where(
            Appointment.starts_at < bindparam("end"),
            Appointment.starts_at >= bindparam("earliest_start"),
            Appointment.ends_at > bindparam("start"),
        )
        .order_by(Appointment.starts_at, Appointment.id)
    )
    if by_trainer:
        stmt = stmt.where(Appointment.trainer_id == bindparam("trainer_id"))
    if held is not None:
        stmt = stmt.where(_client_holds(bindparam("holder_id"), seat_only=held == "seat"))
    if by_appointment:
        stmt = stmt.where(Appointment.id == bindparam("appointment_id"))
    return stmt.limit(MAX_FEED_EVENTS) if limited else stmt


def load_events(
    session: Session,
    *,
    actor: Actor,
    start: datetime,
    end: datetime,
    trainer_id: uuid.UUID | None = None,
    holder_id: uuid.UUID | None = None,
    seat_only: bool = False,
    appointment_id: uuid.UUID | None = None,
    limited: bool = False,
) -> list[CalendarEvent]:
    """Appointments overlapping [start, end), of one trainer, where a client holds a place (``holder_id``; with
    ``seat_only``, a seat) or one appointment, as given; ``limited`` stops at MAX_FEED_EVENTS.

    One statement: names are joined, counts and a 1:1 session's client are correlated sub-queries; the
    columns are labelled as ``CalendarEvent``'s fields.
    """
    for_client = actor.is_client
    stmt = _events_statement(
        by_trainer=trainer_id is not None,
        held=None if holder_id is None else "seat" if seat_only else "place",
        by_appointment=appointment_id is not None,
        for_client=for_client,
        limited=limited,
    )
    params: dict[str, Any] = {"start": start, "end": end, "earliest_start": start - LONGEST_APPOINTMENT}
    for name, value in (("trainer_id", trainer_id), ("holder_id", holder_id), ("appointment_id", appointment_id)):
        if value is not None:
            params[name] = value
    if for_client:
        params["me"] = actor.client_id
    events = [CalendarEvent(**row._mapping) for row in session.execute(stmt, params)]
    if for_client:  # a client never learns who else booked
        events = [e if e.client_id == actor.client_id else replace(e, client_id=None, client_name=None) for e in events]
    return events


@functools.cache
def _time_off_statement(*, by_trainer: bool) -> Select[Any]:
    stmt = (
        select(
            TimeOff.id,
            TimeOff.trainer_id,
            TrainerNames.full_name.label("trainer_name"),
            TimeOff.starts_at,
            TimeOff.ends_at,
            TimeOff.reason,
        )
        .join(TrainerNames.table, TrainerNames.id == TimeOff.trainer_id)
        .where(TimeOff.starts_at < bindparam("end"), TimeOff.ends_at > bindparam("start"))
        .order_by(TimeOff.starts_at, TimeOff.id)
    )
    return stmt.where(TimeOff.trainer_id == bindparam("trainer_id")) if by_trainer else stmt


def _time_off(session: Session, *, start: datetime, end: datetime, trainer_id: uuid.UUID | None) -> list[TimeOffEntry]:
    params: dict[str, Any] = {"start": start, "end": end}
    if trainer_id is not None:
        params["trainer_id"] = trainer_id
    stmt = _time_off_statement(by_trainer=trainer_id is not None)
    return [TimeOffEntry(**row._mapping) for row in session.execute(stmt, params)]


# --- feeds ---------------------------------------------------------------------------------------


def list_feeds(session: Session, *, actor: Actor, limit: int = 25, cursor: str | None = None) -> Page[CalendarFeed]:
    require_authenticated(actor)
    stmt = select(CalendarFeed).where(CalendarFeed.user_id == actor.user_id, CalendarFeed.revoked_at.is_(None))
    return paginate(
        session,
        stmt,
        sort_column=CalendarFeed.created_at,
        id_column=CalendarFeed.id,
        descending=True,
        limit=limit,
        cursor=cursor,
    )


def create_feed(session: Session, *, actor: Actor) -> tuple[CalendarFeed, str]:
    """A new secret feed address for the caller; the token is returned once and stored only as a hash."""
    require_authenticated(actor)
    if actor.user_id is None:
        raise NotFound("Feeds belong to user accounts.")
    active = (
        session.scalar(
            select(func.count())
            .select_from(CalendarFeed)
            .where(CalendarFeed.user_id == actor.user_id, CalendarFeed.revoked_at.is_(None))
        )
        or 0
    )
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


def revoke_user_feeds(session: Session, *, user_id: uuid.UUID) -> int:
    """Every live feed link of the user stops working (their password was reset, or changed with that choice);
    the number revoked."""
    result = session.execute(
        update(CalendarFeed)
        .where(CalendarFeed.user_id == user_id, CalendarFeed.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def feed_owner(session: Session, *, token: str) -> tuple[Actor, str]:
    """The actor a feed token speaks for, and their name; unknown, revoked or dead accounts are 404."""
    feed = session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == token_hash(token)))
    user = accounts_service.user_by_id(session, feed.user_id) if feed is not None and feed.revoked_at is None else None
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
    start, end = now - FEED_PAST, now + FEED_FUTURE
    if owner.is_client:
        return load_events(
            session,
            actor=owner,
            start=start,
            end=end,
            holder_id=owner.client_id or NOBODY,
            seat_only=True,
            limited=True,
        )
    if owner.is_trainer:
        return load_events(
            session, actor=owner, start=start, end=end, trainer_id=owner.trainer_id or NOBODY, limited=True
        )
    return load_events(session, actor=owner, start=start, end=end, limited=True)


def booking_event(session: Session, *, actor: Actor, booking_id: uuid.UUID) -> tuple[CalendarEvent, Booking]:
    """One booking's appointment, scoped like the booking: the client, the appointment's trainer, admins."""
    require_authenticated(actor)
    stmt = (
        select(Booking)
        .join(Appointment, Appointment.id == Booking.appointment_id)
        .where(Booking.id == booking_id, *policy.visible_bookings(actor))
    )
    booking = session.scalar(stmt)
    if booking is None:
        raise NotFound("No such booking.")
    appointment = booking.appointment
    [event] = load_events(
        session, actor=actor, start=appointment.starts_at, end=appointment.ends_at, appointment_id=appointment.id
    )
    return event, booking
