"""Recurring series: create from an RRULE, edit or cancel "this", "this and following" or "all", extend the horizon.

Occurrences are ordinary appointments (``series_id`` + ``original_start``), placed, moved and cancelled only
through ``scheduling.placement``, so conflicts, bookings and events behave exactly as for one-off sessions.
An occurrence's *series date* is the local date of its ``original_start``: that is what the rule generated,
even after the occurrence was moved, and it is how re-materialising recognises what already exists.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import structlog
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from ...clients import service as clients_service
from ...core import audit
from ...core.actor import Actor, Role
from ...core.business import business_zone, local_to_utc
from ...core.db import utcnow
from ...core.errors import Conflict, DomainError, NotFound, ValidationFailed
from ...core.pagination import Page, paginate
from ...core.policy import require_role, require_write_scope
from ...staff import service as staff_service
from .. import placement, policy
from ..models import Appointment, AppointmentStatus, Location, Room, Series, Service, ServiceKind
from . import recurrence

# A series without its own title is called by its service's name, as the calendar does.
audit.register_subject_labels(
    "series",
    audit.column_labels(
        Series.id,
        Series.title,
        Service.name,
        fmt=lambda title, service: title or service,
        joins=[(Service, Series.service_id == Service.id)],
    ),
)

log = structlog.get_logger("fitnesscrm.series")
UPCOMING_LIMIT = 50
DAY = timedelta(days=1)
MAX_PAST_START, MAX_FUTURE_START = timedelta(days=366), timedelta(days=3653)


@dataclass(frozen=True)
class SeriesView:
    series: Series
    upcoming: list[Appointment]
    next_unplaced_on: date | None  # beyond the horizon: on the calendar once the nightly extension reaches it


def next_unplaced_on(series: Series) -> date | None:
    """The series' first date not yet on the calendar, if it has dates left."""
    day = recurrence.next_date_after(series.rrule, series.starts_on, series.start_time, series.materialised_until)
    return None if day is None or (series.ended_on is not None and day > series.ended_on) else day


class SeriesClashes(Conflict):
    """Some occurrences cannot be placed; ``clashes`` lists each date, why, and its problem type."""

    title, type_slug = "Series clashes", "series-clashes"


# --- reading -------------------------------------------------------------------------------------


def list_series(
    session: Session, *, actor: Actor, trainer_id: uuid.UUID | None = None, limit: int = 25, cursor: str | None = None
) -> Page[Series]:
    stmt = select(Series).where(*policy.visible_series(actor))
    if trainer_id is not None:
        policy.require_calendar_manager(actor, trainer_id)
        stmt = stmt.where(Series.trainer_id == trainer_id)
    return paginate(
        session, stmt, sort_column=Series.created_at, id_column=Series.id, descending=True, limit=limit, cursor=cursor
    )


def get_series(session: Session, *, actor: Actor, series_id: uuid.UUID) -> Series:
    series = session.scalar(select(Series).where(Series.id == series_id, *policy.visible_series(actor)))
    if series is None:
        raise NotFound("No such series.")
    return series


def describe(session: Session, *, series: list[Series], now: datetime | None = None) -> list[SeriesView]:
    """Each series with its next occurrences, in one query whatever the number of series."""
    ids = [s.id for s in series]
    upcoming: dict[uuid.UUID, list[Appointment]] = defaultdict(list)
    if ids:
        rank = (
            func.row_number()
            .over(partition_by=Appointment.series_id, order_by=(Appointment.starts_at, Appointment.id))
            .label("rank")
        )
        ranked = (
            select(Appointment, rank)
            .where(Appointment.series_id.in_(ids), Appointment.starts_at > (now or utcnow()))
            .subquery()
        )
        occurrence = aliased(Appointment, ranked)
        for row in session.scalars(
            select(occurrence).where(ranked.c.rank <= UPCOMING_LIMIT).order_by(ranked.c.starts_at, ranked.c.id)
        ):
            upcoming[row.series_id].append(row)  # type: ignore[index]
    return [SeriesView(series=s, upcoming=upcoming[s.id], next_unplaced_on=next_unplaced_on(s)) for s in series]


# --- creating ------------------------------------------------------------------------------------


def _service(session: Session, service_id: uuid.UUID) -> Service:
    service = session.get(Service, service_id)
    if service is None:
        raise NotFound("No such service.")
    if service.archived_at is not None:
        raise Conflict("This service is archived.")
    return service


def _check_trainer(session: Session, actor: Actor, trainer_id: uuid.UUID) -> None:
    policy.require_calendar_manager(actor, trainer_id)
    trainer = staff_service.get_trainer(session, actor=actor, trainer_id=trainer_id)
    if not trainer.active:
        raise Conflict("This trainer is inactive.")


