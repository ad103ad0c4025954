"""The admins' Users page: find a person, switch their login off (they are signed out at once), switch it back on."""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import Page, expect

from ..accounts.test_two_factor import enrol
from ..factories import PASSWORD, Api
from .test_foundation_flows import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_an_admin_switches_a_trainers_login_off_and_on(page: Page, live_server: str, factory, shot):
    admin = factory.admin()
    trainer = factory.trainer(first_name="Quentin")
    trainers_session = factory.api(trainer)
    for n in range(30):  # more than a page of people
        factory.client(account=True, first_name=f"Member{n:02d}")
    sign_in(page, live_server, admin.email)
    page.get_by_role("link", name="Users").first.click()
    expect(page.get_by_role("heading", name="Users")).to_be_visible()
    pages = page.get_by_role("navigation", name="User pages")
    expect(pages.get_by_role("button", name="Next")).to_be_enabled()  # 32 people: a second page

    page.get_by_label("Search users").fill("quentin")
    row = page.get_by_role("row").filter(has_text=trainer.email)
    expect(row).to_have_count(1)
    row.get_by_role("button", name="Switch off the login of Quentin").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("signed out everywhere")
    shot("users-switch-off-confirm")
    dialog.get_by_role("button", name="Switch off").click()
    expect(page.get_by_text("can no longer sign in. Ended: 1 session, 0 API tokens, 0 calendar links.")).to_be_visible()
    expect(row.get_by_text("Switched off")).to_be_visible()
    assert trainers_session.get("/api/v1/auth/me").status_code == 401
    assert factory.api().login(trainer.email).status_code == 401

    row.get_by_role("button", name="Let Quentin").click()
    expect(row.get_by_text("Active")).to_be_visible()
    assert factory.api().login(trainer.email).status_code == 200

    page.set_viewport_size(PHONE)
    page.get_by_label("Search users").fill("")
    expect(page.get_by_role("row").filter(has_text="Member00")).to_be_visible()  # everyone again
    page.get_by_role("combobox", name="Status").click()
    page.get_by_role("option", name="Active", exact=True).click()
    expect(page.get_by_role("row").filter(has_text=admin.email).get_by_text("You")).to_be_visible()
    shot("users-phone")


def test_a_client_signs_a_lost_phone_out_from_their_account_page(page: Page, live_server: str, factory, shot):
    client = factory.client(account=True)
    lost_phone = Api(factory.app.test_client())
    lost_phone.client.environ_base["HTTP_USER_AGENT"] = "Mozilla/5.0 (Linux; Android 14) Chrome/120.0 Mobile"
    assert lost_phone.login(client.email).status_code == 200
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, client.email)
    page.goto(f"{live_server}/account")

    devices = page.get_by_role("region", name="Signed-in devices")
    expect(devices.get_by_text("This device")).to_be_visible()
    expect(devices.get_by_text("Chrome on Android")).to_be_visible()
    shot("account-devices-phone")
    devices.get_by_role("button", name=re.compile("^Sign out Chrome on Android")).click()
    expect(page.get_by_text("Chrome on Android is signed out")).to_be_visible()
    expect(devices.get_by_text("Chrome on Android")).to_have_count(0)
    assert lost_phone.get("/api/v1/auth/me").status_code == 401


def test_an_admin_requires_two_factor_of_staff_and_resets_a_lost_one(
    page: Page, live_server: str, factory, shot
) -> None:
    """The admin requires a second factor of staff (refused until their own is on), resets a trainer's lost one;
    a trainer without one who signs in can only set it up, on the Account page, and then uses the app."""
    admin = factory.admin()
    lost = factory.trainer(first_name="Lorna")
    enrol(factory.api(lost))
    newcomer = factory.trainer(first_name="Nadia")
    sign_in(page, live_server, admin.email)
    page.goto(f"{live_server}/users")
    setting = page.get_by_role("region", name="Two-factor sign-in")
    setting.get_by_role("combobox", name="Two-factor sign-in").click()
    page.get_by_role("option", name="Required for admins and trainers").click()
    expect(setting.get_by_role("alert")).to_contain_text("for your own account first")

    enrol(factory.api(admin))  # on another device; this browser's session stays signed in
    setting.get_by_role("combobox", name="Two-factor sign-in").click()
    page.get_by_role("option", name="Required for admins and trainers").click()
    expect(page.get_by_text("Two-factor requirement saved")).to_be_visible()

    row = page.get_by_role("row").filter(has_text=lost.email)
    row.get_by_role("button", name="Reset the two-factor sign-in of Lorna").click()
    page.get_by_role("dialog").get_by_role("button", name="Reset two-factor").click()
    expect(page.get_by_text("now signs in with the password alone")).to_be_visible()
    expect(row.get_by_role("cell", name="Off", exact=True)).to_be_visible()
    expect(page.get_by_role("dialog")).to_have_count(0)
    shot("users-two-factor-required")

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, newcomer.email)
    expect(page).to_have_url(re.compile("/account$"))
    expect(page.get_by_role("alert").filter(has_text="Set up two-factor sign-in to continue")).to_be_visible()
    page.goto(f"{live_server}/clients")
    expect(page).to_have_url(re.compile("/account$"))  # nothing else opens
    page.set_viewport_size(PHONE)
    card = page.get_by_role("region", name="Two-factor sign-in")
    expect(card.get_by_role("button", name="Set up an authenticator app")).to_be_visible()
    shot("account-two-factor-required-phone")
    card.get_by_role("button", name="Set up an authenticator app").click()
    key = card.locator("code").inner_text()
    card.get_by_label("Code from the app").fill(pyotp.TOTP(key).now())
    card.get_by_label("Your password").fill(PASSWORD)
    card.get_by_role("button", name="Turn on").click()
    expect(page.get_by_test_id("recovery-codes")).to_be_visible()  # still shown once the app opens
    page.get_by_role("button", name="I have saved them").click()
    expect(page.get_by_role("alert").filter(has_text="Set up two-factor sign-in to continue")).to_have_count(0)
    page.goto(f"{live_server}/clients")
    expect(page).to_have_url(re.compile("/clients"))
