"""Goals: progress for increase, decrease and reach goals, milestones, auto-achievement, exercise 1RM goals."""

from __future__ import annotations

from datetime import date

import pytest

from fitnesscrm.progress.goals.service import is_reached, milestone_reached, progress_percent
from fitnesscrm.progress.models import GoalDirection

from .support import add_exercise, add_measurement, add_workout

DEC, INC, REACH = GoalDirection.DECREASE, GoalDirection.INCREASE, GoalDirection.REACH


@pytest.mark.parametrize(
    ("direction", "start", "target", "current", "expected"),
    [
        (DEC, 90, 80, 85, 50.0),  # the weight-loss example: 90 → 80 kg, now 85 kg
        (DEC, 90, 80, 92, 0.0),  # went the wrong way: clamped at 0
        (DEC, 90, 80, 78, 100.0),  # beyond the target: clamped at 100
        (INC, 100, 140, 110, 25.0),  # squat 100 → 140 kg at 110
        (INC, 100, 140, 140, 100.0),
        (INC, 100, 140, 95, 0.0),
        (REACH, 60, 70, 65, 50.0),  # gain to 70
        (REACH, 80, 70, 75, 50.0),  # or lose to 70: the same rule from either side
        (REACH, 60, 70, 75, 50.0),  # overshooting a reach goal lowers its progress
        (REACH, 60, 70, 70.5, 100.0),  # within 1 % of the target counts as reached
        (DEC, 90, 80, None, 0.0),  # nothing measured yet
    ],
)
def test_progress_percent(direction, start, target, current, expected) -> None:
    assert progress_percent(direction, start, target, current) == expected


def test_reached_rules() -> None:
    assert is_reached(DEC, 90, 80, 80)
    assert not is_reached(DEC, 90, 80, 80.1)
    assert is_reached(INC, 100, 140, 141)
    assert not is_reached(REACH, 60, 70, 75)
    assert milestone_reached(90, 80, 85, 84.9)
    assert not milestone_reached(90, 80, 85, 86)
    assert milestone_reached(100, 140, 120, 125)


def test_weight_loss_goal_shows_fifty_percent_at_85_kg(factory) -> None:
    trainer = factory.trainer()
    client = factory.client(trainer=trainer)
    api = factory.api(trainer)
    add_measurement(factory.database, client.client_id, "body_weight", 85, "kg")

    created = api.post(
        f"/api/v1/clients/{client.client_id}/goals",
        json={
            "metric": "body_weight",
            "direction": "decrease",
            "start_value": 90,
            "target_value": 80,
            "unit": "kg",
            "deadline": "2027-06-01",
            "milestones": [{"value": 87.5, "label": "First 2.5 kg"}, {"value": 82.5}],
        },
    )

    assert created.status_code == 201, created.json
    goal = created.json
    assert (goal["start_value"], goal["target_value"], goal["current_value"]) == (90, 80, 85)
    assert goal["progress_percent"] == 50.0
    assert goal["status"] == "active"
    assert [(m["value"], m["reached"]) for m in goal["milestones"]] == [(87.5, True), (82.5, False)]
    assert goal["milestones_reached"] == 1
    assert goal["title"] == "Body weight: 80.0 kg"


def test_goal_values_follow_the_readers_unit_system(factory, sql) -> None:
    client = factory.client(account=True)
    sql("UPDATE users SET unit_system = 'imperial' WHERE id = :id", id=client.user_id)
    add_measurement(factory.database, client.client_id, "body_weight", 85, "kg")

    goal = (
        factory.api(client)
        .post(
            f"/api/v1/clients/{client.client_id}/goals",
            json={"metric": "body_weight", "direction": "decrease", "start_value": 198.4, "target_value": 176.4},
        )
        .json
    )

    assert goal["unit"] == "lb"
    assert goal["entered_unit"] == "lb"
    assert goal["current_value"] == pytest.approx(187.39, abs=0.01)
    assert goal["progress_percent"] == pytest.approx(50.0, abs=0.2)


def test_goal_becomes_achieved_when_a_measurement_reaches_it(factory, sql) -> None:
    api, client = factory.api(factory.admin()), factory.client()
    goal = api.post(
        f"/api/v1/clients/{client.client_id}/goals",
        json={"metric": "waist", "direction": "decrease", "start_value": 90, "target_value": 84, "unit": "cm"},
    ).json
    assert goal["current_value"] is None
    assert goal["progress_percent"] == 0

    api.post(f"/api/v1/clients/{client.client_id}/measurements", json={"metric": "waist", "value": 83.5, "unit": "cm"})

    after = api.get(f"/api/v1/goals/{goal['id']}").json
    assert after["status"] == "achieved"
    assert after["achieved_at"] is not None
    assert after["progress_percent"] == 100
    assert len(sql("SELECT 1 FROM audit_events WHERE action = 'goal.achieved'")) == 1
    # A later setback does not un-achieve it.
    api.post(f"/api/v1/clients/{client.client_id}/measurements", json={"metric": "waist", "value": 86, "unit": "cm"})
    assert api.get(f"/api/v1/goals/{goal['id']}").json["status"] == "achieved"


