"""The staff calendar in a real browser: a booking outside working hours asks before it books, a series with
clashing dates offers to skip them, an appointment moves without dragging (keyboard, phone), and the
all-trainers view says whose session is whose."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from .test_foundation_flows import sign_in
from .test_scheduling_flows import PHONE, ZONE, choose, next_monday, studio

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _no_animations(page: Page) -> None:
    page.emulate_media(reduced_motion="reduce")


def _work(s: dict[str, Any], trainer: Any, start: str = "07:00", end: str = "15:00") -> None:
    hours = [{"location_id": s["location"]["id"], "weekday": d, "start_time": start, "end_time": end} for d in range(7)]
    response = s["api"].put(
        f"/api/v1/trainers/{trainer.trainer_id}/working-hours", json={"working_hours": hours}, headers={"If-Match": "*"}
    )
    assert response.status_code == 200, response.json


def _at(day: date, hour: int, minute: int = 0) -> str:
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(ZONE)).isoformat()


def _book(s: dict[str, Any], trainer: Any, client: Any, day: date, hour: int, minute: int = 0) -> dict[str, Any]:
    response = s["api"].post(
        "/api/v1/sessions",
        json={
            "service_id": s["pt"]["id"],
            "trainer_id": str(trainer.trainer_id),
            "client_id": str(client.client_id),
            "starts_at": _at(day, hour, minute),
            "allow_outside_hours": True,
        },
    )
    assert response.status_code == 201, response.json
    return response.json


def _local_start(session: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(session["starts_at"].replace("Z", "+00:00")).astimezone(ZoneInfo(ZONE))


def _open_calendar_next_week(page: Page) -> None:
    page.get_by_role("link", name="Calendar").click()
    expect(page.get_by_role("heading", name="Calendar", exact=True)).to_be_visible()
    page.get_by_role("button", name=re.compile("^Next week$", re.I)).click()


def test_booking_outside_working_hours_warns_and_books_once_confirmed(page: Page, live_server: str, factory, shot):
    s = studio(factory)
    trainer = s["trainer"]
    _work(s, trainer)
    factory.client(trainer=trainer, first_name="Selma")
    monday = next_monday()
    sign_in(page, live_server, trainer.email)
    page.get_by_role("link", name="Calendar").click()

    page.get_by_role("button", name="Book a session").click()
    dialog = page.get_by_role("dialog", name="Book a session")
    choose(page, "Service", re.compile("PT session"))
    choose(page, "Client", re.compile("Selma"))
    dialog.get_by_label("Date").fill(monday.isoformat())
    dialog.get_by_label("Start time").fill("03:00")
    dialog.get_by_role("button", name="Book session").click()
    warning = dialog.get_by_role("alert").filter(has_text="Outside working hours")
    expect(warning).to_contain_text(
        re.compile(r"03:00-04:00 is outside Jonas Trainer\d+'s working hours \(Mon 07:00-15:00\)\. Book anyway\?")
    )
    assert s["api"].get("/api/v1/sessions").json["items"] == []  # nothing booked yet
    shot("calendar-outside-hours-warning")

    page.set_viewport_size(PHONE)
    expect(warning.get_by_role("button", name="Book anyway")).to_be_in_viewport()
    shot("calendar-outside-hours-warning-phone")
    warning.get_by_role("button", name="Book anyway").click()
    expect(dialog).to_be_hidden()
    [booked] = s["api"].get("/api/v1/sessions").json["items"]
    assert _local_start(booked) == datetime.combine(monday, time(3), tzinfo=ZoneInfo(ZONE))


def test_a_series_with_clashing_dates_lists_them_and_skips_them(page: Page, live_server: str, factory, shot):
    s = studio(factory)
    trainer = s["trainer"]
    client = factory.client(trainer=trainer, first_name="Selma")
    monday = next_monday()
    clash_day = date.fromordinal(monday.toordinal() + 14)
    _book(s, trainer, client, clash_day, 7, 30)
    sign_in(page, live_server, trainer.email)
    page.get_by_role("link", name="Calendar").click()

    page.get_by_role("button", name="New recurring series").click()
    dialog = page.get_by_role("dialog", name="New recurring series")
    choose(page, "Service", re.compile("HIIT"))
    choose(page, "Location", "Riverside")
    dialog.get_by_label("Starts on").fill(monday.isoformat())
    dialog.get_by_label("Start time").fill("07:00")
    dialog.get_by_label("Number of weeks").fill("4")
    dialog.get_by_role("button", name="Create series").click()

    alert = dialog.get_by_role("alert").filter(has_text="1 date clashes")
    clashes = alert.get_by_role("list", name="Clashing dates").get_by_role("listitem")
    expect(clashes).to_have_count(1)
    expect(clashes.first).to_contain_text(f"{clash_day:%a} {clash_day.day} {clash_day:%b}")
    expect(clashes.first).to_contain_text("already has PT session")
    assert s["api"].get("/api/v1/series").json["items"] == []
    shot("calendar-series-clash")
    page.set_viewport_size(PHONE)
    shot("calendar-series-clash-phone")

    alert.get_by_role("button", name="Skip this date and create").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_text(re.compile("Recurring series created without"))).to_be_visible()
    [series] = s["api"].get("/api/v1/series").json["items"]
    starts = sorted(o["starts_at"] for o in series["upcoming"])
    assert [_local_start({"starts_at": x}).date() for x in starts] == [
        date.fromordinal(monday.toordinal() + 7 * week) for week in (0, 1, 3)
    ]


def test_rescheduling_from_the_drawer_with_the_keyboard_and_on_a_phone(page: Page, live_server: str, factory, shot):
    s = studio(factory)
    trainer = s["trainer"]
    _work(s, trainer)
    client = factory.client(trainer=trainer, first_name="Selma")
    other = factory.client(trainer=trainer, first_name="Omar")
    monday = next_monday()
    session = _book(s, trainer, client, monday, 10)
    _book(s, trainer, other, date.fromordinal(monday.toordinal() + 1), 11)
    sign_in(page, live_server, trainer.email)
    _open_calendar_next_week(page)

    # Keyboard only: focus the event, open it, tab to "Reschedule…".
    event = page.locator(".fc-timegrid-event", has_text="Selma")
    event.focus()
    page.keyboard.press("Enter")
    drawer = page.get_by_role("dialog", name=re.compile("PT session"))
    reschedule = drawer.get_by_role("button", name="Reschedule…")
    reschedule.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Reschedule session")
    expect(dialog).to_contain_text("It keeps its length of 60 minutes.")
    expect(dialog.get_by_label("New date")).to_have_value(monday.isoformat())
    expect(dialog.get_by_label("New start time")).to_have_value("10:00")

    # Onto Omar's session: the clash is explained and nothing moves.
    tuesday = date.fromordinal(monday.toordinal() + 1)
    dialog.get_by_label("New date").fill(tuesday.isoformat())
    dialog.get_by_label("New start time").fill("11:30")
    dialog.get_by_label("New start time").press("Enter")
    expect(dialog.get_by_role("alert")).to_contain_text(re.compile("already has PT session"))
    shot("calendar-reschedule-clash")

    # Past the end of the working day: a warning to confirm.
    dialog.get_by_label("New start time").fill("14:30")
    dialog.get_by_role("button", name="Move session").click()
    warning = dialog.get_by_role("alert").filter(has_text="Outside working hours")
    expect(warning).to_contain_text("Move it anyway?")
    assert _local_start(s["api"].get(f"/api/v1/sessions/{session['id']}").json).hour == 10

    dialog.get_by_label("New start time").fill("12:30")
    dialog.get_by_role("button", name="Move session").click()
    expect(dialog).to_be_hidden()
    moved = s["api"].get(f"/api/v1/sessions/{session['id']}").json
    assert _local_start(moved) == datetime.combine(tuesday, time(12, 30), tzinfo=ZoneInfo(ZONE))
    assert _local_start({"starts_at": moved["ends_at"]}) - _local_start(moved) == timedelta(minutes=60)

    # On a phone: the list, the drawer, the same form.
    page.set_viewport_size(PHONE)
    page.reload()
    page.get_by_role("button", name=re.compile("^Next week$", re.I)).click()
    page.locator(".fc-list-event", has_text="Selma").click()
    page.get_by_role("dialog", name=re.compile("PT session")).get_by_role("button", name="Reschedule…").click()
    dialog = page.get_by_role("dialog", name="Reschedule session")
    expect(dialog.get_by_label("New start time")).to_have_value("12:30")
    dialog.get_by_label("New start time").fill("14:30")
    dialog.get_by_role("button", name="Move session").click()
    expect(dialog.get_by_role("button", name="Move anyway")).to_be_visible()
    shot("calendar-reschedule-phone")
    dialog.get_by_role("button", name="Move anyway").click()
    expect(dialog).to_be_hidden()
    later = s["api"].get(f"/api/v1/sessions/{session['id']}").json
    assert _local_start(later) == datetime.combine(tuesday, time(14, 30), tzinfo=ZoneInfo(ZONE))


def test_the_all_trainers_view_names_each_sessions_trainer(page: Page, live_server: str, factory, shot):
    s = studio(factory)
    mara = factory.trainer(first_name="Mara")
    monday = next_monday()
    _book(s, s["trainer"], factory.client(trainer=s["trainer"], first_name="Selma"), monday, 10)
    _book(s, mara, factory.client(trainer=mara, first_name="Omar"), monday, 12)
    sign_in(page, live_server, s["admin"].email)
    _open_calendar_next_week(page)

    jonas_event = page.locator(".fc-timegrid-event", has_text=re.compile(r"Jonas Trainer\d+: Selma"))
    mara_event = page.locator(".fc-timegrid-event", has_text=re.compile(r"Mara Trainer\d+: Omar"))
    expect(jonas_event).to_be_visible()
    expect(mara_event).to_be_visible()
    edge = "e => getComputedStyle(e).borderLeftColor"
    assert jonas_event.evaluate(edge) != mara_event.evaluate(edge)
    shot("calendar-all-trainers")

    # One trainer's calendar needs no names.
    choose(page, "Trainer", re.compile("^Mara"))
    expect(page.locator(".fc-timegrid-event", has_text="Omar")).not_to_contain_text("Mara")

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/calendar")  # no trainer chosen: all trainers
    page.get_by_role("button", name=re.compile("^Next week$", re.I)).click()
    expect(page.locator(".fc-list-event", has_text=re.compile(r"Jonas Trainer\d+: Selma"))).to_be_visible()
    expect(page.locator(".fc-list-event", has_text=re.compile(r"Mara Trainer\d+: Omar"))).to_be_visible()
    shot("calendar-all-trainers-phone")


def test_dragging_past_working_hours_asks_and_moves_once_confirmed(page: Page, live_server: str, factory, shot):
    s = studio(factory)
    trainer = s["trainer"]
    _work(s, trainer)
    monday = next_monday()
    session = _book(s, trainer, factory.client(trainer=trainer, first_name="Dana"), monday, 13)
    page.set_viewport_size({"width": 1280, "height": 1200})  # the whole day in view: the mouse reaches 16:00
    sign_in(page, live_server, trainer.email)
    _open_calendar_next_week(page)

    event = page.locator(".fc-timegrid-event", has_text="Dana")
    box = event.bounding_box()
    target = page.locator('.fc-timegrid-slot-lane[data-time="16:00:00"]').bounding_box()
    assert box is not None
    assert target is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 8)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 30, steps=5)
    page.mouse.move(box["x"] + box["width"] / 2, target["y"] + 8, steps=10)
    page.mouse.up()

    warning = page.get_by_role("alert").filter(has_text="Outside working hours")
    expect(warning).to_contain_text("16:00-17:00 is outside")
    expect(warning).to_contain_text("It is back where it was. Move it anyway?")
    assert _local_start(s["api"].get(f"/api/v1/sessions/{session['id']}").json).hour == 13
    shot("calendar-drag-outside-hours")
    warning.get_by_role("button", name="Move anyway").click()
    expect(warning).to_be_hidden()
    expect(event).to_contain_text("16:00")
    assert _local_start(s["api"].get(f"/api/v1/sessions/{session['id']}").json).hour == 16
