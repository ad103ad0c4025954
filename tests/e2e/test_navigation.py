"""Each role's menu comes from the page manifest (frontend/src/routes/manifest.json): the pages the role may
open that have a place in the menu, in one order, under the role's own labels."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .test_foundation_flows import sign_in

pytestmark = pytest.mark.browser

MENUS = {
    "admin": [
        "Calendar", "Clients", "Programmes", "Exercises", "Trainers", "Availability", "Setup", "Invitations", "Users",
        "Audit log", "System", "Account",
    ],
    "trainer": [
        "Calendar", "My clients", "Programmes", "Exercises", "Trainers", "Availability", "Invitations", "Account",
    ],
    "client": ["Today", "Progress", "Book", "My sessions", "My profile", "Account"],
}  # fmt: skip


@pytest.mark.parametrize("role", sorted(MENUS))
def test_each_role_sees_its_own_menu(page: Page, live_server: str, factory, shot, role: str) -> None:
    people = {"admin": factory.admin, "trainer": factory.trainer, "client": lambda: factory.client(account=True)}
    person = people[role]()
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_server, person.email)
    menu = page.get_by_role("navigation", name="Main").get_by_role("link")
    expect(menu).to_have_text(MENUS[role])
    menu.last.click()  # every entry opens a page the role may see: Account, for one
    expect(page.get_by_role("heading", name="Account", exact=True)).to_be_visible()
    shot(f"navigation-{role}")
