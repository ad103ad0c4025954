"""Pickers search on the server: with more clients and workouts than one list page holds, a trainer still finds
and picks the one they want (issue 11, major 2): booking a session for client #125 and putting workout #125 on a
programme grid."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from fitnesscrm.clients import service as clients_service
from fitnesscrm.core.actor import Actor
from fitnesscrm.training.models import WorkoutTemplate

from .test_foundation_flows import sign_in
from .test_scheduling_flows import PHONE, ZONE, choose, next_monday, studio

pytestmark = pytest.mark.browser

MANY = 130  # more than a page of 100, the most any list endpoint returns at once
WANTED = 125  # alphabetically past the first 100


@pytest.fixture(autouse=True)
def _no_animations(page: Page) -> None:
    page.emulate_media(reduced_motion="reduce")


def seed_clients(factory: Any, trainer: Any) -> dict[str, uuid.UUID]:
    """Clients "Member 001" … "Member 130", all the trainer's: name → id."""
    ids = {}
    with factory.database.session() as s:
        for n in range(1, MANY + 1):
            client = clients_service.create_client(
                s,
                actor=Actor.system(),
                first_name="Member",
                last_name=f"{n:03}",
                email=f"member{n:03}@example.com",
                primary_trainer_id=trainer.trainer_id,
            )
            ids[client.full_name] = client.id
    return ids


def seed_templates(factory: Any, trainer: Any) -> dict[str, uuid.UUID]:
    """Workouts "Workout 001" … "Workout 130" in the trainer's library: name → id."""
    templates = [
        WorkoutTemplate(id=uuid.uuid4(), name=f"Workout {n:03}", blocks=[], owner_trainer_id=trainer.trainer_id)
        for n in range(1, MANY + 1)
    ]
    with factory.database.session() as s:
        s.add_all(templates)
    return {t.name: t.id for t in templates}


def search_and_pick(page: Page, label: str, text: str, *, within: Any = None) -> None:
    """Types into a server-search picker and picks the exact match once the server has answered."""
    box = (within or page).get_by_role("combobox", name=label)
    box.click()
    box.fill(text)
    page.get_by_role("option", name=text, exact=True).click()
    expect(box).to_have_value(text)


def test_trainer_books_a_session_for_a_client_past_the_first_hundred(page: Page, live_server: str, factory, shot):
    s = studio(factory)
    trainer = s["trainer"]
    clients = seed_clients(factory, trainer)
    wanted = f"Member {WANTED:03}"
    sign_in(page, live_server, trainer.email)
    page.get_by_role("link", name="Calendar").click()
    page.get_by_role("button", name="Book a session").click()
    dialog = page.get_by_role("dialog", name="Book a session")
    choose(page, "Service", re.compile("PT session"))

    # Opening the picker shows the first page and says there is more to find by typing.
    client_box = dialog.get_by_role("combobox", name="Client")
    client_box.click()
    expect(page.get_by_role("option", name="Member 001", exact=True)).to_be_visible()
    expect(page.get_by_role("option", name=re.compile("More matches"))).to_be_visible()
    shot("picker-book-session-client-first-page")
    # Matches on what the server searches, not only the label: the e-mail finds the client too.
    client_box.fill(f"member{WANTED:03}@")
    expect(page.get_by_role("option", name=wanted, exact=True)).to_be_visible()
    client_box.fill(f"{WANTED:03}")
    expect(dialog.get_by_label("Searching", exact=True)).to_have_count(0)
    expect(page.get_by_role("option")).to_have_count(1)
    shot("picker-book-session-client-search")
    page.set_viewport_size(PHONE)
    shot("picker-book-session-client-search-phone")
    page.set_viewport_size({"width": 1280, "height": 720})
    client_box.fill("nobody by this name")
    expect(page.get_by_text("No matches for “nobody by this name”")).to_be_visible()
    search_and_pick(page, "Client", wanted, within=dialog)

    monday = next_monday()
    dialog.get_by_label("Date").fill(monday.isoformat())
    dialog.get_by_label("Start time").fill("10:00")
    dialog.get_by_role("button", name="Book session").click()
    expect(dialog).to_be_hidden()

    [session] = s["api"].get("/api/v1/sessions", query_string={"client_id": str(clients[wanted])}).json["items"]
    assert session["trainer_id"] == str(trainer.trainer_id)
    assert datetime.fromisoformat(session["starts_at"]).astimezone(UTC).date() == monday


