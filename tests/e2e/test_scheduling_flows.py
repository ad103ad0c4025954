"""Scheduling in a real browser: a trainer's recurring series on the week view, a client booking and cancelling
a slot, and a full class offering its waitlist."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from .test_foundation_flows import sign_in

pytestmark = pytest.mark.browser

ZONE = "Europe/Berlin"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _no_animations(page: Page) -> None:
    """The app honours reduced motion: dialogs appear at once, so screenshots show them settled."""
    page.emulate_media(reduced_motion="reduce")


def studio(factory: Any, *, cancellation_window_hours: int = 24) -> dict[str, Any]:
    """A business set up through the API as an admin would: rules, a location with a room, two services."""
    admin = factory.admin()
    trainer = factory.trainer(first_name="Jonas")
    api = factory.api(admin)
    current = api.get("/api/v1/booking-rules")
    rules = {k: v for k, v in current.json.items() if k != "updated_at"}
    rules.update(min_notice_minutes=60, cancellation_window_hours=cancellation_window_hours)
    saved = api.put("/api/v1/booking-rules", json=rules, headers={"If-Match": current.headers["ETag"]})
    assert saved.status_code == 200, saved.json
    factory.business(timezone=ZONE)
    location = api.post(
        "/api/v1/locations", json={"name": "Riverside", "rooms": [{"name": "Studio 1", "capacity": 12}]}
    )
    assert location.status_code == 201, location.json
    pt = api.post(
        "/api/v1/services",
        json={"name": "PT session", "kind": "one_to_one", "duration_minutes": 60, "colour": "#1864ab"},
    )
    hiit = api.post(
        "/api/v1/services",
        json={"name": "HIIT", "kind": "group", "duration_minutes": 45, "default_capacity": 1, "colour": "#e8590c"},
    )
    assert pt.status_code == 201, pt.json
    assert hiit.status_code == 201, hiit.json
    return {"admin": admin, "trainer": trainer, "api": api, "location": location.json, "pt": pt.json, "hiit": hiit.json}


def choose(page: Page, label: str, option: str | re.Pattern[str]) -> None:
    """Picks an option in a Mantine Select by its label, with the keyboard-accessible combobox roles."""
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option).click()


def next_monday() -> date:
    today = datetime.now(ZoneInfo(ZONE)).date()
    return today + timedelta(days=7 - today.weekday())


def test_trainer_creates_a_recurring_series_and_sees_it_on_the_week_view(page: Page, live_server: str, factory, shot):
    s = studio(factory)
    sign_in(page, live_server, s["trainer"].email)
    page.get_by_role("link", name="Calendar").click()
    expect(page.get_by_role("heading", name="Calendar", exact=True)).to_be_visible()

    page.get_by_role("button", name="New recurring series").click()
    dialog = page.get_by_role("dialog", name="New recurring series")
    choose(page, "Service", re.compile("HIIT"))
    choose(page, "Location", "Riverside")
    monday = next_monday()
    dialog.get_by_label("Starts on").fill(monday.isoformat())
    dialog.get_by_label("Start time").fill("07:00")
    expect(dialog.get_by_role("checkbox", name="Monday")).to_be_checked()  # follows the start date
    dialog.get_by_role("checkbox", name="Thursday").check()
    dialog.get_by_label("Number of weeks").fill("4")
    expect(dialog.get_by_text("Every Mon and Thu for 4 weeks (8 occurrences)")).to_be_visible()
    shot("trainer-new-series")
    dialog.get_by_role("button", name="Create series").click()
    expect(dialog).to_be_hidden()

    [series] = s["api"].get(f"/api/v1/series?trainer_id={s['trainer'].trainer_id}").json["items"]
    assert series["rrule"] == "FREQ=WEEKLY;BYDAY=MO,TH;COUNT=8"

    # The week of the first occurrence: Monday and Thursday at 07:00 local, in the service's colour.
    page.get_by_role("button", name=re.compile("^Next week$", re.I)).click()
    events = page.locator(".fc-timegrid-event", has_text="HIIT")
    expect(events).to_have_count(2)
    expect(events.first).to_contain_text("07:00")
    assert "232, 89, 12" in events.first.evaluate("e => getComputedStyle(e).backgroundColor")
    shot("trainer-week-with-series")

    # Clicking an occurrence opens its details with the (empty) roster; where it is comes from the class itself
    # (the calendar's events carry only what the week draws).
    events.first.click()
    drawer = page.get_by_role("dialog", name=re.compile("HIIT"))
    expect(drawer.get_by_text("Nobody has booked yet.")).to_be_visible()
    expect(drawer.get_by_text("Riverside", exact=True)).to_be_visible()
    expect(drawer.get_by_role("button", name="Edit series…")).to_be_visible()
    page.keyboard.press("Escape")

    # On a phone the calendar falls back to a list.
    page.set_viewport_size(PHONE)
    page.reload()
    page.get_by_role("button", name=re.compile("^Next week$", re.I)).click()
    expect(page.locator(".fc-list-event", has_text="HIIT")).to_have_count(2)
    shot("trainer-calendar-phone")


def test_client_books_a_slot_and_cancels_it(page: Page, live_server: str, factory, shot):
    # A two-week window makes every bookable slot a late cancellation, so the warning must show.
    s = studio(factory, cancellation_window_hours=336)
    trainer = s["trainer"]
    hours = [
        {"location_id": s["location"]["id"], "weekday": d, "start_time": "06:00", "end_time": "22:00"} for d in range(7)
    ]
    url = f"/api/v1/trainers/{trainer.trainer_id}/working-hours"
    assert s["api"].put(url, json={"working_hours": hours}, headers={"If-Match": "*"}).status_code == 200
    me = factory.client(trainer=trainer, account=True, first_name="Selma")

    page.set_viewport_size(PHONE)
    sign_in(page, live_server, me.email)
    page.get_by_role("button", name=re.compile("navigation")).click()
    page.get_by_role("link", name="Book").click()
    page.get_by_role("button", name="PT session, 60 minutes").click()
    page.get_by_role("button", name=re.compile("^Jonas ")).click()
    first_slot = page.get_by_role("button", name=re.compile(r"^\d{2}:\d{2} with Jonas"))
    expect(first_slot.first).to_be_visible()
    shot("client-slots-phone")
    first_slot.first.click()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Confirm booking").click()
    expect(page.get_by_text("Booked!")).to_be_visible()
    shot("client-booked-phone")

    [booking] = factory.api(me).get("/api/v1/bookings?when=upcoming").json["items"]
    assert (booking["status"], booking["service_name"]) == ("booked", "PT session")

    page.get_by_role("link", name="See my sessions").click()
    card = page.get_by_role("article", name=re.compile("PT session"))
    expect(card.get_by_text("Booked", exact=True)).to_be_visible()
    expect(card.get_by_role("link", name=re.compile(r"\.ics"))).to_have_attribute(
        "href", f"/api/v1/bookings/{booking['id']}/ics"
    )
    card.get_by_role("button", name=re.compile("^Cancel PT session")).click()
    dialog = page.get_by_role("dialog", name="Cancel this booking?")
    expect(dialog.get_by_text(re.compile("less than 336 hours.*late cancellation"))).to_be_visible()
    shot("client-cancel-warning-phone")
    dialog.get_by_role("button", name="Cancel anyway").click()
    # A cancelled booking leaves Upcoming (only live bookings there) and is listed under Cancelled.
    expect(page.get_by_text("Nothing booked")).to_be_visible()
    expect(card).to_have_count(0)
    page.get_by_role("radiogroup", name="Which sessions").get_by_text("Cancelled").click()
    expect(card.get_by_text("Late cancelled")).to_be_visible()
    expect(card.get_by_role("button", name=re.compile("^Cancel"))).to_have_count(0)
    shot("client-cancelled-phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(card).to_be_visible()
    shot("client-cancelled-desktop")

    assert factory.api(me).get(f"/api/v1/bookings/{booking['id']}").json["status"] == "late_cancelled"


def test_a_full_class_offers_the_waitlist(page: Page, live_server: str, factory, shot):
    s = studio(factory)
    tomorrow = datetime.now(ZoneInfo(ZONE)).replace(hour=18, minute=0, second=0, microsecond=0) + timedelta(days=1)
    created = s["api"].post(
        "/api/v1/classes",
        json={
            "service_id": s["hiit"]["id"],
            "trainer_id": str(s["trainer"].trainer_id),
            "starts_at": tomorrow.isoformat(),
            "location_id": s["location"]["id"],
        },
    )
    assert created.status_code == 201, created.json
    first = factory.client(trainer=s["trainer"], first_name="Early")
    taken = s["api"].post(
        "/api/v1/bookings", json={"appointment_id": created.json["id"], "client_id": str(first.client_id)}
    )
    assert (taken.status_code, taken.json["status"]) == (201, "booked"), taken.json
    me = factory.client(trainer=s["trainer"], account=True, first_name="Late")

    sign_in(page, live_server, me.email)
    page.get_by_role("link", name="Book").click()
    card = page.get_by_role("article", name="HIIT")
    expect(card.get_by_text("Full")).to_be_visible()
    expect(card.get_by_role("button", name="Book for HIIT")).to_have_count(0)
    card.get_by_role("button", name="Join waitlist for HIIT").click()
    expect(card.get_by_text("Waitlist position 1")).to_be_visible()
    shot("client-class-waitlist")

    [mine] = factory.api(me).get("/api/v1/bookings?when=upcoming").json["items"]
    assert (mine["status"], mine["waitlist_position"]) == ("waitlisted", 1)

    # The trainer sees both on the roster: one seated, one waiting.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, s["trainer"].email)
    page.get_by_role("link", name="Calendar").click()
    if tomorrow.weekday() == 0:  # today is Sunday: the class is in next week's view
        page.get_by_role("button", name=re.compile("^Next week$", re.I)).click()
    page.locator(".fc-timegrid-event", has_text="HIIT").first.click()
    expect(page.get_by_role("heading", name="Roster · 1 of 1 places taken, 1 waiting")).to_be_visible()
    expect(page.get_by_role("table", name="Places taken").get_by_role("row")).to_have_count(2)  # header + 1
    expect(page.get_by_role("table", name="Waitlist").get_by_text("#1 on waitlist")).to_be_visible()
    shot("trainer-roster-with-waitlist")


def test_admin_sets_up_the_studio_and_a_trainer_their_hours(page: Page, live_server: str, factory, shot):
    admin = factory.admin()
    trainer = factory.trainer(first_name="Maya")
    sign_in(page, live_server, admin.email)
    page.get_by_role("link", name="Setup").click()

    new_location = page.get_by_role("form", name="New location")
    new_location.get_by_label("Name").fill("Harbour gym")
    new_location.get_by_role("button", name="Add location").click()
    rooms = page.get_by_role("form", name="Add a room to Harbour gym")
    rooms.get_by_label("New room").fill("Studio A")
    rooms.get_by_label("Capacity").fill("14")
    rooms.get_by_role("button", name="Add room").click()
    expect(page.get_by_text("Studio A · 14 people")).to_be_visible()
    shot("admin-setup-locations")

    page.get_by_role("tab", name="Services").click()
    page.get_by_role("button", name="New service").click()
    dialog = page.get_by_role("dialog", name="New service")
    dialog.get_by_label("Name").fill("Kettlebell class")
    dialog.get_by_text("Group class").click()
    dialog.get_by_label("Duration (minutes)").fill("45")
    dialog.get_by_label("Default capacity").fill("8")
    dialog.get_by_role("button", name="Create service").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("table", name="Services").get_by_text("Kettlebell class")).to_be_visible()
    shot("admin-setup-services")

    page.get_by_role("tab", name="Booking rules").click()
    page.get_by_label("Cancellation window (hours)").fill("12")
    page.get_by_role("button", name="Save booking rules").click()
    expect(page.get_by_text("Booking rules saved.")).to_be_visible()
    assert factory.api(admin).get("/api/v1/booking-rules").json["cancellation_window_hours"] == 12

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, trainer.email)
    page.get_by_role("link", name="Availability").click()
    page.get_by_role("button", name="Add hours").click()
    window = page.get_by_role("group", name="Working window 1")
    window.get_by_label("From").fill("07:00")
    window.get_by_label("To").fill("12:00")
    page.get_by_role("button", name="Save working hours").click()
    expect(page.get_by_text("Working hours saved.")).to_be_visible()
    shot("trainer-availability")

    hours = factory.api(trainer).get(f"/api/v1/trainers/{trainer.trainer_id}/availability").json["working_hours"]
    assert [(h["weekday"], h["start_time"], h["end_time"]) for h in hours] == [(0, "07:00", "12:00")]


def test_dragging_a_session_onto_another_is_refused_and_put_back(page: Page, live_server: str, factory, shot):
    s = studio(factory)
    trainer = s["trainer"]
    client = factory.client(trainer=trainer, first_name="Dana")
    tomorrow = datetime.now(ZoneInfo(ZONE)).replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
    for hour in (10, 13):
        made = s["api"].post(
            "/api/v1/sessions",
            headers={"Idempotency-Key": f"e2e-drag-{hour}"},
            json={
                "service_id": s["pt"]["id"],
                "trainer_id": str(trainer.trainer_id),
                "client_id": str(client.client_id),
                "starts_at": tomorrow.replace(hour=hour).isoformat(),
            },
        )
        assert made.status_code == 201, made.json

    sign_in(page, live_server, trainer.email)
    page.get_by_role("link", name="Calendar").click()
    if tomorrow.weekday() == 0:
        page.get_by_role("button", name=re.compile("^Next week$", re.I)).click()
    events = page.locator(".fc-timegrid-event", has_text="PT session")
    expect(events).to_have_count(2)
    early, late = events.nth(0).bounding_box(), events.nth(1).bounding_box()
    assert early is not None
    assert late is not None
    # Drag the 13:00 session up onto the 10:00 one: the trainer is busy then.
    page.mouse.move(late["x"] + late["width"] / 2, late["y"] + 8)
    page.mouse.down()
    page.mouse.move(late["x"] + late["width"] / 2, late["y"] - 20, steps=5)
    page.mouse.move(early["x"] + early["width"] / 2, early["y"] + 8, steps=10)
    page.mouse.up()

    alert = page.get_by_role("alert").filter(has_text="Could not move it")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(re.compile("trainer|booked|overlap", re.I))
    shot("trainer-drag-conflict")
    starts = sorted(x["starts_at"] for x in s["api"].get("/api/v1/sessions").json["items"])
    assert [datetime.fromisoformat(x).astimezone(ZoneInfo(ZONE)).hour for x in starts] == [10, 13]
    expect(events.nth(1)).to_contain_text("13:00")
