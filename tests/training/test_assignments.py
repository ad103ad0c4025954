"""Assignments and the client's plan: template → programme → assignment → plan → log round trip, progression
on the plan, sessions as planned workouts, cancellation and scoping."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from fitnesscrm.core.business import business_today
from fitnesscrm.scheduling.models import Appointment, Booking, BookingStatus, Service, ServiceKind

from ..factories import Factory, Person
from .authz_workouts import (
    ASSIGNMENTS,
    LOGS,
    PROGRAMS,
    TEMPLATES,
    make_assignment,
    make_exercise,
    make_program,
    make_template,
    single,
)


def _today(factory: Factory) -> date:
    with factory.database.session() as s:
        return business_today(s)


def _plan(api: Any, client: Person, start: date, end: date) -> list[dict[str, Any]]:
    response = api.get(f"/api/v1/clients/{client.client_id}/plan?from={start}&to={end}")
    assert response.status_code == 200, response.json
    return response.json["items"]


def _first(item: dict[str, Any]) -> dict[str, Any]:
    return item["blocks"][0]["exercises"][0]


def _session(
    factory: Factory,
    trainer: Person,
    client: Person | None,
    status: BookingStatus = BookingStatus.BOOKED,
    hour: int = 9,
) -> uuid.UUID:
    """A 1:1 session on the trainer's calendar, booked by ``client`` (scheduling rows written directly)."""
    start = datetime(2026, 12, 10, hour, tzinfo=UTC)
    with factory.database.session() as s:
        service = Service(id=uuid.uuid4(), name="PT session 60 min", kind=ServiceKind.ONE_TO_ONE, duration_minutes=60)
        s.add(service)
        s.flush()
        appointment = Appointment(
            id=uuid.uuid4(),
            service_id=service.id,
            kind=ServiceKind.ONE_TO_ONE,
            trainer_id=trainer.trainer_id,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            blocked_until=start + timedelta(hours=1),
            capacity=1,
        )
        s.add(appointment)
        s.flush()
        if client is not None:
            s.add(
                Booking(
                    id=uuid.uuid4(),
                    appointment_id=appointment.id,
                    client_id=client.client_id,
                    status=status,
                    starts_at=start,
                    blocked_until=start + timedelta(hours=1),
                )
            )
        return appointment.id


