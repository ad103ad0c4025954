"""Workout logs: snapshots that never change, set logging with personal records (kg and lb), history,
records, corrections, lists and scoping."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import pytest

from fitnesscrm.core.business import business_today
from fitnesscrm.training.models import Tracking

from ..factories import Api, Factory, Person
from .authz_workouts import (
    ASSIGNMENTS,
    LOGS,
    PROGRAMS,
    TEMPLATES,
    count_queries,
    make_assignment,
    make_exercise,
    make_log,
    make_program,
    make_set,
    make_template,
    single,
)


def _today(factory: Factory) -> date:
    with factory.database.session() as s:
        return business_today(s)


def _set(api: Api, log_id: Any, exercise_id: Any, n: int, *, position: int = 1, **values: Any) -> Any:
    body = {"exercise_id": str(exercise_id), "position": position, "set_number": n, **values}
    return api.post(f"{LOGS}/{log_id}/sets", json=body)


def _kinds(response: Any) -> dict[str, tuple[float, float | None]]:
    assert response.status_code in (200, 201), response.json
    return {
        r["kind"]: (round(r["value"], 4), r["previous_value"] and round(r["previous_value"], 4))
        for r in response.json["new_records"]
    }


@pytest.fixture
def people(factory: Factory) -> dict[str, Person]:
    trainer = factory.trainer()
    return {"trainer": trainer, "client": factory.client(trainer=trainer, account=True), "admin": factory.admin()}


def test_editing_a_template_never_changes_logged_workouts(factory: Factory, people: dict[str, Person]) -> None:
    trainer, client = people["trainer"], people["client"]
    coach = factory.api(trainer)
    squat = make_exercise(factory.database, name="Back squat")
    template = coach.post(
        TEMPLATES,
        json={
            "name": "Leg day",
            "blocks": [single(squat, sets=3, reps=5, load={"kind": "weight", "value": 100, "unit": "kg"})],
        },
    )
    program_id = make_program(
        factory.database, owner=trainer, template_id=uuid.UUID(template.json["id"]), weeks=1, slots=((1, 1),)
    )
    start = _today(factory) - timedelta(days=1)
    assignment_id = make_assignment(
        factory.database, client_id=client.client_id, start_date=start, program_id=program_id
    )
    from_template = coach.post(LOGS, json={"client_id": str(client.client_id), "template_id": template.json["id"]})
    from_plan = coach.post(
        LOGS, json={"client_id": str(client.client_id), "assignment_id": str(assignment_id), "performed_on": str(start)}
    )
    assert from_template.status_code == from_plan.status_code == 201
    before = [coach.get(f"{LOGS}/{log.json['id']}").json for log in (from_template, from_plan)]

    coach.patch(
        f"{TEMPLATES}/{template.json['id']}",
        headers={"If-Match": template.headers["ETag"]},
        json={
            "name": "Leg day v2",
            "blocks": [single(make_exercise(factory.database, name="Leg press"), sets=4, reps=12)],
        },
    )
    with factory.database.session() as s:  # renaming the exercise does not reach the snapshot either
        from fitnesscrm.training.models import Exercise

        s.get(Exercise, squat).name = "Barbell back squat"

    after = [coach.get(f"{LOGS}/{log.json['id']}").json for log in (from_template, from_plan)]
    for old, new in zip(before, after, strict=True):
        assert new["planned"] == old["planned"]
        assert new["title"] == old["title"]
    assert after[0]["title"] == "Leg day"
    assert after[0]["planned"][0]["exercises"][0]["exercise_name"] == "Back squat"
    assert after[0]["planned"][0]["exercises"][0]["load"]["value_kg"] == 100


def test_sets_detect_records_in_kilograms_and_pounds(factory: Factory, people: dict[str, Person]) -> None:
    client = people["client"]
    me = factory.api(client)
    squat = make_exercise(factory.database, name="Back squat")
    log = me.post(LOGS, json={"client_id": str(client.client_id), "title": "Squat day"}).json

    first = _set(me, log["id"], squat, 1, reps=5, load=100, load_unit="kg", rpe=7.5)
    assert first.status_code == 201
    assert _kinds(first) == {"estimated_1rm": (116.6667, None), "heaviest_set": (100, None), "set_volume": (500, None)}
    assert first.json["set"]["estimated_1rm_kg"] == pytest.approx(116.6666667)
    assert first.json["new_records"][0]["workout_log_id"] == log["id"]

    assert _kinds(_set(me, log["id"], squat, 2, reps=5, load=100, load_unit="kg")) == {}
    in_pounds = _set(me, log["id"], squat, 3, reps=3, load=225, load_unit="lb")
    shown = in_pounds.json["set"]
    assert (shown["load"], shown["load_unit"]) == (225.0, "lb")
    assert shown["load_kg"] == pytest.approx(102.05828325)
    assert _kinds(in_pounds) == {"heaviest_set": (102.0583, 100)}  # e1RM 112.3 and volume 306 do not beat 116.7/500
    assert _kinds(_set(me, log["id"], squat, 4, reps=12, load=80, load_unit="kg")) == {"set_volume": (960, 500)}
    assert _kinds(_set(me, log["id"], squat, 5, reps=1, load=260, load_unit="lb", completed=False)) == {}
    assert _kinds(_set(me, log["id"], squat, 6, reps=1, load=260, load_unit="lb")) == {
        "estimated_1rm": (117.934, 116.6667),
        "heaviest_set": (117.934, 102.0583),
    }


def test_bodyweight_and_timed_records(factory: Factory, people: dict[str, Person]) -> None:
    client = people["client"]
    me = factory.api(client)
    push_up = make_exercise(factory.database, name="Push-up", tracking=Tracking.REPS)
    plank = make_exercise(factory.database, name="Plank", tracking=Tracking.TIME)
    log_id = make_log(factory.database, client_id=client.client_id)
    assert _kinds(_set(me, log_id, push_up, 1, reps=20)) == {"most_reps": (20, None)}
    assert _kinds(_set(me, log_id, push_up, 2, reps=18)) == {}
    assert _kinds(_set(me, log_id, push_up, 3, reps=22)) == {"most_reps": (22, 20)}
    assert _kinds(_set(me, log_id, plank, 1, position=2, duration_seconds=60)) == {"longest_time": (60, None)}
    assert _kinds(_set(me, log_id, plank, 2, position=2, duration_seconds=90)) == {"longest_time": (90, 60)}
    records = me.get(f"/api/v1/clients/{client.client_id}/personal-records").json["items"]
    assert {(r["exercise_name"], r["kind"], r["value"], r["unit"]) for r in records} == {
        ("Push-up", "most_reps", 22, "reps"),
        ("Plank", "longest_time", 90, "s"),
    }


def test_correcting_or_deleting_a_set_recomputes_records(factory: Factory, people: dict[str, Person]) -> None:
    client = people["client"]
    me = factory.api(client)
    bench = make_exercise(factory.database, name="Bench press")
    log_id = make_log(factory.database, client_id=client.client_id)
    _set(me, log_id, bench, 1, reps=5, load=80, load_unit="kg")
    typo = _set(me, log_id, bench, 2, reps=5, load=800, load_unit="kg", confirm_implausible=True)  # meant 80
    _set(me, log_id, bench, 3, reps=5, load=85, load_unit="kg")  # a real record, hidden behind the typo
    url = f"/api/v1/clients/{client.client_id}/personal-records?exercise_id={bench}"
    assert {r["kind"]: r["value"] for r in me.get(url).json["items"]}["heaviest_set"] == 800

    fixed = me.put(
        f"{LOGS}/{log_id}/sets/{typo.json['set']['id']}",
        json={"exercise_id": str(bench), "position": 1, "set_number": 2, "reps": 5, "load": 82.5, "load_unit": "kg"},
    )
    assert fixed.status_code == 200, fixed.json
    assert fixed.json["set"]["load_kg"] == 82.5
    assert _kinds(fixed) == {"heaviest_set": (82.5, 80), "set_volume": (412.5, 400), "estimated_1rm": (96.25, 93.3333)}
    best = {r["kind"]: r for r in me.get(url).json["items"]}
    assert (best["heaviest_set"]["value"], best["heaviest_set"]["previous_value"]) == (85, 82.5)

    last = me.get(f"{LOGS}/{log_id}").json["sets"][-1]
    assert me.delete(f"{LOGS}/{log_id}/sets/{last['id']}").status_code == 204
    assert {r["kind"]: r["value"] for r in me.get(url).json["items"]}["heaviest_set"] == 82.5
    assert me.delete(f"{LOGS}/{log_id}/sets/{last['id']}").status_code == 404


@pytest.mark.parametrize(
    ("values", "status"),
    [
        ({"reps": 5, "load": 100}, 422),  # a load without its unit
        ({"reps": 5, "load_unit": "kg"}, 422),
        ({}, 422),  # nothing recorded
        ({"reps": 5, "rpe": 11}, 422),
        ({"reps": 5, "load": 2500, "load_unit": "lb"}, 422),
        ({"reps": 5, "load": 20, "load_unit": "st"}, 422),
    ],
)
def test_bad_sets_are_refused(factory: Factory, people: dict[str, Person], values: dict[str, Any], status: int) -> None:
    client = people["client"]
    log_id = make_log(factory.database, client_id=client.client_id)
    response = _set(factory.api(client), log_id, make_exercise(factory.database), 1, **values)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"


def test_a_set_is_logged_once_and_needs_a_real_exercise(factory: Factory, people: dict[str, Person]) -> None:
    client = people["client"]
    me = factory.api(client)
    squat = make_exercise(factory.database)
    log_id = make_log(factory.database, client_id=client.client_id)
    assert _set(me, log_id, squat, 1, reps=5).status_code == 201
    duplicate = _set(me, log_id, squat, 1, reps=6)
    assert duplicate.status_code == 409
    unknown = _set(me, log_id, uuid.uuid4(), 2, reps=5)
    assert (unknown.status_code, unknown.json["errors"][0]["field"]) == (422, "exercise_id")
    assert len(me.get(f"{LOGS}/{log_id}").json["sets"]) == 1


def test_history_shows_last_time_and_records(factory: Factory, people: dict[str, Person]) -> None:
    client = people["client"]
    me = factory.api(client)
    squat = make_exercise(factory.database, name="Back squat")
    url = f"/api/v1/clients/{client.client_id}/exercises/{squat}/history"
    empty = me.get(url).json
    assert (empty["exercise_name"], empty["last_session"], empty["records"]) == ("Back squat", None, [])

    today = _today(factory)
    older = make_log(
        factory.database, client_id=client.client_id, title="Monday", performed_on=today - timedelta(days=7)
    )
    make_set(factory.database, log_id=older, exercise_id=squat, reps=5, load=100)
    last = make_log(
        factory.database, client_id=client.client_id, title="Thursday", performed_on=today - timedelta(days=4)
    )
    for n, lb in enumerate((185, 205, 225), start=1):
        make_set(factory.database, log_id=last, exercise_id=squat, set_number=n, reps=5, load=lb, load_unit="lb")
    make_set(factory.database, log_id=last, exercise_id=make_exercise(factory.database, name="Lunge"), position=2)
    now = make_log(factory.database, client_id=client.client_id, title="Today", performed_on=today)
    make_set(factory.database, log_id=now, exercise_id=squat, reps=3, load=90)

    history = me.get(f"{url}?exclude_log_id={now}").json
    assert history["last_session"]["title"] == "Thursday"
    assert [(s["set_number"], s["reps"], s["load"], s["load_unit"]) for s in history["last_session"]["sets"]] == [
        (1, 5, 185.0, "lb"),
        (2, 5, 205.0, "lb"),
        (3, 5, 225.0, "lb"),
    ]
    assert me.get(url).json["last_session"]["title"] == "Today"
    records = {r["kind"]: r for r in history["records"]}
    assert set(records) == {"estimated_1rm", "heaviest_set", "set_volume"}
    assert records["heaviest_set"]["value"] == pytest.approx(102.05828325)
    assert records["heaviest_set"]["workout_log_id"] == str(last)
    assert me.get(f"/api/v1/clients/{client.client_id}/exercises/{uuid.uuid4()}/history").status_code == 404


def test_starting_workouts(factory: Factory, people: dict[str, Person]) -> None:
    trainer, client = people["trainer"], people["client"]
    me = factory.api(client)
    base = {"client_id": str(client.client_id)}
    untitled = me.post(LOGS, json=base)
    assert (untitled.status_code, untitled.json["errors"][0]["field"]) == (422, "title")
    future = me.post(LOGS, json={**base, "title": "Later", "performed_on": str(_today(factory) + timedelta(days=3))})
    assert future.status_code == 422
    ad_hoc = me.post(LOGS, json={**base, "title": "  Hotel gym  ", "notes": "Dumbbells only"})
    assert (ad_hoc.json["title"], ad_hoc.json["planned"], ad_hoc.json["status"]) == ("Hotel gym", [], "in_progress")
    assert ad_hoc.json["performed_on"] == str(_today(factory))
    assert ad_hoc.json["logged_by_id"] == str(client.user_id)

    # A client starts only templates their plan uses; staff any template they can see.
    private = make_template(factory.database, owner=trainer, name="Private")
    assert me.post(LOGS, json={**base, "template_id": str(private)}).status_code == 404
    program_id = make_program(factory.database, owner=trainer, template_id=private, slots=((2, 5),))
    make_assignment(factory.database, client_id=client.client_id, start_date=date(2026, 1, 5), program_id=program_id)
    assert me.post(LOGS, json={**base, "template_id": str(private)}).status_code == 201

    # The plan must have a workout on the date, for this client.
    start = _today(factory) - timedelta(days=10)
    assignment_id = make_assignment(
        factory.database, client_id=client.client_id, start_date=start, program_id=program_id
    )
    empty_day = me.post(LOGS, json={**base, "assignment_id": str(assignment_id), "performed_on": str(start)})
    assert (empty_day.status_code, empty_day.json["errors"][0]["field"]) == (422, "performed_on")
    planned_day = me.post(
        LOGS, json={**base, "assignment_id": str(assignment_id), "performed_on": str(start + timedelta(days=11))}
    )
    assert planned_day.status_code == 201  # tomorrow: a client a time zone ahead may be there already
    assert (planned_day.json["program_week"], planned_day.json["program_day"]) == (2, 5)
    other = factory.client(trainer=trainer)
    wrong_client = factory.api(trainer).post(
        LOGS, json={"client_id": str(other.client_id), "assignment_id": str(assignment_id)}
    )
    assert (wrong_client.status_code, wrong_client.json["errors"][0]["field"]) == (422, "assignment_id")


def test_finish_reopen_and_edit_a_workout(factory: Factory, people: dict[str, Person]) -> None:
    client = people["client"]
    me = factory.api(client)
    log_id = make_log(factory.database, client_id=client.client_id)
    url = f"{LOGS}/{log_id}"
    assert me.patch(url, json={"notes": "Knee fine"}).status_code == 428
    etag = me.get(url).headers["ETag"]
    edited = me.patch(url, json={"notes": "Knee fine", "title": "Legs"}, headers={"If-Match": etag})
    assert (edited.json["notes"], edited.json["title"]) == ("Knee fine", "Legs")
    assert me.patch(url, json={"notes": "Stale"}, headers={"If-Match": etag}).status_code == 409

    done = me.post(f"{url}/complete")
    assert (done.json["status"], done.json["completed_at"] is not None) == ("completed", True)
    assert me.post(f"{url}/complete").json["completed_at"] == done.json["completed_at"]
    reopened = me.patch(url, json={"completed": False}, headers={"If-Match": done.headers["ETag"]})
    assert (reopened.json["status"], reopened.json["completed_at"]) == ("in_progress", None)


def test_log_lists_are_scoped_filtered_and_paged(factory: Factory, people: dict[str, Person]) -> None:
    trainer, client = people["trainer"], people["client"]
    other_trainer = factory.trainer()
    stranger = factory.client(trainer=other_trainer, account=True)
    today = _today(factory)
    squat = make_exercise(factory.database)
    ids = []
    for days_ago in (9, 6, 3, 0):
        log_id = make_log(
            factory.database,
            client_id=client.client_id,
            title=f"{days_ago} days ago",
            performed_on=today - timedelta(days=days_ago),
        )
        make_set(factory.database, log_id=log_id, exercise_id=squat, reps=5, load=100)
        make_set(factory.database, log_id=log_id, exercise_id=squat, set_number=2, reps=5, load=60, completed=False)
        ids.append(str(log_id))
    theirs = make_log(factory.database, client_id=stranger.client_id)

    coach = factory.api(trainer)
    page = coach.get(f"{LOGS}?limit=3").json
    assert [log["id"] for log in page["items"]] == ids[::-1][:3]  # newest workout first
    assert (page["items"][0]["set_count"], page["items"][0]["volume_kg"]) == (1, 500)
    rest = coach.get(f"{LOGS}?limit=3&cursor={page['next_cursor']}").json
    assert ([log["id"] for log in rest["items"]], rest["next_cursor"]) == ([ids[0]], None)
    assert coach.get(f"{LOGS}?cursor=bm9wZQ").status_code == 400

    ranged = coach.get(f"{LOGS}?from={today - timedelta(days=6)}&to={today - timedelta(days=3)}").json["items"]
    assert [log["title"] for log in ranged] == ["3 days ago", "6 days ago"]
    assert coach.get(f"{LOGS}?status=completed").json["items"] == []
    assert coach.get(f"{LOGS}/{theirs}").status_code == 404
    assert [log["id"] for log in factory.api(stranger).get(LOGS).json["items"]] == [str(theirs)]
    assert len(factory.api(people["admin"]).get(LOGS).json["items"]) == 5
    assert factory.api(stranger).get(f"{LOGS}/{ids[0]}").status_code == 404
    assert (
        factory.api(stranger)
        .post(f"{LOGS}/{ids[0]}/sets", json={"exercise_id": str(squat), "position": 3, "set_number": 1, "reps": 1})
        .status_code
        == 404
    )
    assert factory.api(other_trainer).get(f"/api/v1/clients/{client.client_id}/personal-records").status_code == 404


def test_lists_cost_the_same_number_of_queries_whatever_their_length(
    factory: Factory, people: dict[str, Person]
) -> None:
    trainer, client = people["trainer"], people["client"]
    coach = factory.api(trainer)
    today = _today(factory)
    urls = (
        LOGS,
        TEMPLATES,
        PROGRAMS,
        ASSIGNMENTS,
        f"/api/v1/clients/{client.client_id}/plan?from={today}",
        f"/api/v1/clients/{client.client_id}/personal-records",
    )

    def add_one(n: int) -> None:
        exercise = make_exercise(factory.database, name=f"Move {n}")
        template = make_template(factory.database, owner=trainer, exercise_id=exercise, name=f"T{n}")
        program = make_program(factory.database, owner=trainer, template_id=template, slots=((1, 1), (1, 2)))
        make_assignment(factory.database, client_id=client.client_id, start_date=today, program_id=program)
        log_id = make_log(factory.database, client_id=client.client_id, performed_on=today - timedelta(days=n))
        make_set(factory.database, log_id=log_id, exercise_id=exercise)

    def costs() -> list[int]:
        counts = []
        for url in urls:
            with count_queries(factory.database) as statements:
                assert coach.get(url).status_code == 200
            counts.append(len(statements))
        return counts

    add_one(1)
    small = costs()
    for n in range(2, 6):
        add_one(n)
    assert costs() == small


def test_logging_a_set_costs_a_fixed_number_of_statements(factory: Factory, people: dict[str, Person]) -> None:
    """The busiest write of the load mix: the retry key claimed with one insert, the workout read without its sets,
    the client's archived flag as one column, the business's time zone (a back-dated workout's sets get its day),
    the exercise once (its name answers too), the audit entry appended at commit (lock, previous hash, insert).
    Pinned so it cannot creep up."""
    client = people["client"]
    api = factory.api(client)
    squat = make_exercise(factory.database, name="Back squat")
    log_id = make_log(factory.database, client_id=client.client_id)

    def logged(n: int) -> list[str]:
        with count_queries(factory.database) as statements:
            response = api.post(
                f"{LOGS}/{log_id}/sets",
                headers={"Idempotency-Key": f"set-{n}"},
                json={
                    "exercise_id": str(squat),
                    "position": 1,
                    "set_number": n,
                    "reps": 5,
                    "load": 60,
                    "load_unit": "kg",
                },
            )
        assert response.status_code == 201, response.json
        return statements

    logged(1)
    statements = logged(2)
    assert len(statements) == 12, "\n".join(statements)
    assert next(s for s in statements if "idempotency_keys" in s).startswith("INSERT")
    assert sum("FROM clients" in s for s in statements) == 1
    assert "pg_advisory_xact_lock" in statements[-3]  # the chain's lock: taken last, held only to the commit
    for n in range(3, 6):
        assert len(logged(n)) == 12  # whatever the number of sets already in the workout


def test_a_set_logged_into_a_back_dated_workout_gets_the_workouts_date(either_app: Any) -> None:
    """Entered later, done then: the set lands on the workout's day, and records are rebuilt in the order the
    sets were done, so a back-dated lift can be a record that today's heavier lift then beat (PostgreSQL, SQLite)."""
    factory = Factory(either_app)
    client = factory.client(account=True)
    me = factory.api(client)
    squat = make_exercise(factory.database, name="Back squat")
    today = _today(factory)
    current = me.post(LOGS, json={"client_id": str(client.client_id), "title": "Today"}).json
    assert _kinds(_set(me, current["id"], squat, 1, reps=5, load=110, load_unit="kg"))["heaviest_set"] == (110, None)

    monday = today - timedelta(days=3)
    earlier = me.post(
        LOGS, json={"client_id": str(client.client_id), "title": "Forgot to log", "performed_on": monday.isoformat()}
    ).json
    first, second = (_set(me, earlier["id"], squat, n, reps=5, load=100, load_unit="kg") for n in (1, 2))
    assert _kinds(first)["heaviest_set"] == (100, None)  # the first squat ever, on Monday
    assert _kinds(second) == {}
    done = [response.json["set"]["performed_at"] for response in (first, second)]
    assert all(at[:10] in {(monday + timedelta(days=d)).isoformat() for d in (-1, 0, 1)} for at in done)  # in UTC
    assert done[0] < done[1]  # entered in order, kept in order
    history = me.get(f"/api/v1/clients/{client.client_id}/exercises/{squat}/history").json
    assert history["last_session"]["workout_log_id"] == current["id"]  # "last time" is still today's
    records = {r["kind"]: r for r in me.get(f"/api/v1/clients/{client.client_id}/personal-records").json["items"]}
    assert (records["heaviest_set"]["value"], records["heaviest_set"]["previous_value"]) == (110, 100)

    same_day = _set(me, current["id"], squat, 2, reps=5, load=60, load_unit="kg")
    assert same_day.json["set"]["performed_at"] > done[1]  # today's workout: now


def test_a_workout_is_deleted_by_whoever_may_edit_it_and_records_follow(either_app: Any) -> None:
    factory = Factory(either_app)  # on PostgreSQL, then on SQLite: the records go with the sets on both
    trainer = factory.trainer()
    people = {"client": factory.client(trainer=trainer, account=True), "trainer": trainer, "admin": factory.admin()}
    client = people["client"]
    me, coach = factory.api(client), factory.api(people["trainer"])
    squat = make_exercise(factory.database, name="Back squat")
    today = _today(factory)
    light = make_log(factory.database, client_id=client.client_id, performed_on=today - timedelta(days=7))
    make_set(factory.database, log_id=light, exercise_id=squat, load=80.0)
    typo = make_log(factory.database, client_id=client.client_id, performed_on=today - timedelta(days=2))
    make_set(factory.database, log_id=typo, exercise_id=squat, load=180.0, confirm_implausible=True)
    records_url = f"/api/v1/clients/{client.client_id}/personal-records"
    heaviest = {r["kind"]: r["value"] for r in me.get(records_url).json["items"]}["heaviest_set"]
    assert heaviest == 180

    url = f"{LOGS}/{typo}"
    assert me.delete(url).status_code == 428  # If-Match, as for editing it
    assert factory.api(factory.trainer()).delete(url).status_code == 404  # not their client
    deleted = coach.delete(url, headers={"If-Match": me.get(url).headers["ETag"]})
    assert deleted.status_code == 204, deleted.json
    assert me.get(url).status_code == 404
    assert {r["kind"]: r["value"] for r in me.get(records_url).json["items"]}["heaviest_set"] == 80
    trail = factory.api(people["admin"]).get("/api/v1/audit-events").json["items"]
    assert any(e["action"] == "workout_log.delete" for e in trail)
    assert me.get(f"{LOGS}/{light}").status_code == 200  # the other workout stays


def test_deleting_a_workout_costs_statements_per_exercise_not_per_set(
    factory: Factory, people: dict[str, Person]
) -> None:
    client = people["client"]
    me = factory.api(client)
    squat = make_exercise(factory.database, name="Back squat")

    def cost(sets: int) -> int:
        log_id = make_log(factory.database, client_id=client.client_id)
        for n in range(1, sets + 1):
            make_set(factory.database, log_id=log_id, exercise_id=squat, set_number=n)
        etag = me.get(f"{LOGS}/{log_id}").headers["ETag"]
        with count_queries(factory.database) as statements:
            assert me.delete(f"{LOGS}/{log_id}", headers={"If-Match": etag}).status_code == 204
        return len(statements)

    assert cost(2) == cost(6)
