"""The audit log in a real browser: who did what, named, with the ids one hover (or one link) away."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .test_foundation_flows import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_admin_reads_names_not_ids_in_the_audit_log(page: Page, live_server: str, factory, shot):
    admin = factory.admin()
    trainer = factory.trainer(first_name="Maya")
    created = factory.api(trainer).post("/api/v1/clients", json={"first_name": "Ada", "last_name": "Lovelace"})
    assert created.status_code == 201
    client_id = created.json["id"]
    maya = factory.api(admin).get(f"/api/v1/trainers/{trainer.trainer_id}").json["full_name"]

    sign_in(page, live_server, admin.email)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto(f"{live_server}/audit")
    row = page.get_by_role("row").filter(has_text="client.create")
    expect(row.get_by_text(maya, exact=True)).to_be_visible()
    expect(row.get_by_text("Trainer", exact=True)).to_be_visible()
    expect(row.get_by_text(trainer.email)).to_be_visible()
    subject = row.get_by_role("link", name="Ada Lovelace")
    expect(subject).to_have_attribute("href", f"/clients/{client_id}")
    expect(page.get_by_text(client_id)).to_have_count(0)  # the id is in the tooltip and the link, not the text
    subject.hover()
    expect(page.get_by_role("tooltip")).to_have_text(f"Client id {client_id}")
    shot("audit-log-desktop")

    page.set_viewport_size(PHONE)
    expect(row.get_by_role("link", name="Ada Lovelace")).to_be_attached()
    shot("audit-log-phone")