def _check_client(session: Session, actor: Actor, *, client_id: uuid.UUID, trainer_id: uuid.UUID) -> None:
    """The series' client must be in scope for the actor and assigned to the series' trainer."""
    client = clients_service.get_client(session, actor=actor, client_id=client_id)
    if client.archived_at is not None:
        raise Conflict("This client is archived.")
    assigned = session.scalar(select(staff_service.clients_of_trainer_filter(trainer_id, client_id)))
    if not assigned:
        raise ValidationFailed("client_id", "The client is not assigned to this trainer.")


def _resolve_place(
    session: Session, location_id: uuid.UUID | None, room_id: uuid.UUID | None
) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    """Check the location and room exist and fit together; a room alone implies its location."""
    if room_id is not None:
        room = session.get(Room, room_id)
        if room is None or room.archived_at is not None:
            raise NotFound("No such room.")
        if location_id is not None and room.location_id != location_id:
            raise ValidationFailed("room_id", "The room is not at this location.")
        location_id = room.location_id
    if location_id is not None:
        location = session.get(Location, location_id)
        if location is None or location.archived_at is not None:
            raise NotFound("No such location.")
    return location_id, room_id


def _local_today(zone: ZoneInfo, now: datetime) -> date:
    return now.astimezone(zone).date()


def create_series(
    session: Session,
    *,
    actor: Actor,
    horizon_days: int,
    service_id: uuid.UUID,
    trainer_id: uuid.UUID,
    starts_on: date,
    start_time: time,
    rrule: str,
    client_id: uuid.UUID | None = None,
    location_id: uuid.UUID | None = None,
    room_id: uuid.UUID | None = None,
    capacity: int | None = None,
    title: str | None = None,
    skip_dates: list[date] | None = None,
    allow_outside_hours: bool = False,
    now: datetime | None = None,
) -> Series:
    """Create the series and its occurrences up to the horizon; every clash is listed at once (409), and the
    request may be sent again with those ``skip_dates`` (or ``allow_outside_hours`` for out-of-hours ones)."""
    require_role(actor, Role.ADMIN, Role.TRAINER)
    require_write_scope(actor)
    _check_trainer(session, actor, trainer_id)
    service = _service(session, service_id)
    one_to_one = service.kind is ServiceKind.ONE_TO_ONE
    if one_to_one and client_id is None:
        raise ValidationFailed("client_id", "A 1:1 series books one client: send client_id.")
    if not one_to_one and client_id is not None:
        raise ValidationFailed("client_id", "Clients book group classes themselves; leave client_id out.")
    if one_to_one and capacity not in (None, 1):
        raise ValidationFailed("capacity", "A 1:1 session has one place.")
    if client_id is not None:
        _check_client(session, actor, client_id=client_id, trainer_id=trainer_id)
    location_id, room_id = _resolve_place(session, location_id, room_id)
    zone = business_zone(session)
    today = _local_today(zone, now or utcnow())
    if not today - MAX_PAST_START <= starts_on <= today + MAX_FUTURE_START:
        raise ValidationFailed("starts_on", "Start within a year before today and ten years after it.")
    body = recurrence.normalise(rrule, zone)
    if recurrence.expand(body, starts_on, start_time).after(datetime.combine(starts_on, time.min)) is None:
        raise ValidationFailed("rrule", "The rule yields no occurrences from starts_on.")
    series = Series(
        id=uuid.uuid4(),
        service_id=service.id,
        trainer_id=trainer_id,
        location_id=location_id,
        room_id=room_id,
        client_id=client_id,
        title=title or service.name,
        capacity=1 if one_to_one else capacity or service.default_capacity,
        timezone=zone.key,
        rrule=body,
        starts_on=starts_on,
        start_time=start_time,
        duration_minutes=service.duration_minutes,
        materialised_until=starts_on - DAY,
        created_by_id=actor.user_id,
    )
    session.add(series)
    session.flush()
    skipped = sorted(set(skip_dates or ()))
    _materialise(
        session,
        actor,
        series,
        service,
        first=max(starts_on, today),
        last=today + timedelta(days=horizon_days),
        strict=True,
        skip=set(skipped),
        allow_outside_hours=allow_outside_hours,
    )
    audit.record(
        session,
        actor,
        "series.create",
        "series",
        series.id,
        {
            "trainer_id": str(trainer_id),
            "service_id": str(service.id),
            "rrule": body,
            "skipped_dates": [day.isoformat() for day in skipped],
        },
    )
    return series


