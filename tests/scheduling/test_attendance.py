"""Cancellation windows and penalties, check-in and attendance: what a late cancel or a no-show costs is
copied from the booking rules onto the booking (billing applies it later)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from fitnesscrm.core.audit import AuditEvent
from fitnesscrm.scheduling.models import AppointmentStatus, Booking, BookingStatus, PenaltyPolicy

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
    iso,
    move_start,
    problem_type,
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
        "cancelled",
        "cancelled",
        None,
    )
    assert response.json["cancel_reason"] == "Travelling"


def test_client_cancelling_inside_the_window_is_a_late_cancel_with_the_rules_penalty(world: Studio) -> None:
    session_id = _session_inside_window(world)
    response = world.api(world.client).post(f"{SESSIONS}/{session_id}/cancel", json={})
    assert response.status_code == 200, response.json
    assert (response.json["status"], response.json["booking_status"], response.json["penalty"]) == (
        "cancelled",
        "late_cancelled",
        "forfeit_credit",
    )
    timeline = world.api(world.client).get(f"/api/v1/clients/{world.client.client_id}/activity").json["items"]
    assert timeline[0]["kind"] == "booking.late_cancelled"
    # The trainer's time is free again.
    again = world.api(world.admin).post(
        SESSIONS,
        json={
            "service_id": str(world.pt_id),
            "trainer_id": str(world.trainer.trainer_id),
            "client_id": str(world.client.client_id),
            "starts_at": response.json["starts_at"],
        },
    )
    assert again.status_code == 201, again.json


def test_late_cancel_policy_follows_the_rules(world: Studio) -> None:
    set_rules(world.database, late_cancel_policy=PenaltyPolicy.FEE, late_cancel_fee_minor=2500)
    session_id = _session_inside_window(world)
    response = world.api(world.client).post(f"{SESSIONS}/{session_id}/cancel", json={})
    assert response.json["penalty"] == "fee"


def test_staff_cancel_inside_the_window_is_a_plain_cancel(world: Studio) -> None:
    session_id = _session_inside_window(world)
    response = world.api(world.trainer).post(
        f"{SESSIONS}/{session_id}/cancel", json={"reason": "Trainer ill", "waive_penalty": True}
    )
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
    too_early = world.api(world.trainer).post(url)  # three days ahead
    assert (too_early.status_code, problem_type(too_early)) == (409, "attendance-not-open")
    assert "Check-in opens 30 minutes before the start" in too_early.json["detail"]
    move_start(world, class_id, from_now(0.25))  # clients arrive early: check-in opens before the start
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
    early = world.api(world.admin).post(f"{BOOKINGS}/{mine}/attendance", json={"status": "late_cancelled"})
    assert (early.status_code, problem_type(early)) == (409, "attendance-not-open")  # days ahead: that is a cancel
    assert "cancel the booking instead" in early.json["detail"]
    move_start(world, class_id, from_now(12))  # inside the 24-hour cancellation window
    response = world.api(world.admin).post(f"{BOOKINGS}/{mine}/attendance", json={"status": "late_cancelled"})
    assert (response.json["status"], response.json["penalty"]) == ("late_cancelled", "forfeit_credit")
    assert world.api(world.admin).get(f"{BOOKINGS}/{waiting['id']}").json["status"] == "booked"


def test_a_late_cancel_whose_place_went_to_the_waitlist_cannot_take_it_back(world: Studio) -> None:
    class_id = add_class(world, starts_at=at(3, 18), capacity=1, clients=(world.client,))
    waiting = world.api(world.other_client).post(BOOKINGS, json={"appointment_id": str(class_id)}).json
    mine = booking_of(world, class_id, world.client).id
    admin = world.api(world.admin)
    move_start(world, class_id, from_now(12))
    assert admin.post(f"{BOOKINGS}/{mine}/attendance", json={"status": "late_cancelled"}).status_code == 200
    move_start(world, class_id, from_now(-0.5))  # the class has started: attendance may be corrected now
    refused = admin.post(f"{BOOKINGS}/{mine}/attendance", json={"status": "attended"})
    assert refused.status_code == 409, refused.json
    assert "Every place is taken" in refused.json["detail"]
    assert booking_of(world, class_id, world.client).status is BookingStatus.LATE_CANCELLED
    # Once the other place is struck out, the correction fits.
    assert admin.post(f"{BOOKINGS}/{waiting['id']}/void", json={"reason": "Booked twice by mistake"}).status_code == 200
    assert admin.post(f"{BOOKINGS}/{mine}/attendance", json={"status": "attended"}).json["status"] == "attended"


def test_attendance_after_the_class_keeps_history_when_the_class_is_later_cancelled(world: Studio) -> None:
    class_id = add_class(world, starts_at=at(3, 18), clients=(world.client,))
    booking_id = booking_of(world, class_id, world.client).id
    move_start(world, class_id, from_now(0.25))
    assert world.api(world.trainer).post(f"{BOOKINGS}/{booking_id}/check-in").status_code == 200
    assert world.api(world.trainer).post(f"{CLASSES}/{class_id}/cancel", json={}).status_code == 200
    assert booking_of(world, class_id, world.client).status is BookingStatus.ATTENDED
    listed = world.api(world.client).get(BOOKINGS, query_string={"status": "attended"}).json["items"]
    assert [(b["id"], b["appointment_status"]) for b in listed] == [(str(booking_id), "cancelled")]


# --- attendance only from the start, corrected by staff (issue 11, major 5) ----------------------


def _audit(world: Studio, action: str) -> list[AuditEvent]:
    with world.database.session() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)))


def test_attended_and_no_show_are_refused_before_the_start(world: Studio) -> None:
    session_id = add_session(world, client=world.client, starts_at=at(2, 10))
    booking_id = booking_of(world, session_id, world.client).id
    api = world.api(world.trainer)
    for status in ("attended", "no_show"):
        refused = api.post(f"{BOOKINGS}/{booking_id}/attendance", json={"status": status})
        assert (refused.status_code, problem_type(refused)) == (409, "attendance-not-open"), refused.json
        assert "recorded once it has started" in refused.json["detail"]
    assert world.api(world.admin).post(f"{BOOKINGS}/{booking_id}/check-in").status_code == 409
    assert booking_of(world, session_id, world.client).status is BookingStatus.BOOKED
    assert _audit(world, "booking.attendance") == []


def test_staff_correct_attendance_after_the_start_and_each_change_is_audited(world: Studio) -> None:
    class_id = add_class(world, starts_at=from_now(-1), clients=(world.client,))
    booking_id = booking_of(world, class_id, world.client).id
    url = f"{BOOKINGS}/{booking_id}/attendance"
    api = world.api(world.trainer)
    assert api.post(f"{BOOKINGS}/{booking_id}/check-in").json["status"] == "attended"
    no_show = api.post(url, json={"status": "no_show"})
    assert (no_show.status_code, no_show.json["status"], no_show.json["penalty"]) == (200, "no_show", "fee")
    cleared = world.api(world.admin).post(url, json={"status": "booked"})
    assert cleared.status_code == 200, cleared.json
    assert (
        cleared.json["status"],
        cleared.json["penalty"],
        cleared.json["checked_in_at"],
        cleared.json["attendance_marked_at"],
    ) == ("booked", None, None, None)
    assert api.post(url, json={"status": "booked"}).status_code == 409  # nothing to take back
    assert world.api(world.other_trainer).post(url, json={"status": "attended"}).status_code == 404
    assert world.api(world.client).post(url, json={"status": "attended"}).status_code == 403
    assert [(e.details["from"], e.details["to"]) for e in _audit(world, "booking.attendance")] == [
        ("booked", "attended"),
        ("attended", "no_show"),
        ("no_show", "booked"),
    ]
    assert [e.actor_id for e in _audit(world, "booking.attendance")][-1] == world.admin.user_id
    kinds = [e["kind"] for e in api.get(f"/api/v1/clients/{world.client.client_id}/activity").json["items"]]
    assert kinds[:3] == ["booking.attendance_cleared", "booking.no_show", "booking.attended"]


# --- voiding a mistaken booking in the past ------------------------------------------------------


def test_staff_void_a_past_booking_with_a_reason_and_it_is_audited(world: Studio) -> None:
    session_id = add_session(world, client=world.client, starts_at=from_now(-26))  # booked in the past by mistake
    booking_id = booking_of(world, session_id, world.client).id
    api = world.api(world.trainer)
    # Cancelling is still refused once it has started: that is what voiding is for.
    assert api.post(f"{SESSIONS}/{session_id}/cancel", json={}).status_code == 409
    url = f"{BOOKINGS}/{booking_id}/void"
    for body in ({}, {"reason": "   "}, {"reason": "x" * 501}):
        invalid = api.post(url, json=body)
        assert (invalid.status_code, invalid.json["errors"][0]["field"]) == (422, "reason"), invalid.json
    voided = api.post(url, json={"reason": "Booked on the wrong day"})
    assert voided.status_code == 200, voided.json
    assert (voided.json["status"], voided.json["void_reason"], voided.json["penalty"]) == (
        "voided",
        "Booked on the wrong day",
        None,
    )
    assert voided.json["voided_at"]
    # A 1:1 session is nothing without its client: it is cancelled with the booking.
    session = world.api(world.client).get(f"{SESSIONS}/{session_id}").json
    assert (session["status"], session["booking_status"], session["void_reason"]) == (
        "cancelled",
        "voided",
        "Booked on the wrong day",
    )
    window = {"from": iso(from_now(-30)), "to": iso(from_now(1))}
    assert world.api(world.client).get("/api/v1/calendar", query_string=window).json["events"] == []
    # The client sees it struck out among called-off bookings, with the reason, and nowhere else.
    mine = world.api(world.client)
    [called_off] = mine.get(BOOKINGS, query_string={"cancelled": "true"}).json["items"]
    assert (called_off["id"], called_off["status"], called_off["void_reason"]) == (
        str(booking_id),
        "voided",
        "Booked on the wrong day",
    )
    assert mine.get(BOOKINGS, query_string={"cancelled": "false"}).json["items"] == []
    with world.database.session() as s:
        stored = s.get(Booking, booking_id)
        assert (stored.voided_by_id, stored.void_reason) == (world.trainer.user_id, "Booked on the wrong day")
    [entry] = _audit(world, "booking.void")
    assert (entry.actor_id, entry.object_id) == (world.trainer.user_id, str(booking_id))
    # Admins reading the audit log see whose booking it was and in what, not its id.
    [listed] = [
        e for e in world.api(world.admin).get("/api/v1/audit-events").json["items"] if e["action"] == "booking.void"
    ]
    assert listed["subject_label"].startswith("Cara Client")
    assert listed["subject_label"].endswith(" · PT 60")
    assert entry.details["from"] == "booked"
    assert "Booked on the wrong day" not in str(entry.details)  # reasons may be personal; the booking keeps it
    timeline = api.get(f"/api/v1/clients/{world.client.client_id}/activity").json["items"]
    assert (timeline[0]["kind"], timeline[0]["payload"]["reason"]) == ("booking.voided", "Booked on the wrong day")
    assert api.post(url, json={"reason": "again"}).status_code == 409
    assert api.post(f"{BOOKINGS}/{booking_id}/attendance", json={"status": "attended"}).status_code == 409


def test_only_staff_managing_the_calendar_void_and_only_after_the_start(world: Studio) -> None:
    class_id = add_class(world, starts_at=at(2, 18), clients=(world.client,))
    booking_id = booking_of(world, class_id, world.client).id
    url, body = f"{BOOKINGS}/{booking_id}/void", {"reason": "Duplicate booking"}
    early = world.api(world.admin).post(url, json=body)
    assert early.status_code == 409
    assert "cancel the booking instead" in early.json["detail"]
    move_start(world, class_id, from_now(-3))
    assert world.api(world.client).post(url, json=body).status_code == 403
    assert world.api(world.other_trainer).post(url, json=body).status_code == 404
    assert booking_of(world, class_id, world.client).status is BookingStatus.BOOKED
    assert world.api(world.admin).post(url, json=body).json["status"] == "voided"


def test_a_voided_no_show_costs_nothing_and_the_class_and_its_roster_stay(world: Studio) -> None:
    class_id = add_class(world, starts_at=at(2, 18), capacity=2, clients=(world.client, world.other_client))
    move_start(world, class_id, from_now(-2))
    mine, theirs = (booking_of(world, class_id, p).id for p in (world.client, world.other_client))
    api = world.api(world.trainer)
    assert api.post(f"{BOOKINGS}/{mine}/attendance", json={"status": "no_show"}).json["penalty"] == "fee"
    voided = api.post(f"{BOOKINGS}/{mine}/void", json={"reason": "Client was never meant to be here"})
    assert (voided.json["status"], voided.json["penalty"]) == ("voided", None)
    assert api.get(f"{CLASSES}/{class_id}").json["status"] == "scheduled"
    roster = api.get(f"{CLASSES}/{class_id}/roster").json
    assert (roster["seats_taken"], roster["waitlist_count"], roster["not_attending_count"]) == (1, 0, 1)
    assert [(e["booking_id"], e["status"], e["void_reason"]) for e in roster["items"]] == [
        (str(theirs), "booked", None),
        (str(mine), "voided", "Client was never meant to be here"),
    ]


def test_void_and_attendance_cost_the_same_statements_however_full_the_class(app: Any, world: Studio) -> None:
    from ..test_api_contract import count_queries

    api = world.api(world.trainer)

    def costs(others: int, hours_ago: float) -> tuple[int, int]:
        extra = [world.factory.client(trainer=world.trainer, first_name=f"Extra{n}") for n in range(others)]
        class_id = add_class(world, starts_at=from_now(-hours_ago), capacity=10, clients=(world.client, *extra))
        marked, voided = (booking_of(world, class_id, person).id for person in (world.client, extra[0]))
        with count_queries(app) as marking:
            assert api.post(f"{BOOKINGS}/{marked}/attendance", json={"status": "attended"}).status_code == 200
        with count_queries(app) as voiding:
            assert api.post(f"{BOOKINGS}/{voided}/void", json={"reason": "Booked twice"}).status_code == 200
        return len(marking), len(voiding)

    assert costs(1, hours_ago=1) == costs(6, hours_ago=3)
