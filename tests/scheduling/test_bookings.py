"""Class bookings: who may book whom, the waitlist and its promotion order, scoped lists, idempotent retries
and the client's activity timeline."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from fitnesscrm.core.idempotency import IdempotencyRecord
from fitnesscrm.scheduling.models import Appointment, Booking, BookingStatus, Service

from ..test_api_contract import count_queries
from .booking_support import (
    BOOKINGS,
    SESSIONS,
    Studio,
    add_class,
    add_session,
    at,
    booking_of,
    iso,
    move_start,
    studio,
)


@pytest.fixture
def world(factory: Any) -> Studio:
    return studio(factory)


def _count(w: Studio, model: Any, *where: Any) -> int:
    with w.database.session() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


# --- who may book whom ---------------------------------------------------------------------------


def test_client_books_a_class_then_joins_the_waitlist_when_full(world: Studio) -> None:
    first = world.factory.client(trainer=world.trainer, account=True, first_name="Fay")
    class_id = add_class(world, starts_at=at(3, 18), capacity=1)
    placed = world.api(first).post(BOOKINGS, json={"appointment_id": str(class_id)})
    assert placed.status_code == 201, placed.json
    body = placed.json
    assert (body["status"], body["waitlist_position"], body["seats_taken"], body["capacity"]) == ("booked", None, 1, 1)
    assert (body["service_name"], body["kind"], body["starts_at"]) == ("HIIT 45", "group", iso(at(3, 18)))
    assert body["client_name"].startswith("Fay ")
    assert body["trainer_name"].startswith("Tara ")
    waiting = world.api(world.client).post(BOOKINGS, json={"appointment_id": str(class_id)})
    assert waiting.status_code == 201
    assert (waiting.json["status"], waiting.json["waitlist_position"]) == ("waitlisted", 1)
    again = world.api(world.client).post(BOOKINGS, json={"appointment_id": str(class_id)})
    assert again.status_code == 409


def test_clients_book_only_themselves(world: Studio) -> None:
    class_id = add_class(world, starts_at=at(3, 18))
    api = world.api(world.client)
    other = api.post(BOOKINGS, json={"appointment_id": str(class_id), "client_id": str(world.other_client.client_id)})
    own = api.post(BOOKINGS, json={"appointment_id": str(class_id), "client_id": str(world.client.client_id)})
    assert (other.status_code, own.status_code) == (403, 201)


def test_staff_book_clients_in_scope_into_classes_they_manage(world: Studio) -> None:
    mine = add_class(world, starts_at=at(3, 18))
    theirs = add_class(world, starts_at=at(4, 18), trainer=world.other_trainer)
    trainer = world.api(world.trainer)
    assert trainer.post(BOOKINGS, json={"appointment_id": str(mine)}).status_code == 422  # client_id missing
    assert (
        trainer.post(
            BOOKINGS, json={"appointment_id": str(mine), "client_id": str(world.other_client.client_id)}
        ).status_code
        == 404
    )
    assert (
        trainer.post(
            BOOKINGS, json={"appointment_id": str(theirs), "client_id": str(world.client.client_id)}
        ).status_code
        == 404
    )
    assert (
        trainer.post(BOOKINGS, json={"appointment_id": str(mine), "client_id": str(world.client.client_id)}).status_code
        == 201
    )
    admin = world.api(world.admin)
    assert (
        admin.post(BOOKINGS, json={"appointment_id": str(theirs), "client_id": str(world.client.client_id)}).status_code
        == 201
    )


def test_sessions_cancelled_and_started_classes_cannot_be_booked(world: Studio) -> None:
    session_id = add_session(world, client=world.other_client, trainer=world.other_trainer, starts_at=at(5, 10))
    started = add_class(world, starts_at=at(3, 18))
    move_start(world, started, at(-1, 18))
    api = world.api(world.client)
    assert api.post(BOOKINGS, json={"appointment_id": str(session_id)}).status_code == 404
    assert api.post(BOOKINGS, json={"appointment_id": str(started)}).status_code == 409
    with world.database.session() as s:
        s.get(Service, world.class_id).client_bookable = False
    staff_only = add_class(world, starts_at=at(6, 18))
    assert api.post(BOOKINGS, json={"appointment_id": str(staff_only)}).status_code == 403


def test_booking_refuses_a_client_already_busy_at_that_time(world: Studio) -> None:
    busy = add_session(world, client=world.client, starts_at=at(3, 18))
    class_id = add_class(world, starts_at=at(3, 18, 30), trainer=world.other_trainer)
    response = world.api(world.client).post(BOOKINGS, json={"appointment_id": str(class_id)})
    assert response.status_code == 409
    assert response.json["type"].endswith("double-booking")
    assert "client" in response.json["detail"]
    # Named for programs too, not only in prose: whose time, and the appointment in the way.
    assert response.json["conflict_with"] == "client"
    assert response.json["conflicting_appointment_id"] == str(busy)


# --- the waitlist --------------------------------------------------------------------------------


def test_cancelling_a_place_promotes_the_earliest_waitlisted_client_who_is_free(world: Studio) -> None:
    seated = world.factory.client(trainer=world.trainer, account=True, first_name="Sam")
    class_id = add_class(world, starts_at=at(3, 18), capacity=1, clients=(seated,))
    queue = [
        world.factory.client(trainer=world.trainer, account=True, first_name=name) for name in ("Ann", "Ben", "Cal")
    ]
    for person in queue:
        assert world.api(person).post(BOOKINGS, json={"appointment_id": str(class_id)}).json["status"] == "waitlisted"
    # Ann, first in line, has since booked a session at the same time elsewhere: she is skipped, keeps her place.
    add_session(world, client=queue[0], trainer=world.other_trainer, starts_at=at(3, 18))
    own = booking_of(world, class_id, seated)
    cancelled = world.api(seated).post(f"{BOOKINGS}/{own.id}/cancel", json={})
    assert cancelled.status_code == 200
    assert cancelled.json["status"] == "cancelled"
    statuses = [booking_of(world, class_id, person).status for person in queue]
    assert statuses == [BookingStatus.WAITLISTED, BookingStatus.BOOKED, BookingStatus.WAITLISTED]
    ann = world.api(queue[0]).get(f"{BOOKINGS}/{booking_of(world, class_id, queue[0]).id}").json
    cal = world.api(queue[2]).get(f"{BOOKINGS}/{booking_of(world, class_id, queue[2]).id}").json
    assert (ann["waitlist_position"], cal["waitlist_position"]) == (1, 2)
    ben_timeline = world.api(queue[1]).get(f"/api/v1/clients/{queue[1].client_id}/activity").json["items"]
    assert [e["kind"] for e in ben_timeline] == ["booking.waitlist_promoted", "booking.waitlisted"]


def test_cancelling_a_waitlisted_place_moves_the_line_up(world: Studio) -> None:
    class_id = add_class(world, starts_at=at(3, 18), capacity=1, clients=(world.factory.client(trainer=world.trainer),))
    queue = [world.factory.client(trainer=world.trainer, account=True) for _ in range(3)]
    ids = [world.api(p).post(BOOKINGS, json={"appointment_id": str(class_id)}).json["id"] for p in queue]
    assert world.api(queue[0]).post(f"{BOOKINGS}/{ids[0]}/cancel", json={}).json["status"] == "cancelled"
    positions = [world.api(world.admin).get(f"{BOOKINGS}/{i}").json["waitlist_position"] for i in ids]
    assert positions == [None, 1, 2]


# --- lists ---------------------------------------------------------------------------------------


def test_booking_lists_are_scoped_filtered_and_ordered(world: Studio) -> None:
    mine = add_class(world, starts_at=at(3, 18), clients=(world.client,))
    theirs = add_class(
        world, starts_at=at(4, 18), trainer=world.other_trainer, clients=(world.client, world.other_client)
    )
    past = add_class(world, starts_at=at(2, 18), clients=(world.client,))
    move_start(world, past, at(-2, 18))

    def listed(who: Any, **params: Any) -> list[tuple[str, str]]:
        response = world.api(who).get(BOOKINGS, query_string=params)
        assert response.status_code == 200, response.json
        return [(item["appointment_id"], item["client_id"]) for item in response.json["items"]]

    c, o = str(world.client.client_id), str(world.other_client.client_id)
    assert listed(world.client) == [(str(past), c), (str(mine), c), (str(theirs), c)]
    assert listed(world.trainer) == [(str(past), c), (str(mine), c)]
    assert listed(world.other_trainer) in ([(str(theirs), c), (str(theirs), o)], [(str(theirs), o), (str(theirs), c)])
    assert len(listed(world.admin)) == 4
    assert listed(world.admin, client_id=o) == [(str(theirs), o)]
    assert listed(world.client, when="upcoming") == [(str(mine), c), (str(theirs), c)]
    assert listed(world.client, when="past") == [(str(past), c)]
    assert listed(world.client, status="waitlisted") == []
    # A client cannot widen the scope with a filter.
    assert listed(world.client, client_id=o) == []


def test_cancelled_bookings_are_listed_apart_from_standing_ones(world: Studio) -> None:
    """The client's My sessions page: Upcoming holds only live bookings, Cancelled every cancelled one."""
    soon = add_class(world, starts_at=at(2, 18), clients=(world.client,))
    later = add_class(world, starts_at=at(5, 18), capacity=1, clients=(world.other_client,))
    world.api(world.client).post(BOOKINGS, json={"appointment_id": str(later)})  # waitlisted
    called_off = add_class(world, starts_at=at(3, 18), clients=(world.client,))
    world.api(world.client).post(f"{BOOKINGS}/{booking_of(world, called_off, world.client).id}/cancel", json={})
    studio_cancelled = add_class(world, starts_at=at(4, 18), clients=(world.client,))
    assert world.api(world.admin).post(f"/api/v1/classes/{studio_cancelled}/cancel", json={}).status_code == 200
    attended, late = (add_class(world, starts_at=at(6, hour), clients=(world.client,)) for hour in (8, 12))
    for class_id, days, status in ((attended, -3, BookingStatus.ATTENDED), (late, -1, BookingStatus.LATE_CANCELLED)):
        move_start(world, class_id, at(days, 18))
        with world.database.session() as s:
            s.get(Booking, booking_of(world, class_id, world.client).id).status = status

    def listed(**params: Any) -> list[str]:
        response = world.api(world.client).get(BOOKINGS, query_string=params)
        assert response.status_code == 200, response.json
        return [item["appointment_id"] for item in response.json["items"]]

    assert listed(when="upcoming", cancelled="false") == [str(soon), str(later)]
    assert listed(when="past", cancelled="false") == [str(attended)]
    assert listed(cancelled="true") == [str(studio_cancelled), str(called_off), str(late)]  # latest first
    assert listed(when="upcoming", cancelled="true") == [str(called_off), str(studio_cancelled)]
    assert world.api(world.client).get(BOOKINGS, query_string={"cancelled": "maybe"}).status_code == 422