def _series_dates(session: Session, series: Series, zone: ZoneInfo, first: date, last: date) -> set[date]:
    """Series dates that already have an appointment (whatever became of it) in [first, last]."""
    low = local_to_utc(first, time.min, zone) - DAY
    high = local_to_utc(last, time.min, zone) + 2 * DAY
    starts = session.scalars(
        select(Appointment.original_start).where(
            Appointment.series_id == series.id, Appointment.original_start >= low, Appointment.original_start < high
        )
    )
    return {start.astimezone(zone).date() for start in starts if start is not None}


def _materialise(
    session: Session,
    actor: Actor,
    series: Series,
    service: Service,
    *,
    first: date,
    last: date,
    strict: bool,
    skip: Collection[date] = (),
    allow_outside_hours: bool = False,
) -> int:
    """Create the occurrences in [first, last] that do not exist yet, except the ``skip`` dates; returns how
    many were created. Time off refuses a date; so does a time outside working hours unless allowed.

    ``strict`` (creating or splitting a series): any clash refuses the whole request, listing every clashing
    date. Otherwise (the periodic extension, for a series staff already agreed to) out-of-hours dates are
    placed and a clash skips that one date and is logged.
    """
    if series.ended_on is not None:
        last = min(last, series.ended_on)
    zone = ZoneInfo(series.timezone)
    dates = recurrence.occurrence_dates(series.rrule, series.starts_on, series.start_time, first=first, last=last)
    existing = _series_dates(session, series, zone, first, last) if dates else set()
    created, attempted, clashes = 0, 0, []
    for day in dates:
        if day in existing or day in skip:
            continue
        attempted += 1
        starts_at = local_to_utc(day, series.start_time, zone)
        try:
            placement.place_appointment(
                session,
                actor,
                service=service,
                trainer_id=series.trainer_id,
                starts_at=starts_at,
                duration_minutes=series.duration_minutes,
                location_id=series.location_id,
                room_id=series.room_id,
                capacity=series.capacity,
                title=series.title,
                client_ids=(series.client_id,) if series.client_id else (),
                series_id=series.id,
                original_start=starts_at,
                check_hours=True,
                allow_outside_hours=allow_outside_hours or not strict,
            )
        except DomainError as exc:
            if strict:
                clashes.append({"date": day.isoformat(), "type": exc.type_slug, "detail": exc.detail})
                continue
            log.warning("series.occurrence_skipped", series_id=str(series.id), date=day.isoformat(), reason=exc.detail)
            continue
        created += 1
    if clashes:
        raise _clash_error(clashes, total=attempted)
    series.materialised_until = max(series.materialised_until, last)
    return created


def _clash_error(clashes: list[dict[str, str]], *, total: int) -> SeriesClashes:
    first = clashes[0]
    more = f" (and {len(clashes) - 1} more)" if len(clashes) > 1 else ""
    return SeriesClashes(
        f"{len(clashes)} of {total} occurrences cannot be placed. {first['date']}: {first['detail']}{more}",
        extensions={"clashes": clashes},
    )


def extend_all(session: Session, *, today: date, horizon_days: int, actor: Actor | None = None) -> int:
    """Materialise every open series up to ``today + horizon_days``; safe to run twice or concurrently.

    Series rows are locked with SKIP LOCKED (PostgreSQL), so two runs share the work instead of colliding;
    dates that already have an occurrence are skipped. Returns the number of occurrences created.
    """
    actor = actor or Actor.system("series-extension")
    horizon = today + timedelta(days=horizon_days)
    due = session.scalars(
        select(Series)
        .where(
            Series.materialised_until < horizon,
            or_(Series.ended_on.is_(None), Series.ended_on > Series.materialised_until),
        )
        .order_by(Series.id)
        .with_for_update(skip_locked=True)
    ).all()
    created = 0
    for series in due:
        service = session.get(Service, series.service_id)
        if service is None or service.archived_at is not None:
            continue
        first = max(series.materialised_until + DAY, today)  # never create occurrences in the past
        created += _materialise(session, actor, series, service, first=first, last=horizon, strict=False)
    session.flush()
    log.info("series.extended", series=len(due), occurrences=created, until=horizon.isoformat())
    return created


# --- editing and cancelling ----------------------------------------------------------------------


def _occurrence(session: Session, series: Series, occurrence_id: uuid.UUID) -> Appointment:
    occurrence = session.scalar(
        select(Appointment).where(Appointment.id == occurrence_id, Appointment.series_id == series.id)
    )
    if occurrence is None:
        raise NotFound("No such occurrence in this series.")
    return occurrence


