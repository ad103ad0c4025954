"""The calendar view: scoping per role, what each event carries, range rules and a constant query count."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from fitnesscrm.core.db import utcnow
from fitnesscrm.scheduling.models import TimeOff

from ..factories import Api, Factory, count_queries
from .calendar_support import SYSTEM, at, iso, place, studio

WEEK = (at(0, 0), at(7, 0))


def _calendar(api: Api, start: Any = WEEK[0], end: Any = WEEK[1], **params: Any) -> Any:
    return api.get("/api/v1/calendar", query_string={"from": iso(start), "to": iso(end), **params})


@pytest.fixture
def world(factory: Factory) -> dict[str, Any]:
    """Two trainers; Cleo (trainer 1) has a 1:1 and a class place; Dora (trainer 2) a 1:1; one time off."""
    s = studio(factory)
    t1, t2 = factory.trainer(first_name="Tina"), factory.trainer(first_name="Tom")
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
            factory,
            service_id=s.class_id,
            trainer_id=t1.trainer_id,
            starts_at=at(2, 18),
            clients=(cleo.client_id, dora.client_id),
            room_id=s.room_id,
            location_id=s.location_id,
        ),
        "pt_dora": place(
            factory, service_id=s.pt_id, trainer_id=t2.trainer_id, starts_at=at(1, 9), clients=(dora.client_id,)
        ),
        "next_month": place(factory, service_id=s.pt_id, trainer_id=t1.trainer_id, starts_at=at(40, 9)),
    }
    with factory.database.session() as session:
        session.add(TimeOff(trainer_id=t1.trainer_id, starts_at=at(3, 0), ends_at=at(5, 0), reason="Holiday"))
    return {
        "studio": s,
        "t1": t1,
        "t2": t2,
        "cleo": cleo,
        "dora": dora,
        "ids": ids,
        "admin": factory.api(factory.admin()),
    }


def _ids(response: Any) -> set[str]:
    assert response.status_code == 200, response.json
    return {e["id"] for e in response.json["events"]}


def test_admin_sees_every_trainer_or_one(factory: Factory, world: dict) -> None:
    ids = world["ids"]
    assert _ids(_calendar(world["admin"])) == {str(ids["pt_cleo"]), str(ids["class"]), str(ids["pt_dora"])}
    assert _ids(_calendar(world["admin"], trainer_id=str(world["t2"].trainer_id))) == {str(ids["pt_dora"])}


def test_trainer_sees_their_own_calendar_only(factory: Factory, world: dict) -> None:
    api = factory.api(world["t1"])
    response = _calendar(api)
    assert _ids(response) == {str(world["ids"]["pt_cleo"]), str(world["ids"]["class"])}
    assert [t["reason"] for t in response.json["time_off"]] == ["Holiday"]
    assert _ids(_calendar(api, trainer_id=str(world["t1"].trainer_id))) == _ids(response)
    other = _calendar(api, trainer_id=str(world["t2"].trainer_id))
    assert other.status_code == 404
    assert other.mimetype == "application/problem+json"


def test_client_sees_only_appointments_they_are_booked_into(factory: Factory, world: dict) -> None:
    api = factory.api(world["cleo"])
    response = _calendar(api)
    assert _ids(response) == {str(world["ids"]["pt_cleo"]), str(world["ids"]["class"])}
    assert response.json["time_off"] == []
    events = {e["id"]: e for e in response.json["events"]}
    session = events[str(world["ids"]["pt_cleo"])]
    assert session["client_name"].startswith("Cleo ")
    assert session["my_booking_status"] == "booked"
    group = events[str(world["ids"]["class"])]
    assert group["client_name"] is None
    assert group["booked_count"] == 2
    assert group["my_booking_status"] == "booked"
    # Filtering by another trainer only narrows what is already theirs.
    assert _ids(_calendar(api, trainer_id=str(world["t2"].trainer_id))) == set()


def test_cancelled_place_leaves_the_clients_calendar(factory: Factory, world: dict) -> None:
    from fitnesscrm.scheduling import placement
    from fitnesscrm.scheduling.models import Appointment

    with factory.database.session() as session:
        appointment = session.get(Appointment, world["ids"]["class"])
        assert appointment is not None
        cleo_booking = next(b for b in appointment.bookings if b.client_id == world["cleo"].client_id)
        placement.cancel_booking(session, SYSTEM, booking=cleo_booking)
        placement.cancel_appointment(session, SYSTEM, appointment=session.get(Appointment, world["ids"]["pt_cleo"]))
    events = {e["id"]: e for e in _calendar(factory.api(world["cleo"])).json["events"]}
    assert set(events) == {str(world["ids"]["pt_cleo"])}  # the cancelled session is shown, as cancelled
    assert events[str(world["ids"]["pt_cleo"])]["status"] == "cancelled"


DRAWN = {
    "id",
    "kind",
    "title",
    "starts_at",
    "ends_at",
    "status",
    "service_name",
    "colour",
    "trainer_id",
    "trainer_name",
    "capacity",
    "booked_count",
    "series_id",
    "client_name",
    "my_booking_status",
}


def test_event_carries_what_a_calendar_draws(factory: Factory, world: dict) -> None:
    events = {e["id"]: e for e in _calendar(world["admin"]).json["events"]}
    session = events[str(world["ids"]["pt_cleo"])]
    assert set(session) == DRAWN  # a week holds hundreds of events: nothing the calendar does not draw
    assert session["colour"] == "#ff8800"
    assert session["service_name"] == "PT session"
    assert session["trainer_name"].startswith("Tina ")
    assert session["trainer_id"] == str(world["t1"].trainer_id)
    assert session["client_name"].startswith("Cleo ")
    assert (session["capacity"], session["booked_count"]) == (1, 1)
    assert session["status"] == "scheduled"
    assert session["kind"] == "one_to_one"
    assert session["series_id"] is None
    assert session["my_booking_status"] is None
    assert session["starts_at"] == iso(at(1, 9))
    group = events[str(world["ids"]["class"])]
    assert (group["kind"], group["capacity"], group["booked_count"], group["client_name"]) == ("group", 10, 2, None)
    assert [e["starts_at"] for e in _calendar(world["admin"]).json["events"]] == sorted(
        e["starts_at"] for e in events.values()
    )


def test_an_events_details_come_from_its_session_or_class(factory: Factory, world: dict) -> None:
    """What opening an event shows beyond the calendar: where it is, the client's booking, the places."""
    api = world["admin"]
    session = api.get(f"/api/v1/sessions/{world['ids']['pt_cleo']}").json
    assert (session["location_name"], session["room_name"]) == ("Riverside", "Studio A")
    assert session["client_id"] == str(world["cleo"].client_id)
    assert session["booking_status"] == "booked"
    group = api.get(f"/api/v1/classes/{world['ids']['class']}").json
    assert group["location_name"] == "Riverside"
    assert (group["seats_taken"], group["waitlist_count"]) == (2, 0)