def test_booking_pages_follow_the_cursor(world: Studio) -> None:
    for n in range(5):
        add_class(world, starts_at=at(3 + n, 18), clients=(world.client,))
    api = world.api(world.client)
    seen, cursor = [], None
    for _ in range(4):
        page = api.get(
            BOOKINGS, query_string={"limit": 2, "when": "upcoming", **({"cursor": cursor} if cursor else {})}
        ).json
        seen += [item["starts_at"] for item in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert seen == [iso(at(3 + n, 18)) for n in range(5)]


def test_booking_list_query_count_does_not_grow_with_page_size(app: Any, world: Studio) -> None:
    api = world.api(world.admin)

    def queries() -> int:
        with count_queries(app) as statements:
            assert api.get(BOOKINGS, query_string={"limit": 100}).status_code == 200
        return len(statements)

    full = add_class(world, starts_at=at(3, 18), capacity=1, clients=(world.client,))
    world.api(world.other_client).post(BOOKINGS, json={"appointment_id": str(full)})  # one waitlisted
    few = queries()
    assert few == 3  # the bookings with their names joined in, the seat counts, the waitlist places
    for n in range(5):
        add_class(
            world,
            starts_at=at(4 + n, 18),
            clients=(world.factory.client(trainer=world.trainer),),
            trainer=world.trainer if n % 2 else world.other_trainer,
        )
    assert queries() == few


def test_a_booking_outside_my_scope_is_404(world: Studio) -> None:
    class_id = add_class(world, starts_at=at(3, 18), trainer=world.other_trainer, clients=(world.other_client,))
    booking_id = booking_of(world, class_id, world.other_client).id
    for who in (world.client, world.trainer):
        assert world.api(who).get(f"{BOOKINGS}/{booking_id}").status_code == 404
        assert world.api(who).post(f"{BOOKINGS}/{booking_id}/cancel", json={}).status_code == 404
    assert booking_of(world, class_id, world.other_client).status is BookingStatus.BOOKED


# --- idempotent retries --------------------------------------------------------------------------


def test_a_retried_booking_with_the_same_key_returns_the_same_booking_once(world: Studio) -> None:
    class_id = add_class(world, starts_at=at(3, 18))
    api = world.api(world.client)
    key = {"Idempotency-Key": "c0ffee00-book-0001"}
    first = api.post(BOOKINGS, json={"appointment_id": str(class_id)}, headers=key)
    retry = api.post(BOOKINGS, json={"appointment_id": str(class_id)}, headers=key)
    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json == first.json
    assert retry.headers.get("Idempotent-Replayed") == "true"
    assert _count(world, Booking) == 1
    other_class = add_class(world, starts_at=at(4, 18))
    reused = api.post(BOOKINGS, json={"appointment_id": str(other_class)}, headers=key)
    assert reused.status_code == 422
    assert reused.json["type"].endswith("idempotency-key-reused")
    assert _count(world, Booking) == 1


def test_a_retried_session_with_the_same_key_creates_one_session(world: Studio) -> None:
    api = world.api(world.trainer)
    body = {
        "service_id": str(world.pt_id),
        "trainer_id": str(world.trainer.trainer_id),
        "client_id": str(world.client.client_id),
        "starts_at": iso(at(3, 10)),
    }
    key = {"Idempotency-Key": "session-retry-1"}
    first = api.post(SESSIONS, json=body, headers=key)
    retry = api.post(SESSIONS, json=body, headers=key)
    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json["id"] == first.json["id"]
    assert retry.json["booking_id"] == first.json["booking_id"]
    assert (_count(world, Appointment), _count(world, Booking)) == (1, 1)
    moved = api.post(SESSIONS, json={**body, "starts_at": iso(at(4, 10))}, headers=key)
    assert moved.status_code == 422
    assert _count(world, Appointment) == 1
    # A failed write is not remembered: the same key may be retried after fixing the request.
    bad_key = {"Idempotency-Key": "session-retry-2"}
    clash = api.post(SESSIONS, json=body, headers=bad_key)
    assert clash.status_code == 409
    assert _count(world, IdempotencyRecord, IdempotencyRecord.key == "session-retry-2") == 0
    fixed = api.post(SESSIONS, json=body | {"starts_at": iso(at(5, 10))}, headers=bad_key)
    assert fixed.status_code == 201


# --- activity ------------------------------------------------------------------------------------


def test_activity_timeline_shows_the_clients_booking_events_newest_first(world: Studio) -> None:
    class_id = add_class(world, starts_at=at(3, 18), capacity=1)
    api = world.api(world.client)
    booking = api.post(BOOKINGS, json={"appointment_id": str(class_id)}).json
    api.post(f"{BOOKINGS}/{booking['id']}/cancel", json={"reason": "Work"})
    url = f"/api/v1/clients/{world.client.client_id}/activity"
    timeline = api.get(url).json
    assert [e["kind"] for e in timeline["items"]] == ["booking.cancelled", "booking.booked"]
    latest = timeline["items"][0]
    assert latest["subject_type"] == "booking"
    assert latest["subject_id"] == booking["id"]
    assert latest["payload"]["appointment_id"] == str(class_id)
    assert latest["payload"]["reason"] == "Work"
    assert latest["occurred_at"].endswith("Z")
    first_page = api.get(url, query_string={"limit": 1}).json
    assert [e["kind"] for e in first_page["items"]] == ["booking.cancelled"]
    second = api.get(url, query_string={"limit": 1, "cursor": first_page["next_cursor"]}).json
    assert [e["kind"] for e in second["items"]] == ["booking.booked"]
    assert world.api(world.trainer).get(url).status_code == 200
    assert world.api(world.other_trainer).get(url).status_code == 404
    assert world.api(world.other_client).get(url).status_code == 404
    assert world.api(world.client).get(f"/api/v1/clients/{world.other_client.client_id}/activity").status_code == 404