def _series_date(occurrence: Appointment, zone: ZoneInfo) -> date:
    return (occurrence.original_start or occurrence.starts_at).astimezone(zone).date()


def _future_occurrences(
    session: Session, series: Series, now: datetime, *, from_date: date | None = None, include_detached: bool = True
) -> list[Appointment]:
    """Scheduled occurrences still ahead, optionally only those whose series date is ``from_date`` or later."""
    conditions = [
        Appointment.series_id == series.id,
        Appointment.status == AppointmentStatus.SCHEDULED,
        Appointment.starts_at > now,
    ]
    if not include_detached:
        conditions.append(Appointment.detached.is_(False))
    rows = session.scalars(select(Appointment).where(*conditions).order_by(Appointment.starts_at)).all()
    zone = ZoneInfo(series.timezone)
    return [o for o in rows if from_date is None or _series_date(o, zone) >= from_date]


def _require_upcoming(occurrence: Appointment, now: datetime) -> None:
    if occurrence.starts_at <= now:
        raise Conflict("This occurrence is in the past; its history is kept as it is.")
    if occurrence.status is not AppointmentStatus.SCHEDULED:
        raise Conflict("This occurrence is cancelled.")


def edit_series(
    session: Session,
    *,
    actor: Actor,
    series: Series,
    horizon_days: int,
    scope: str,
    occurrence_id: uuid.UUID,
    now: datetime | None = None,
    **changes: Any,
) -> Series:
    """Apply ``changes`` to one occurrence, to it and the ones after it (a new series), or to the whole series.

    Returns the series that now holds the edited occurrences (the new one for "following").
    """
    require_write_scope(actor)
    now = now or utcnow()
    skip_dates = set(changes.pop("skip_dates", None) or ())
    allow_outside_hours = bool(changes.pop("allow_outside_hours", False))
    changes = {key: value for key, value in changes.items() if value is not None}
    if not changes:
        raise ValidationFailed("scope", "Send at least one field to change.")
    occurrence = _occurrence(session, series, occurrence_id)
    if "trainer_id" in changes:
        _check_trainer(session, actor, changes["trainer_id"])
        if series.client_id is not None:
            _check_client(session, actor, client_id=series.client_id, trainer_id=changes["trainer_id"])
    if "location_id" in changes or "room_id" in changes:
        changes["location_id"], changes["room_id"] = _resolve_place(
            session, changes.get("location_id", series.location_id), changes.get("room_id")
        )
    service = _service(session, series.service_id)
    if scope == "this":
        _require_upcoming(occurrence, now)
        _move(session, actor, occurrence, service, ZoneInfo(series.timezone), changes, _local_day(occurrence, series))
        occurrence.detached = True
        result = series
    elif scope == "following":
        _require_upcoming(occurrence, now)
        result = _split(
            session,
            actor,
            series,
            occurrence,
            service,
            changes,
            horizon_days=horizon_days,
            now=now,
            skip_dates=skip_dates,
            allow_outside_hours=allow_outside_hours,
        )
    else:
        _edit_all(session, actor, series, service, changes, now=now)
        result = series
    audit.record(
        session,
        actor,
        "series.edit",
        "series",
        series.id,
        {
            "scope": scope,
            "occurrence_id": str(occurrence.id),
            "fields": sorted(changes),
            "result_series_id": str(result.id),
        },
    )
    return result


def _local_day(occurrence: Appointment, series: Series) -> date:
    """The local date the occurrence is on now (it may have been moved off its series date)."""
    return occurrence.starts_at.astimezone(ZoneInfo(series.timezone)).date()


def _move(
    session: Session,
    actor: Actor,
    occurrence: Appointment,
    service: Service,
    zone: ZoneInfo,
    changes: dict[str, Any],
    day: date,
) -> None:
    starts_at = local_to_utc(day, changes["start_time"], zone) if "start_time" in changes else None
    try:
        placement.move_appointment(
            session,
            actor,
            appointment=occurrence,
            service=service,
            starts_at=starts_at,
            duration_minutes=changes.get("duration_minutes"),
            trainer_id=changes.get("trainer_id"),
            location_id=changes.get("location_id"),
            room_id=changes.get("room_id"),
        )
    except DomainError as exc:
        exc.detail = f"The occurrence on {day.isoformat()} cannot be moved: {exc.detail}"
        raise
    if "title" in changes:
        occurrence.title = changes["title"]


def _apply_definition(series: Series, changes: dict[str, Any]) -> None:
    for name in ("start_time", "duration_minutes", "trainer_id", "location_id", "room_id", "title"):
        if name in changes:
            setattr(series, name, changes[name])


