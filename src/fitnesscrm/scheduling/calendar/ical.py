"""iCalendar (RFC 5545) documents built with the icalendar library.

Regenerating a feed yields the same UIDs and, for unchanged appointments, the same bytes: DTSTAMP and
LAST-MODIFIED come from the appointment's ``updated_at``, never from the clock.
"""

from __future__ import annotations

from collections.abc import Iterable

from icalendar import Calendar, Event

from ..models import AppointmentStatus, ServiceKind
from .service import CalendarEvent

PRODID = "-//FitnessCRM//Scheduling//EN"


def uid(event: CalendarEvent) -> str:
    return f"{event.id}@fitnesscrm"


def _summary(event: CalendarEvent, *, with_client: bool) -> str:
    title = event.title or event.service_name
    if with_client and event.kind is ServiceKind.ONE_TO_ONE and event.client_name:
        return f"{title} — {event.client_name}"
    return title


def _where(event: CalendarEvent) -> str | None:
    parts = [part for part in (event.location_name, event.room_name) if part]
    return ", ".join(parts) or None


def _vevent(event: CalendarEvent, *, with_client: bool, cancelled: bool) -> Event:
    vevent = Event()
    vevent.add("uid", uid(event))
    vevent.add("dtstamp", event.updated_at)
    vevent.add("last-modified", event.updated_at)
    vevent.add("dtstart", event.starts_at)
    vevent.add("dtend", event.ends_at)
    vevent.add("summary", _summary(event, with_client=with_client))
    vevent.add("description", f"{event.service_name} with {event.trainer_name}")
    if where := _where(event):
        vevent.add("location", where)
    is_cancelled = cancelled or event.status is AppointmentStatus.CANCELLED
    vevent.add("status", "CANCELLED" if is_cancelled else "CONFIRMED")
    return vevent


def build(
    events: Iterable[CalendarEvent],
    *,
    name: str,
    with_client: bool,
    cancelled_ids: frozenset[object] = frozenset(),
    method: str | None = None,
) -> bytes:
    """A VCALENDAR of ``events``; ``with_client`` adds a 1:1 client's name to the summary (staff feeds)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    if method:
        calendar.add("method", method)
    for event in events:
        calendar.add_component(_vevent(event, with_client=with_client, cancelled=event.id in cancelled_ids))
    body: bytes = calendar.to_ical()
    return body
