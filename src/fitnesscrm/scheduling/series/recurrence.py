"""RRULE bodies: validated and normalised once, then expanded by python-dateutil over local wall-clock time.

A series' rule runs on a *naive* local ``dtstart`` (``starts_on`` at ``start_time``), so dateutil counts days
on the wall clock and DST never shifts an occurrence; each date is converted to UTC afterwards.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from ...core.errors import ValidationFailed

FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY"}
ALLOWED_PARTS = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "WKST"}
MAX_COUNT = 500
MAX_INTERVAL = 52
UTC_UNTIL = re.compile(r"^(\d{8}T\d{6})Z$")
DATE_UNTIL = re.compile(r"^\d{8}$")
WEEKDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
MONTH_LENGTH = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


def _invalid(message: str) -> ValidationFailed:
    return ValidationFailed("rrule", message)


def _parts(body: str) -> dict[str, str]:
    text = body.strip().upper().removeprefix("RRULE:")
    if not text or any(ch in text for ch in "\r\n"):
        raise _invalid("Send one RRULE body, e.g. FREQ=WEEKLY;BYDAY=MO,TH;COUNT=24.")
    parts: dict[str, str] = {}
    for piece in filter(None, text.split(";")):
        key, sep, value = piece.partition("=")
        if not sep or not value:
            raise _invalid(f"'{piece}' is not NAME=VALUE.")
        if key not in ALLOWED_PARTS:
            raise _invalid(f"{key} is not supported here (the start time comes from start_time).")
        if key in parts:
            raise _invalid(f"{key} is given twice.")
        parts[key] = value
    return parts


def _check_numbers(parts: dict[str, str]) -> None:
    for key, low, high in (("COUNT", 1, MAX_COUNT), ("INTERVAL", 1, MAX_INTERVAL)):
        if key not in parts:
            continue
        if not parts[key].isdigit() or not low <= int(parts[key]) <= high:
            raise _invalid(f"{key} must be a whole number from {low} to {high}.")
    if "COUNT" in parts and "UNTIL" in parts:
        raise _invalid("Use COUNT or UNTIL, not both.")


def _integers(parts: dict[str, str], key: str, low: int, high: int, *, signed: bool = True) -> list[int]:
    values = []
    for raw in parts.get(key, "").split(",") if key in parts else []:
        try:
            value = int(raw)
        except ValueError:
            raise _invalid(f"{key} takes whole numbers.") from None
        if not low <= (abs(value) if signed else value) <= high:
            negative = f" (or -{high} to -{low})" if signed else ""
            raise _invalid(f"{key} values run from {low} to {high}{negative}.")
        values.append(value)
    return values


def _check_filters(parts: dict[str, str]) -> None:
    """Refuse combinations that can never (or only by accident) match a date.

    dateutil looks for the next occurrence of an impossible rule (31 February) period by period up to the
    year 9999, which costs seconds; these checks keep every accepted rule matching at least once a year or so.
    """
    freq = parts["FREQ"]
    months = _integers(parts, "BYMONTH", 1, 12, signed=False)
    days = _integers(parts, "BYMONTHDAY", 1, 31)
    if days and freq == "WEEKLY":
        raise _invalid("BYMONTHDAY does not go with FREQ=WEEKLY.")
    if days and not any(abs(d) <= MONTH_LENGTH[m] for m in months or MONTH_LENGTH for d in days):
        raise _invalid("No month in BYMONTH has the day given in BYMONTHDAY.")
    weekdays = [WEEKDAY.match(token) for token in parts.get("BYDAY", "").split(",")] if "BYDAY" in parts else []
    if not all(weekdays):
        raise _invalid("BYDAY takes MO, TU, WE, TH, FR, SA, SU (monthly: with a position, e.g. 1MO or -1FR).")
    positioned = [int(m.group(1)) for m in weekdays if m and m.group(1)]
    if positioned and (freq != "MONTHLY" or days or not all(1 <= abs(n) <= 5 for n in positioned)):
        raise _invalid("A position in BYDAY (1MO, -1FR) needs FREQ=MONTHLY, runs from 1 to 5 and excludes BYMONTHDAY.")
    if "BYSETPOS" in parts:
        _integers(parts, "BYSETPOS", 1, 4)
        if freq != "MONTHLY" or not weekdays or days:
            raise _invalid("BYSETPOS needs FREQ=MONTHLY with BYDAY (and no BYMONTHDAY).")
    if freq == "DAILY" and weekdays and int(parts.get("INTERVAL", "1")) % 7 == 0:
        raise _invalid("Every 7th day is always the same weekday: use FREQ=WEEKLY.")


def _local_until(value: str, zone: ZoneInfo) -> str:
    """UNTIL as floating local time, like dtstart: a UTC instant is converted; a bare date includes that day."""
    if match := UTC_UNTIL.match(value):
        try:
            instant = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
        except ValueError as exc:
            raise _invalid("UNTIL is not a valid date-time.") from exc
        return instant.astimezone(zone).strftime("%Y%m%dT%H%M%S")
    if DATE_UNTIL.match(value):
        try:
            day = date(int(value[:4]), int(value[4:6]), int(value[6:]))
        except ValueError as exc:
            raise _invalid("UNTIL is not a valid date.") from exc
        return datetime.combine(day, time(23, 59, 59)).strftime("%Y%m%dT%H%M%S")
    return value


def normalise(body: str, zone: ZoneInfo) -> str:
    """Validate a rule body and return it in the stored form (upper case, UNTIL in local floating time)."""
    parts = _parts(body)
    if parts.get("FREQ") not in FREQUENCIES:
        raise _invalid("FREQ must be DAILY, WEEKLY or MONTHLY.")
    _check_numbers(parts)
    _check_filters(parts)
    if "UNTIL" in parts:
        parts["UNTIL"] = _local_until(parts["UNTIL"], zone)
    normalised = ";".join(f"{key}={value}" for key, value in parts.items())
    expand(normalised, date(2000, 1, 3), time(12, 0))  # dateutil's own checks (BYDAY names, ranges…)
    return normalised


def expand(body: str, starts_on: date, start_time: time) -> rrule:
    try:
        rule = rrulestr(body, dtstart=datetime.combine(starts_on, start_time))
    except (ValueError, TypeError, OverflowError) as exc:
        raise _invalid(f"The rule cannot be read: {exc}.") from exc
    if not isinstance(rule, rrule):
        raise _invalid("Send a single RRULE.")
    return rule


def occurrence_dates(body: str, starts_on: date, start_time: time, *, first: date, last: date) -> list[date]:
    """The local dates the rule falls on within [first, last] (both inclusive)."""
    if last < first:
        return []
    rule = expand(body, starts_on, start_time)
    window_start = datetime.combine(max(first, starts_on), time.min)
    window_end = datetime.combine(last, time.max)
    return [moment.date() for moment in rule.between(window_start, window_end, inc=True)]


def next_date_after(body: str, starts_on: date, start_time: time, day: date) -> date | None:
    """The first local date after ``day`` the rule falls on, or None when it has no more."""
    moment = expand(body, starts_on, start_time).after(datetime.combine(day, time.max))
    return moment.date() if moment is not None else None


def with_count(body: str, count: int) -> str:
    """The same rule with COUNT replaced (used when "this and following" splits a counted series)."""
    parts = _parts(body)
    parts["COUNT"] = str(count)
    return ";".join(f"{key}={value}" for key, value in parts.items())


def count_before(body: str, starts_on: date, start_time: time, day: date) -> int:
    """How many occurrences the rule yields before local date ``day``."""
    rule = expand(body, starts_on, start_time)
    return len(
        rule.between(
            datetime.combine(starts_on, time.min), datetime.combine(day, time.min) - timedelta(microseconds=1), inc=True
        )
    )


def has_count(body: str) -> int | None:
    value = _parts(body).get("COUNT")
    return int(value) if value else None