def test_two_readers_noticing_a_reached_goal_at_once_record_it_once(factory, sql) -> None:
    """The client's phone and the trainer's screen both load the goal while it is still active; both see it reached.
    The first marks it; the second finds it already achieved: one event, one achievement time, no conflict."""
    from fitnesscrm.core.actor import Actor
    from fitnesscrm.progress.goals import service as goals_service
    from fitnesscrm.progress.models import Goal

    api, client = factory.api(factory.admin()), factory.client()
    goal = api.post(
        f"/api/v1/clients/{client.client_id}/goals",
        json={"metric": "waist", "direction": "decrease", "start_value": 90, "target_value": 84, "unit": "cm"},
    ).json
    add_measurement(factory.database, client.client_id, "waist", 83, "cm")  # reached, not yet noticed
    phone, screen = factory.database.sessionmaker(), factory.database.sessionmaker()
    try:
        seen_by_phone, seen_by_screen = phone.get(Goal, goal["id"]), screen.get(Goal, goal["id"])
        goals_service._mark_achieved(phone, Actor.system("phone"), seen_by_phone)
        phone.commit()
        goals_service._mark_achieved(screen, Actor.system("screen"), seen_by_screen)
        screen.commit()
        assert seen_by_screen.achieved_at == seen_by_phone.achieved_at  # the screen shows what was stored
    finally:
        phone.close()
        screen.close()
    assert len(sql("SELECT 1 FROM audit_events WHERE action = 'goal.achieved'")) == 1


def test_exercise_goal_reads_the_best_estimated_1rm(factory) -> None:
    trainer = factory.trainer()
    client = factory.client(trainer=trainer)
    squat = add_exercise(factory.database)
    add_workout(factory.database, client.client_id, squat, date(2026, 10, 1), [(100, 5, True)], e1rm=116.7)
    add_workout(factory.database, client.client_id, squat, date(2026, 10, 8), [(105, 5, True)], e1rm=122.5)
    api = factory.api(trainer)

    goal = api.post(
        f"/api/v1/clients/{client.client_id}/goals",
        json={"exercise_id": str(squat), "direction": "increase", "target_value": 140, "unit": "kg"},
    ).json

    assert goal["kind"] == "exercise"
    assert goal["exercise_name"] == "Back squat"
    assert goal["start_value"] == 122.5  # defaults to the current e1RM
    assert goal["current_value"] == 122.5
    assert goal["progress_percent"] == 0
    add_workout(factory.database, client.client_id, squat, date(2026, 10, 15), [(115, 5, True)], e1rm=134.2)
    assert api.get(f"/api/v1/goals/{goal['id']}").json["progress_percent"] == pytest.approx(66.9, abs=0.1)


def test_goal_validation(factory) -> None:
    api, client = factory.api(factory.admin()), factory.client()
    url = f"/api/v1/clients/{client.client_id}/goals"
    base = {"metric": "body_weight", "unit": "kg"}
    cases = [
        ({**base, "direction": "increase", "start_value": 90, "target_value": 80}, "target_value"),
        ({**base, "direction": "decrease", "start_value": 80, "target_value": 90}, "target_value"),
        ({**base, "direction": "decrease", "target_value": 80}, "start_value"),  # nothing measured to start from
        (
            {**base, "direction": "decrease", "start_value": 90, "target_value": 80, "milestones": [{"value": 95}]},
            "milestones.0.value",
        ),
        (
            {
                **base,
                "direction": "decrease",
                "start_value": 90,
                "target_value": 80,
                "start_date": "2026-10-01",
                "deadline": "2026-09-01",
            },
            "deadline",
        ),
        (
            {
                "metric": "body_weight",
                "exercise_id": "6f1c5c1e-8e0b-4b7a-9d67-1c1b1a0e0f00",
                "direction": "increase",
                "start_value": 1,
                "target_value": 2,
            },
            "metric_id",
        ),
        ({**base, "direction": "decrease", "start_value": 90, "target_value": 80, "unit": "cm"}, "unit"),
    ]
    for body, field in cases:
        response = api.post(url, json=body)
        assert response.status_code == 422, body
        assert response.json["errors"][0]["field"] == field, response.json


def test_update_needs_the_etag_and_revalidates(factory) -> None:
    api, client = factory.api(factory.admin()), factory.client()
    created = api.post(
        f"/api/v1/clients/{client.client_id}/goals",
        json={"metric": "body_weight", "direction": "decrease", "start_value": 90, "target_value": 80, "unit": "kg"},
    )
    url = f"/api/v1/goals/{created.json['id']}"

    assert api.patch(url, json={"target_value": 78}).status_code == 428
    bad = api.patch(url, json={"target_value": 95}, headers={"If-Match": created.headers["ETag"]})
    assert bad.status_code == 422
    ok = api.patch(url, json={"target_value": 78, "status": "abandoned"}, headers={"If-Match": created.headers["ETag"]})
    assert ok.status_code == 200, ok.json
    assert (ok.json["target_value"], ok.json["status"]) == (78, "abandoned")
    stale = api.patch(url, json={"title": "Old"}, headers={"If-Match": created.headers["ETag"]})
    assert stale.status_code == 409
    assert api.patch(url, json={"title": "Summer"}, headers={"If-Match": ok.headers["ETag"]}).status_code == 200
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404


def test_goals_are_scoped_like_the_client(factory) -> None:
    trainer, other = factory.trainer(), factory.trainer()
    client = factory.client(trainer=trainer, account=True)
    created = factory.api(client).post(
        f"/api/v1/clients/{client.client_id}/goals",
        json={"metric": "body_weight", "direction": "decrease", "start_value": 90, "target_value": 80, "unit": "kg"},
    )
    assert created.status_code == 201

    assert factory.api(other).get(f"/api/v1/goals/{created.json['id']}").status_code == 404
    assert factory.api(other).get(f"/api/v1/clients/{client.client_id}/goals").status_code == 404
    listed = factory.api(trainer).get(f"/api/v1/clients/{client.client_id}/goals?status=active").json["items"]
    assert [g["id"] for g in listed] == [created.json["id"]]
