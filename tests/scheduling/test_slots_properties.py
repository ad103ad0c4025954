"""Properties of the slot computation (a pure function): whatever the hours, closures, bookings and time off,
an offered slot never collides with anything busy (buffers included) and always lies inside availability.

The oracle below re-derives "inside availability" from the raw inputs, date by date, in local time, so it does
not share the window arithmetic of the code under test. DST weeks of Europe/Berlin and America/New_York are
drawn on purpose.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from fitnesscrm.core.business import local_to_utc
from fitnesscrm.scheduling.availability.slots import (
    DateException,
    Slot,
    SlotRequest,
    Span,
    WeeklyWindow,
    bookable_slots,
)
from fitnesscrm.scheduling.models import ExceptionKind

BERLIN = ZoneInfo("Europe/Berlin")
LOCATIONS = [uuid.UUID(int=1), uuid.UUID(int=2)]
# Monday-based weeks: an ordinary one, both Berlin changes (29 March, 25 October 2026), New York's spring one.
WEEK_STARTS = [date(2026, 6, 8), date(2026, 3, 23), date(2026, 10, 19), date(2026, 3, 2)]
ZONES = ["Europe/Berlin", "America/New_York", "Europe/London", "UTC"]


def _wall(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


@st.composite
def wall_span(draw: st.DrawFn, *, min_length: int = 15) -> tuple[time, time]:
    start = draw(st.integers(0, 23 * 60 + 59 - min_length).map(lambda m: m - m % 5))
    end = draw(st.integers(start + min_length, 23 * 60 + 59))
    return _wall(start), _wall(end)


@st.composite
def weekly_windows(draw: st.DrawFn) -> WeeklyWindow:
    start, end = draw(wall_span(min_length=30))
    return WeeklyWindow(draw(st.integers(0, 6)), start, end, draw(st.sampled_from(LOCATIONS)))


@st.composite
def exceptions(draw: st.DrawFn, week: date) -> DateException:
    on_date = week + timedelta(days=draw(st.integers(0, 6)))
    kind = draw(st.sampled_from(list(ExceptionKind)))
    if kind == ExceptionKind.UNAVAILABLE and draw(st.booleans()):
        return DateException(on_date, kind, None, None, draw(st.sampled_from([None, *LOCATIONS])))
    start, end = draw(wall_span())
    location = draw(st.sampled_from(LOCATIONS if kind == ExceptionKind.AVAILABLE else [None, *LOCATIONS]))
    return DateException(on_date, kind, start, end, location)


@st.composite
def busy_spans(draw: st.DrawFn, week_start: datetime) -> Span:
    start = week_start + timedelta(minutes=draw(st.integers(-600, 8 * 24 * 60)))
    return Span(start, start + timedelta(minutes=draw(st.integers(5, 600))))


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[SlotRequest, list[WeeklyWindow], list[DateException], list[Span]]:
    zone = ZoneInfo(draw(st.sampled_from(ZONES)))
    week = draw(st.sampled_from(WEEK_STARTS))
    week_start = datetime.combine(week, time(), tzinfo=zone).astimezone(UTC)
    range_from = week_start + timedelta(minutes=draw(st.integers(-120, 24 * 60)))
    range_to = range_from + timedelta(hours=draw(st.integers(1, 8 * 24)))
    now = week_start + timedelta(minutes=draw(st.integers(-3 * 24 * 60, 3 * 24 * 60)))
    request = SlotRequest(
        zone=zone,
        range_from=range_from,
        range_to=range_to,
        duration=timedelta(minutes=draw(st.sampled_from([15, 30, 45, 50, 60, 90]))),
        buffer=timedelta(minutes=draw(st.sampled_from([0, 5, 10, 15, 30]))),
        interval=timedelta(minutes=draw(st.sampled_from([5, 10, 15, 30, 60]))),
        not_before=now + timedelta(minutes=draw(st.sampled_from([0, 60, 120, 24 * 60]))),
        not_after=now + timedelta(days=draw(st.integers(1, 10))),
    )
    return (
        request,
        draw(st.lists(weekly_windows(), max_size=8)),
        draw(st.lists(exceptions(week), max_size=5)),
        draw(st.lists(busy_spans(week_start), max_size=8)),
    )


def _inside_availability(
    slot: Slot, zone: ZoneInfo, weekly: list[WeeklyWindow], closures_and_extras: list[DateException]
) -> bool:
    """The oracle: some window of the slot's local date holds it, and no closure of that date touches it."""
    day = slot.starts_at.astimezone(zone).date()
    on_day = [e for e in closures_and_extras if e.on_date == day]
    candidates = [(w.start, w.end, w.location_id) for w in weekly if w.weekday == day.weekday()]
    candidates += [
        (e.start, e.end, e.location_id) for e in on_day if e.kind == ExceptionKind.AVAILABLE and e.start and e.end
    ]
    held = any(
        location == slot.location_id
        and local_to_utc(day, start, zone) <= slot.starts_at
        and slot.ends_at <= local_to_utc(day, end, zone)
        for start, end, location in candidates
    )
    for closure in (e for e in on_day if e.kind == ExceptionKind.UNAVAILABLE):
        if closure.location_id not in (None, slot.location_id):
            continue
        if closure.start is None or closure.end is None:
            return False
        cut_from, cut_to = local_to_utc(day, closure.start, zone), local_to_utc(day, closure.end, zone)
        if slot.starts_at < cut_to and cut_from < slot.ends_at:
            return False
    return held


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_offered_slots_never_collide_and_stay_inside_availability(
    scenario: tuple[SlotRequest, list[WeeklyWindow], list[DateException], list[Span]],
) -> None:
    request, weekly, dated, busy = scenario
    slots = bookable_slots(request, weekly=weekly, exceptions=dated, busy=busy)
    starts = [slot.starts_at for slot in slots]
    assert starts == sorted(set(starts))  # earliest first, one per start
    for slot in slots:
        assert slot.ends_at - slot.starts_at == request.duration
        blocked_until = slot.ends_at + request.buffer
        for span in busy:  # appointments (to their blocked_until) and time off
            assert not (slot.starts_at < span.ends_at and span.starts_at < blocked_until), (slot, span)
        assert _inside_availability(slot, request.zone, weekly, dated), slot
        assert request.range_from <= slot.starts_at < request.range_to
        assert request.not_before <= slot.starts_at <= request.not_after


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_removing_busy_time_never_removes_a_slot(
    scenario: tuple[SlotRequest, list[WeeklyWindow], list[DateException], list[Span]],
) -> None:
    """Bookings only take slots away: the free calendar offers a superset of the busy one."""
    request, weekly, dated, busy = scenario
    free = set(bookable_slots(request, weekly=weekly, exceptions=dated, busy=[]))
    assert set(bookable_slots(request, weekly=weekly, exceptions=dated, busy=busy)) <= free


