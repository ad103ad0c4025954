"""1:1 sessions: staff booking within their scope, clients booking offered slots, rescheduling with If-Match,
double-booking refused for trainer, room and client (buffers included), and the lists' scope and cost."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from fitnesscrm.core.db import utcnow
from fitnesscrm.scheduling.models import Appointment, Booking, Service

from ..test_api_contract import count_queries
from .booking_support import (
    SESSIONS,
    Studio,
    add_session,
    at,
    booking_of,
    iso,
    problem_type,
    studio,
    working_hours,
)


@pytest.fixture
def world(factory: Any) -> Studio:
    return studio(factory)


def _body(w: Studio, **overrides: Any) -> dict[str, Any]:
    return {
        "service_id": str(w.pt_id),
        "trainer_id": str(w.trainer.trainer_id),
        "client_id": str(w.client.client_id),
        "starts_at": iso(at(3, 10)),
        **overrides,
    }


def _count(w: Studio, model: Any) -> int:
    with w.database.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_trainer_books_their_client_and_sees_names_colour_and_utc_times(world: Studio) -> None:
    api = world.api(world.trainer)
    response = api.post(SESSIONS, json=_body(world, starts_at="2030-01-01T11:00:00+01:00", room_id=str(world.room_id)))
    assert response.status_code == 201, response.json
    body = response.json
    assert body["starts_at"] == "2030-01-01T10:00:00Z"
    assert body["ends_at"] == "2030-01-01T11:00:00Z"
    assert (body["service_name"], body["colour"]) == ("PT 60", "#ff8800")
    assert body["trainer_name"].startswith("Tara ")
    assert body["client_name"].startswith("Cara ")
    assert (body["status"], body["booking_status"]) == ("scheduled", "booked")
    assert body["location_id"] == str(world.location_id)  # implied by the room
    assert response.headers["ETag"]
    again = api.get(f"{SESSIONS}/{body['id']}")
    assert again.status_code == 200
    assert again.json == body
    # The client sees it too; the other trainer does not.
    assert world.api(world.client).get(f"{SESSIONS}/{body['id']}").status_code == 200
    assert world.api(world.other_trainer).get(f"{SESSIONS}/{body['id']}").status_code == 404


def test_trainer_books_only_assigned_clients_on_their_own_calendar(world: Studio) -> None:
    api = world.api(world.trainer)
    not_mine = api.post(SESSIONS, json=_body(world, client_id=str(world.other_client.client_id)))
    other_calendar = api.post(SESSIONS, json=_body(world, trainer_id=str(world.other_trainer.trainer_id)))
    assert (not_mine.status_code, other_calendar.status_code) == (404, 404)
    admin = world.api(world.admin)
    cross = admin.post(SESSIONS, json=_body(world, client_id=str(world.other_client.client_id)))
    assert cross.status_code == 201, cross.json
    assert _count(world, Appointment) == 1


def test_a_class_service_cannot_be_booked_as_a_session(world: Studio) -> None:
    response = world.api(world.admin).post(SESSIONS, json=_body(world, service_id=str(world.class_id)))
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "service_id"


# --- double booking ------------------------------------------------------------------------------


def test_trainer_clash_includes_the_buffer(world: Studio) -> None:
    add_session(world, client=world.client, starts_at=at(3, 10))  # blocks 10:00-11:15 (15 min buffer)
    other = world.factory.client(trainer=world.trainer, first_name="Bea")
    api = world.api(world.trainer)
    clash = api.post(SESSIONS, json=_body(world, client_id=str(other.client_id), starts_at=iso(at(3, 11))))
    assert clash.status_code == 409
    assert problem_type(clash) == "double-booking"
    assert "trainer" in clash.json["detail"]
    assert "PT 60" in clash.json["detail"]
    after_buffer = api.post(SESSIONS, json=_body(world, client_id=str(other.client_id), starts_at=iso(at(3, 11, 15))))
    assert after_buffer.status_code == 201, after_buffer.json


def test_room_clash(world: Studio) -> None:
    add_session(world, client=world.client, starts_at=at(3, 10), room=True)
    response = world.api(world.admin).post(
        SESSIONS,
        json=_body(
            world,
            trainer_id=str(world.other_trainer.trainer_id),
            client_id=str(world.other_client.client_id),
            starts_at=iso(at(3, 10, 30)),
            room_id=str(world.room_id),
        ),
    )
    assert response.status_code == 409
    assert problem_type(response) == "double-booking"
    assert "room" in response.json["detail"]


def test_client_clash_across_trainers(world: Studio) -> None:
    add_session(world, client=world.client, starts_at=at(3, 10))
    response = world.api(world.admin).post(
        SESSIONS, json=_body(world, trainer_id=str(world.other_trainer.trainer_id), starts_at=iso(at(3, 11, 10)))
    )
    assert response.status_code == 409
    assert problem_type(response) == "double-booking"
    assert "client" in response.json["detail"]
    assert _count(world, Appointment) == 1


# --- a client books themselves -------------------------------------------------------------------


def test_client_books_an_offered_slot_with_their_trainer(world: Studio) -> None:
    working_hours(world, world.trainer, time(8), time(18))
    response = world.api(world.client).post(SESSIONS, json=_body(world, starts_at=iso(at(3, 9, 30))))
    assert response.status_code == 201, response.json
    assert response.json["location_id"] == str(world.location_id)  # taken from the offered slot
    assert response.json["booking_status"] == "booked"


def _soon() -> datetime:
    """The next half hour at least an hour away: inside the 120-minute minimum notice, on the grid."""
    moment = utcnow() + timedelta(hours=1)
    return moment.replace(minute=0 if moment.minute < 30 else 30, second=0, microsecond=0) + timedelta(minutes=30)


@pytest.mark.parametrize(
    ("label", "starts_at"),
    [
        ("outside working hours", lambda: at(3, 19)),
        ("off the slot grid", lambda: at(3, 9, 10)),
        ("inside the minimum notice", lambda: _soon()),
        ("beyond the maximum advance", lambda: at(90, 10)),
    ],
)
def test_client_cannot_book_a_time_that_is_not_offered(world: Studio, label: str, starts_at: Any) -> None:
    all_day = label != "outside working hours"
    working_hours(world, world.trainer, time(0) if all_day else time(8), time(23, 30) if all_day else time(18))
    response = world.api(world.client).post(SESSIONS, json=_body(world, starts_at=iso(starts_at())))
    assert response.status_code == 409, label
    assert problem_type(response) == "slot-unavailable"
    assert _count(world, Appointment) == 0


def test_client_cannot_book_a_taken_slot(world: Studio) -> None:
    working_hours(world, world.trainer)
    other = world.factory.client(trainer=world.trainer, first_name="Bea")
    add_session(world, client=other, starts_at=at(3, 10))
    response = world.api(world.client).post(SESSIONS, json=_body(world, starts_at=iso(at(3, 10, 30))))
    assert response.status_code == 409


def test_client_books_only_themselves_their_trainers_and_bookable_services(world: Studio) -> None:
    working_hours(world, world.trainer)
    working_hours(world, world.other_trainer)
    api = world.api(world.client)
    for_someone_else = api.post(SESSIONS, json=_body(world, client_id=str(world.other_client.client_id)))
    foreign_trainer = api.post(SESSIONS, json=_body(world, trainer_id=str(world.other_trainer.trainer_id)))
    with world.database.session() as s:
        s.get(Service, world.pt_id).client_bookable = False
    staff_only = api.post(SESSIONS, json=_body(world))
    assert [r.status_code for r in (for_someone_else, foreign_trainer, staff_only)] == [403, 404, 403]
    assert _count(world, Appointment) == 0


# --- reschedule ----------------------------------------------------------------------------------


def test_reschedule_needs_the_current_etag_and_moves_the_booking(world: Studio) -> None:
    session_id = add_session(world, client=world.client, starts_at=at(3, 10))
    api = world.api(world.trainer)
    url = f"{SESSIONS}/{session_id}"
    etag = api.get(url).headers["ETag"]
    assert api.patch(url, json={"starts_at": iso(at(4, 10))}).status_code == 428
    moved = api.patch(url, json={"starts_at": iso(at(4, 10)), "notes": "Bring a towel"}, headers={"If-Match": etag})
    assert moved.status_code == 200, moved.json
    assert moved.json["starts_at"] == iso(at(4, 10))
    assert moved.json["notes"] == "Bring a towel"
    assert booking_of(world, session_id, world.client).starts_at == at(4, 10)
    stale = api.patch(url, json={"notes": "again"}, headers={"If-Match": etag})
    assert stale.status_code == 409
    kinds = [
        e["kind"]
        for e in world.api(world.admin).get(f"/api/v1/clients/{world.client.client_id}/activity").json["items"]
    ]
    assert kinds == ["booking.rescheduled", "booking.booked"]


def test_reschedule_into_a_clash_is_refused_and_changes_nothing(world: Studio) -> None:
    first = add_session(world, client=world.client, starts_at=at(3, 10))
    other = world.factory.client(trainer=world.trainer, first_name="Bea")
    second = add_session(world, client=other, starts_at=at(3, 14))
    api = world.api(world.trainer)
    url = f"{SESSIONS}/{second}"
    etag = {"If-Match": api.get(url).headers["ETag"]}
    response = api.patch(url, json={"starts_at": iso(at(3, 10, 30))}, headers=etag)
    assert response.status_code == 409
    assert problem_type(response) == "double-booking"
    assert api.get(url).json["starts_at"] == iso(at(3, 14))
    assert api.get(f"{SESSIONS}/{first}").status_code == 200


def test_clients_and_other_trainers_cannot_reschedule(world: Studio) -> None:
    session_id = add_session(world, client=world.client, starts_at=at(3, 10))
    url = f"{SESSIONS}/{session_id}"
    etag = world.api(world.admin).get(url).headers["ETag"]
    by_client = world.api(world.client).patch(url, json={"notes": "x"}, headers={"If-Match": etag})
    by_other = world.api(world.other_trainer).patch(url, json={"notes": "x"}, headers={"If-Match": etag})
    assert (by_client.status_code, by_other.status_code) == (403, 404)


# --- lists ---------------------------------------------------------------------------------------


def test_session_lists_are_scoped_and_filtered(world: Studio) -> None:
    mine = add_session(world, client=world.client, starts_at=at(3, 10))
    theirs = add_session(world, client=world.other_client, trainer=world.other_trainer, starts_at=at(5, 10))

    def ids(who: Any, **params: Any) -> list[str]:
        response = world.api(who).get(SESSIONS, query_string=params)
        assert response.status_code == 200, response.json
        return [item["id"] for item in response.json["items"]]

    assert ids(world.admin) == [str(mine), str(theirs)]
    assert ids(world.trainer) == [str(mine)]
    assert ids(world.client) == [str(mine)]
    assert ids(world.other_client) == [str(theirs)]
    assert ids(world.admin, trainer_id=str(world.other_trainer.trainer_id)) == [str(theirs)]
    assert ids(world.admin, client_id=str(world.client.client_id)) == [str(mine)]
    assert ids(world.admin, **{"from": iso(at(4, 0)), "to": iso(at(6, 0))}) == [str(theirs)]
    assert ids(world.admin, status="cancelled") == []
    assert world.api(world.admin).get(SESSIONS, query_string={"from": "2030-01-01T10:00:00"}).status_code == 422


def test_session_pages_follow_the_cursor_in_start_order(world: Studio) -> None:
    created = [add_session(world, client=world.client, starts_at=at(3, 8 + 2 * n)) for n in range(5)]
    api = world.api(world.admin)
    seen, cursor = [], None
    while True:
        page = api.get(SESSIONS, query_string={"limit": 2, **({"cursor": cursor} if cursor else {})}).json
        seen += [item["id"] for item in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert seen == [str(i) for i in created]


def test_session_list_query_count_does_not_grow_with_page_size(app: Any, world: Studio) -> None:
    api = world.api(world.admin)

    def queries() -> int:
        with count_queries(app) as statements:
            assert api.get(SESSIONS, query_string={"limit": 100}).status_code == 200
        return len(statements)

    add_session(world, client=world.client, starts_at=at(3, 8))
    few = queries()
    for n in range(6):
        client = world.factory.client(trainer=world.trainer)
        add_session(
            world, client=client, starts_at=at(4, 8 + 2 * n), trainer=world.trainer if n % 2 else world.other_trainer
        )
    assert queries() == few


def test_staff_booking_records_one_booking_and_one_event(world: Studio) -> None:
    response = world.api(world.trainer).post(SESSIONS, json=_body(world))
    assert response.status_code == 201
    assert _count(world, Booking) == 1
    timeline = world.api(world.client).get(f"/api/v1/clients/{world.client.client_id}/activity").json["items"]
    assert [(e["kind"], e["subject_id"]) for e in timeline] == [("booking.booked", response.json["booking_id"])]
