"""Group classes: staff schedule them on calendars they manage, everyone sees places left, only the class's
trainer and admins see the roster, capacity edits feed the waitlist, cancelling keeps attendance history."""

from __future__ import annotations

from typing import Any

import pytest

from fitnesscrm.scheduling.models import BookingStatus, Room

from ..test_api_contract import count_queries
from .booking_support import (
    BOOKINGS,
    CLASSES,
    Studio,
    add_class,
    at,
    booking_of,
    bookings_of,
    from_now,
    iso,
    move_start,
    problem_type,
    studio,
)


@pytest.fixture
def world(factory: Any) -> Studio:
    return studio(factory)


def _body(w: Studio, **overrides: Any) -> dict[str, Any]:
    return {
        "service_id": str(w.class_id),
        "trainer_id": str(w.trainer.trainer_id),
        "starts_at": iso(at(3, 18)),
        **overrides,
    }


def _etag(w: Studio, class_id: Any) -> dict[str, str]:
    return {"If-Match": w.api(w.admin).get(f"{CLASSES}/{class_id}").headers["ETag"]}


def test_trainer_schedules_a_class_on_their_calendar(world: Studio) -> None:
    api = world.api(world.trainer)
    response = api.post(CLASSES, json=_body(world, capacity=12, room_id=str(world.room_id), title="Sunset HIIT"))
    assert response.status_code == 201, response.json
    body = response.json
    assert (body["title"], body["service_name"], body["colour"]) == ("Sunset HIIT", "HIIT 45", "#00aa55")
    assert (body["capacity"], body["seats_taken"], body["spots_left"], body["waitlist_count"]) == (12, 0, 12, 0)
    assert body["ends_at"] == iso(at(3, 18, 45))
    assert body["my_booking"] is None
    assert api.post(CLASSES, json=_body(world, trainer_id=str(world.other_trainer.trainer_id))).status_code == 404
    assert world.api(world.client).post(CLASSES, json=_body(world)).status_code == 403


def test_class_capacity_defaults_to_the_service_and_must_fit_the_room(world: Studio) -> None:
    api = world.api(world.admin)
    assert api.post(CLASSES, json=_body(world)).json["capacity"] == 3
    with world.database.session() as s:
        s.get(Room, world.room_id).capacity = 10
    too_big = api.post(CLASSES, json=_body(world, starts_at=iso(at(4, 18)), capacity=11, room_id=str(world.room_id)))
    assert too_big.status_code == 422
    one_to_one = api.post(CLASSES, json=_body(world, service_id=str(world.pt_id), starts_at=iso(at(5, 18))))
    assert one_to_one.status_code == 422


def test_everyone_signed_in_lists_classes_and_a_client_sees_their_own_place(world: Studio) -> None:
    others = [world.factory.client(trainer=world.trainer) for _ in range(2)]
    full = add_class(world, starts_at=at(3, 18), capacity=2, clients=tuple(others))
    open_class = add_class(world, starts_at=at(4, 18), capacity=5, trainer=world.other_trainer)
    client = world.api(world.client)
    booked = client.post(BOOKINGS, json={"appointment_id": str(full)})
    assert booked.json["status"] == "waitlisted"
    listed = client.get(CLASSES)
    assert listed.status_code == 200
    items = {item["id"]: item for item in listed.json["items"]}
    assert list(items) == [str(full), str(open_class)]
    assert items[str(full)]["spots_left"] == 0
    assert items[str(full)]["waitlist_count"] == 1
    assert items[str(full)]["my_booking"] == {"id": booked.json["id"], "status": "waitlisted", "waitlist_position": 1}
    assert items[str(open_class)]["my_booking"] is None
    assert "items" not in items[str(full)]
    assert "roster" not in items[str(full)]
    # Filters and the single view.
    only = client.get(CLASSES, query_string={"trainer_id": str(world.other_trainer.trainer_id)}).json["items"]
    assert [i["id"] for i in only] == [str(open_class)]
    assert client.get(f"{CLASSES}/{full}").json["my_booking"]["status"] == "waitlisted"
    assert world.api(world.other_trainer).get(f"{CLASSES}/{full}").json["my_booking"] is None