# --- worked examples ---------------------------------------------------------------------------


def _request(
    zone: ZoneInfo, first: date, days: int, *, duration: int = 60, buffer: int = 0, interval: int = 60
) -> SlotRequest:
    start = datetime.combine(first, time(), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(first + timedelta(days=days), time(), tzinfo=zone).astimezone(UTC)
    return SlotRequest(
        zone=zone,
        range_from=start,
        range_to=end,
        duration=timedelta(minutes=duration),
        buffer=timedelta(minutes=buffer),
        interval=timedelta(minutes=interval),
        not_before=start - timedelta(days=1),
        not_after=end + timedelta(days=1),
    )


def test_a_7am_window_stays_7am_local_across_the_berlin_spring_change() -> None:
    every_day = [WeeklyWindow(day, time(7), time(8), LOCATIONS[0]) for day in range(7)]
    slots = bookable_slots(_request(BERLIN, date(2026, 3, 26), 6), weekly=every_day, exceptions=[], busy=[])
    assert [s.starts_at.astimezone(BERLIN).strftime("%d %H:%M") for s in slots] == [
        "26 07:00",
        "27 07:00",
        "28 07:00",
        "29 07:00",
        "30 07:00",
        "31 07:00",
    ]
    # In UTC the start moves an hour earlier once summer time begins on Sunday 29 March.
    assert [s.starts_at.hour for s in slots] == [6, 6, 6, 5, 5, 5]


def test_a_night_window_over_the_autumn_change_counts_real_time() -> None:
    # 01:00-04:00 local on 25 October 2026 lasts four real hours in Berlin (02:00-03:00 happens twice).
    window = [WeeklyWindow(6, time(1), time(4), LOCATIONS[0])]
    slots = bookable_slots(_request(BERLIN, date(2026, 10, 25), 1), weekly=window, exceptions=[], busy=[])
    assert len(slots) == 4
    assert slots[-1].ends_at == local_to_utc(date(2026, 10, 25), time(4), BERLIN)


def test_buffers_and_grid_around_an_appointment() -> None:
    zone = ZoneInfo("Europe/London")
    day = date(2026, 6, 8)  # a Monday
    request = _request(zone, day, 1, duration=60, buffer=15, interval=15)
    at = lambda h, m=0: local_to_utc(day, time(h, m), zone)  # noqa: E731
    # Booked 10:00-11:00 with its own 15-minute buffer: blocked until 11:15.
    slots = bookable_slots(
        request,
        weekly=[WeeklyWindow(0, time(9), time(13), LOCATIONS[0])],
        exceptions=[],
        busy=[Span(at(10), at(11, 15))],
    )
    starts = [s.starts_at.astimezone(zone).strftime("%H:%M") for s in slots]
    # 09:00 would block until 10:15 (its own buffer) and so is refused; the last start leaves a full hour.
    assert starts == ["11:15", "11:30", "11:45", "12:00"]


def test_closures_cut_windows_and_extra_hours_add_them() -> None:
    zone = ZoneInfo("Europe/London")
    day = date(2026, 6, 8)
    weekly = [WeeklyWindow(0, time(9), time(12), LOCATIONS[0]), WeeklyWindow(0, time(14), time(16), LOCATIONS[1])]
    dated = [
        DateException(day, ExceptionKind.UNAVAILABLE, time(10), time(11), None),
        DateException(day, ExceptionKind.UNAVAILABLE, None, None, LOCATIONS[1]),
        DateException(day, ExceptionKind.AVAILABLE, time(18), time(19), LOCATIONS[0]),
        # hours + extra hours - closures: closing a location also closes extra hours there
        DateException(day, ExceptionKind.AVAILABLE, time(20), time(21), LOCATIONS[1]),
    ]
    slots = bookable_slots(_request(zone, day, 1), weekly=weekly, exceptions=dated, busy=[])
    assert [(s.starts_at.astimezone(zone).strftime("%H:%M"), s.location_id) for s in slots] == [
        ("09:00", LOCATIONS[0]),
        ("11:00", LOCATIONS[0]),
        ("18:00", LOCATIONS[0]),
    ]
