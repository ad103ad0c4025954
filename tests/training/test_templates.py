"""Workout templates: the block document, validation, ownership (own / shared / other trainers'), lists."""

from __future__ import annotations

from typing import Any

import pytest

from fitnesscrm.training.models import Tracking

from ..factories import Factory
from .authz_workouts import TEMPLATES, make_exercise, make_template, single


@pytest.fixture
def squat(factory: Factory) -> str:
    return str(make_exercise(factory.database, name="Back squat"))


@pytest.fixture
def plank(factory: Factory) -> str:
    return str(make_exercise(factory.database, name="Plank", tracking=Tracking.TIME))


def test_trainer_creates_a_template_with_every_kind_of_target(factory: Factory, squat: str, plank: str) -> None:
    trainer = factory.trainer()
    row = make_exercise(factory.database, name="Bent-over row")
    blocks = [
        single(
            squat,
            sets=5,
            reps=5,
            load={"kind": "weight", "value": 225, "unit": "lb"},
            tempo="3-1-X-0",
            rest_seconds=180,
            notes="  Belt on the top sets ",
        ),
        {
            "kind": "superset",
            "exercises": [
                {
                    "exercise_id": str(row),
                    "sets": 3,
                    "reps_min": 8,
                    "reps_max": 12,
                    "load": {"kind": "rpe", "value": 8},
                },
                {"exercise_id": squat, "sets": 3, "reps": 10, "load": {"kind": "percent_1rm", "value": 60}},
            ],
        },
        {
            "kind": "circuit",
            "rounds": 3,
            "exercises": [
                {"exercise_id": plank, "duration_seconds": 45},
                {"exercise_id": str(row), "distance_m": 20.5},
            ],
        },
    ]
    response = factory.api(trainer).post(TEMPLATES, json={"name": "Lower A", "blocks": blocks})
    assert response.status_code == 201, response.json
    body = response.json
    assert body["owner_trainer_id"] == str(trainer.trainer_id)
    assert body["editable"] is True
    assert response.headers["ETag"]
    first = body["blocks"][0]["exercises"][0]
    assert first["exercise_name"] == "Back squat"
    assert (first["reps_min"], first["reps_max"]) == (5, 5)  # exact reps are a range of one
    assert first["load"] == {"kind": "weight", "value": 225.0, "unit": "lb", "value_kg": pytest.approx(102.05828325)}
    assert first["tempo"] == "3-1-X-0"
    assert first["notes"] == "Belt on the top sets"
    superset = body["blocks"][1]
    assert superset["rounds"] is None
    assert superset["exercises"][0]["load"] == {"kind": "rpe", "value": 8.0, "unit": None, "value_kg": None}
    assert superset["exercises"][1]["load"]["kind"] == "percent_1rm"
    circuit = body["blocks"][2]
    assert circuit["rounds"] == 3
    assert circuit["exercises"][0]["duration_seconds"] == 45
    assert circuit["exercises"][1]["distance_m"] == 20.5

    again = factory.api(trainer).get(f"{TEMPLATES}/{body['id']}")
    assert again.json["blocks"] == body["blocks"]


@pytest.mark.parametrize(
    ("block", "field"),
    [
        ({"kind": "superset", "exercises": ["X"]}, "superset holds at least two"),
        ({"kind": "single", "rounds": 2, "exercises": ["X"]}, "only circuits have rounds"),
        ({"kind": "single", "exercises": ["X", "X"]}, "exactly one exercise"),
    ],
)
def test_block_shapes_are_checked(factory: Factory, squat: str, block: dict[str, Any], field: str) -> None:
    block = {**block, "exercises": [{"exercise_id": squat, "sets": 3} for _ in block["exercises"]]}
    response = factory.api(factory.trainer()).post(TEMPLATES, json={"name": "Bad", "blocks": [block]})
    assert response.status_code == 422
    assert field in str(response.json["errors"]).lower()  # messages start with a capital


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ({"reps": 5, "reps_min": 3, "reps_max": 6}, "either reps or reps_min/reps_max"),
        ({"reps_min": 12, "reps_max": 8}, "reps_min must not exceed reps_max"),
        ({"reps_min": 8}, "needs both"),
        ({"load": {"kind": "weight", "value": 100}}, "needs a unit"),
        ({"load": {"kind": "weight", "value": 2500, "unit": "lb"}}, "at most 1000 kg"),
        ({"load": {"kind": "percent_1rm", "value": 130}}, "between 1 and 120"),
        ({"load": {"kind": "rpe", "value": 11}}, "between 1 and 10"),
        ({"load": {"kind": "rpe", "value": 8, "unit": "kg"}}, "takes no unit"),
        ({"tempo": "slow"}, "tempo"),
        ({"sets": 0}, "sets"),
    ],
)
def test_targets_are_checked(factory: Factory, squat: str, target: dict[str, Any], message: str) -> None:
    response = factory.api(factory.trainer()).post(TEMPLATES, json={"name": "Bad", "blocks": [single(squat, **target)]})
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert message in str(response.json["errors"])


