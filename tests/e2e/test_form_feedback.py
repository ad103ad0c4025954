"""Forms tell people what is wrong where it is wrong, and pages hold long names on a phone."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Locator, Page, expect

from .test_foundation_flows import sign_in
from .test_scheduling_flows import PHONE, ZONE, studio

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
LONG = "Maximiliana" * 11  # 121 characters, no space to break at


@pytest.fixture(autouse=True)
def _no_animations(page: Page) -> None:
    page.emulate_media(reduced_motion="reduce")


def field(form: Locator, label: str) -> Locator:
    """A Mantine input's wrapper (label, input, error) by its label."""
    return form.locator(".mantine-InputWrapper-root").filter(has=form.page.get_by_label(label, exact=True))


# Its text on one line, and not clipped by the label ("ACHIEV…").
WHOLE_ON_ONE_LINE = """b => {
    const label = b.querySelector('.mantine-Badge-label');
    const range = document.createRange();
    range.selectNodeContents(label.firstChild);
    return range.getClientRects().length === 1 && label.scrollWidth <= label.clientWidth;
}"""


def assert_fits(page: Page, what: str) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{what} is {widths[0]} px wide in a {widths[1]} px window"


def test_server_errors_appear_on_the_measurement_and_working_hours_fields(page: Page, live_server: str, factory, shot):
    s = studio(factory)
    trainer = s["trainer"]
    client = factory.client(trainer=trainer, first_name="Nora")
    sign_in(page, live_server, trainer.email)
    expect(page.get_by_role("link", name="Calendar")).to_be_visible()

    page.goto(f"{live_server}/clients/{client.client_id}/progress")
    form = page.get_by_role("form", name="Record a measurement")
    form.get_by_label("Value", exact=True).fill("5000")
    form.get_by_role("button", name="Record").click()
    value = field(form, "Value")
    expect(value).to_contain_text(re.compile(r"The value must be between 0 and 1000 kg"))
    expect(form.get_by_label("Value", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(form.get_by_role("alert")).to_contain_text("Please correct the highlighted fields")
    shot("forms-measurement-error-desktop")
    page.set_viewport_size(PHONE)
    expect(value).to_contain_text("between 0 and 1000")
    shot("forms-measurement-error-phone")

    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server}/availability")
    hours = page.get_by_role("form", name="Weekly working hours")
    hours.get_by_role("button", name="Add hours").click()
    first = hours.get_by_role("group", name="Working window 1")
    first.get_by_label("From").fill("10:00")
    first.get_by_label("To").fill("09:00")
    hours.get_by_role("button", name="Save working hours").click()
    expect(field(first, "To")).to_contain_text("The end time must be after the start time.")
    expect(hours.get_by_role("alert")).to_contain_text("Please correct the highlighted fields")
    shot("forms-working-hours-field-error-desktop")

    # Fixed, plus two Monday windows at the same time: the second is refused as a row, under that row.
    first.get_by_label("To").fill("11:00")
    hours.get_by_role("button", name="Add hours").click()
    hours.get_by_role("button", name="Add hours").click()
    hours.get_by_role("button", name="Save working hours").click()
    third = hours.get_by_role("group", name="Working window 3")
    expect(third).to_contain_text(re.compile(r"Monday 09:00-17:00 overlaps 09:00-17:00 \(row 2\)"))
    expect(field(first, "To")).not_to_contain_text("after the start")
    page.set_viewport_size(PHONE)
    third.scroll_into_view_if_needed()
    shot("forms-working-hours-row-error-phone")
    assert s["api"].get(f"/api/v1/trainers/{trainer.trainer_id}/availability").json["working_hours"] == []


def _long_named_world(factory: Any) -> dict[str, Any]:
    s = studio(factory)
    api = s["api"]
    trainer = factory.trainer(first_name=LONG[:100])
    client = factory.client(trainer=trainer, account=True, first_name=LONG[:100], tags=[LONG[:40]])
    service = api.post(
        "/api/v1/services", json={"name": LONG[:120], "kind": "one_to_one", "duration_minutes": 60, "colour": "#1864ab"}
    ).json
    tomorrow = datetime.now(ZoneInfo(ZONE)).replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=1)
    made = api.post(
        "/api/v1/sessions",
        headers={"Idempotency-Key": "e2e-long-name"},
        json={
            "service_id": service["id"],
            "trainer_id": str(trainer.trainer_id),
            "client_id": str(client.client_id),
            "starts_at": tomorrow.isoformat(),
        },
    )
    assert made.status_code == 201, made.json
    goal = api.post(
        f"/api/v1/clients/{client.client_id}/goals",
        json={
            "metric": "waist",
            "direction": "decrease",
            "start_value": 90,
            "target_value": 84,
            "unit": "cm",
            "title": LONG,
        },
    )
    assert goal.status_code == 201, goal.json
    api.post(f"/api/v1/clients/{client.client_id}/measurements", json={"metric": "waist", "value": 83, "unit": "cm"})
    return {**s, "long_trainer": trainer, "client": client, "tomorrow": tomorrow}


