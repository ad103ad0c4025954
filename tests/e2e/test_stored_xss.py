"""Stored XSS, round trip (issue 14, "a stored-XSS round trip through the web app"): markup saved through the API
as an attacker with a staff login would save it comes back on the pages that show it as text, and never runs."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .test_foundation_flows import sign_in

pytestmark = pytest.mark.browser

# Each payload sets window.__xss if the browser ever treats it as markup or a script URL.
IMG = "<img src=x onerror=window.__xss='img'>"
SCRIPT = "<script>window.__xss='script'</script>"
SVG = "\"><svg onload=window.__xss='svg'>"
LINK = "javascript:window.__xss='link'"


def _never_ran(page: Page) -> None:
    assert page.evaluate("window.__xss") is None


def test_markup_saved_in_names_notes_and_tags_is_shown_as_text_and_never_runs(
    page: Page, live_server: str, factory, shot
) -> None:
    admin = factory.admin()
    api = factory.api(admin)
    business = api.get("/api/v1/business")
    renamed = api.put(
        "/api/v1/business",
        json={"name": f"Gym {SVG}", "timezone": "Europe/London", "currency": "EUR", "locale": "en-GB"},
        headers={"If-Match": business.headers["ETag"]},
    )
    assert renamed.status_code == 200, renamed.json
    trainer = api.post("/api/v1/trainers", json={"first_name": IMG, "last_name": "Coach", "email": "coach@x.example"})
    assert trainer.status_code == 201, trainer.json
    client = api.post(
        "/api/v1/clients",
        json={
            "first_name": SCRIPT,
            "last_name": SVG,
            "email": "victim@x.example",
            "notes": f"{IMG} see {LINK}",
            "goals_summary": SCRIPT,
            "tags": [IMG],
            "primary_trainer_id": trainer.json["id"],
        },
    )
    assert client.status_code == 201, client.json

    sign_in(page, live_server, admin.email)
    page.goto(f"{live_server}/clients")
    expect(page.get_by_role("row").filter(has_text=SCRIPT)).to_be_visible()  # the name, as typed
    expect(page.get_by_text(f"Gym {SVG}").first).to_be_visible()  # the business name in the header
    _never_ran(page)

    page.goto(f"{live_server}/clients/{client.json['id']}")
    expect(page.get_by_text(f"{IMG} see {LINK}")).to_be_visible()  # notes: text, the link not a link
    expect(page.get_by_role("link", name=LINK)).to_have_count(0)
    shot("stored-xss-client-page")
    _never_ran(page)

    for path in ("/trainers", "/users", "/audit"):
        page.goto(f"{live_server}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        _never_ran(page)
    page.goto(f"{live_server}/trainers")
    expect(page.get_by_text(IMG).first).to_be_visible()
    _never_ran(page)
