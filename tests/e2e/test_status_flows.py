"""The public status page and the admins' System page in a real browser, with Redis down."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from fitnesscrm.ops.status.service import STATUS_CACHE_SECONDS

from ..ops.status_support import DEAD_REDIS_URL, add_incident, app_with
from .conftest import DIST
from .test_foundation_flows import sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _no_animations(page: Page) -> None:
    page.emulate_media(reduced_motion="reduce")


@pytest.fixture
def redis_down_server(pg_url: str, mailer: Any, tmp_path: Any) -> Iterator[str]:
    """A second instance on the same database whose Redis is unreachable (nothing listens on its port)."""
    with app_with(pg_url, DEAD_REDIS_URL, mailer, frontend_dist=DIST, storage_dir=tmp_path) as down:
        server = make_server("127.0.0.1", 0, down, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()


def _component(page: Page, key: str) -> Any:
    return page.get_by_test_id(f"component-{key}")


def test_status_and_system_pages_with_redis_down(page: Page, redis_down_server: str, factory: Any, shot: Any) -> None:
    base = redis_down_server
    admin = factory.admin()
    add_incident(
        factory.database,
        title="Reminder e-mails are delayed",
        message="Session reminders are going out late; bookings work normally.",
    )

    # Anyone reaches the status page from the sign-in page, without signing in.
    page.goto(f"{base}/login")
    page.get_by_role("link", name="Service status").click()
    expect(page).to_have_url(f"{base}/status")
    expect(page.get_by_role("heading", name="Service status")).to_be_visible()
    expect(page.get_by_text("Some systems are not working normally")).to_be_visible()
    expect(_component(page, "database")).to_contain_text("Operational")
    expect(_component(page, "sign_in")).to_contain_text("Degraded")
    expect(_component(page, "background_jobs")).to_contain_text("Outage")
    current = page.get_by_role("region", name="Current incidents")
    expect(current.get_by_role("article", name="Reminder e-mails are delayed")).to_be_visible()
    expect(current.get_by_text("Session reminders are going out late; bookings work normally.")).to_be_visible()
    shot("status-redis-down")
    page.set_viewport_size(PHONE)
    shot("status-redis-down-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The admin's System page says which dependency failed and what is unknown because of it.
    sign_in(page, base, admin.email)
    page.get_by_role("link", name="System").click()
    expect(page.get_by_role("heading", name="System", exact=True)).to_be_visible()
    redis = page.get_by_test_id("check-Redis")
    expect(redis).to_contain_text("Failing")
    expect(redis).to_contain_text("redis unreachable")
    expect(page.get_by_test_id("check-Database")).to_contain_text("OK")
    expect(page.get_by_text("Unknown (Redis is unreachable)").first).to_be_visible()
    expect(page.get_by_test_id("backup-not-configured")).to_have_text("Not configured — backups do not report yet")
    shot("system-redis-down")

    # Resolve the incident from the System page; the public page then lists it as past.
    page.get_by_role("tab", name="Status page incidents").click()
    card = page.get_by_role("article", name="Reminder e-mails are delayed")
    card.get_by_role("textbox", name=re.compile("Update")).fill("Fixed; it was the queue.")
    card.get_by_role("combobox", name="New status").click()
    page.get_by_role("option", name="Resolved").click()
    card.get_by_role("button", name="Resolve").click()
    expect(card.get_by_text("Fixed; it was the queue.")).to_be_visible()
    shot("system-incidents")
    # The public status may be cached for STATUS_CACHE_SECONDS, by the browser too: wait that long, then look.
    page.wait_for_timeout((STATUS_CACHE_SECONDS + 0.5) * 1000)
    page.goto(f"{base}/status")
    past = page.get_by_role("region", name="Past incidents (last 14 days)")
    expect(past.get_by_role("article", name="Reminder e-mails are delayed")).to_contain_text("Resolved")
    expect(page.get_by_role("region", name="Current incidents")).to_have_count(0)
    expect(_component(page, "background_jobs")).to_contain_text("Outage")  # the check still sees Redis down
