"""Programmes: the weeks x days grid, week duplication, progression, ownership."""

from __future__ import annotations

from typing import Any

import pytest

from fitnesscrm.training.programs.service import program_day_for, progressed

from ..factories import Factory
from .authz_workouts import PROGRAMS, make_program, make_template


def _grid(body: dict[str, Any]) -> list[tuple[int, int, str]]:
    return [(d["week"], d["day"], d["template_name"]) for d in body["days"]]


def test_build_a_programme_and_replace_its_grid(factory: Factory) -> None:
    trainer = factory.trainer()
    api = factory.api(trainer)
    upper = make_template(factory.database, owner=trainer, name="Upper")
    lower = make_template(factory.database, owner=trainer, name="Lower")
    shared = make_template(factory.database, owner=None, name="Studio conditioning")
    created = api.post(
        PROGRAMS,
        json={
            "name": "Strength 4 weeks",
            "weeks": 4,
            "progression": {"load_kg_per_week": 2.5, "reps_per_week": 0},
            "days": [
                {"week": 1, "day": 1, "template_id": str(upper)},
                {"week": 1, "day": 3, "template_id": str(lower)},
            ],
        },
    )
    assert created.status_code == 201, created.json
    assert created.json["progression"] == {"load_kg_per_week": 2.5, "reps_per_week": None}
    assert _grid(created.json) == [(1, 1, "Upper"), (1, 3, "Lower")]
    url = f"{PROGRAMS}/{created.json['id']}"

    days = [{"week": 2, "day": 5, "template_id": str(shared)}, {"week": 1, "day": 2, "template_id": str(lower)}]
    assert api.put(f"{url}/days", json={"days": days}).status_code == 428
    replaced = api.put(f"{url}/days", json={"days": days}, headers={"If-Match": created.headers["ETag"]})
    assert replaced.status_code == 200, replaced.json
    assert _grid(replaced.json) == [(1, 2, "Lower"), (2, 5, "Studio conditioning")]
    assert _grid(api.get(url).json) == _grid(replaced.json)
    summary = api.get(PROGRAMS).json["items"][0]
    assert (summary["day_count"], summary["weeks"]) == (2, 4)


@pytest.mark.parametrize(
    ("days", "field"),
    [
        ([{"week": 5, "day": 1}], "days[0].week"),
        ([{"week": 1, "day": 1}, {"week": 1, "day": 1}], "days[1]"),
        ([{"week": 1, "day": 1, "template": "theirs"}], "days[0].template_id"),
        ([{"week": 1, "day": 1, "template": "archived"}], "days[0].template_id"),
        ([{"week": 1, "day": 8}], "days.0.day"),
    ],
)
def test_grid_is_validated(factory: Factory, days: list[dict[str, Any]], field: str) -> None:
    trainer, other = factory.trainer(), factory.trainer()
    templates = {
        "mine": make_template(factory.database, owner=trainer),
        "theirs": make_template(factory.database, owner=other),
        "archived": make_template(factory.database, owner=trainer, archived=True),
    }
    program_id = make_program(factory.database, owner=trainer, weeks=4, slots=())
    api = factory.api(trainer)
    url = f"{PROGRAMS}/{program_id}"
    sent = [
        {"week": d["week"], "day": d["day"], "template_id": str(templates[d.get("template", "mine")])} for d in days
    ]
    response = api.put(f"{url}/days", json={"days": sent}, headers={"If-Match": api.get(url).headers["ETag"]})
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == field


def test_duplicate_a_week_onto_a_new_week_or_an_existing_one(factory: Factory) -> None:
    trainer = factory.trainer()
    api = factory.api(trainer)
    a = make_template(factory.database, owner=trainer, name="A")
    b = make_template(factory.database, owner=trainer, name="B")
    program_id = make_program(factory.database, owner=trainer, template_id=a, weeks=2, slots=((1, 1), (1, 4)))
    url = f"{PROGRAMS}/{program_id}"
    etag = api.get(url).headers["ETag"]
    api.put(
        f"{url}/days",
        headers={"If-Match": etag},
        json={
            "days": [
                {"week": 1, "day": 1, "template_id": str(a)},
                {"week": 1, "day": 4, "template_id": str(b)},
                {"week": 2, "day": 2, "template_id": str(b)},
            ]
        },
    )

    appended = api.post(f"{url}/weeks/1/duplicate")
    assert appended.status_code == 200, appended.json
    assert appended.json["weeks"] == 3
    assert _grid(appended.json) == [(1, 1, "A"), (1, 4, "B"), (2, 2, "B"), (3, 1, "A"), (3, 4, "B")]

    onto = api.post(f"{url}/weeks/1/duplicate?to=2")
    assert onto.json["weeks"] == 3
    assert _grid(onto.json) == [(1, 1, "A"), (1, 4, "B"), (2, 1, "A"), (2, 4, "B"), (3, 1, "A"), (3, 4, "B")]

    assert api.post(f"{url}/weeks/9/duplicate").status_code == 404
    assert api.post(f"{url}/weeks/1/duplicate?to=1").status_code == 422
    assert api.post(f"{url}/weeks/1/duplicate?to=7").status_code == 422


