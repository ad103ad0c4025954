"""No page calls the API while nobody touches it.

Every route of frontend/src/routes/manifest.json (the list the app builds its router from) is opened for every role
that may visit it, left idle, and must stay (almost) quiet: a query key that changes on every render, or an effect
that refetches, floods the server and soon trips the per-IP rate limit that a gym's members share. A new route is
covered without touching this file; a new route parameter must be given an id from the seeded world below.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from fitnesscrm.settings import PROJECT_ROOT

from ..factories import PASSWORD
from ..progress.support import add_exercise, add_goal, add_measurement, add_photo, add_workout
from .conftest import E2E_TIMEOUT_MS
from .test_scheduling_flows import ZONE, studio

pytestmark = pytest.mark.browser

MANIFEST = PROJECT_ROOT / "frontend" / "src" / "routes" / "manifest.json"
IDLE_SECONDS = 30
# A page may finish a late request or two (a lazy chunk's query, a focus refetch) inside the window; a loop makes
# dozens. Declared polling adds one call per polled endpoint and interval.
ALLOWANCE = 2
SETTLE_MS = 20_000  # a page that keeps the network busy this long is measured anyway: that is what we look for
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# Who opens the pages, and on what screen: layout code (element sizes, media queries) differs on a phone.
AUDIENCES = {
    "public": ("public", DESKTOP),
    "admin": ("admin", DESKTOP),
    "trainer": ("trainer", DESKTOP),
    "client": ("client", DESKTOP),
    "client-phone": ("client", PHONE),
}


def manifest_routes() -> list[dict[str, Any]]:
    routes: list[dict[str, Any]] = json.loads(MANIFEST.read_text())["routes"]
    return routes


def routes_for(role: str) -> list[dict[str, Any]]:
    if role == "public":
        return [r for r in manifest_routes() if r.get("public")]
    return [r for r in manifest_routes() if role in r.get("roles", [])]


def concrete(path: str, ids: dict[str, str]) -> str:
    """/clients/:clientId → /clients/<the seeded client's id>; an unknown parameter is the test author's job."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in ids:
            pytest.fail(
                f"route {path}: no id for :{name}. Seed one in seeded_world() in {__name__} and add it to "
                f"its ids, so the idle-requests test can open the page.",
                pytrace=False,
            )
        return ids[name]

    return re.sub(r":(\w+)", fill, path)


@dataclass
class World:
    emails: dict[str, str]
    ids: dict[str, str]


@pytest.fixture
def seeded_world(factory: Any) -> World:
    """A small studio with something on every page: a trainer's client with a class to book, a session, a programme
    and a workout, a logged workout with a record, measurements, a goal and a photo."""
    s = studio(factory)
    api, trainer = s["api"], s["trainer"]
    client = factory.client(trainer=trainer, account=True, first_name="Idle")
    coach = factory.api(trainer)
    tomorrow = datetime.now(ZoneInfo(ZONE)).replace(hour=18, minute=0, second=0, microsecond=0) + timedelta(days=1)
    made = [
        api.post(
            "/api/v1/classes",
            json={
                "service_id": s["hiit"]["id"],
                "trainer_id": str(trainer.trainer_id),
                "starts_at": tomorrow.isoformat(),
                "location_id": s["location"]["id"],
            },
        ),
        api.post(
            "/api/v1/sessions",
            json={
                "service_id": s["pt"]["id"],
                "trainer_id": str(trainer.trainer_id),
                "client_id": str(client.client_id),
                "starts_at": (tomorrow - timedelta(hours=2)).isoformat(),
                "location_id": s["location"]["id"],
            },
        ),
    ]
    exercise = str(add_exercise(factory.database, "Back squat"))
    template = coach.post(
        "/api/v1/workout-templates",
        json={
            "name": "Squat day",
            "blocks": [{"kind": "single", "exercises": [{"exercise_id": exercise, "sets": 3, "reps": 5}]}],
        },
    )
    program = coach.post(
        "/api/v1/programs",
        json={"name": "Base", "weeks": 1, "days": [{"week": 1, "day": 1, "template_id": template.json["id"]}]},
    )
    made += [
        template,
        program,
        coach.post(
            "/api/v1/program-assignments",
            json={
                "client_id": str(client.client_id),
                "program_id": program.json["id"],
                "start_date": datetime.now(ZoneInfo(ZONE)).date().isoformat(),
            },
        ),
    ]
    for response in made:
        assert response.status_code == 201, response.json
    today = datetime.now(UTC).date()
    log = add_workout(
        factory.database, client.client_id, exercise, today - timedelta(days=2), [(80, 5, True), (85, 5, True)], e1rm=99
    )
    for days_ago, kg in ((21, 90), (14, 89), (7, 88)):
        add_measurement(
            factory.database, client.client_id, "body_weight", kg, "kg", at=datetime.now(UTC) - timedelta(days=days_ago)
        )
    add_goal(factory.database, client.client_id)
    add_photo(factory.app, client.client_id)
    return World(
        emails={"admin": s["admin"].email, "trainer": trainer.email, "client": client.email},
        ids={
            "clientId": str(client.client_id),
            "trainerId": str(trainer.trainer_id),
            "logId": str(log),
            "programId": program.json["id"],
            "templateId": template.json["id"],
        },
    )


