"""Cancellation windows and penalties, check-in and attendance: what a late cancel or a no-show costs is
copied from the booking rules onto the booking (billing applies it later)."""

from __future__ import annotations

from typing import Any

import pytest

from fitnesscrm.scheduling.models import AppointmentStatus, BookingStatus, PenaltyPolicy

from .booking_support import (
    BOOKINGS,
    CLASSES,
    SESSIONS,
    Studio,
    add_class,
    add_session,
    at,
    booking_of,
    from_now,
    move_start,
    set_rules,
    studio,
)


@pytest.fixture
def world(factory: Any) -> Studio:
    return studio(factory)  # rules: 24 h window, late cancel forfeits a credit, no-show costs a fee


def _session_inside_window(world: Studio) -> Any:
    """A session starting in about 12 hours (the window is 24 hours)."""
    session_id = add_session(world, client=world.client, starts_at=at(3, 10))
    move_start(world, session_id, from_now(12))
    return session_id


# --- sessions ------------------------------------------------------------------------------------

def test_client_cancels_in_good_time_without_penalty(world: Studio) -> None:
    session_id = add_session(world, client=world.client, starts_at=at(3, 10))
    response = world.api(world.client).post(f"{SESSIONS}/{session_id}/cancel", json={"reason": "Travelling"})
    assert response.status_code == 200, response.json
    assert (response.json["status"], response.json["booking_status"], response.json["penalty"]) == (
        "cancelled", "cancelled", None)
    assert response.json["cancel_reason"] == "Travelling"


def test_client_cancelling_inside_the_window_is_a_late_cancel_with_the_rules_penalty(world: Studio) -> None:
    session_id = _session_inside_window(world)
    response = world.api(world.client).post(f"{SESSIONS}/{session_id}/cancel", json={})
    assert response.status_code == 200, response.json
    assert (response.json["status"], response.json["booking_status"], response.json["penalty"]) == (
        "cancelled", "late_cancelled", "forfeit_credit")
    timeline = world.api(world.client).get(f"/api/v1/clients/{world.client.client_id}/activity").json["items"]
    assert timeline[0]["kind"] == "booking.late_cancelled"
    # The trainer's time is free again.
    again = world.api(world.admin).post(SESSIONS, json={
        "service_id": str(world.pt_id), "trainer_id": str(world.trainer.trainer_id),
        "client_id": str(world.client.client_id), "starts_at": response.json["starts_at"]})
    assert again.status_code == 201, again.json


def test_late_cancel_policy_follows_the_rules(world: Studio) -> None:
    set_rules(world.database, late_cancel_policy=PenaltyPolicy.FEE, late_cancel_fee_minor=2500)
    session_id = _session_inside_window(world)
    response = world.api(world.client).post(f"{SESSIONS}/{session_id}/cancel", json={})
    assert response.json["penalty"] == "fee"


def test_staff_cancel_inside_the_window_is_a_plain_cancel(world: Studio) -> None:
    session_id = _session_inside_window(world)
    response = world.api(world.trainer).post(f"{SESSIONS}/{session_id}/cancel",
                                             json={"reason": "Trainer ill", "waive_penalty": True})
    assert response.status_code == 200
    assert (response.json["booking_status"], response.json["penalty"]) == ("cancelled", None)


def test_only_staff_may_waive_and_nobody_cancels_a_started_session(world: Studio) -> None:
    session_id = _session_inside_window(world)
    url = f"{SESSIONS}/{session_id}/cancel"
    assert world.api(world.client).post(url, json={"waive_penalty": True}).status_code == 403
    move_start(world, session_id, from_now(-1))
    assert world.api(world.client).post(url, json={}).status_code == 409
    assert world.api(world.trainer).post(url, json={}).status_code == 409
    assert world.api(world.other_trainer).post(url, json={}).status_code == 404
    assert booking_of(world, session_id, world.client).status is BookingStatus.BOOKED


def test_cancelling_a_session_booking_cancels_the_session(world: Studio) -> None:
    session_id = add_session(world, client=world.client, starts_at=at(3, 10))
    booking_id = booking_of(world, session_id, world.client).id
    response = world.api(world.client).post(f"{BOOKINGS}/{booking_id}/cancel", json={})
    assert response.status_code == 200
    assert (response.json["status"], response.json["appointment_status"]) == ("cancelled", "cancelled")
    assert world.api(world.client).get(f"{SESSIONS}/{session_id}").json["status"] == AppointmentStatus.CANCELLED


# --- class bookings ------------------------------------------------------------------------------