def test_template_to_programme_to_assignment_to_plan_to_log(factory: Factory) -> None:
    trainer = factory.trainer()
    client = factory.client(trainer=trainer, account=True)
    coach, me = factory.api(trainer), factory.api(client)
    squat = make_exercise(factory.database, name="Back squat")
    bench = make_exercise(factory.database, name="Bench press")

    template = coach.post(
        TEMPLATES,
        json={
            "name": "Full body",
            "blocks": [
                single(squat, sets=3, reps=5, load={"kind": "weight", "value": 100, "unit": "kg"}),
                single(bench, sets=3, reps_min=8, reps_max=10, load={"kind": "weight", "value": 135, "unit": "lb"}),
            ],
        },
    ).json
    program = coach.post(
        PROGRAMS,
        json={
            "name": "Two-week base",
            "weeks": 2,
            "progression": {"load_kg_per_week": 2.5, "reps_per_week": 1},
            "days": [{"week": w, "day": d, "template_id": template["id"]} for w in (1, 2) for d in (1, 3)],
        },
    ).json
    start = _today(factory) - timedelta(days=7)  # today is week 2, day 1
    assignment = coach.post(
        ASSIGNMENTS,
        json={
            "client_id": str(client.client_id),
            "program_id": program["id"],
            "start_date": str(start),
            "notes": "Go steady",
        },
    )
    assert assignment.status_code == 201, assignment.json
    assert assignment.json["title"] == "Two-week base"
    assert assignment.json["end_date"] == str(start + timedelta(days=13))
    assert assignment.json["status"] == "active"

    plan = _plan(me, client, start, start + timedelta(days=20))
    assert [(i["date"], i["week"], i["day"]) for i in plan] == [
        (str(start), 1, 1),
        (str(start + timedelta(days=2)), 1, 3),
        (str(start + timedelta(days=7)), 2, 1),
        (str(start + timedelta(days=9)), 2, 3),
    ]
    assert {i["status"] for i in plan} == {"planned"}
    week1, week2 = plan[0], plan[2]
    assert _first(week1)["load"]["value_kg"] == 100
    assert _first(week2)["load"]["value_kg"] == 102.5
    assert (_first(week2)["reps_min"], _first(week2)["reps_max"]) == (6, 6)
    bench_week2 = week2["blocks"][1]["exercises"][0]
    assert bench_week2["load"]["unit"] == "lb"
    assert bench_week2["load"]["value"] == pytest.approx(140.51, abs=0.01)  # 135 lb + 2.5 kg, shown in lb
    assert (bench_week2["reps_min"], bench_week2["reps_max"]) == (9, 11)

    # The client's "today" view: the default plan starts today.
    today = me.get(f"/api/v1/clients/{client.client_id}/plan").json
    assert today["start"] == str(start + timedelta(days=7))
    assert today["items"][0]["title"] == "Full body · week 2, day 1"

    log = me.post(
        LOGS,
        json={
            "client_id": str(client.client_id),
            "assignment_id": assignment.json["id"],
            "performed_on": today["start"],
        },
    )
    assert log.status_code == 201, log.json
    assert (log.json["program_week"], log.json["program_day"], log.json["template_id"]) == (2, 1, template["id"])
    assert log.json["title"] == "Full body · week 2, day 1"
    assert log.json["planned"] == week2["blocks"]
    logged = me.post(
        f"{LOGS}/{log.json['id']}/sets",
        json={"exercise_id": str(squat), "position": 1, "set_number": 1, "reps": 6, "load": 102.5, "load_unit": "kg"},
    )
    assert logged.status_code == 201
    assert {r["kind"] for r in logged.json["new_records"]} == {"estimated_1rm", "heaviest_set", "set_volume"}

    after = _plan(me, client, start, start + timedelta(days=13))
    assert (after[2]["workout_log_id"], after[2]["status"]) == (log.json["id"], "in_progress")
    me.post(f"{LOGS}/{log.json['id']}/complete")
    assert _plan(me, client, start, start + timedelta(days=13))[2]["status"] == "completed"


def test_a_single_workout_on_a_date_and_cancelling_it(factory: Factory) -> None:
    trainer = factory.trainer()
    client = factory.client(trainer=trainer, account=True)
    coach = factory.api(trainer)
    template_id = make_template(factory.database, owner=trainer, name="Mobility")
    on = _today(factory) - timedelta(days=3)
    created = coach.post(
        ASSIGNMENTS, json={"client_id": str(client.client_id), "template_id": str(template_id), "start_date": str(on)}
    ).json
    assert (created["title"], created["end_date"]) == ("Mobility", str(on))
    plan = _plan(factory.api(client), client, on - timedelta(days=3), on + timedelta(days=3))
    assert [(i["date"], i["title"], i["week"]) for i in plan] == [(str(on), "Mobility", None)]
    assert _plan(coach, client, on + timedelta(days=1), on + timedelta(days=5)) == []

    cancelled = coach.post(f"{ASSIGNMENTS}/{created['id']}/cancel")
    assert cancelled.json["status"] == "cancelled"
    assert _plan(coach, client, on, on) == []
    assert coach.post(f"{ASSIGNMENTS}/{created['id']}/cancel").status_code == 200  # already cancelled: no-op
    refused = factory.api(client).post(
        LOGS, json={"client_id": str(client.client_id), "assignment_id": created["id"], "performed_on": str(on)}
    )
    assert refused.status_code == 409


def test_plan_range_is_bounded(factory: Factory) -> None:
    trainer = factory.trainer()
    client = factory.client(trainer=trainer)
    api = factory.api(trainer)
    url = f"/api/v1/clients/{client.client_id}/plan"
    assert api.get(f"{url}?from=2026-12-10&to=2026-12-01").status_code == 422
    assert api.get(f"{url}?from=2026-01-01&to=2026-12-31").status_code == 422
    assert api.get(f"{url}?from=not-a-date").status_code == 422