def test_missing_or_archived_exercises_are_named_by_position(factory: Factory, squat: str) -> None:
    api = factory.api(factory.trainer())
    archived = make_exercise(factory.database, name="Retired move", archived=True)
    blocks = [
        single(squat, sets=3),
        {"kind": "superset", "exercises": [{"exercise_id": squat}, {"exercise_id": str(archived)}]},
    ]
    response = api.post(TEMPLATES, json={"name": "Bad", "blocks": blocks})
    assert response.status_code == 422
    assert response.json["errors"] == [
        {"field": "blocks[1].exercises[1].exercise_id", "message": "Block 2, exercise 2: the exercise is archived."}
    ]
    blocks[1]["exercises"][1]["exercise_id"] = "00000000-0000-4000-8000-000000000000"
    response = api.post(TEMPLATES, json={"name": "Bad", "blocks": blocks})
    assert response.json["errors"][0]["message"] == "Block 2, exercise 2: the exercise does not exist."


def test_shared_templates_are_read_only_for_trainers_and_private_ones_invisible(factory: Factory) -> None:
    trainer, other, admin = factory.trainer(), factory.trainer(), factory.admin()
    shared = make_template(factory.database, owner=None, name="Studio standard")
    own = make_template(factory.database, owner=trainer, name="Mine")
    theirs = make_template(factory.database, owner=other, name="Theirs")
    api = factory.api(trainer)

    listed = api.get(TEMPLATES).json["items"]
    assert {t["name"]: t["editable"] for t in listed} == {"Mine": True, "Studio standard": False}
    assert api.get(f"{TEMPLATES}/{theirs}").status_code == 404

    got = api.get(f"{TEMPLATES}/{shared}")
    assert got.json["editable"] is False
    refused = api.patch(f"{TEMPLATES}/{shared}", json={"name": "Hijacked"}, headers={"If-Match": got.headers["ETag"]})
    assert refused.status_code == 403
    assert "duplicate" in refused.json["detail"]
    assert api.post(f"{TEMPLATES}/{shared}/archive").status_code == 403

    copy = api.post(f"{TEMPLATES}/{shared}/duplicate", json={})
    assert copy.status_code == 201
    assert copy.json["name"] == "Studio standard (copy)"
    assert copy.json["owner_trainer_id"] == str(trainer.trainer_id)
    assert copy.json["editable"] is True
    assert copy.json["blocks"] == got.json["blocks"]

    admin_api = factory.api(admin)
    assert {t["name"] for t in admin_api.get(TEMPLATES).json["items"]} == {
        "Mine",
        "Theirs",
        "Studio standard",
        "Studio standard (copy)",
    }
    admin_made = admin_api.post(TEMPLATES, json={"name": "House warm-up"}).json
    assert admin_made["owner_trainer_id"] is None  # an admin's template is shared
    assert api.get(f"{TEMPLATES}/{own}").json["editable"] is True


def test_clients_cannot_see_templates(factory: Factory) -> None:
    trainer = factory.trainer()
    client = factory.client(trainer=trainer, account=True)
    template_id = make_template(factory.database, owner=trainer)
    api = factory.api(client)
    assert api.get(TEMPLATES).status_code == 403
    assert api.get(f"{TEMPLATES}/{template_id}").status_code == 403


def test_update_needs_the_current_version(factory: Factory, squat: str) -> None:
    trainer = factory.trainer()
    api = factory.api(trainer)
    created = api.post(TEMPLATES, json={"name": "Push", "blocks": [single(squat, sets=3, reps=5)]})
    url = f"{TEMPLATES}/{created.json['id']}"
    assert api.patch(url, json={"name": "Push day"}).status_code == 428
    updated = api.patch(
        url, json={"name": "Push day", "description": "Chest focus"}, headers={"If-Match": created.headers["ETag"]}
    )
    assert updated.status_code == 200
    assert (updated.json["name"], updated.json["description"]) == ("Push day", "Chest focus")
    assert updated.json["blocks"] == created.json["blocks"]  # not sent, not changed
    stale = api.patch(url, json={"name": "Again"}, headers={"If-Match": created.headers["ETag"]})
    assert stale.status_code == 409


def test_list_search_archive_and_cursor(factory: Factory) -> None:
    trainer = factory.trainer()
    api = factory.api(trainer)
    for name in ("Upper A", "Upper B", "Lower A", "Conditioning"):
        make_template(factory.database, owner=trainer, name=name)
    assert [t["name"] for t in api.get(f"{TEMPLATES}?q=upper").json["items"]] == ["Upper A", "Upper B"]

    first = api.get(f"{TEMPLATES}?limit=3").json
    assert [t["name"] for t in first["items"]] == ["Conditioning", "Lower A", "Upper A"]
    second = api.get(f"{TEMPLATES}?limit=3&cursor={first['next_cursor']}").json
    assert [t["name"] for t in second["items"]] == ["Upper B"]
    assert second["next_cursor"] is None
    assert api.get(f"{TEMPLATES}?cursor=garbage").status_code == 400

    lower = next(t for t in first["items"] if t["name"] == "Lower A")
    archived = api.post(f"{TEMPLATES}/{lower['id']}/archive")
    assert archived.json["archived_at"] is not None
    assert "Lower A" not in {t["name"] for t in api.get(TEMPLATES).json["items"]}
    assert [t["name"] for t in api.get(f"{TEMPLATES}?archived=true").json["items"]] == ["Lower A"]
    assert api.post(f"{TEMPLATES}/{lower['id']}/restore").json["archived_at"] is None


def test_text_the_database_cannot_store_is_refused_cleanly(factory: Factory, squat: str) -> None:
    api = factory.api(factory.trainer())
    response = api.post(TEMPLATES, json={"name": "Leg\u0000day", "blocks": [single(squat, notes="ok")]})
    assert (response.status_code, response.json["errors"][0]["field"]) == (422, "name")
    assert api.get(f"{TEMPLATES}?q=a%00b").status_code == 422