def test_long_unbroken_names_never_widen_a_phone_page(page: Page, live_server: str, factory, shot):
    w = _long_named_world(factory)
    client, trainer = w["client"], w["long_trainer"]
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, w["admin"].email)
    expect(page.get_by_role("button", name=re.compile("navigation"))).to_be_visible()

    pages = {
        "clients": "/clients",
        "client-detail": f"/clients/{client.client_id}",
        "trainer-detail": f"/trainers/{trainer.trainer_id}",
        "trainers": "/trainers",
        "progress": f"/clients/{client.client_id}/progress",
    }
    for name, path in pages.items():
        page.goto(f"{live_server}{path}")
        expect(page.get_by_text(LONG[:40]).first).to_be_visible()
        expect(page.locator(".mantine-Loader-root")).to_have_count(0)
        assert_fits(page, path)
        shot(f"forms-long-name-{name}-phone")

    # The goal's badge shows its whole word beside the long title.
    badge = page.locator(".mantine-Badge-root", has_text="Achieved").first
    expect(badge).to_be_visible()
    assert badge.evaluate(WHOLE_ON_ONE_LINE), "the Achieved badge is cut off or broken"

    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server}/clients")
    expect(page.get_by_text(LONG[:40]).first).to_be_visible()
    assert_fits(page, "/clients on a desktop")
    shot("forms-long-name-clients-desktop")
    page.goto(f"{live_server}/clients/{client.client_id}")
    expect(page.get_by_text(LONG[:40]).first).to_be_visible()
    assert_fits(page, "client detail on a desktop")
    shot("forms-long-name-client-detail-desktop")

    page.context.clear_cookies()
    sign_in(page, live_server, client.email)
    expect(page).to_have_url(re.compile("/today$"))
    page.set_viewport_size(PHONE)
    for path in ("/today", "/my-sessions", "/me"):
        page.goto(f"{live_server}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_fits(page, path)
        shot(f"forms-long-name-{path.strip('/')}-phone")


def test_drawers_and_modals_have_named_close_buttons(page: Page, live_server: str, factory, shot):
    w = _long_named_world(factory)
    sign_in(page, live_server, w["admin"].email)
    expect(page.get_by_role("link", name="Calendar")).to_be_visible()
    page.goto(f"{live_server}/setup?tab=services")
    page.get_by_role("button", name="New service").click()
    dialog = page.get_by_role("dialog", name="New service")
    # The icon button in the header (the form has its own "Close" text button too).
    expect(dialog.locator(".mantine-Modal-close")).to_have_accessible_name("Close")
    dialog.get_by_label("Name").fill(LONG)
    assert dialog.get_by_label("Name").input_value() == LONG[:120]  # maxlength from the API schema
    shot("forms-service-modal-desktop")
    dialog.locator(".mantine-Modal-close").click()
    expect(dialog).to_have_count(0)

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/calendar")
    if w["tomorrow"].weekday() == 0:
        page.get_by_role("button", name=re.compile("^Next", re.I)).first.click()
    event = page.locator(".fc-event", has_text=LONG[:20]).first
    expect(event).to_be_visible()
    event.click()
    drawer = page.get_by_role("dialog").filter(has_text=LONG[:20])
    expect(drawer.locator(".mantine-Drawer-close")).to_have_accessible_name("Close")
    shot("forms-long-name-calendar-drawer-phone")
    assert_fits(page, "calendar drawer")


def test_a_new_client_opens_at_the_top_with_a_british_address_and_fees_in_pounds(
    page: Page, live_server: str, factory, shot
):
    admin = factory.admin()
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, admin.email)
    expect(page.get_by_role("button", name=re.compile("navigation"))).to_be_visible()
    page.goto(f"{live_server}/clients/new")
    page.get_by_label("First name").fill("Harriet")
    page.get_by_label("Last name").fill("Pemberton")
    page.get_by_label("Address line 1").fill("221B Baker Street")
    page.get_by_label("Town or city").fill("London")
    page.get_by_label("County, state or region").fill("Greater London")
    page.get_by_label("Postal code").fill("NW1 6XE")
    page.get_by_label("Country").fill("GB")
    assert page.get_by_label("First name").get_attribute("maxlength") == "100"
    page.get_by_label("First name").focus()
    expect(page.get_by_label("First name")).to_have_css("outline-width", "2px")
    expect(page.get_by_label("First name")).to_have_css("outline-style", "solid")
    page.get_by_role("button", name="Create client").click()
    expect(page).to_have_url(re.compile(r"/clients/[0-9a-f-]{36}$"))
    heading = page.get_by_role("heading", level=1, name=re.compile("Harriet Pemberton"))
    expect(heading).to_be_in_viewport()
    assert page.evaluate("window.scrollY") == 0
    toast = page.locator(".mantine-Notification-root").first
    if toast.is_visible():
        box, title = toast.bounding_box(), heading.bounding_box()
        assert box is not None
        assert title is not None
        assert box["y"] >= title["y"] + title["height"] or box["y"] + box["height"] <= title["y"], (
            "the toast covers the heading"
        )
    address = page.locator("dt", has_text="Address").locator("xpath=following-sibling::dd[1]")
    expect(address).to_have_text(re.compile(r"221B Baker Street\s+London\s+Greater London\s+NW1 6XE\s+United Kingdom"))
    shot("forms-new-client-top-phone")

    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server}/setup?tab=business")
    business = page.get_by_role("form", name="Business settings")
    business.get_by_role("combobox", name="Currency").fill("GBP")
    page.get_by_role("option", name="GBP: British Pound").click()
    expect(business.get_by_text("How numbers and money are written: £1,234.50")).to_be_visible()
    business.get_by_role("button", name="Save business settings").click()
    expect(page.get_by_text("Business settings saved.")).to_be_visible()
    shot("forms-business-settings-desktop")

    page.get_by_role("tab", name="Booking rules").click()
    rules = page.get_by_role("form", name="Booking rules")
    page.get_by_role("combobox", name="Late cancellation").click()
    page.get_by_role("option", name="Charge a fee").click()
    rules.get_by_label("Late-cancel fee (GBP)").fill("12.50")
    rules.get_by_role("button", name="Save booking rules").click()
    expect(page.get_by_text("Booking rules saved.")).to_be_visible()
    shot("forms-booking-rules-fees-desktop")
    saved = factory.api(admin).get("/api/v1/booking-rules").json
    assert saved["late_cancel_fee_minor"] == 1250
    assert factory.api(admin).get("/api/v1/business").json["currency"] == "GBP"
    page.set_viewport_size(PHONE)
    page.reload()
    expect(page.get_by_role("form", name="Booking rules").get_by_label("Late-cancel fee (GBP)")).to_have_value("12.50")
    assert_fits(page, "booking rules")
    shot("forms-booking-rules-fees-phone")


