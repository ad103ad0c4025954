"""Calendar routes: the calendar view, personal iCal feeds (public by token) and .ics downloads."""

from __future__ import annotations

import uuid
from typing import Any

from apiflask import APIBlueprint
from flask import Response

from ... import web
from ...core.schemas import PageQuery
from . import ical, service
from .schemas import CalendarEventOut, CalendarOut, CalendarQuery, FeedCreatedOut, FeedList

bp = APIBlueprint("calendar", __name__, url_prefix="/api/v1", tag="Calendar")

EVENT_FIELDS = tuple(CalendarEventOut.model_fields)


def _event_out(event: service.CalendarEvent) -> dict[str, Any]:
    return {name: getattr(event, name) for name in EVENT_FIELDS}


def _ics(body: bytes, *, filename: str, attachment: bool) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'{"attachment" if attachment else "inline"}; filename="{filename}"'
    return response


@bp.get("/calendar")
@bp.input(CalendarQuery, location="query", arg_name="query")
@bp.output(CalendarOut)
@bp.doc(
    summary="Everything on a calendar in one call (at most 62 days)",
    description="Staff: their own appointments (admins: any trainer's, or all) and time off. Clients: the "
    "appointments they have a place in.",
    responses=[401, 404, 422],
)
def get_calendar(query: CalendarQuery) -> Response:
    view = service.calendar(web.db(), actor=web.actor(), start=query.from_, end=query.to, trainer_id=query.trainer_id)
    return web.unvalidated_json({"events": [_event_out(e) for e in view.events], "time_off": view.time_off})


@bp.get("/calendar/feeds")
@bp.input(PageQuery, location="query", arg_name="query")
@bp.output(FeedList)
@bp.doc(summary="My calendar feeds", responses=[400, 401])
def list_feeds(query: PageQuery) -> Any:
    page = service.list_feeds(web.db(), actor=web.actor(), limit=query.limit, cursor=query.cursor)
    return web.list_response(page, page.items)


@bp.post("/calendar/feeds")
@bp.output(FeedCreatedOut, status_code=201)
@bp.doc(summary="Create a secret calendar feed address (shown once)", responses=[401, 409])
def create_feed() -> Any:
    feed, token = service.create_feed(web.db(), actor=web.actor())
    url = f"{web.settings().base_url.rstrip('/')}/api/v1/calendar/feeds/{token}.ics"
    return {"id": feed.id, "created_at": feed.created_at, "last_used_at": feed.last_used_at, "token": token, "url": url}


@bp.delete("/calendar/feeds/<uuid:feed_id>")
@bp.output({}, status_code=204)
@bp.doc(summary="Revoke a calendar feed (its address then answers 404)", responses=[401, 404])
def revoke_feed(feed_id: uuid.UUID) -> tuple[str, int]:
    service.revoke_feed(web.db(), actor=web.actor(), feed_id=feed_id)
    return "", 204


@bp.get("/calendar/feeds/<string(maxlength=128):token>.ics")
@web.public
@bp.output({}, content_type="text/calendar", description="An iCalendar (RFC 5545) document.")
@bp.doc(
    summary="A personal iCal feed (the secret token in the address is the credential)",
    responses={404: "Unknown or revoked feed."},
)
def feed(token: str) -> Response:
    owner, name = service.feed_owner(web.db(), token=token)
    events = service.feed_events(web.db(), owner=owner)
    body = ical.build(events, name=f"FitnessCRM — {name}", with_client=not owner.is_client)
    return _ics(body, filename="fitnesscrm.ics", attachment=False)


@bp.get("/bookings/<uuid:booking_id>/ics")
@bp.output({}, content_type="text/calendar", description="An iCalendar (RFC 5545) document.")
@bp.doc(tags=["Bookings"], summary="One booking as an .ics download", responses=[401, 404])
def booking_ics(booking_id: uuid.UUID) -> Response:
    actor = web.actor()
    event, booking = service.booking_event(web.db(), actor=actor, booking_id=booking_id)
    cancelled = booking.status.value in ("cancelled", "late_cancelled")
    body = ical.build(
        [event],
        name="FitnessCRM booking",
        with_client=not actor.is_client,
        method="PUBLISH",
        cancelled_ids=frozenset({event.id}) if cancelled else frozenset(),
    )
    return _ics(body, filename=f"booking-{booking_id}.ics", attachment=True)
