"""An admin names the business and gives it a logo; everyone sees them, the sign-in page included."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from ..progress.support import png_bytes
from .test_form_feedback import assert_fits
from .test_foundation_flows import sign_in
from .test_scheduling_flows import PHONE

pytestmark = pytest.mark.browser


def test_the_business_name_and_logo_appear_in_the_app_and_on_the_sign_in_page(
    page: Page, live_server: str, factory, shot, tmp_path
) -> None:
    admin = factory.admin()
    client = factory.client(account=True)
    logo = tmp_path / "logo.png"
    logo.write_bytes(png_bytes((600, 200)))

    page.set_viewport_size(PHONE)
    sign_in(page, live_server, admin.email)
    page.goto(f"{live_server}/setup?tab=business")
    form = page.get_by_role("form", name="Business settings")
    name = form.get_by_label("Business name")
    name.fill("")
    form.get_by_role("button", name="Save business settings").click()
    expect(form.get_by_text("Enter the business name.")).to_be_visible()  # refused here, nothing sent

    name.fill("Harbour Strength & Conditioning")
    form.get_by_role("combobox", name="Locale").fill("de-DE")
    expect(form.get_by_text("How numbers and money are written: 1.234,50\u00a0€")).to_be_visible()
    form.get_by_role("button", name="Save business settings").click()
    expect(page.get_by_text("Business settings saved.")).to_be_visible()
    expect(page.get_by_test_id("business-name")).to_have_text("Harbour Strength & Conditioning")

    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Upload logo").click()
    chooser.value.set_files(str(logo))
    expect(page.get_by_text("Logo uploaded.")).to_be_visible()
    expect(page.get_by_role("img", name="Harbour Strength & Conditioning logo")).to_be_visible()
    assert_fits(page, "the business settings")
    shot("business-settings-phone")

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login(\?|$)"))
    expect(page.get_by_test_id("business-name")).to_have_text("Harbour Strength & Conditioning")
    shot("sign-in-with-business-logo-phone")

    sign_in(page, live_server, client.email)
    expect(page.get_by_test_id("business-name")).to_have_text("Harbour Strength & Conditioning")
    assert factory.api(admin).get("/api/v1/business").json["locale"] == "de-DE"