def test_working_hours_saved_over_a_change_made_elsewhere_are_refused(page: Page, live_server: str, factory, shot):
    """The week shown is the one saved over: an admin's change made meanwhile is not silently overwritten."""
    s = studio(factory)
    trainer = s["trainer"]
    sign_in(page, live_server, trainer.email)
    page.goto(f"{live_server}/availability")
    hours = page.get_by_role("form", name="Weekly working hours")
    hours.get_by_role("button", name="Add hours").click()
    hours.get_by_role("button", name="Save working hours").click()
    expect(page.get_by_text("Working hours saved.")).to_be_visible()
    url = f"/api/v1/trainers/{trainer.trainer_id}/availability"
    assert len(s["api"].get(url).json["working_hours"]) == 1

    # An admin clears the week in another tab, then the trainer saves the page still showing the old one.
    admin_week = {"working_hours": []}
    cleared = s["api"].put(url.replace("availability", "working-hours"), json=admin_week, headers={"If-Match": "*"})
    assert cleared.status_code == 200
    hours.get_by_role("button", name="Add hours").click()
    hours.get_by_role("button", name="Save working hours").click()
    expect(hours.get_by_role("alert")).to_contain_text("changed by someone else")
    shot("forms-working-hours-conflict-desktop")
    assert s["api"].get(url).json["working_hours"] == []
