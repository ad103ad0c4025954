"""Correcting workouts after the fact (issue 11, major 3): sets of a completed workout can be fixed or removed by
whoever may edit the log, records and goals follow the corrected data, impossible sets are refused and a load
far beyond the client's history needs an explicit confirmation."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from fitnesscrm.core.actor import Actor
from fitnesscrm.core.audit import AuditEvent
from fitnesscrm.training.logs import service as logs_service
from fitnesscrm.training.models import PersonalRecord, Tracking, WorkoutLog

from ..factories import Api, Factory, Person
from .authz_workouts import LOGS, count_queries, make_exercise, make_log, make_set, make_template
from .test_logs import _set, _today

IMPLAUSIBLE = "https://fitnesscrm.dev/problems/implausible-value"


@pytest.fixture
def people(factory: Factory) -> dict[str, Person]:
    trainer = factory.trainer()
    return {
        "trainer": trainer,
        "client": factory.client(trainer=trainer, account=True),
        "admin": factory.admin(),
        "other_trainer": factory.trainer(),
        "other_client": factory.client(account=True),
    }


def _best(api: Api, client: Person, exercise: Any) -> dict[str, float]:
    url = f"/api/v1/clients/{client.client_id}/personal-records?exercise_id={exercise}"
    return {r["kind"]: round(r["value"], 2) for r in api.get(url).json["items"]}


def _squat_body(exercise: Any, n: int, **values: Any) -> dict[str, Any]:
    return {"exercise_id": str(exercise), "position": 1, "set_number": n, **values}


def _last_week(factory: Factory, client: Person, squat: Any, kg: float = 100) -> None:
    """A completed workout last week with a best of ``kg`` x 5."""
    log_id = make_log(factory.database, client_id=client.client_id, performed_on=_today(factory) - timedelta(days=7))
    make_set(factory.database, log_id=log_id, exercise_id=squat, reps=5, load=kg)


def test_a_typo_in_a_completed_workout_is_corrected_and_records_and_goals_follow(
    factory: Factory, people: dict[str, Person]
) -> None:
    client, trainer = people["client"], people["trainer"]
    me, coach = factory.api(client), factory.api(trainer)
    squat = make_exercise(factory.database, name="Back squat")
    _last_week(factory, client, squat)
    goal = coach.post(
        f"/api/v1/clients/{client.client_id}/goals",
        json={"exercise_id": str(squat), "direction": "increase", "target_value": 140, "unit": "kg"},
    ).json

    log = me.post(LOGS, json={"client_id": str(client.client_id), "title": "Legs"}).json
    typo = _set(me, log["id"], squat, 1, reps=5, load=1000, load_unit="kg", confirm_implausible=True)
    assert typo.status_code == 201, typo.json
    completed_at = me.post(f"{LOGS}/{log['id']}/complete").json["completed_at"]
    assert _best(me, client, squat)["heaviest_set"] == 1000
    assert me.get(f"/api/v1/goals/{goal['id']}").json["status"] == "achieved"

    # The coach fixes it on the completed workout: it stays completed, the record and goal follow.
    fixed = coach.put(
        f"{LOGS}/{log['id']}/sets/{typo.json['set']['id']}",
        json=_squat_body(squat, 1, reps=5, load=105, load_unit="kg"),
    )
    assert fixed.status_code == 200, fixed.json
    assert sorted(r["kind"] for r in fixed.json["new_records"]) == ["estimated_1rm", "heaviest_set", "set_volume"]
    after = me.get(f"{LOGS}/{log['id']}").json
    assert (after["status"], after["completed_at"]) == ("completed", completed_at)
    assert _best(me, client, squat) == {"estimated_1rm": 122.5, "heaviest_set": 105, "set_volume": 525}
    history = me.get(f"/api/v1/clients/{client.client_id}/exercises/{squat}/history").json
    assert [(s["load"], s["reps"]) for s in history["last_session"]["sets"]] == [(105, 5)]
    reopened = me.get(f"/api/v1/goals/{goal['id']}").json
    assert (reopened["status"], reopened["current_value"]) == ("active", 122.5)

    # Deleting the set falls back to last week's best; deleting that too leaves no record at all.
    assert me.delete(f"{LOGS}/{log['id']}/sets/{typo.json['set']['id']}").status_code == 204
    assert _best(me, client, squat)["heaviest_set"] == 100
    [old_log] = [w for w in me.get(LOGS).json["items"] if w["id"] != log["id"]]
    [old_set] = me.get(f"{LOGS}/{old_log['id']}").json["sets"]
    assert factory.api(people["admin"]).delete(f"{LOGS}/{old_log['id']}/sets/{old_set['id']}").status_code == 204
    assert _best(me, client, squat) == {}

    with factory.database.session() as s:
        events = {
            e.action: e.details
            for e in s.scalars(
                select(AuditEvent).where(
                    AuditEvent.action.in_(["workout_set.update", "workout_set.delete", "goal.reopened"])
                )
            )
        }
    assert events["workout_set.update"]["fields"] == ["load_kg"]  # names only: the numbers are health data
    assert events["workout_set.update"]["log_status"] == "completed"
    assert events["goal.reopened"]["reason"] == "record corrected"


def test_only_whoever_may_edit_the_log_corrects_it(factory: Factory, people: dict[str, Person]) -> None:
    client = people["client"]
    squat = make_exercise(factory.database)
    log_id = make_log(factory.database, client_id=client.client_id)
    set_id = make_set(factory.database, log_id=log_id, exercise_id=squat, reps=5, load=100)
    factory.api(client).post(f"{LOGS}/{log_id}/complete")
    url = f"{LOGS}/{log_id}/sets/{set_id}"
    body = _squat_body(squat, 1, reps=5, load=90, load_unit="kg")
    for outsider in ("other_client", "other_trainer"):
        api = factory.api(people[outsider])
        assert api.put(url, json=body).status_code == 404
        assert api.delete(url).status_code == 404
        assert api.patch(f"{LOGS}/{log_id}", json={"completed": False}, headers={"If-Match": "x"}).status_code == 404
    for editor, kg in (("client", 95), ("trainer", 92.5), ("admin", 90)):
        response = factory.api(people[editor]).put(url, json={**body, "load": kg})
        assert (response.status_code, response.json["set"]["load_kg"]) == (200, kg)
    assert _best(factory.api(client), client, squat)["heaviest_set"] == 90


def test_an_archived_clients_workouts_are_read_only(factory: Factory, people: dict[str, Person]) -> None:
    client = people["client"]
    squat = make_exercise(factory.database)
    log_id = make_log(factory.database, client_id=client.client_id)
    set_id = make_set(factory.database, log_id=log_id, exercise_id=squat, reps=5, load=100)
    admin = factory.api(people["admin"])
    assert admin.post(f"/api/v1/clients/{client.client_id}/archive").status_code == 200
    url = f"{LOGS}/{log_id}/sets/{set_id}"
    refused = admin.put(url, json=_squat_body(squat, 1, reps=5, load=90, load_unit="kg"))
    assert (refused.status_code, refused.mimetype) == (409, "application/problem+json")
    assert admin.delete(url).status_code == 409
    assert admin.post(f"{LOGS}/{log_id}/sets", json=_squat_body(squat, 2, reps=5)).status_code == 409
    assert admin.get(f"{LOGS}/{log_id}").json["sets"][0]["load_kg"] == 100


def test_a_negative_load_or_zero_reps_is_refused_with_field_errors(factory: Factory, people: dict[str, Person]) -> None:
    client = people["client"]
    me = factory.api(client)
    squat = make_exercise(factory.database)
    log_id = make_log(factory.database, client_id=client.client_id)

    refused = _set(me, log_id, squat, 1, reps=0, load=-10, load_unit="kg")
    assert refused.status_code == 422
    assert {e["field"]: e["message"] for e in refused.json["errors"]} == {
        "reps": "Reps must be at least 1.",
        "load": "A load can't be negative (use 0 for bodyweight).",
    }
    no_reps = _set(me, log_id, squat, 1, load=60, load_unit="kg")
    assert (no_reps.status_code, no_reps.json["errors"][0]["field"]) == (422, "reps")
    assert me.get(f"{LOGS}/{log_id}").json["sets"] == []

    set_id = make_set(factory.database, log_id=log_id, exercise_id=squat, reps=5, load=60)
    edit = me.put(f"{LOGS}/{log_id}/sets/{set_id}", json=_squat_body(squat, 1, reps=0, load=60, load_unit="kg"))
    assert (edit.status_code, edit.json["errors"][0]["field"]) == (422, "reps")
    assert me.get(f"{LOGS}/{log_id}").json["sets"][0]["reps"] == 5
    # A timed exercise needs no reps; bodyweight squats at 0 kg are fine.
    plank = make_exercise(factory.database, name="Plank", tracking=Tracking.TIME)
    assert _set(me, log_id, plank, 1, position=2, duration_seconds=60).status_code == 201
    assert _set(me, log_id, squat, 2, reps=20, load=0, load_unit="kg").status_code == 201


def test_a_load_far_above_the_clients_history_needs_confirmation(factory: Factory, people: dict[str, Person]) -> None:
    client = people["client"]
    me = factory.api(client)
    squat = make_exercise(factory.database, name="Back squat")
    _last_week(factory, client, squat, kg=140)
    log_id = make_log(factory.database, client_id=client.client_id)

    asked = _set(me, log_id, squat, 1, reps=5, load=1000, load_unit="kg")
    assert (asked.status_code, asked.json["type"], asked.json["title"]) == (422, IMPLAUSIBLE, "Please confirm")
    assert asked.json["errors"] == [
        {"field": "load", "message": "That's much more than the best of 140 kg logged for this exercise."}
    ]
    assert "confirm_implausible" in asked.json["detail"]
    in_pounds = _set(me, log_id, squat, 1, reps=5, load=700, load_unit="lb")
    assert in_pounds.json["errors"][0]["message"].startswith("That's much more than the best of 308.65 lb")
    assert me.get(f"{LOGS}/{log_id}").json["sets"] == []
    assert _set(me, log_id, squat, 1, reps=5, load=160, load_unit="kg").status_code == 201  # a real step up
    saved = _set(me, log_id, squat, 2, reps=5, load=1000, load_unit="kg", confirm_implausible=True)
    assert saved.status_code == 201
    # The schema maximum stays a refusal, confirmed or not.
    too_heavy = _set(me, log_id, squat, 3, reps=1, load=1001, load_unit="kg", confirm_implausible=True)
    assert (too_heavy.status_code, too_heavy.json["type"]) == (422, "https://fitnesscrm.dev/problems/validation-failed")

    # Correcting a set is checked against the other sets, not against the value being replaced.
    url = f"{LOGS}/{log_id}/sets/{saved.json['set']['id']}"
    assert me.put(url, json=_squat_body(squat, 2, reps=5, load=600, load_unit="kg")).json["type"] == IMPLAUSIBLE
    assert me.put(url, json=_squat_body(squat, 2, reps=5, load=165, load_unit="kg")).status_code == 200

    # No history: only a load beyond what almost anyone lifts asks; small dumbbell steps never do.
    bench = make_exercise(factory.database, name="Bench press")
    first = _set(me, log_id, bench, 1, position=2, reps=1, load=320, load_unit="kg")
    assert first.json["errors"][0]["message"] == "That's more than almost anyone lifts (over 300 kg)."
    assert _set(me, log_id, bench, 1, position=2, reps=5, load=4, load_unit="kg").status_code == 201
    assert _set(me, log_id, bench, 2, position=2, reps=5, load=10, load_unit="kg").status_code == 201


def test_a_load_the_plan_prescribes_is_never_questioned(factory: Factory, people: dict[str, Person]) -> None:
    trainer, client = people["trainer"], people["client"]
    squat = make_exercise(factory.database)
    _last_week(factory, client, squat, kg=40)
    template = make_template(factory.database, owner=trainer, exercise_id=squat)  # 3 x 5 @ 100 kg
    coach = factory.api(trainer)
    log = coach.post(LOGS, json={"client_id": str(client.client_id), "template_id": str(template)}).json
    assert _set(coach, log["id"], squat, 1, reps=5, load=100, load_unit="kg").status_code == 201
    assert _set(coach, log["id"], squat, 2, reps=5, load=160, load_unit="kg").json["type"] == IMPLAUSIBLE


def test_correcting_a_set_costs_the_same_whatever_the_history(factory: Factory, people: dict[str, Person]) -> None:
    client = people["client"]
    me = factory.api(client)
    squat = make_exercise(factory.database)
    log_id = make_log(factory.database, client_id=client.client_id)
    set_id = make_set(factory.database, log_id=log_id, exercise_id=squat, reps=5, load=100)

    def costs() -> list[int]:
        counts = []
        for method, kg in (("put", 101), ("put", 100)):
            with count_queries(factory.database) as statements:
                response = getattr(me, method)(
                    f"{LOGS}/{log_id}/sets/{set_id}", json=_squat_body(squat, 1, reps=5, load=kg, load_unit="kg")
                )
                assert response.status_code == 200, response.json
            counts.append(len(statements))
        return counts

    def add_history(days_ago: int) -> None:
        old = make_log(
            factory.database, client_id=client.client_id, performed_on=_today(factory) - timedelta(days=days_ago)
        )
        for n in (1, 2, 3):
            make_set(factory.database, log_id=old, exercise_id=squat, set_number=n, reps=5, load=60 + days_ago + n)

    add_history(30)
    small = costs()
    for days_ago in (20, 10, 5):
        add_history(days_ago)
    assert costs() == small
    extra = make_set(factory.database, log_id=log_id, exercise_id=squat, set_number=2, reps=5, load=90)
    with count_queries(factory.database) as statements:
        assert me.delete(f"{LOGS}/{log_id}/sets/{extra}").status_code == 204
    assert len(statements) <= small[0]


def test_an_imported_history_has_the_records_logging_it_set_by_set_would_give(
    factory: Factory, people: dict[str, Person]
) -> None:
    """The demo studio imports its weeks of sets and rebuilds the records once; the result must be what the
    detector gives when the same sets are logged one by one."""
    squat = make_exercise(factory.database)
    one_by_one, imported = people["client"], people["other_client"]
    history = [(14, 1, 5, 80.0), (14, 2, 5, 85.0), (7, 1, 3, 90.0), (7, 2, 8, 82.5), (3, 1, 5, 90.0)]
    start = datetime.combine(_today(factory) - timedelta(days=20), time(9), tzinfo=UTC)
    for days_ago in sorted({h[0] for h in history}, reverse=True):
        day = [h for h in history if h[0] == days_ago]
        performed_on = _today(factory) - timedelta(days=days_ago)
        for_logging = make_log(factory.database, client_id=one_by_one.client_id, performed_on=performed_on)
        for _, n, reps, kg in day:
            make_set(factory.database, log_id=for_logging, exercise_id=squat, set_number=n, reps=reps, load=kg)
        for_import = make_log(factory.database, client_id=imported.client_id, performed_on=performed_on)
        with factory.database.session() as s:
            log = s.get(WorkoutLog, for_import)
            sets = [
                {
                    "exercise_id": squat,
                    "position": 1,
                    "set_number": n,
                    "reps": reps,
                    "load": kg,
                    "load_unit": "kg",
                    "performed_at": start + timedelta(days=20 - days_ago, minutes=n),
                }
                for _, n, reps, kg in day
            ]
            logs_service.import_sets(s, actor=Actor.system(), log=log, sets=sets)
    with factory.database.session() as s:
        assert (
            s.scalar(
                select(func.count()).select_from(PersonalRecord).where(PersonalRecord.client_id == imported.client_id)
            )
            == 0
        )
        logs_service.rebuild_records(s, actor=Actor.system(), client_id=imported.client_id, exercise_ids={squat})

    def history_of(client: Person) -> list[tuple[str, float, float | None]]:
        with factory.database.session() as s:
            rows = s.scalars(
                select(PersonalRecord)
                .where(PersonalRecord.client_id == client.client_id)
                .order_by(PersonalRecord.achieved_at, PersonalRecord.kind)
            )
            return [(str(r.kind), round(r.value, 2), r.previous_value and round(r.previous_value, 2)) for r in rows]

    assert history_of(imported) == history_of(one_by_one)
    assert len(history_of(imported)) >= 5
    api = factory.api(people["admin"])
    assert _best(api, imported, squat) == _best(api, one_by_one, squat)