def test_roster_is_for_the_class_trainer_and_admins(world: Studio) -> None:
    seated = [world.factory.client(trainer=world.trainer, first_name=f"Seat{n}") for n in range(2)]
    class_id = add_class(world, starts_at=at(3, 18), capacity=2, clients=tuple(seated))
    world.api(world.client).post(BOOKINGS, json={"appointment_id": str(class_id)})
    url = f"{CLASSES}/{class_id}/roster"
    roster = world.api(world.trainer).get(url)
    assert roster.status_code == 200
    assert (roster.json["capacity"], roster.json["seats_taken"], roster.json["waitlist_count"]) == (2, 2, 1)
    rows = [(r["client_name"].split()[0], r["status"], r["waitlist_position"]) for r in roster.json["items"]]
    assert rows == [("Seat0", "booked", None), ("Seat1", "booked", None), ("Cara", "waitlisted", 1)]
    assert world.api(world.admin).get(url).json == roster.json
    assert world.api(world.other_trainer).get(url).status_code == 404
    assert world.api(world.client).get(url).status_code == 403


def test_raising_capacity_promotes_the_waitlist_and_lowering_below_seats_is_refused(world: Studio) -> None:
    seated = [world.factory.client(trainer=world.trainer) for _ in range(2)]
    class_id = add_class(world, starts_at=at(3, 18), capacity=2, clients=tuple(seated))
    world.api(world.client).post(BOOKINGS, json={"appointment_id": str(class_id)})
    api = world.api(world.trainer)
    url = f"{CLASSES}/{class_id}"
    lower = api.patch(url, json={"capacity": 1}, headers=_etag(world, class_id))
    assert lower.status_code == 409
    raised = api.patch(url, json={"capacity": 3}, headers=_etag(world, class_id))
    assert raised.status_code == 200, raised.json
    assert (raised.json["seats_taken"], raised.json["waitlist_count"]) == (3, 0)
    assert booking_of(world, class_id, world.client).status is BookingStatus.BOOKED


def test_moving_a_class_moves_its_bookings_and_is_refused_into_a_clash(world: Studio) -> None:
    class_id = add_class(world, starts_at=at(3, 18), clients=(world.client,))
    later = add_class(world, starts_at=at(3, 20))
    api = world.api(world.trainer)
    url = f"{CLASSES}/{class_id}"
    clash = api.patch(url, json={"starts_at": iso(at(3, 19, 30))}, headers=_etag(world, class_id))
    assert clash.status_code == 409
    assert problem_type(clash) == "double-booking"
    assert (clash.json["conflict_with"], clash.json["conflicting_appointment_id"]) == ("trainer", str(later))
    moved = api.patch(
        url,
        json={"starts_at": iso(at(3, 7)), "duration_minutes": 60, "title": "Early HIIT"},
        headers=_etag(world, class_id),
    )
    assert moved.status_code == 200, moved.json
    assert (moved.json["starts_at"], moved.json["ends_at"], moved.json["title"]) == (
        iso(at(3, 7)),
        iso(at(3, 8)),
        "Early HIIT",
    )
    assert booking_of(world, class_id, world.client).starts_at == at(3, 7)
    assert (
        world.api(world.other_trainer).patch(url, json={"title": "x"}, headers=_etag(world, class_id)).status_code
        == 404
    )
    assert world.api(world.client).patch(url, json={"title": "x"}, headers=_etag(world, class_id)).status_code == 403


