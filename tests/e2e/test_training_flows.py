"""Training and progress in a real browser: a trainer builds a two-week programme and assigns it, a client logs
today's workout on a phone and sees a new personal record, the progress charts render seeded data, the exercise
library is searched and extended, and progress photos are uploaded and compared."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from fitnesscrm.training.exercises.library import sync_builtin_library

from .test_foundation_flows import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
X = "\u00d7"  # the multiplication sign the app writes in "3 x 5"


@pytest.fixture(autouse=True)
def _no_animations(page: Page) -> None:
    page.emulate_media(reduced_motion="reduce")


@pytest.fixture
def library(factory: Any) -> dict[str, str]:
    """The built-in exercise library, as `fitnesscrm seed exercises` installs it: slug → id."""
    with factory.database.session() as session:
        sync_builtin_library(session)
    api = factory.api(factory.admin())
    wanted = {"barbell-back-squat": "barbell back squat", "barbell-bench-press": "barbell bench press"}
    ids = {}
    for slug, q in wanted.items():
        items = api.get(f"/api/v1/exercises?q={q}").json["items"]
        ids[slug] = next(e["id"] for e in items if e["slug"] == slug)
    return ids


def choose(page: Page, label: str, option: str | re.Pattern[str], *, within: Any = None) -> None:
    scope = within or page
    scope.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option).click()


def business_today(api: Any, client_id: Any) -> date:
    """The server counts "today" in the business's time zone: the plan's default window starts there."""
    return date.fromisoformat(api.get(f"/api/v1/clients/{client_id}/plan").json["start"])


def test_trainer_builds_a_two_week_programme_and_assigns_it(page: Page, live_server: str, factory, library, shot):
    trainer = factory.trainer(first_name="Jonas")
    client = factory.client(trainer=trainer, first_name="Selma")
    sign_in(page, live_server, trainer.email)

    # A workout: squat then bench, built from the library, reordered with the keyboard-accessible buttons.
    page.get_by_role("link", name="Programmes").click()
    page.get_by_role("link", name="New workout").click()
    page.get_by_label("Workout name").fill("Full body A")
    for name in ("Barbell bench press", "Barbell back squat"):
        page.get_by_role("button", name="Add exercise", exact=True).click()
        dialog = page.get_by_role("dialog", name="Add an exercise")
        dialog.get_by_label("Search exercises").fill(name.lower())
        dialog.get_by_role("button", name=f"Add {name}", exact=True).click()
        expect(dialog).to_be_hidden()
    page.get_by_role("button", name="Move block B up").click()
    expect(page.get_by_role("region", name="Block A")).to_contain_text("Barbell back squat")
    page.get_by_label("A Barbell back squat reps").fill("5")
    page.get_by_label("A Barbell back squat load", exact=True).fill("80")
    page.get_by_label("B Barbell bench press load", exact=True).fill("60")
    shot("trainer-workout-editor")
    page.set_viewport_size(PHONE)
    shot("trainer-workout-editor-phone")
    page.set_viewport_size({"width": 1280, "height": 720})
    page.get_by_role("button", name="Save workout").first.click()
    expect(page).to_have_url(re.compile(r"/programmes/workouts/[0-9a-f-]{36}$"))

    # A programme: the workout on days 1 and 4 of week 1, then "duplicate week" makes week 2.
    page.get_by_role("link", name="Programmes", exact=True).click()
    page.get_by_role("link", name="New programme").first.click()
    page.get_by_label("Programme name").fill("Strength base")
    page.get_by_label("Load added per week (kg)").fill("2.5")
    choose(page, "Week 1, day 1 workout", "Full body A")
    choose(page, "Week 1, day 4 workout", "Full body A")
    page.get_by_role("button", name="Duplicate week 1").click()
    expect(page.get_by_role("combobox", name="Week 2, day 4 workout")).to_have_value("Full body A")
    expect(page.get_by_text("Week 2", exact=True)).to_be_visible()
    shot("trainer-programme-grid")
    page.get_by_role("button", name="Save programme").first.click()
    expect(page).to_have_url(re.compile(r"/programmes/[0-9a-f-]{36}$"))

    # Assign it to the client from Monday-or-today.
    page.get_by_role("button", name="Assign to client").click()
    dialog = page.get_by_role("dialog", name="Assign Strength base")
    dialog.get_by_role("combobox", name="Client").fill("Selma")
    page.get_by_role("option", name=re.compile("^Selma")).click()
    api = factory.api(trainer)
    start = business_today(api, client.client_id)
    dialog.get_by_label("Start date").fill(start.isoformat())
    shot("trainer-assign-programme")
    dialog.get_by_role("button", name="Assign").click()
    expect(dialog).to_be_hidden()

    [program] = api.get("/api/v1/programs").json["items"]
    assert (program["name"], program["weeks"], program["day_count"]) == ("Strength base", 2, 4)
    assert program["progression"]["load_kg_per_week"] == 2.5
    [assignment] = api.get(f"/api/v1/program-assignments?client_id={client.client_id}").json["items"]
    assert (assignment["program_id"], assignment["start_date"]) == (program["id"], start.isoformat())
    # Week 2 of the plan carries the progression: 80 kg + 2.5 kg.
    plan = api.get(f"/api/v1/clients/{client.client_id}/plan?from={start}&to={start + timedelta(days=13)}").json
    assert [item["week"] for item in plan["items"]] == [1, 1, 2, 2]
    squat = plan["items"][2]["blocks"][0]["exercises"][0]
    assert squat["exercise_id"] == library["barbell-back-squat"]
    assert squat["load"]["value_kg"] == 82.5

    # The client's record shows it under Training.
    page.goto(f"{live_server}/clients/{client.client_id}")
    expect(page.get_by_role("list", name="Assigned training")).to_contain_text("Strength base")
    shot("trainer-client-training-card")


def test_client_logs_todays_workout_on_a_phone_and_sees_a_new_record(
    page: Page, live_server: str, factory, library, shot
):
    trainer = factory.trainer(first_name="Jonas")
    me = factory.client(trainer=trainer, account=True, first_name="Selma")
    coach = factory.api(trainer)
    squat = library["barbell-back-squat"]
    template = coach.post(
        "/api/v1/workout-templates",
        json={
            "name": "Squat day",
            "blocks": [
                {
                    "kind": "single",
                    "exercises": [
                        {
                            "exercise_id": squat,
                            "sets": 2,
                            "reps": 5,
                            "load": {"kind": "weight", "value": 100, "unit": "kg"},
                        }
                    ],
                }
            ],
        },
    )
    assert template.status_code == 201, template.json
    today = business_today(coach, me.client_id)
    # Last week: 2 x 5 at 90 kg, so today's 100 kg is a new best.
    last = coach.post(
        "/api/v1/workout-logs",
        json={
            "client_id": str(me.client_id),
            "template_id": template.json["id"],
            "performed_on": (today - timedelta(days=7)).isoformat(),
        },
    ).json
    for n in (1, 2):
        done = coach.post(
            f"/api/v1/workout-logs/{last['id']}/sets",
            json={"exercise_id": squat, "position": 1, "set_number": n, "reps": 5, "load": 90, "load_unit": "kg"},
        )
        assert done.status_code == 201, done.json
    assert coach.post(f"/api/v1/workout-logs/{last['id']}/complete").status_code == 200
    assigned = coach.post(
        "/api/v1/program-assignments",
        json={"client_id": str(me.client_id), "template_id": template.json["id"], "start_date": today.isoformat()},
    )
    assert assigned.status_code == 201, assigned.json

    page.set_viewport_size(PHONE)
    sign_in(page, live_server, me.email)
    page.get_by_role("button", name=re.compile("navigation")).click()
    page.get_by_role("link", name="Today").click()
    card = page.get_by_role("article", name="Squat day")
    expect(card).to_contain_text(f"2 {X} 5 @ 100 kg")
    shot("client-today-phone")
    card.get_by_role("button", name="Start workout").click()

    exercise = page.get_by_role("region", name="A. Barbell back squat")
    expect(exercise.get_by_test_id("last-time")).to_contain_text(f"90 kg {X} 5, 90 kg {X} 5")
    # Big touch targets: the one-tap button is at least 44 px high.
    one_tap = exercise.get_by_role("button", name="✓ Set 1 as planned")
    assert one_tap.bounding_box()["height"] >= 44
    one_tap.click()
    banner = exercise.get_by_role("status")
    expect(banner).to_contain_text("New personal record!")
    expect(banner).to_contain_text(re.compile(r"Estimated 1RM 116\.7 kg \(was 105 kg\)"))
    shot("client-new-record-phone")

    # The second set with a typed change: 4 reps at RPE 9.
    exercise.get_by_label("Barbell back squat reps").fill("4")
    exercise.get_by_label("Barbell back squat RPE").fill("9")
    exercise.get_by_role("button", name="Log set 2").click()
    expect(exercise.get_by_role("list", name="Barbell back squat sets logged")).to_contain_text(f"100 kg {X} 4 @ RPE 9")
    page.get_by_role("button", name="Complete workout").click()
    expect(page.get_by_role("status").filter(has_text="Workout complete")).to_be_visible()
    shot("client-workout-complete-phone")

    [log] = [
        w
        for w in coach.get(f"/api/v1/workout-logs?client_id={me.client_id}").json["items"]
        if w["performed_on"] == today.isoformat()
    ]
    assert (log["status"], log["set_count"], log["volume_kg"]) == ("completed", 2, 900)
    records = coach.get(f"/api/v1/clients/{me.client_id}/personal-records?exercise_id={squat}").json["items"]
    assert {r["kind"]: r["value"] for r in records}["heaviest_set"] == 100


def test_progress_dashboard_charts_seeded_measurements_goals_and_volume(
    page: Page, live_server: str, factory, library, shot
):
    trainer = factory.trainer(first_name="Jonas")
    me = factory.client(trainer=trainer, account=True, first_name="Selma")
    coach = factory.api(trainer)
    cid = me.client_id
    today = business_today(coach, cid)
    now = datetime.now(UTC)
    # Eight weekly weigh-ins from 90 kg down to 85 kg, and a goal of 80 kg: 50 % of the way.
    for week, kg in enumerate([90, 89.4, 88.5, 88, 87.2, 86.4, 85.6, 85]):
        at = (now - timedelta(days=7 * (7 - week), hours=1)).isoformat()
        made = coach.post(
            f"/api/v1/clients/{cid}/measurements",
            json={"metric": "body_weight", "value": kg, "unit": "kg", "measured_at": at},
        )
        assert made.status_code == 201, made.json
    goal = coach.post(
        f"/api/v1/clients/{cid}/goals",
        json={
            "metric": "body_weight",
            "direction": "decrease",
            "start_value": 90,
            "target_value": 80,
            "unit": "kg",
            "deadline": (today + timedelta(days=60)).isoformat(),
            "milestones": [{"value": 85, "label": "Halfway"}],
        },
    )
    assert goal.status_code == 201, goal.json
    assert goal.json["progress_percent"] == 50
    # A few completed workouts for the volume chart.
    for days_ago in (20, 13, 6):
        log = coach.post(
            "/api/v1/workout-logs",
            json={
                "client_id": str(cid),
                "title": "Squats",
                "performed_on": (today - timedelta(days=days_ago)).isoformat(),
            },
        )
        assert log.status_code == 201, log.json
        coach.post(
            f"/api/v1/workout-logs/{log.json['id']}/sets",
            json={
                "exercise_id": library["barbell-back-squat"],
                "position": 1,
                "set_number": 1,
                "reps": 5,
                "load": 80 + days_ago,
                "load_unit": "kg",
            },
        )
        assert coach.post(f"/api/v1/workout-logs/{log.json['id']}/complete").status_code == 200

    sign_in(page, live_server, me.email)
    page.get_by_role("link", name="Progress").click()
    expect(page.get_by_role("heading", name="My progress")).to_be_visible()
    weight = page.get_by_role("region", name="Body weight over time")
    chart = weight.get_by_role("img", name="Body weight (kg) chart")
    expect(chart).to_be_visible()
    expect(chart.locator("circle")).to_have_count(8)
    expect(weight).to_contain_text("85 kg")
    expect(chart).to_contain_text("target 80")
    volume = page.get_by_role("region", name="Training volume over time")
    expect(volume.get_by_role("img", name=re.compile("Training volume per week"))).to_be_visible()
    expect(volume.locator("rect")).not_to_have_count(0)
    goals = page.get_by_role("list").filter(has=page.get_by_role("progressbar"))
    expect(goals.get_by_role("progressbar", name=re.compile(r": 50 %$"))).to_be_visible()
    expect(goals).to_contain_text("5 kg to go")
    shot("client-progress-dashboard")

    # The client records today's weight in pounds; it is converted, and the chart's last point moves.
    page.get_by_role("form", name="Record a measurement").get_by_label("Value").fill("183")
    choose(page, "Unit", "lb", within=page.get_by_role("form", name="Record a measurement"))
    page.get_by_role("button", name="Record").click()
    expect(weight).to_contain_text("83 kg")  # 183 lb = 83.0 kg
    [latest, *_] = coach.get(f"/api/v1/clients/{cid}/measurements?metric=body_weight").json["items"]
    assert (latest["entered_value"], latest["entered_unit"], round(latest["canonical_value"], 2)) == (183, "lb", 83.01)

    # Staff see the same dashboard from the client's record.
    page.set_viewport_size(PHONE)
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, trainer.email)
    expect(page.get_by_role("heading", name="My clients")).to_be_visible()
    page.goto(f"{live_server}/clients/{cid}/progress")
    expect(page.get_by_role("img", name="Body weight (kg) chart")).to_be_visible()
    shot("trainer-client-progress-phone")


def test_trainer_browses_the_exercise_library_and_adds_a_custom_exercise(
    page: Page, live_server: str, factory, library, shot
):
    trainer = factory.trainer(first_name="Jonas")
    sign_in(page, live_server, trainer.email)
    page.get_by_role("link", name="Exercises").click()
    page.get_by_label("Search exercises").fill("squat")
    choose(page, "Equipment", "Barbell")
    results = page.get_by_role("list", name="Exercises")
    expect(results.get_by_role("button", name="Barbell back squat, details")).to_be_visible()
    expect(results.get_by_role("button", name=re.compile("Goblet"))).to_have_count(0)
    results.get_by_role("button", name="Barbell back squat, details").click()
    drawer = page.get_by_role("dialog", name="Barbell back squat")
    expect(drawer.get_by_role("heading", name="Safety cues")).to_be_visible()
    expect(drawer.get_by_role("heading", name="How to do it")).to_be_visible()
    shot("trainer-exercise-detail")
    page.keyboard.press("Escape")

    page.get_by_role("button", name="New exercise").click()
    dialog = page.get_by_role("dialog", name="New custom exercise")
    dialog.get_by_role("textbox", name="Name", exact=True).fill("Studio sled drag")
    dialog.get_by_label("Primary muscles").click()
    page.get_by_role("option", name="Quads").click()
    page.keyboard.press("Escape")
    dialog.get_by_label("Equipment").click()
    page.get_by_role("option", name="Sled").first.click()
    page.keyboard.press("Escape")
    dialog.get_by_label("Safety cues").fill("Keep a neutral spine.")
    dialog.get_by_role("button", name="Add exercise").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("dialog", name="Studio sled drag")).to_contain_text("Keep a neutral spine.")
    [custom] = factory.api(trainer).get("/api/v1/exercises?source=custom").json["items"]
    assert (custom["name"], custom["primary_muscles"], custom["source"]) == ("Studio sled drag", ["quads"], "custom")


def _photo(path: Path, colour: tuple[int, int, int]) -> Path:
    """A placeholder "photo": a plain image with a figure-shaped block (no photos of real people)."""
    image = Image.new("RGB", (600, 800), colour)
    image.paste((240, 240, 240), (200, 150, 400, 700))
    image.save(path, "JPEG", quality=85)
    return path


def test_client_uploads_progress_photos_and_compares_before_and_after(
    page: Page, live_server: str, factory, tmp_path: Path, shot
):
    trainer = factory.trainer(first_name="Jonas")
    me = factory.client(trainer=trainer, account=True, first_name="Selma")
    today = business_today(factory.api(trainer), me.client_id)
    sign_in(page, live_server, me.email)
    page.get_by_role("link", name="Progress").click()
    upload = page.get_by_role("form", name="Upload a progress photo")
    gallery = page.get_by_role("region", name="Gallery")
    photos = ((today - timedelta(days=56), (90, 120, 200)), (today, (40, 160, 90)))
    for uploaded, (taken_on, colour) in enumerate(photos, 1):
        upload.locator("input[type=file]").set_input_files(_photo(tmp_path / f"{taken_on}.jpg", colour))
        upload.get_by_label("Taken on").fill(taken_on.isoformat())
        upload.get_by_role("button", name="Upload photo").click()
        # The button may not yet show it is busy right after the click; the gallery is the signal that it landed.
        expect(gallery.get_by_role("img")).to_have_count(uploaded)
    compare = page.get_by_role("region", name="Before and after")
    before = compare.get_by_role("img", name=re.compile("^Before: Front photo"))
    after = compare.get_by_role("img", name=re.compile("^After: Front photo"))
    for image in (before, after):
        expect(image).to_be_visible()
        # Served through a short-lived signed link, and actually decoded by the browser.
        expect(image).to_have_attribute("src", re.compile(r"^/api/v1/progress-photos/[0-9a-f-]{36}/content\?.*sig="))
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    page.evaluate("window.scrollTo(0, 0)")
    shot("client-photo-comparison")
    assert factory.api(me).get(f"/api/v1/clients/{me.client_id}/progress-photos").json["items"][0]["pose"] == "front"