def test_programme_cannot_be_shortened_under_its_workouts(factory: Factory) -> None:
    trainer = factory.trainer()
    api = factory.api(trainer)
    program_id = make_program(factory.database, owner=trainer, weeks=3, slots=((2, 1),))
    url = f"{PROGRAMS}/{program_id}"
    response = api.patch(url, json={"weeks": 1}, headers={"If-Match": api.get(url).headers["ETag"]})
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "weeks"
    response = api.patch(url, json={"weeks": 2, "name": "Shorter"}, headers={"If-Match": api.get(url).headers["ETag"]})
    assert (response.status_code, response.json["weeks"], response.json["name"]) == (200, 2, "Shorter")


def test_programme_ownership_follows_templates(factory: Factory) -> None:
    trainer, other = factory.trainer(), factory.trainer()
    client = factory.client(trainer=trainer, account=True)
    shared = make_program(factory.database, owner=None)
    theirs = make_program(factory.database, owner=other)
    api = factory.api(trainer)
    assert api.get(f"{PROGRAMS}/{theirs}").status_code == 404
    assert api.get(f"{PROGRAMS}/{shared}").json["editable"] is False
    assert api.post(f"{PROGRAMS}/{shared}/weeks/1/duplicate").status_code == 403
    assert api.post(f"{PROGRAMS}/{shared}/archive").status_code == 403
    assert factory.api(client).get(PROGRAMS).status_code == 403


def test_progression_adds_a_step_per_week_after_the_first() -> None:
    blocks: list[dict[str, Any]] = [
        {
            "kind": "single",
            "rounds": None,
            "exercises": [
                {
                    "exercise_id": "x",
                    "sets": 3,
                    "reps_min": 8,
                    "reps_max": 10,
                    "load": {"kind": "weight", "value_kg": 45.359237, "unit": "lb"},
                },
                {
                    "exercise_id": "y",
                    "sets": 3,
                    "reps_min": None,
                    "reps_max": None,
                    "load": {"kind": "rpe", "value": 8.0},
                },
            ],
        }
    ]
    step = {"load_kg_per_week": 2.5, "reps_per_week": 1}
    assert progressed(blocks, 1, step) == blocks
    week3 = progressed(blocks, 3, step)
    squat, other = week3[0]["exercises"]
    assert squat["load"]["value_kg"] == pytest.approx(50.359237)
    assert squat["load"]["unit"] == "lb"  # still shown in the unit the trainer used
    assert (squat["reps_min"], squat["reps_max"]) == (10, 12)
    assert other["load"] == {"kind": "rpe", "value": 8.0}  # relative loads are untouched
    assert (other["reps_min"], other["reps_max"]) == (None, None)
    assert blocks[0]["exercises"][0]["reps_min"] == 8  # the template itself never changes
    deload = progressed(blocks, 4, {"load_kg_per_week": -20, "reps_per_week": -5})
    assert deload[0]["exercises"][0]["load"]["value_kg"] == 0.0
    assert deload[0]["exercises"][0]["reps_min"] == 1


def test_week_and_day_of_a_date() -> None:
    from datetime import date

    start = date(2026, 12, 2)  # a Wednesday: day 1 is every Wednesday
    assert program_day_for(start, start) == (1, 1)
    assert program_day_for(start, date(2026, 12, 8)) == (1, 7)
    assert program_day_for(start, date(2026, 12, 9)) == (2, 1)
    assert program_day_for(start, date(2026, 12, 25)) == (4, 3)