def test_programmes_overlapping_the_range_are_expanded_from_their_own_start(factory: Factory) -> None:
    trainer = factory.trainer()
    client = factory.client(trainer=trainer)
    program_id = make_program(factory.database, owner=trainer, weeks=3, slots=((1, 2), (3, 7)))
    start = date(2026, 11, 2)
    make_assignment(factory.database, client_id=client.client_id, start_date=start, program_id=program_id)
    plan = _plan(factory.api(trainer), client, date(2026, 11, 20), date(2026, 11, 30))
    assert [(i["date"], i["week"], i["day"]) for i in plan] == [("2026-11-22", 3, 7)]


def test_a_single_workout_can_be_attached_to_a_booked_session(factory: Factory) -> None:
    trainer = factory.trainer()
    client, stranger = factory.client(trainer=trainer), factory.client(trainer=trainer)
    coach = factory.api(trainer)
    template_id = str(make_template(factory.database, owner=trainer))
    program_id = str(make_program(factory.database, owner=trainer))
    booked = _session(factory, trainer, client)
    body = {
        "client_id": str(client.client_id),
        "template_id": template_id,
        "start_date": "2026-12-10",
        "appointment_id": str(booked),
    }

    attached = coach.post(ASSIGNMENTS, json=body)
    assert attached.status_code == 201, attached.json
    assert attached.json["appointment_id"] == str(booked)
    plan = _plan(coach, client, date(2026, 12, 10), date(2026, 12, 10))
    assert plan[0]["appointment_id"] == str(booked)
    assert coach.post(ASSIGNMENTS, json=body).status_code == 409  # one planned workout per session

    not_theirs = coach.post(ASSIGNMENTS, json={**body, "client_id": str(stranger.client_id)})
    assert not_theirs.status_code == 422
    assert not_theirs.json["errors"][0]["field"] == "appointment_id"
    cancelled = _session(factory, trainer, client, BookingStatus.CANCELLED, hour=11)
    assert coach.post(ASSIGNMENTS, json={**body, "appointment_id": str(cancelled)}).status_code == 422
    with_program = coach.post(ASSIGNMENTS, json={**body, "template_id": None, "program_id": program_id})
    assert with_program.status_code == 422


def test_assignments_are_scoped_and_need_usable_plans(factory: Factory) -> None:
    trainer, other = factory.trainer(), factory.trainer()
    client = factory.client(trainer=trainer, account=True)
    theirs = factory.client(trainer=other, account=True)
    coach = factory.api(trainer)
    mine = make_program(factory.database, owner=trainer)
    make_assignment(factory.database, client_id=client.client_id, start_date=date(2026, 12, 1), program_id=mine)
    make_assignment(
        factory.database,
        client_id=theirs.client_id,
        start_date=date(2026, 12, 1),
        program_id=make_program(factory.database, owner=other),
    )

    def body(program_id: uuid.UUID, who: Person = client) -> dict[str, str]:
        return {"client_id": str(who.client_id), "program_id": str(program_id), "start_date": "2026-12-14"}

    assert coach.post(ASSIGNMENTS, json=body(mine, theirs)).status_code == 404
    assert coach.post(ASSIGNMENTS, json=body(make_program(factory.database, owner=other))).status_code == 404
    archived = make_program(factory.database, owner=trainer, archived=True)
    assert coach.post(ASSIGNMENTS, json=body(archived)).status_code == 409
    both = {**body(mine), "template_id": str(make_template(factory.database, owner=trainer))}
    assert coach.post(ASSIGNMENTS, json=both).status_code == 422
    assert factory.api(client).post(ASSIGNMENTS, json=body(mine)).status_code == 403

    assert [a["client_id"] for a in coach.get(ASSIGNMENTS).json["items"]] == [str(client.client_id)]
    assert [a["client_id"] for a in factory.api(theirs).get(ASSIGNMENTS).json["items"]] == [str(theirs.client_id)]
    assert len(factory.api(factory.admin()).get(ASSIGNMENTS).json["items"]) == 2
    assert coach.get(f"{ASSIGNMENTS}?status=cancelled").json["items"] == []
    assert len(coach.get(f"{ASSIGNMENTS}?client_id={client.client_id}&status=active").json["items"]) == 1
    assert factory.api(client).get(f"/api/v1/clients/{theirs.client_id}/plan").status_code == 404
