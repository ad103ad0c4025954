"""iCal feeds and .ics downloads: parsed with icalendar, exactly the owner's events, stable UIDs, revocation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from icalendar import Calendar

from fitnesscrm.scheduling import placement
from fitnesscrm.scheduling.models import Appointment, Booking, Service

from ..factories import Api, Factory
from .calendar_support import SYSTEM, at, booking_of, place, studio


@pytest.fixture
def world(factory: Factory) -> dict[str, Any]:
    s = studio(factory)
    t1, t2 = factory.trainer(), factory.trainer()
    cleo = factory.client(trainer=t1, account=True, first_name="Cleo")
    dora = factory.client(trainer=t2, account=True, first_name="Dora")
    ids = {
        "pt_cleo": place(
            factory,
            service_id=s.pt_id,
            trainer_id=t1.trainer_id,
            starts_at=at(1, 9),
            clients=(cleo.client_id,),
            room_id=s.room_id,
            location_id=s.location_id,
        ),
        "class": place(
            factory, service_id=s.class_id, trainer_id=t1.trainer_id, starts_at=at(2, 18), clients=(dora.client_id,)
        ),
        "pt_dora": place(
            factory, service_id=s.pt_id, trainer_id=t2.trainer_id, starts_at=at(1, 9), clients=(dora.client_id,)
        ),
        "past_cleo": place(
            factory, service_id=s.pt_id, trainer_id=t1.trainer_id, starts_at=at(-10, 9), clients=(cleo.client_id,)
        ),
        "too_far": place(
            factory, service_id=s.pt_id, trainer_id=t1.trainer_id, starts_at=at(200, 9), clients=(cleo.client_id,)
        ),
        "too_old": place(factory, service_id=s.pt_id, trainer_id=t1.trainer_id, starts_at=at(-40, 9)),
    }
    return {"t1": t1, "t2": t2, "cleo": cleo, "dora": dora, "ids": ids}


def _subscribe(api: Api) -> dict[str, Any]:
    response = api.post("/api/v1/calendar/feeds")
    assert response.status_code == 201, response.json
    return dict(response.json)


def _feed(api: Api, token: str) -> Any:
    response = api.get(f"/api/v1/calendar/feeds/{token}.ics")
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == "text/calendar"
    return response


def _events(body: bytes) -> dict[str, Any]:
    calendar = Calendar.from_ical(body)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def _uid(appointment_id: Any) -> str:
    return f"{appointment_id}@fitnesscrm"


def test_trainer_feed_holds_exactly_their_appointments_in_utc(factory: Factory, world: dict, anon: Api) -> None:
    feed = _subscribe(factory.api(world["t1"]))
    assert feed["url"] == f"http://localhost/api/v1/calendar/feeds/{feed['token']}.ics"
    events = _events(_feed(anon, feed["token"]).data)
    ids = world["ids"]
    assert set(events) == {_uid(ids[k]) for k in ("pt_cleo", "class", "past_cleo")}
    session = events[_uid(ids["pt_cleo"])]
    assert session.decoded("DTSTART") == at(1, 9)
    assert session.decoded("DTSTART").utcoffset() == timedelta(0)
    assert session.decoded("DTEND") == at(1, 10)
    assert "DTSTART:" in session.to_ical().decode()
    assert session.to_ical().decode().count("Z\r\n") >= 2
    assert str(session["STATUS"]) == "CONFIRMED"
    assert "Cleo" in str(session["SUMMARY"])
    assert str(session["LOCATION"]) == "Riverside, Studio A"


def test_uids_and_bytes_are_stable_across_regenerations(factory: Factory, world: dict, anon: Api) -> None:
    feed = _subscribe(factory.api(world["t1"]))
    first = _feed(anon, feed["token"]).data
    second = _feed(anon, feed["token"]).data
    assert first == second
    with factory.database.session() as s:
        appointment = s.get(Appointment, world["ids"]["pt_cleo"])
        placement.move_appointment(
            s, SYSTEM, appointment=appointment, service=s.get(Service, appointment.service_id), starts_at=at(1, 12)
        )
    moved = _events(_feed(anon, feed["token"]).data)
    assert set(moved) == set(_events(first))
    assert moved[_uid(world["ids"]["pt_cleo"])].decoded("DTSTART") == at(1, 12)


def test_client_feed_holds_their_seats_and_marks_cancellations(factory: Factory, world: dict, anon: Api) -> None:
    cleo_api = factory.api(world["cleo"])
    feed = _subscribe(cleo_api)
    ids = world["ids"]
    assert set(_events(_feed(anon, feed["token"]).data)) == {_uid(ids["pt_cleo"]), _uid(ids["past_cleo"])}
    with factory.database.session() as s:
        placement.cancel_appointment(s, SYSTEM, appointment=s.get(Appointment, ids["pt_cleo"]), reason="Ill")
    events = _events(_feed(anon, feed["token"]).data)
    assert str(events[_uid(ids["pt_cleo"])]["STATUS"]) == "CANCELLED"
    assert "Cleo" not in str(events[_uid(ids["pt_cleo"])]["SUMMARY"])  # a client's own feed needs no name


def test_admin_feed_holds_every_appointment_in_the_window(factory: Factory, world: dict, anon: Api) -> None:
    feed = _subscribe(factory.api(factory.admin()))
    ids = world["ids"]
    expected = {_uid(ids[k]) for k in ("pt_cleo", "class", "pt_dora", "past_cleo")}
    assert set(_events(_feed(anon, feed["token"]).data)) == expected


def test_feed_token_is_shown_once_and_revoking_makes_it_404(factory: Factory, world: dict, anon: Api) -> None:
    api = factory.api(world["t1"])
    feed = _subscribe(api)
    listed = api.get("/api/v1/calendar/feeds").json["items"]
    assert [f["id"] for f in listed] == [feed["id"]]
    assert "token" not in listed[0]
    assert listed[0]["last_used_at"] is None
    _feed(anon, feed["token"])
    assert api.get("/api/v1/calendar/feeds").json["items"][0]["last_used_at"] is not None
    second = _subscribe(api)  # a second address is allowed; both work
    _feed(anon, second["token"])
    assert factory.api(world["t2"]).delete(f"/api/v1/calendar/feeds/{feed['id']}").status_code == 404
    assert api.delete(f"/api/v1/calendar/feeds/{feed['id']}").status_code == 204
    revoked = anon.get(f"/api/v1/calendar/feeds/{feed['token']}.ics")
    assert revoked.status_code == 404
    assert revoked.mimetype == "application/problem+json"
    assert api.delete(f"/api/v1/calendar/feeds/{feed['id']}").status_code == 404
    _feed(anon, second["token"])
    unknown = anon.get("/api/v1/calendar/feeds/not-a-real-token.ics")
    assert unknown.status_code == 404
    assert unknown.mimetype == "application/problem+json"
    assert [f["id"] for f in api.get("/api/v1/calendar/feeds").json["items"]] == [second["id"]]


def test_booking_ics_download_is_scoped_like_the_booking(factory: Factory, world: dict) -> None:
    booking_id = booking_of(factory, world["ids"]["pt_cleo"], world["cleo"].client_id)
    url = f"/api/v1/bookings/{booking_id}/ics"
    response = factory.api(world["cleo"]).get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"] == f'attachment; filename="booking-{booking_id}.ics"'
    calendar = Calendar.from_ical(response.data)
    assert str(calendar["METHOD"]) == "PUBLISH"
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == _uid(world["ids"]["pt_cleo"])
    assert vevent.decoded("DTSTART") == at(1, 9).astimezone(UTC)
    assert factory.api(world["t1"]).get(url).status_code == 200
    assert factory.api(world["dora"]).get(url).status_code == 404
    assert factory.api(world["t2"]).get(url).status_code == 404


def test_a_cancelled_booking_downloads_as_cancelled(factory: Factory, world: dict) -> None:
    booking_id = booking_of(factory, world["ids"]["pt_cleo"], world["cleo"].client_id)
    with factory.database.session() as s:
        placement.cancel_booking(s, SYSTEM, booking=s.get(Booking, booking_id))
    response = factory.api(world["cleo"]).get(f"/api/v1/bookings/{booking_id}/ics")
    [vevent] = Calendar.from_ical(response.data).walk("VEVENT")
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert datetime.now(UTC) < vevent.decoded("DTSTART")
