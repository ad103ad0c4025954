"""What a studio's people do first, in a real browser: admin, trainer and client views of clients."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from ..factories import PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page: Page, base: str, email: str) -> None:
    """Sign in through the form and wait until the app has left the sign-in page: a test that navigates on at
    once can abort the sign-in answer before the browser stores its cookie (seen in CI: the next page got 401)."""
    page.goto(f"{base}/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/login(\?|$)"))


def test_admin_creates_finds_and_assigns_a_client(page: Page, live_server: str, factory, shot):
    admin = factory.admin()
    factory.trainer(first_name="Maya")
    sign_in(page, live_server, admin.email)
    expect(page.get_by_role("link", name="New client").first).to_be_visible()

    page.get_by_role("link", name="New client").first.click()
    page.get_by_label("First name").fill("Brigitte")
    page.get_by_label("Last name").fill("Okonkwo")
    page.get_by_label("E-mail").fill("brigitte@example.com")
    page.get_by_role("button", name="Create client").click()
    expect(page).to_have_url(re.compile(r"/clients/[0-9a-f-]{36}$"))
    expect(page.get_by_text("Brigitte Okonkwo").first).to_be_visible()

    page.goto(f"{live_server}/clients")
    expect(page.get_by_role("link", name="Brigitte Okonkwo")).to_be_visible()  # the unfiltered first page
    # Click only once the search has answered: a click while the list re-renders was once lost (CI, loaded).
    with page.expect_response(lambda r: "/api/v1/clients?" in r.url and "q=okonk" in r.url):
        page.get_by_label("Search clients").fill("okonk")
    page.get_by_role("link", name="Brigitte Okonkwo").click()
    expect(page).to_have_url(re.compile(r"/clients/[0-9a-f-]{36}$"))

    page.get_by_role("combobox", name="Assign a trainer").click()
    page.get_by_role("option", name=re.compile("Maya")).click()
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.get_by_label(re.compile("Unassign Maya"))).to_be_visible()
    shot("admin-client-detail")

    api = factory.api(admin)
    [client] = api.get("/api/v1/clients?q=okonkwo").json["items"]
    assert [t["full_name"].split()[0] for t in client["trainers"]] == ["Maya"]


def test_trainer_sees_only_their_clients(page: Page, live_server: str, factory, shot):
    mine, theirs = factory.trainer(first_name="Jonas"), factory.trainer(first_name="Priya")
    factory.client(trainer=mine, first_name="Mine")
    factory.client(trainer=theirs, first_name="Theirs")
    sign_in(page, live_server, mine.email)
    expect(page.get_by_role("link", name=re.compile(r"^Mine "))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^Theirs "))).to_have_count(0)
    shot("trainer-clients")


def test_client_sees_only_their_own_profile_on_a_phone(page: Page, live_server: str, factory, shot):
    trainer = factory.trainer()
    me = factory.client(trainer=trainer, account=True, first_name="Selma")
    factory.client(trainer=trainer, first_name="Other")
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, me.email)
    # A client starts at today's training; the profile is one tap away in the menu.
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    expect(page).to_have_url(f"{live_server}/today")
    page.get_by_role("button", name=re.compile("navigation")).click()
    page.get_by_role("link", name="My profile").click()
    expect(page.get_by_role("heading", name="My profile")).to_be_visible()
    expect(page.get_by_role("main").get_by_text(re.compile("Selma")).first).to_be_visible()
    expect(page.get_by_text(re.compile("Other Client"))).to_have_count(0)
    shot("client-portal-phone")
    page.goto(f"{live_server}/clients")
    expect(page.get_by_text(re.compile("Other Client"))).to_have_count(0)
