"""Inviting people when this installation cannot send e-mail (the test app's console mailer): the inviter is told
nothing was sent and copies the link to pass on; the link opens the invitation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .test_foundation_flows import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_admin_copies_the_invitation_link_when_email_is_not_set_up(page: Page, live_server: str, factory, shot):
    admin = factory.admin()
    alex = factory.client(first_name="Alex")
    name = factory.api(admin).get(f"/api/v1/clients/{alex.client_id}").json["full_name"]
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    sign_in(page, live_server, admin.email)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()  # signed in before navigating away
    page.goto(f"{live_server}/clients/{alex.client_id}")

    page.get_by_role("button", name="Invite to portal").click()
    dialog = page.get_by_role("dialog", name="Send the invitation yourself")
    expect(
        dialog.get_by_text(f"E-mail is not set up, so nothing was sent. Copy this link and send it to {name} yourself:")
    ).to_be_visible()
    expect(page.get_by_text("We e-mailed")).to_have_count(0)
    link = dialog.get_by_label(f"Invitation link for {name}")
    url = link.input_value()
    assert re.fullmatch(r"http://localhost/accept-invitation\?token=[A-Za-z0-9_-]{20,}", url), url
    dialog.get_by_role("button", name="Copy link").click()
    expect(dialog.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == url
    shot("invitation-link-desktop")
    dialog.get_by_role("button", name="Done").click()
    expect(dialog).to_be_hidden()

    # The Invitations page issues a new link (the old one stops working), shown the same way, on a phone too.
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/invitations")
    page.get_by_role("button", name=f"New invitation link for {alex.email}").click()
    dialog = page.get_by_role("dialog", name="Send the invitation yourself")
    new_url = dialog.get_by_label(f"Invitation link for {name}").input_value()
    assert new_url != url
    shot("invitation-link-phone")
    dialog.get_by_role("button", name="Done").click()

    # Inviting a new trainer says the same: nothing was sent, here is the link.
    page.get_by_role("button", name="Invite trainer").click()
    form = page.get_by_role("dialog", name="Invite trainer")
    form.get_by_label("Full name").fill("Nora Quinn")
    form.get_by_label("E-mail").fill("nora.quinn@studio.example.com")
    form.get_by_role("button", name="Create invitation").click()
    dialog = page.get_by_role("dialog", name="Send the invitation yourself")
    expect(dialog.get_by_text("Copy this link and send it to Nora Quinn yourself:", exact=False)).to_be_visible()
    expect(dialog.get_by_label("Invitation link for Nora Quinn")).to_have_value(re.compile("accept-invitation"))
    dialog.get_by_role("button", name="Done").click()
    expect(page.get_by_role("row").filter(has_text="nora.quinn@studio.example.com")).to_be_visible()

    # Whoever gets the link can open the invitation; the replaced one is refused.
    page.get_by_role("button", name="Sign out").click()
    page.goto(new_url.replace("http://localhost", live_server))
    expect(page.get_by_text(f"Welcome, {name}.")).to_be_visible()
    page.goto(url.replace("http://localhost", live_server))
    expect(page.get_by_text("This invitation is invalid, expired or already used")).to_be_visible()