def test_trainer_puts_a_workout_past_the_first_hundred_on_the_programme_grid(
    page: Page, live_server: str, factory, shot
):
    trainer = factory.trainer(first_name="Jonas")
    templates = seed_templates(factory, trainer)
    wanted = f"Workout {WANTED:03}"
    sign_in(page, live_server, trainer.email)
    page.get_by_role("link", name="Programmes").click()
    # The library itself pages through all 130 rather than stopping at the first hundred.
    page.get_by_role("tab", name="Workouts").click()
    workouts = page.get_by_role("list", name="Workouts")
    expect(workouts.get_by_role("button", name="Open Workout 001")).to_be_visible()
    pages = page.get_by_role("navigation", name="Workout list pages")
    for number in range(2, 7):  # 25 a page: #125 ends page 5, page 6 holds the last five
        pages.get_by_role("button", name="Next").click()
        expect(pages.get_by_text(f"Page {number}")).to_be_visible()
        if number == 5:
            expect(workouts.get_by_role("button", name=f"Open {wanted}")).to_be_visible()
    expect(workouts.get_by_role("button", name=f"Open Workout {MANY}")).to_be_visible()
    expect(pages.get_by_role("button", name="Next")).to_be_disabled()
    page.get_by_role("link", name="New programme").first.click()
    page.get_by_label("Programme name").fill("Deep library")

    cell = page.get_by_role("combobox", name="Week 1, day 2 workout")
    cell.click()
    cell.fill("workout 12")
    expect(page.get_by_label("Searching", exact=True)).to_have_count(0)
    expect(page.get_by_role("option", name=re.compile(r"^Workout 12\d$"))).to_have_count(10)
    shot("picker-programme-grid-search")
    page.set_viewport_size(PHONE)
    shot("picker-programme-grid-search-phone")
    page.set_viewport_size({"width": 1280, "height": 720})
    search_and_pick(page, "Week 1, day 2 workout", wanted)
    # The name stays on a copy of the week, which the picker has never searched for.
    page.get_by_role("button", name="Duplicate week 1").click()
    expect(page.get_by_role("combobox", name="Week 2, day 2 workout")).to_have_value(wanted)
    page.get_by_role("button", name="Save programme").first.click()
    expect(page).to_have_url(re.compile(r"/programmes/[0-9a-f-]{36}$"))

    api = factory.api(trainer)
    [program] = api.get("/api/v1/programs").json["items"]
    saved = api.get(f"/api/v1/programs/{program['id']}").json
    assert [(d["week"], d["day"], d["template_id"]) for d in saved["days"]] == [
        (1, 2, str(templates[wanted])),
        (2, 2, str(templates[wanted])),
    ]
    # Reloaded, the saved cells show their workouts by name.
    page.reload()
    expect(page.get_by_role("combobox", name="Week 2, day 2 workout")).to_have_value(wanted)


def test_trainer_assigns_a_workout_past_the_first_hundred_from_a_client_page(
    page: Page, live_server: str, factory, shot
):
    trainer = factory.trainer(first_name="Jonas")
    client = factory.client(trainer=trainer, first_name="Selma")
    templates = seed_templates(factory, trainer)
    wanted = f"Workout {WANTED:03}"
    sign_in(page, live_server, trainer.email)
    page.get_by_role("link", name=re.compile("^Selma ")).click()
    page.get_by_role("button", name="Assign training").click()
    dialog = page.get_by_role("dialog", name=re.compile("^Assign training to"))

    box = dialog.get_by_role("combobox", name="Programme or workout")
    box.click()
    box.fill(f"{WANTED:03}")
    expect(dialog.get_by_label("Searching", exact=True)).to_have_count(0)
    expect(page.get_by_role("option")).to_have_count(1)
    shot("picker-assign-workout-search")
    page.set_viewport_size(PHONE)
    shot("picker-assign-workout-search-phone")
    page.set_viewport_size({"width": 1280, "height": 720})
    search_and_pick(page, "Programme or workout", wanted, within=dialog)
    dialog.get_by_role("button", name="Assign").click()
    expect(dialog).to_be_hidden()

    [assignment] = (
        factory.api(trainer)
        .get("/api/v1/program-assignments", query_string={"client_id": str(client.client_id)})
        .json["items"]
    )
    assert (assignment["template_id"], assignment["title"]) == (str(templates[wanted]), wanted)


def test_client_books_a_class_past_the_first_hundred_in_the_next_two_weeks(page: Page, live_server: str, factory):
    """The portal offers the classes of the next two weeks: a busy studio runs more than 100 of them."""
    s = studio(factory)
    today = datetime.now(ZoneInfo(ZONE)).replace(minute=0, second=0, microsecond=0)
    titles = []
    for day in range(1, 15):
        for hour in (7, 9, 11, 13, 15, 17, 19, 21):  # 14 days x 8 = 112 classes, none overlapping
            titles.append(f"Class {len(titles) + 1:03}")
            created = s["api"].post(
                "/api/v1/classes",
                json={
                    "service_id": s["hiit"]["id"],
                    "trainer_id": str(s["trainer"].trainer_id),
                    "title": titles[-1],
                    "starts_at": (today + timedelta(days=day)).replace(hour=hour).isoformat(),
                },
            )
            assert created.status_code == 201, created.json
    me = factory.client(trainer=s["trainer"], account=True, first_name="Late")
    last = titles[-1]

    sign_in(page, live_server, me.email)
    page.get_by_role("link", name="Book").click()
    page.get_by_role("article", name=last).get_by_role("button", name=f"Book for {last}").click()
    expect(page.get_by_text(f"Booked: {last}.")).to_be_visible()
    [mine] = factory.api(me).get("/api/v1/bookings?when=upcoming").json["items"]
    assert (mine["status"], mine["title"]) == ("booked", last)