def test_cancelling_a_class_cancels_every_place_tells_each_client_and_keeps_attendance(world: Studio) -> None:
    arrived = world.factory.client(trainer=world.trainer, first_name="Early")
    class_id = add_class(world, starts_at=at(3, 18), capacity=2, clients=(arrived, world.client))
    waiting = world.api(world.other_client).post(BOOKINGS, json={"appointment_id": str(class_id)})
    assert waiting.json["status"] == "waitlisted"
    move_start(world, class_id, from_now(0.25))  # check-in is open; the class has not started
    trainer = world.api(world.trainer)
    check_in = trainer.post(f"{BOOKINGS}/{booking_of(world, class_id, arrived).id}/check-in")
    assert check_in.status_code == 200
    cancelled = trainer.post(f"{CLASSES}/{class_id}/cancel", json={"reason": "Instructor ill"})
    assert cancelled.status_code == 200, cancelled.json
    assert (cancelled.json["status"], cancelled.json["cancel_reason"]) == ("cancelled", "Instructor ill")
    statuses = {b.client_id: b.status for b in bookings_of(world, class_id)}
    assert statuses == {
        arrived.client_id: BookingStatus.ATTENDED,
        world.client.client_id: BookingStatus.CANCELLED,
        world.other_client.client_id: BookingStatus.CANCELLED,
    }
    for person in (world.client, world.other_client):
        timeline = world.api(world.admin).get(f"/api/v1/clients/{person.client_id}/activity").json["items"]
        assert timeline[0]["kind"] == "booking.cancelled"
        assert timeline[0]["payload"]["reason"] == "Instructor ill"
    assert trainer.post(f"{CLASSES}/{class_id}/cancel", json={}).status_code == 409
    booking = world.api(world.factory.client(trainer=world.trainer, account=True)).post(
        BOOKINGS, json={"appointment_id": str(class_id)}
    )
    assert booking.status_code == 409


def test_class_list_query_count_does_not_grow_with_page_size(app: Any, world: Studio) -> None:
    api = world.api(world.client)

    def queries() -> int:
        with count_queries(app) as statements:
            assert api.get(CLASSES, query_string={"limit": 100}).status_code == 200
        return len(statements)

    add_class(world, starts_at=at(3, 6), clients=(world.client,))
    few = queries()
    assert few == 3  # the classes with their names joined in, the client's own places, the seat counts
    for n in range(5):
        add_class(
            world,
            starts_at=at(4, 6 + 2 * n),
            clients=(world.client,),
            trainer=world.trainer if n % 2 else world.other_trainer,
        )
    assert queries() == few


def test_roster_header_counts_come_from_its_groups_in_a_fixed_number_of_queries(app: Any, world: Studio) -> None:
    """Issue 11: "3 of 6 booked" over a longer list. Each count is its group's length, whatever the group sizes."""
    class_id = add_class(world, starts_at=at(3, 18), capacity=2, clients=(world.client,))
    api = world.api(world.trainer)

    def roster() -> tuple[dict[str, Any], int]:
        with count_queries(app) as statements:
            response = api.get(f"{CLASSES}/{class_id}/roster")
        assert response.status_code == 200, response.json
        return response.json, len(statements)

    few, baseline = roster()
    assert (few["seats_taken"], few["waitlist_count"], few["not_attending_count"], len(few["items"])) == (1, 0, 0, 1)
    extra = [world.factory.client(trainer=world.trainer, first_name=f"Extra{n}") for n in range(4)]
    for person in extra:
        api.post(BOOKINGS, json={"appointment_id": str(class_id), "client_id": str(person.client_id)})
    late = booking_of(world, class_id, world.client).id
    move_start(world, class_id, from_now(12))  # inside the 24-hour cancellation window
    assert api.post(f"{BOOKINGS}/{late}/attendance", json={"status": "late_cancelled"}).status_code == 200
    full, statements = roster()
    groups = [e["status"] for e in full["items"]]
    assert groups == ["booked", "booked", "waitlisted", "waitlisted", "late_cancelled"]
    assert (full["seats_taken"], full["waitlist_count"], full["not_attending_count"]) == (2, 2, 1)
    assert statements == baseline
