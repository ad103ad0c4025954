"""Issue 11, major 3 in a real browser on a phone: a typo on the squat (1,000 kg x 5) asks for confirmation, a
negative load or zero reps is refused on the field, and a completed workout with a wrong set is reopened for
editing, fixed, and the personal record follows."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from . import test_training_flows as training
from .test_foundation_flows import sign_in
from .test_training_flows import PHONE, X, business_today

pytestmark = pytest.mark.browser
library = training.library  # the built-in exercise library fixture
LOGS = "/api/v1/workout-logs"
NAVBAR_ARRIVED = "() => document.querySelector('.mantine-AppShell-navbar')?.getBoundingClientRect().left === 0"


@pytest.fixture(autouse=True)
def _no_animations(page: Page) -> None:
    page.emulate_media(reduced_motion="reduce")


def _squat_day(factory: Any, library: dict[str, str]) -> dict[str, Any]:
    """A client whose best squat is 140 kg x 5 (last week), with 'Squat day' (2 x 5 @ 100 kg) planned today."""
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
    ).json
    today = business_today(coach, me.client_id)
    last = coach.post(
        LOGS,
        json={
            "client_id": str(me.client_id),
            "title": "Heavy squats",
            "performed_on": (today - timedelta(days=7)).isoformat(),
        },
    ).json
    done = coach.post(
        f"{LOGS}/{last['id']}/sets",
        json={"exercise_id": squat, "position": 1, "set_number": 1, "reps": 5, "load": 140, "load_unit": "kg"},
    )
    assert done.status_code == 201, done.json
    assert coach.post(f"{LOGS}/{last['id']}/complete").status_code == 200
    assigned = coach.post(
        "/api/v1/program-assignments",
        json={"client_id": str(me.client_id), "template_id": template["id"], "start_date": today.isoformat()},
    )
    assert assigned.status_code == 201, assigned.json
    return {"trainer": trainer, "me": me, "coach": coach, "squat": squat, "template": template, "today": today}


def _heaviest(api: Any, client_id: Any, squat: str) -> float | None:
    items = api.get(f"/api/v1/clients/{client_id}/personal-records?exercise_id={squat}").json["items"]
    return {r["kind"]: r["value"] for r in items}.get("heaviest_set")


def test_a_1000_kg_typo_asks_and_a_negative_set_is_refused_on_a_phone(
    page: Page, live_server: str, factory, library, shot
):
    world = _squat_day(factory, library)
    me, coach, squat = world["me"], world["coach"], world["squat"]
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, me.email)
    page.get_by_role("button", name=re.compile("navigation")).click()
    page.get_by_role("link", name="Today").click()
    page.get_by_role("article", name="Squat day").get_by_role("button", name="Start workout").click()
    exercise = page.get_by_role("region", name="A. Barbell back squat")
    expect(exercise.get_by_test_id("last-time")).to_contain_text(f"140 kg {X} 5")

    # 1,000 kg x 5: the app asks before saving, and "Fix it" leaves the reason beside the load.
    exercise.get_by_label("Barbell back squat load in kg").fill("1000")
    exercise.get_by_label("Barbell back squat reps").fill("5")
    exercise.get_by_role("button", name="Log set 1").click()
    dialog = page.get_by_role("dialog", name="Check this load")
    expect(dialog).to_contain_text("That's much more than the best of 140 kg logged for this exercise. Save it anyway?")
    shot("workout-implausible-confirm-phone")
    dialog.get_by_role("button", name="Fix it").click()
    expect(dialog).to_be_hidden()
    expect(exercise).to_contain_text("That's much more than the best of 140 kg logged for this exercise.")
    [log] = [w for w in coach.get(f"{LOGS}?client_id={me.client_id}").json["items"] if w["title"] == "Squat day"]
    assert coach.get(f"{LOGS}/{log['id']}").json["sets"] == []

    # -10 kg and 0 reps are refused on their fields, not saved as "0 kg x 0".
    exercise.get_by_label("Barbell back squat load in kg").fill("-10")
    exercise.get_by_label("Barbell back squat reps").fill("0")
    exercise.get_by_role("button", name="Log set 1").click()
    expect(exercise.get_by_text("A load can't be negative (use 0 for bodyweight).")).to_be_visible()
    expect(exercise.get_by_text("Reps must be at least 1.")).to_be_visible()
    expect(exercise.get_by_label("Barbell back squat load in kg")).to_have_value("-10")
    shot("workout-negative-set-refused-phone")
    assert coach.get(f"{LOGS}/{log['id']}").json["sets"] == []

    # The real set goes through; a genuine 1,000 kg would be saved after "Save anyway".
    exercise.get_by_label("Barbell back squat load in kg").fill("100")
    exercise.get_by_label("Barbell back squat reps").fill("5")
    exercise.get_by_role("button", name="Log set 1").click()
    expect(exercise.get_by_role("list", name="Barbell back squat sets logged")).to_contain_text(f"100 kg {X} 5")
    exercise.get_by_label("Barbell back squat load in kg").fill("1000")
    exercise.get_by_role("button", name="Log set 2").click()
    page.get_by_role("dialog", name="Check this load").get_by_role("button", name="Save anyway").click()
    expect(exercise.get_by_role("list", name="Barbell back squat sets logged")).to_contain_text(f"1,000 kg {X} 5")
    assert _heaviest(coach, me.client_id, squat) == 1000


def test_a_completed_workout_is_reopened_corrected_and_the_record_follows(
    page: Page, live_server: str, factory, library, shot
):
    world = _squat_day(factory, library)
    me, coach, squat, trainer = world["me"], world["coach"], world["squat"], world["trainer"]
    # Completed on the phone with a typo: 1,000 kg x 5 (confirmed by mistake) and a second, right set.
    log = coach.post(LOGS, json={"client_id": str(me.client_id), "template_id": world["template"]["id"]}).json
    for n, kg in ((1, 1000), (2, 100)):
        made = factory.api(me).post(
            f"{LOGS}/{log['id']}/sets",
            json={
                "exercise_id": squat,
                "position": 1,
                "set_number": n,
                "reps": 5,
                "load": kg,
                "load_unit": "kg",
                "confirm_implausible": True,
            },
        )
        assert made.status_code == 201, made.json
    assert factory.api(me).post(f"{LOGS}/{log['id']}/complete").status_code == 200
    assert _heaviest(coach, me.client_id, squat) == 1000

    # The trainer opens it on a phone, edits the workout and fixes set 1.
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, trainer.email)
    expect(page.get_by_role("heading", name="My clients")).to_be_visible()
    page.goto(f"{live_server}/workouts/{log['id']}")
    exercise = page.get_by_role("region", name="A. Barbell back squat")
    sets = exercise.get_by_role("list", name="Barbell back squat sets logged")
    expect(sets).to_contain_text(f"1,000 kg {X} 5")
    expect(exercise.get_by_role("button", name="Edit set 1 of Barbell back squat")).to_have_count(0)
    page.get_by_role("button", name="Edit workout").click()
    exercise.get_by_role("button", name="Edit set 1 of Barbell back squat").click()
    editor = sets.get_by_role("listitem", name="Correct set 1")
    editor.get_by_label("Barbell back squat set 1 load in kg").fill("105")
    shot("workout-correct-set-phone")
    editor.get_by_role("button", name="Save set 1").click()
    expect(sets).to_contain_text(f"105 kg {X} 5")
    expect(sets).not_to_contain_text("1,000 kg")
    # The second set was a warm-up logged twice: removed.
    exercise.get_by_role("button", name="Remove set 2 of Barbell back squat").click()
    expect(sets.get_by_role("listitem")).to_have_count(1)
    page.set_viewport_size({"width": 1280, "height": 900})
    # The desktop navigation slides in: shoot once it has arrived.
    page.wait_for_function(NAVBAR_ARRIVED)
    shot("workout-editing-completed-desktop")
    page.get_by_role("button", name="Done editing").click()
    expect(page.get_by_role("status").filter(has_text="Workout complete")).to_be_visible()

    saved = coach.get(f"{LOGS}/{log['id']}").json
    assert saved["status"] == "completed"
    assert [(s["load_kg"], s["reps"]) for s in saved["sets"]] == [(105, 5)]
    assert _heaviest(coach, me.client_id, squat) == 140  # back to last week's true best

    # The records card reads the corrected history.
    page.goto(f"{live_server}/clients/{me.client_id}/progress")
    records = page.get_by_role("table", name="Personal records")
    expect(records).to_contain_text("140 kg")
    expect(records).not_to_contain_text("1,000")
    shot("workout-records-corrected-desktop")


def test_a_duplicate_workout_is_deleted_on_a_phone_and_the_records_follow(
    page: Page, live_server: str, factory, library, shot
):
    """Logged twice by mistake, the copy with a 1,000 kg typo is deleted; last week's 140 kg is the best again."""
    world = _squat_day(factory, library)
    me, coach, squat = world["me"], world["coach"], world["squat"]
    copy = coach.post(LOGS, json={"client_id": str(me.client_id), "title": "Heavy squats (copy)"}).json
    made = coach.post(
        f"{LOGS}/{copy['id']}/sets",
        json={
            "exercise_id": squat,
            "position": 1,
            "set_number": 1,
            "reps": 5,
            "load": 1000,
            "load_unit": "kg",
            "confirm_implausible": True,
        },
    )
    assert made.status_code == 201, made.json
    assert _heaviest(coach, me.client_id, squat) == 1000

    page.set_viewport_size(PHONE)
    sign_in(page, live_server, me.email)
    page.goto(f"{live_server}/workouts/{copy['id']}")
    page.get_by_role("button", name="Delete workout").click()
    dialog = page.get_by_role("dialog", name="Delete this workout?")
    expect(dialog).to_contain_text("“Heavy squats (copy)”")
    expect(dialog).to_contain_text("its 1 set are removed")
    shot("workout-delete-confirm-phone")
    dialog.get_by_role("button", name="Delete workout").click()
    expect(page).to_have_url(re.compile(r"/today$"))
    expect(page.get_by_text("Workout deleted.")).to_be_visible()
    assert coach.get(f"{LOGS}/{copy['id']}").status_code == 404
    assert _heaviest(coach, me.client_id, squat) == 140