@dataclass
class Watched:
    route: dict[str, Any]
    url: str
    page: Page
    calls: list[str] = field(default_factory=list)
    window_seconds: int = IDLE_SECONDS

    def allowance(self) -> int:
        poll = self.route.get("pollSeconds")
        if not poll:
            return ALLOWANCE
        endpoints = {urlsplit(url).path for url in self.calls}
        return ALLOWANCE + (self.window_seconds // poll + 1) * len(endpoints)

    def report(self) -> str:
        by_endpoint = Counter(urlsplit(url).path for url in self.calls)
        lines = [
            f"      {n} x {path}   e.g. {next(u for u in self.calls if urlsplit(u).path == path)}"
            for path, n in by_endpoint.most_common(6)
        ]
        poll = f", polls every {self.route['pollSeconds']} s" if self.route.get("pollSeconds") else ""
        return "\n".join(
            [
                f"  {self.url} (route {self.route['path']}{poll}): {len(self.calls)} API calls in "
                f"{self.window_seconds} s idle, at most {self.allowance()} allowed",
                *lines,
            ]
        )


def signed_in_context(
    browser: Browser, base: str, email: str | None, viewport: dict[str, int] = DESKTOP
) -> BrowserContext:
    context = browser.new_context(base_url=base, viewport=viewport, reduced_motion="reduce")
    if email is not None:
        response = context.request.post("/api/v1/auth/login", data={"email": email, "password": PASSWORD})
        assert response.ok, response.text()
    return context


def open_watched(context: BrowserContext, route: dict[str, Any], url: str) -> Watched:
    page = context.new_page()
    page.set_default_timeout(E2E_TIMEOUT_MS)
    watched = Watched(route, url, page)

    def record(request: Any) -> None:
        if urlsplit(request.url).path.startswith("/api/"):
            watched.calls.append(request.url)

    page.on("request", record)
    page.goto(url)
    return watched


def settle(watched: Watched) -> None:
    """Bounded: waits for the network to be quiet; a page that never gets there is caught by the count."""
    with contextlib.suppress(PlaywrightTimeout):
        watched.page.wait_for_load_state("networkidle", timeout=SETTLE_MS)


def watch_idle(
    browser: Browser,
    base: str,
    email: str | None,
    viewport: dict[str, int],
    routes: list[dict[str, Any]],
    ids: dict[str, str],
) -> list[Watched]:
    """Opens every route in its own tab of one context, so all idle windows overlap, then counts API calls."""
    context = signed_in_context(browser, base, email, viewport)
    pages = [open_watched(context, route, concrete(route["path"], ids)) for route in routes]
    for watched in pages:
        settle(watched)
        landed = urlsplit(watched.page.url).path
        assert landed == watched.url, f"{watched.route['path']}: opened {watched.url} but landed on {landed}"
        # Chromium throttles timers in hidden tabs: every tab must count as visible, or a loop could hide.
        assert watched.page.evaluate("document.visibilityState") == "visible", watched.url
    for watched in pages:  # one window for all, so a polling page's count matches its declared interval
        watched.calls.clear()
    pages[0].page.wait_for_timeout(IDLE_SECONDS * 1000)  # the measurement window itself, not a synchronisation
    context.close()
    return pages


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_page_stays_quiet_while_idle(browser: Browser, live_server: str, seeded_world: World, audience: str):
    role, viewport = AUDIENCES[audience]
    routes = routes_for(role)
    assert routes, f"the manifest lists no route for {role}"
    email = None if role == "public" else seeded_world.emails[role]
    pages = watch_idle(browser, live_server, email, viewport, routes, seeded_world.ids)
    noisy = [w for w in pages if len(w.calls) > w.allowance()]
    if noisy:
        pytest.fail(
            f"{audience}: {len(noisy)} page(s) kept calling the API while idle:\n"
            + "\n".join(w.report() for w in noisy),
            pytrace=False,
        )


def test_every_route_parameter_has_a_seeded_id(seeded_world: World):
    """Fails on its own (fast) when a new parametrised route has no id, rather than deep inside a browser run."""
    for route in manifest_routes():
        concrete(route["path"], seeded_world.ids)


def test_the_book_page_asks_for_classes_once_while_idle(browser: Browser, live_server: str, seeded_world: World):
    """The client's Book page once asked for classes "from now" with a new key each render: ~70 calls a second."""
    [book] = [r for r in routes_for("client") if r["path"] == "/book"]
    context = signed_in_context(browser, live_server, seeded_world.emails["client"])
    watched = open_watched(context, book, "/book")
    watched.page.get_by_role("article", name="HIIT").wait_for()  # the seeded class is listed
    settle(watched)
    watched.calls.clear()
    watched.window_seconds = 10
    watched.page.wait_for_timeout(watched.window_seconds * 1000)  # the measurement window
    classes = [url for url in watched.calls if urlsplit(url).path == "/api/v1/classes"]
    context.close()
    assert len(classes) <= 1, watched.report()
