"""Changing and resetting a password in the web app: what ended is said, and the choice about API access holds."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from playwright.sync_api import Page, expect

from ..accounts.test_passwords import _reset_token
from ..factories import PASSWORD
from .test_foundation_flows import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
NEW_PASSWORD = "granite-orchard-velvet-19"


def test_a_trainer_changes_their_password_and_chooses_to_keep_or_end_their_api_access(
    page: Page, live_server: str, factory, shot
):
    trainer = factory.trainer()
    intruder = factory.api(trainer)
    assert intruder.post("/api/v1/auth/tokens", json={"name": "sync", "scopes": ["read"]}).status_code == 201
    assert intruder.post("/api/v1/calendar/feeds").status_code == 201
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, trainer.email)
    page.goto(f"{live_server}/account")

    card = page.get_by_role("region", name="Change password")
    revoke = card.get_by_role("checkbox", name="Also revoke my API tokens and calendar feed links")
    expect(revoke).to_be_checked()  # the safe choice unless the owner says otherwise
    card.get_by_label("Current password").fill("not-my-password-at-all")
    card.get_by_label(re.compile("^New password")).fill(NEW_PASSWORD)
    card.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    card.get_by_role("button", name="Change password").click()
    expect(card.get_by_text("The current password is not correct.")).to_be_visible()
    shot("password-change-wrong-current-phone")

    card.get_by_label("Current password").fill(PASSWORD)
    card.get_by_role("button", name="Change password").click()
    ended = "Signed out 1 other session; revoked 1 API token; revoked 1 calendar feed link."
    expect(page.get_by_text(ended)).to_be_visible()
    tokens = page.get_by_role("region", name="API tokens")
    expect(tokens.get_by_role("cell", name="sync")).to_have_count(0)  # the list follows: the token is gone
    shot("password-changed-phone")
    assert intruder.get("/api/v1/auth/me").status_code == 401
    assert factory.api().login(trainer.email, NEW_PASSWORD).status_code == 200


def test_a_reset_says_what_it_ended(page: Page, live_server: str, factory, mailer, shot):
    client = factory.client(account=True)
    other_device = factory.api(client)
    other_device.post("/api/v1/auth/password-reset", json={"email": client.email})
    page.goto(f"{live_server}/reset-password/confirm?token={_reset_token(mailer.outbox[-1])}")

    page.get_by_label(re.compile("^New password")).fill(NEW_PASSWORD)
    page.get_by_label(re.compile("^Confirm")).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set new password").click()

    status = page.get_by_role("status").filter(has_text="Your password has been changed")
    expect(status).to_contain_text("Signed out 1 other session.")
    shot("password-reset-done")
    assert other_device.get("/api/v1/auth/me").status_code == 401


def test_an_admin_turns_on_two_factor_sign_in_and_signs_in_with_a_code(page: Page, live_server: str, factory, shot):
    admin = factory.admin()
    sign_in(page, live_server, admin.email)
    page.goto(f"{live_server}/account")
    card = page.get_by_role("region", name="Two-factor sign-in")
    card.get_by_role("button", name="Set up an authenticator app").click()
    expect(card.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    key = card.locator("code").inner_text()
    card.get_by_label("Code from the app").fill("000000" if pyotp.TOTP(key).now() != "000000" else "111111")
    card.get_by_label("Your password").fill(PASSWORD)
    card.get_by_role("button", name="Turn on").click()
    expect(card.get_by_role("alert")).to_contain_text("does not match")
    card.get_by_label("Code from the app").fill(pyotp.TOTP(key).now())
    card.get_by_role("button", name="Turn on").click()
    codes = page.get_by_test_id("recovery-codes")
    expect(codes).to_be_visible()
    shot("two-factor-recovery-codes")
    assert len(codes.inner_text().split()) == 10
    page.get_by_role("button", name="I have saved them").click()
    expect(card.get_by_text("On", exact=True)).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{live_server}/login")
    page.get_by_label("E-mail").fill(admin.email)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter your authentication code")
    page.get_by_role("textbox", name="Authentication code").fill(
        pyotp.TOTP(key).at(time.time() + 30)
    )  # a code not used yet
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile("/login"))
    shot("two-factor-signed-in")
