"""GET /clients/{id}/progress: per-bucket measurement stats in the reader's units, training volume, goals."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from fitnesscrm.progress.series import bucket_start

from ..factories import count_queries
from .support import add_exercise, add_goal, add_measurement, add_workout


def test_bucket_starts() -> None:
    assert bucket_start(date(2026, 11, 26), "week") == date(2026, 11, 23)  # Thursday → Monday
    assert bucket_start(date(2026, 11, 23), "week") == date(2026, 11, 23)
    assert bucket_start(date(2026, 11, 26), "month") == date(2026, 11, 1)
    assert bucket_start(date(2026, 11, 26), "day") == date(2026, 11, 26)


def _at(day: int, hour: int = 8) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


@pytest.fixture
def seeded(factory):
    trainer = factory.trainer()
    client = factory.client(trainer=trainer, account=True)
    db = factory.database
    # Week of Mon 2 Nov: 90, 89, 88.5 (last on Thursday); week of 9 Nov: 88, 87.
    for day, kg in ((2, 90), (4, 89), (5, 88.5), (9, 88), (12, 87)):
        add_measurement(db, client.client_id, "body_weight", kg, "kg", _at(day))
    add_measurement(db, client.client_id, "waist", 84, "cm", _at(3))
    add_measurement(db, client.client_id, "body_weight", 70, "kg", datetime(2026, 10, 30, tzinfo=UTC))  # outside
    squat = add_exercise(db)
    add_workout(db, client.client_id, squat, date(2026, 11, 3), [(100, 5, True), (100, 5, True), (100, 5, False)])
    add_workout(db, client.client_id, squat, date(2026, 11, 5), [(60, 10, True)])
    add_workout(db, client.client_id, squat, date(2026, 11, 10), [(110, 3, True)], completed=False)
    add_goal(db, client.client_id, start_value=90, target_value=80)
    return trainer, client


def test_progress_aggregates_per_week(factory, seeded, sql) -> None:
    trainer, client = seeded
    api = factory.api(trainer)

    body = api.get(f"/api/v1/clients/{client.client_id}/progress?from=2026-11-01&to=2026-11-15&bucket=week").json

    assert (body["from"], body["to"], body["bucket"], body["unit_system"]) == (
        "2026-11-01",
        "2026-11-15",
        "week",
        "metric",
    )
    series = {s["key"]: s for s in body["metrics"]}
    assert set(series) == {"body_weight", "waist"}  # every metric with data when none is asked for
    weight = series["body_weight"]
    assert weight["unit"] == "kg"
    assert weight["points"] == [
        {"period_start": "2026-11-02", "count": 3, "avg": 89.17, "min": 88.5, "max": 90.0, "last": 88.5},
        {"period_start": "2026-11-09", "count": 2, "avg": 87.5, "min": 87.0, "max": 88.0, "last": 87.0},
    ]
    assert body["training"]["volume_unit"] == "kg"
    assert body["training"]["points"] == [
        # 2 completed sets of 100x5 + 60x10 (the uncompleted set does not count), 2 completed workouts
        {"period_start": "2026-11-02", "workouts": 2, "sets": 3, "volume": 1600.0},
        # an unfinished workout: its completed set counts as volume, the workout not as done
        {"period_start": "2026-11-09", "workouts": 0, "sets": 1, "volume": 330.0},
    ]
    [goal] = body["goals"]
    assert goal["current_value"] == 87  # the latest measurement overall
    assert goal["progress_percent"] == 30.0
    reads = sql("SELECT actor_id, details FROM audit_events WHERE action = 'progress.read'")
    assert [(r.actor_id, r.details["from"]) for r in reads] == [(trainer.user_id, "2026-11-01")]


def test_progress_in_imperial_units_by_month_for_chosen_metrics(factory, seeded, sql) -> None:
    _, client = seeded
    sql("UPDATE users SET unit_system = 'imperial' WHERE id = :id", id=client.user_id)

    body = (
        factory.api(client)
        .get(
            f"/api/v1/clients/{client.client_id}/progress"
            "?from=2026-11-01&to=2026-11-30&bucket=month&metrics=body_weight"
        )
        .json
    )

    [weight] = body["metrics"]
    assert weight["unit"] == "lb"
    [point] = weight["points"]
    assert point["count"] == 5
    assert point["min"] == pytest.approx(191.8, abs=0.01)  # 87 kg
    assert point["last"] == pytest.approx(191.8, abs=0.01)
    assert point["max"] == pytest.approx(198.42, abs=0.01)  # 90 kg
    assert body["training"]["volume_unit"] == "lb"
    assert body["training"]["points"][0]["volume"] == pytest.approx(1930 / 0.45359237, abs=0.1)


def test_days_are_counted_in_the_requested_time_zone(factory) -> None:
    client = factory.client()
    # 23:30 UTC on 1 Nov is already 2 Nov in Tokyo.
    add_measurement(
        factory.database, client.client_id, "body_weight", 80, "kg", datetime(2026, 11, 1, 23, 30, tzinfo=UTC)
    )
    api = factory.api(factory.admin())
    url = f"/api/v1/clients/{client.client_id}/progress?from=2026-11-01&to=2026-11-03&bucket=day"

    assert api.get(url).json["metrics"][0]["points"][0]["period_start"] == "2026-11-01"
    assert api.get(url + "&tz=Asia/Tokyo").json["metrics"][0]["points"][0]["period_start"] == "2026-11-02"


def test_progress_refuses_bad_queries_and_other_trainers(factory, seeded) -> None:
    trainer, client = seeded
    api = factory.api(trainer)
    url = f"/api/v1/clients/{client.client_id}/progress"

    for query in (
        "?metrics=body_weight,nope",
        "?from=2026-11-10&to=2026-11-01",
        "?tz=Mars/Olympus",
        "?from=2000-01-01&to=2026-01-01",
        "?bucket=year",
    ):
        assert api.get(url + query).status_code == 422, query
    assert factory.api(factory.trainer()).get(url).status_code == 404


def test_statements_do_not_grow_with_history_or_goals(app, factory, seeded) -> None:
    """The scope check, the measurements with their metrics, the training days, the goals (with their metric,
    exercise and current value) and the audit record's three: whatever the range holds and however many goals."""
    trainer, client = seeded
    api = factory.api(trainer)
    url = f"/api/v1/clients/{client.client_id}/progress?from=2026-10-01&to=2026-11-30&bucket=day"

    def statements() -> list[str]:
        api.get(url)  # warm up (the session's touch)
        with count_queries(app) as recorded:
            assert api.get(url).status_code == 200
        return recorded

    small = statements()
    squat = add_exercise(factory.database, "Front squat")
    for day in range(13, 28):
        add_measurement(factory.database, client.client_id, "body_weight", 86 - day / 10, "kg", _at(day))
        add_measurement(factory.database, client.client_id, "body_fat", 20, "%", _at(day))
        add_workout(
            factory.database, client.client_id, squat, date(2026, 11, day), [(100, 5, True)] * 3, e1rm=100 + day
        )
    add_goal(factory.database, client.client_id, start_value=90, target_value=60)
    add_goal(
        factory.database,
        client.client_id,
        exercise_id=squat,
        metric=None,
        direction="increase",
        start_value=80,
        target_value=200,
    )
    large = statements()

    body = api.get(url).json
    assert len(body["goals"]) == 3
    assert {s["key"] for s in body["metrics"]} == {"body_weight", "body_fat", "waist"}
    assert sum(p["workouts"] for p in body["training"]["points"]) == 17
    assert len(small) == len(large) == 7, "\n".join(large)