def test_an_appointment_overlapping_the_range_start_is_included(factory: Factory, world: dict) -> None:
    start = at(1, 9, 30)  # half-way through the 09:00 sessions
    assert _ids(_calendar(world["admin"], start, start + timedelta(hours=1))) == {
        str(world["ids"]["pt_cleo"]),
        str(world["ids"]["pt_dora"]),
    }
    assert _ids(_calendar(world["admin"], at(1, 10), at(1, 11))) == set()


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (at(2, 0), at(1, 0), "to"),
        (at(0, 0), at(0, 0), "to"),
        (at(0, 0), at(63, 0), "to"),
    ],
)
def test_range_must_be_forward_and_at_most_62_days(
    factory: Factory, world: dict, start: Any, end: Any, field: str
) -> None:
    response = _calendar(world["admin"], start, end)
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == field
    assert _calendar(world["admin"], at(0, 0), at(62, 0)).status_code == 200


def test_range_needs_offsets_and_both_ends(world: dict) -> None:
    api = world["admin"]
    assert api.get("/api/v1/calendar?from=2026-12-01T00:00:00&to=2026-12-02T00:00:00Z").status_code == 422
    assert api.get("/api/v1/calendar?from=2026-12-01T00:00:00Z").status_code == 422
    assert api.get("/api/v1/calendar?from=0001-01-01T00:00:00Z&to=0001-01-02T00:00:00Z").status_code == 422


def test_query_count_does_not_grow_with_the_number_of_events(app: Any, factory: Factory, world: dict) -> None:
    s = world["studio"]
    trainers = [world["t1"], world["t2"], factory.trainer()]
    clients = [factory.client(trainer=t) for t in trainers]

    def statements(api: Api) -> list[str]:
        _calendar(api)  # warm up (session touch)
        with count_queries(app) as recorded:
            response = _calendar(api)
        assert response.status_code == 200
        return recorded

    small = statements(world["admin"])
    for day in range(6):
        for hour in range(10, 17):
            for trainer, client in zip(trainers, clients, strict=True):
                place(
                    factory,
                    service_id=s.pt_id,
                    trainer_id=trainer.trainer_id,
                    starts_at=at(day, hour),
                    clients=(client.client_id,),
                )
    with factory.database.session() as session:
        session.add(TimeOff(trainer_id=trainers[2].trainer_id, starts_at=utcnow(), ends_at=at(2, 0)))
    large = statements(world["admin"])
    assert len(_calendar(world["admin"]).json["events"]) > 120
    assert len(small) == len(large), "\n".join(large)
    assert len(large) <= 8, "\n".join(large)
