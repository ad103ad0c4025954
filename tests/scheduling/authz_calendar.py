"""Authorisation rows for the calendar, calendar feeds (the .ics address is public: its token is the
credential) and single-booking .ics downloads."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from fitnesscrm.core.crypto import new_token, token_hash
from fitnesscrm.core.db import utcnow
from fitnesscrm.scheduling.models import CalendarFeed

from ..authz import ALLOW, E401, E404, Req, World
from .calendar_support import at, booking_of, iso, place, studio


def _feed(w: World, actor: str) -> tuple[uuid.UUID, str]:
    raw = new_token()
    with w.session() as s:
        feed = CalendarFeed(
            id=uuid.uuid4(), user_id=w.user_for(actor).user_id, token_hash=token_hash(raw), created_at=utcnow()
        )
        s.add(feed)
        return feed.id, raw


def _booking(w: World) -> uuid.UUID:
    """The world's client booked into a 1:1 session with their trainer."""
    ids = studio(w.factory)
    appointment_id = place(
        w.factory, service_id=ids.pt_id, trainer_id=w.trainer_id(), starts_at=at(2, 9), clients=(w.client_id,)
    )
    return booking_of(w.factory, appointment_id, w.client_id)


def _calendar(w: World) -> Req:
    return Req("GET", f"/api/v1/calendar?from={iso(at(0, 0))}&to={iso(at(7, 0))}")


FEED_ICS = "GET /api/v1/calendar/feeds/<string(maxlength=128):token>.ics"

MATRIX: dict[str, tuple[str, str, str, str, str]] = {
    # route                                                     anonymous client trainer other_tr admin
    "GET /api/v1/calendar": (E401, ALLOW, ALLOW, ALLOW, ALLOW),
    "GET /api/v1/calendar/feeds": (E401, ALLOW, ALLOW, ALLOW, ALLOW),
    "POST /api/v1/calendar/feeds": (E401, ALLOW, ALLOW, ALLOW, ALLOW),
    "DELETE /api/v1/calendar/feeds/<uuid:feed_id>": (E401, ALLOW, ALLOW, ALLOW, ALLOW),
    FEED_ICS: (ALLOW, ALLOW, ALLOW, ALLOW, ALLOW),
    "GET /api/v1/bookings/<uuid:booking_id>/ics": (E401, ALLOW, ALLOW, E404, ALLOW),
}

REQUESTS: dict[str, Callable[[World, str], Req]] = {
    "GET /api/v1/calendar": lambda w, a: _calendar(w),
    "GET /api/v1/calendar/feeds": lambda w, a: Req("GET", "/api/v1/calendar/feeds"),
    "POST /api/v1/calendar/feeds": lambda w, a: Req("POST", "/api/v1/calendar/feeds"),
    "DELETE /api/v1/calendar/feeds/<uuid:feed_id>": lambda w, a: Req(
        "DELETE", f"/api/v1/calendar/feeds/{_feed(w, a)[0]}"
    ),
    FEED_ICS: lambda w, a: Req("GET", f"/api/v1/calendar/feeds/{_feed(w, a)[1]}.ics"),
    "GET /api/v1/bookings/<uuid:booking_id>/ics": lambda w, a: Req("GET", f"/api/v1/bookings/{_booking(w)}/ics"),
}
