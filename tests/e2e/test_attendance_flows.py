"""Attendance and voiding in the calendar drawer (issue 11): nothing to mark before a session starts, a booking
made in the past by mistake is voided with a reason, a class roster's counts match its lists, and the cancel
dialog says what really happens (no message is sent)."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from fitnesscrm.core.actor import Actor
from fitnesscrm.scheduling import placement
from fitnesscrm.scheduling.models import Service

from .test_foundation_flows import sign_in
from .test_scheduling_flows import PHONE, ZONE, studio

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _no_animations(page: Page) -> None:
    page.emulate_media(reduced_motion="reduce")


def _local_hour(days: int, hour: int) -> datetime:
    """``hour`` o'clock, ``days`` from today, on the studio's clock (inside the calendar's 06:00-22:00)."""
    today = datetime.now(ZoneInfo(ZONE))
    return (today + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def _open_week_of(page: Page, live_server: str, email: str, moment: datetime) -> None:
    sign_in(page, live_server, email)
    page.get_by_role("link", name="Calendar").click()
    expect(page.get_by_role("heading", name="Calendar", exact=True)).to_be_visible()
    today = datetime.now(ZoneInfo(ZONE)).date()
    weeks = (moment.date() - (today - timedelta(days=today.weekday()))).days // 7  # weeks start on Monday
    for _ in range(abs(weeks)):
        name = "^Next week$" if weeks > 0 else "^Previous week$"
        page.get_by_role("button", name=re.compile(name, re.I)).click()


def _book_session(s: dict[str, Any], client: Any, starts_at: datetime) -> str:
    made = s["api"].post(
        "/api/v1/sessions",
        headers={"Idempotency-Key": str(uuid.uuid4())},
        json={
            "service_id": s["pt"]["id"],
            "trainer_id": str(s["trainer"].trainer_id),
            "client_id": str(client.client_id),
            "starts_at": starts_at.isoformat(),
        },
    )
    assert made.status_code == 201, made.json
    return str(made.json["id"])


def test_a_future_session_offers_no_attendance_and_the_cancel_dialog_promises_no_message(
    page: Page, live_server: str, factory: Any, shot: Any
) -> None:
    s = studio(factory)
    client = factory.client(trainer=s["trainer"], first_name="Dana")
    starts = _local_hour(2, 10)
    _book_session(s, client, starts)

    _open_week_of(page, live_server, s["trainer"].email, starts)
    page.locator(".fc-timegrid-event", has_text="PT session").click()
    drawer = page.get_by_role("dialog", name=re.compile("PT session"))
    expect(drawer.get_by_text("Scheduled", exact=True)).to_be_visible()
    expect(drawer.get_by_text(re.compile("Attendance can be recorded once it starts"))).to_be_visible()
    for action in (
        "Mark Dana .* attended",
        "Mark Dana .* no-show",
        "Mark Dana .* late-cancelled",
        "Check in Dana",
        "Void Dana",
    ):
        expect(drawer.get_by_role("button", name=re.compile(action))).to_have_count(0)
    shot("drawer-future-session")

    drawer.get_by_role("button", name="Cancel session").click()
    confirm = page.get_by_role("dialog", name="Cancel this session?")
    expect(confirm).to_contain_text("No message is sent: tell the client yourself.")
    expect(confirm).not_to_contain_text("is told")


def test_a_booking_made_in_the_past_by_mistake_is_voided_with_a_reason(
    page: Page, live_server: str, factory: Any, shot: Any
) -> None:
    s = studio(factory)
    client = factory.client(trainer=s["trainer"], first_name="Dana")
    starts = _local_hour(-1, 10)  # yesterday: booked after the fact, on the wrong day
    session_id = _book_session(s, client, starts)

    _open_week_of(page, live_server, s["trainer"].email, starts)
    page.locator(".fc-timegrid-event", has_text="PT session").click()
    drawer = page.get_by_role("dialog", name=re.compile("PT session"))
    expect(drawer.get_by_text("Past", exact=True)).to_be_visible()
    expect(drawer.get_by_role("button", name="Cancel session")).to_have_count(0)  # refused once started
    expect(drawer.get_by_role("button", name=re.compile("Mark Dana .* attended"))).to_be_visible()

    drawer.get_by_role("button", name=re.compile("Void Dana .*'s booking")).click()
    dialog = page.get_by_role("dialog", name=re.compile("Void Dana .*'s booking"))
    expect(dialog).to_contain_text("No message is sent to the client.")
    dialog.get_by_role("button", name="Void booking").click()
    expect(dialog.get_by_text("Say why the booking is void.")).to_be_visible()  # a reason is required
    dialog.get_by_label("Reason").fill("Booked on the wrong day")
    shot("drawer-void-dialog")
    dialog.get_by_role("button", name="Void booking").click()
    expect(dialog).to_be_hidden()

    expect(drawer.get_by_text("Voided", exact=True)).to_be_visible()
    expect(drawer.get_by_text("Voided: Booked on the wrong day")).to_be_visible()
    expect(drawer.get_by_role("button", name=re.compile("Mark Dana .* attended"))).to_have_count(0)
    shot("drawer-voided-session")
    page.set_viewport_size(PHONE)
    expect(drawer.get_by_text("Voided: Booked on the wrong day")).to_be_visible()
    shot("drawer-voided-session-phone")

    session = s["api"].get(f"/api/v1/sessions/{session_id}").json
    assert (session["booking_status"], session["void_reason"], session["status"]) == (
        "voided",
        "Booked on the wrong day",
        "cancelled",
    )


def test_a_past_class_roster_counts_what_it_lists_and_a_mark_can_be_taken_back(
    page: Page, live_server: str, factory: Any, shot: Any
) -> None:
    s = studio(factory)
    people = [factory.client(trainer=s["trainer"], first_name=name) for name in ("Ada", "Ben", "Cy")]
    starts = _local_hour(-1, 12)
    with factory.database.session() as db:  # placed directly: the API books nobody into a past class
        placement.place_appointment(
            db,
            Actor.system("e2e"),
            service=db.get(Service, uuid.UUID(s["hiit"]["id"])),
            trainer_id=s["trainer"].trainer_id,
            starts_at=starts.astimezone(ZoneInfo("UTC")),
            capacity=4,
            client_ids=tuple(p.client_id for p in people),
        )

    _open_week_of(page, live_server, s["trainer"].email, starts)
    page.locator(".fc-timegrid-event", has_text="HIIT").click()
    drawer = page.get_by_role("dialog", name=re.compile("HIIT"))
    expect(drawer.get_by_text("Past", exact=True)).to_be_visible()
    drawer.get_by_role("button", name=re.compile("Mark Cy .* no-show")).click()
    expect(drawer.get_by_role("heading", name="Roster · 2 of 4 places taken, 1 not attending")).to_be_visible()
    expect(drawer.get_by_role("table", name="Places taken").get_by_role("row")).to_have_count(3)  # header + 2
    not_attending = drawer.get_by_role("table", name="Not attending")
    expect(not_attending).to_contain_text("Cy")
    expect(not_attending).to_contain_text("No-show")
    shot("drawer-past-class-roster")
    page.set_viewport_size(PHONE)
    shot("drawer-past-class-roster-phone")

    drawer.get_by_role("button", name=re.compile("Clear Cy .*'s attendance mark")).click()
    expect(drawer.get_by_role("heading", name="Roster · 3 of 4 places taken")).to_be_visible()
    expect(drawer.get_by_role("table", name="Not attending")).to_have_count(0)
