"""Bookable slots as a pure function of availability, busy spans and the rules: no database, easy to test.

Availability = weekly working hours (local wall-clock time, converted per date so DST is right) + ``available``
exceptions minus ``unavailable`` exceptions. Busy = time off + existing appointments up to their ``blocked_until``
(end + buffer). A slot is offered when its session fits inside an availability window, it starts on the
interval grid counted from that window's start, and its blocked span (start → end + buffer) touches nothing busy.
"""

from __future__ import annotations

import bisect
import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ...core.business import local_to_utc
from ..models import ExceptionKind


@dataclass(frozen=True)
class WeeklyWindow:
    weekday: int  # Monday = 0
    start: time
    end: time
    location_id: uuid.UUID | None


@dataclass(frozen=True)
class DateException:
    on_date: date
    kind: ExceptionKind
    start: time | None  # both None: the whole day
    end: time | None
    location_id: uuid.UUID | None  # an unavailable exception without one closes every location


@dataclass(frozen=True)
class Span:
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Window:
    """One stretch of availability on one date, in UTC."""

    location_id: uuid.UUID | None
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class SlotRequest:
    zone: ZoneInfo
    range_from: datetime  # slot starts in [range_from, range_to)
    range_to: datetime
    duration: timedelta
    buffer: timedelta
    interval: timedelta
    not_before: datetime  # now + minimum notice
    not_after: datetime  # now + maximum advance


@dataclass(frozen=True)
class Slot:
    location_id: uuid.UUID | None
    starts_at: datetime
    ends_at: datetime


def bookable_slots(
    request: SlotRequest, *, weekly: Sequence[WeeklyWindow], exceptions: Sequence[DateException], busy: Sequence[Span]
) -> list[Slot]:
    """Every bookable start for one trainer, earliest first, one per start time."""
    blocked = _merged(busy)
    blocked_starts = [span.starts_at for span in blocked]
    first_day = request.range_from.astimezone(request.zone).date()
    last_day = request.range_to.astimezone(request.zone).date()
    offered: dict[datetime, Slot] = {}
    for window in availability_windows(request.zone, first_day, last_day, weekly, exceptions):
        for start in _grid(window, request):
            blocked_until = start + request.duration + request.buffer
            if start not in offered and not _overlaps(blocked, blocked_starts, start, blocked_until):
                offered[start] = Slot(window.location_id, start, start + request.duration)
    return [offered[start] for start in sorted(offered)]


def availability_windows(
    zone: ZoneInfo, first_day: date, last_day: date, weekly: Sequence[WeeklyWindow], exceptions: Sequence[DateException]
) -> Iterator[Window]:
    """Working hours plus extra hours minus closures, date by date (each date converted on its own)."""
    by_weekday: dict[int, list[WeeklyWindow]] = defaultdict(list)
    for weekly_window in weekly:
        by_weekday[weekly_window.weekday].append(weekly_window)
    by_date: dict[date, list[DateException]] = defaultdict(list)
    for exception in exceptions:
        by_date[exception.on_date].append(exception)
    day = first_day
    while day <= last_day:
        windows = [_window(day, w.start, w.end, w.location_id, zone) for w in by_weekday[day.weekday()]]
        windows += [
            _window(day, e.start, e.end, e.location_id, zone)
            for e in by_date[day]
            if e.kind == ExceptionKind.AVAILABLE and e.start is not None and e.end is not None
        ]
        for closure in (e for e in by_date[day] if e.kind == ExceptionKind.UNAVAILABLE):
            windows = [piece for w in windows for piece in _without(w, closure, day, zone)]
        yield from (w for w in windows if w.starts_at < w.ends_at)
        day += timedelta(days=1)


def _window(day: date, start: time, end: time, location_id: uuid.UUID | None, zone: ZoneInfo) -> Window:
    return Window(location_id, local_to_utc(day, start, zone), local_to_utc(day, end, zone))


def _without(window: Window, closure: DateException, day: date, zone: ZoneInfo) -> list[Window]:
    """The parts of ``window`` left open by ``closure``."""
    if closure.location_id is not None and closure.location_id != window.location_id:
        return [window]
    if closure.start is None or closure.end is None:
        return []
    cut_from, cut_to = local_to_utc(day, closure.start, zone), local_to_utc(day, closure.end, zone)
    pieces = []
    if window.starts_at < cut_from:
        pieces.append(Window(window.location_id, window.starts_at, min(window.ends_at, cut_from)))
    if cut_to < window.ends_at:
        pieces.append(Window(window.location_id, max(window.starts_at, cut_to), window.ends_at))
    return pieces


def _grid(window: Window, request: SlotRequest) -> Iterator[datetime]:
    """Starts on the interval grid from the window's start whose session ends inside the window."""
    lower = max(request.range_from, request.not_before)
    upper = min(request.range_to - timedelta(microseconds=1), request.not_after)
    steps = 0
    if lower > window.starts_at:
        steps = -((window.starts_at - lower) // request.interval)  # ceiling division: first step ≥ lower
    start = window.starts_at + steps * request.interval
    while start + request.duration <= window.ends_at and start <= upper:
        yield start
        start += request.interval


def _merged(spans: Sequence[Span]) -> list[Span]:
    """Busy spans sorted and merged, so one lookup answers "does this overlap anything?"."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: s.starts_at):
        if span.ends_at <= span.starts_at:
            continue
        if merged and span.starts_at <= merged[-1].ends_at:
            merged[-1] = Span(merged[-1].starts_at, max(merged[-1].ends_at, span.ends_at))
        else:
            merged.append(span)
    return merged


def _overlaps(blocked: list[Span], starts: list[datetime], start: datetime, end: datetime) -> bool:
    # The merged spans are disjoint: only the last one starting before ``end`` can reach past ``start``.
    index = bisect.bisect_left(starts, end) - 1
    return index >= 0 and blocked[index].ends_at > start