def _edit_all(
    session: Session, actor: Actor, series: Series, service: Service, changes: dict[str, Any], *, now: datetime
) -> None:
    """Change the definition; every upcoming occurrence not edited on its own follows it."""
    _apply_definition(series, changes)
    zone = ZoneInfo(series.timezone)
    for occurrence in _future_occurrences(session, series, now, include_detached=False):
        _move(session, actor, occurrence, service, zone, changes, _series_date(occurrence, zone))


def _split(
    session: Session,
    actor: Actor,
    series: Series,
    pivot: Appointment,
    service: Service,
    changes: dict[str, Any],
    *,
    horizon_days: int,
    now: datetime,
    skip_dates: Collection[date] = (),
    allow_outside_hours: bool = False,
) -> Series:
    """End ``series`` the day before the pivot's date and continue from that date as a new series.

    Dates the old series left empty (skipped when it was created, or by the nightly extension) stay empty, so a
    skipped clash neither comes back nor blocks the edit; ``skip_dates`` adds the clashes a 409 listed.
    """
    zone = ZoneInfo(series.timezone)
    day = _series_date(pivot, zone)
    left_empty: set[date] = set()
    if series.materialised_until >= day:
        planned = recurrence.occurrence_dates(
            series.rrule, series.starts_on, series.start_time, first=day, last=series.materialised_until
        )
        left_empty = set(planned) - _series_dates(session, series, zone, day, series.materialised_until)
    body = series.rrule
    if (count := recurrence.has_count(body)) is not None:
        done = recurrence.count_before(body, series.starts_on, series.start_time, day)
        body = recurrence.with_count(body, max(count - done, 1))
    _end(session, actor, series, day, now=now, reason="series changed from this occurrence on", include_detached=False)
    if pivot.status is AppointmentStatus.SCHEDULED:  # the pivot itself goes too, even if edited on its own
        placement.cancel_appointment(session, actor, appointment=pivot, reason="series changed")
    successor = Series(
        id=uuid.uuid4(),
        **{
            name: getattr(series, name)
            for name in (
                "service_id",
                "trainer_id",
                "location_id",
                "room_id",
                "client_id",
                "title",
                "capacity",
                "timezone",
                "start_time",
                "duration_minutes",
            )
        },
        rrule=body,
        starts_on=day,
        materialised_until=day - DAY,
        created_by_id=actor.user_id,
    )
    _apply_definition(successor, changes)
    session.add(successor)
    session.flush()
    today = _local_today(zone, now)
    # Staff agreed to this trainer's series running outside their hours when they created it, so edits are not
    # asked again (time off still refuses); another trainer's hours were never confirmed.
    same_trainer = successor.trainer_id == series.trainer_id
    _materialise(
        session,
        actor,
        successor,
        service,
        first=day,
        last=today + timedelta(days=horizon_days),
        strict=True,
        skip=left_empty | set(skip_dates),
        allow_outside_hours=allow_outside_hours or same_trainer,
    )
    return successor


def _end(
    session: Session,
    actor: Actor,
    series: Series,
    day: date,
    *,
    now: datetime,
    reason: str | None,
    include_detached: bool,
) -> None:
    """Stop the series before local date ``day`` and cancel its upcoming occurrences from that date on."""
    for occurrence in _future_occurrences(session, series, now, from_date=day, include_detached=include_detached):
        placement.cancel_appointment(session, actor, appointment=occurrence, reason=reason)
    series.ended_on = day - DAY
    series.materialised_until = min(series.materialised_until, series.ended_on)


def cancel_series(
    session: Session,
    *,
    actor: Actor,
    series: Series,
    scope: str,
    occurrence_id: uuid.UUID,
    reason: str | None = None,
    now: datetime | None = None,
) -> Series:
    """Cancel one occurrence, it and those after it, or every upcoming one. Past occurrences stay as they were."""
    require_write_scope(actor)
    now = now or utcnow()
    occurrence = _occurrence(session, series, occurrence_id)
    zone = ZoneInfo(series.timezone)
    if scope == "this":
        _require_upcoming(occurrence, now)
        placement.cancel_appointment(session, actor, appointment=occurrence, reason=reason)
    else:
        today = _local_today(zone, now)
        first = _series_date(occurrence, zone) if scope == "following" else series.starts_on
        _end(session, actor, series, max(first, today), now=now, reason=reason, include_detached=True)
    audit.record(
        session, actor, "series.cancel", "series", series.id, {"scope": scope, "occurrence_id": str(occurrence.id)}
    )
    return series