def test_late_cancel_of_a_class_place_costs_the_penalty_and_still_frees_the_seat(world: Studio) -> None:
    class_id = add_class(world, starts_at=at(3, 18), capacity=1, clients=(world.client,))
    waiting = world.api(world.other_client).post(BOOKINGS, json={"appointment_id": str(class_id)}).json
    move_start(world, class_id, from_now(6))
    mine = booking_of(world, class_id, world.client).id
    response = world.api(world.client).post(f"{BOOKINGS}/{mine}/cancel", json={})
    assert (response.json["status"], response.json["penalty"]) == ("late_cancelled", "forfeit_credit")
    assert world.api(world.other_client).get(f"{BOOKINGS}/{waiting['id']}").json["status"] == "booked"


# --- check-in and attendance ---------------------------------------------------------------------

def test_check_in_marks_attended_now(world: Studio) -> None:
    class_id = add_class(world, starts_at=at(3, 18), capacity=1, clients=(world.client,))
    booking_id = booking_of(world, class_id, world.client).id
    url = f"{BOOKINGS}/{booking_id}/check-in"
    assert world.api(world.client).post(url).status_code == 403
    assert world.api(world.other_trainer).post(url).status_code == 404
    response = world.api(world.trainer).post(url)
    assert response.status_code == 200
    assert response.json["status"] == "attended"
    assert response.json["checked_in_at"]
    waiting = world.api(world.other_client).post(BOOKINGS, json={"appointment_id": str(class_id)}).json
    assert world.api(world.admin).post(f"{BOOKINGS}/{waiting['id']}/check-in").status_code == 409


def test_no_show_records_the_rules_penalty_and_can_be_waived(world: Studio) -> None:
    class_id = add_class(world, starts_at=at(3, 18), clients=(world.client, world.other_client))
    mine, theirs = (booking_of(world, class_id, p).id for p in (world.client, world.other_client))
    api = world.api(world.trainer)
    early = api.post(f"{BOOKINGS}/{mine}/attendance", json={"status": "no_show"})
    assert early.status_code == 409  # nobody is a no-show before the start
    move_start(world, class_id, from_now(-2))
    no_show = api.post(f"{BOOKINGS}/{mine}/attendance", json={"status": "no_show"})
    assert (no_show.status_code, no_show.json["status"], no_show.json["penalty"]) == (200, "no_show", "fee")
    waived = api.post(f"{BOOKINGS}/{theirs}/attendance", json={"status": "no_show", "waive_penalty": True})
    assert (waived.json["status"], waived.json["penalty"]) == ("no_show", "none")
    corrected = api.post(f"{BOOKINGS}/{mine}/attendance", json={"status": "attended"})
    assert (corrected.json["status"], corrected.json["penalty"]) == ("attended", None)
    kinds = [e["kind"] for e in api.get(f"/api/v1/clients/{world.client.client_id}/activity").json["items"]]
    assert kinds[:2] == ["booking.attended", "booking.no_show"]
    assert api.post(f"{BOOKINGS}/{mine}/attendance", json={"status": "cancelled"}).status_code == 422


def test_staff_recording_a_late_cancel_applies_the_policy_and_promotes_the_waitlist(world: Studio) -> None:
    class_id = add_class(world, starts_at=at(3, 18), capacity=1, clients=(world.client,))
    waiting = world.api(world.other_client).post(BOOKINGS, json={"appointment_id": str(class_id)}).json
    mine = booking_of(world, class_id, world.client).id
    response = world.api(world.admin).post(f"{BOOKINGS}/{mine}/attendance", json={"status": "late_cancelled"})
    assert (response.json["status"], response.json["penalty"]) == ("late_cancelled", "forfeit_credit")
    assert world.api(world.admin).get(f"{BOOKINGS}/{waiting['id']}").json["status"] == "booked"


def test_attendance_after_the_class_keeps_history_when_the_class_is_later_cancelled(world: Studio) -> None:
    class_id = add_class(world, starts_at=at(3, 18), clients=(world.client,))
    booking_id = booking_of(world, class_id, world.client).id
    world.api(world.trainer).post(f"{BOOKINGS}/{booking_id}/check-in")
    assert world.api(world.trainer).post(f"{CLASSES}/{class_id}/cancel", json={}).status_code == 200
    assert booking_of(world, class_id, world.client).status is BookingStatus.ATTENDED
    listed = world.api(world.client).get(BOOKINGS, query_string={"status": "attended"}).json["items"]
    assert [(b["id"], b["appointment_status"]) for b in listed] == [(str(booking_id), "cancelled")]
