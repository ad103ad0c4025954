"""Trainer availability through the HTTP API: working hours, exceptions and time off."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from fitnesscrm.core.db import utcnow

from ..factories import Api, Factory, Person
from .authz_setup import make_location

ANY_VERSION = {"If-Match": "*"}  # tests of other rules: replace whatever the week is
SOON = date.today() + timedelta(days=3)


@pytest.fixture
def trainer(factory: Factory) -> Person:
    return factory.trainer()


@pytest.fixture
def trainer_api(factory: Factory, trainer: Person) -> Api:
    return factory.api(trainer)


@pytest.fixture
def location_id(factory: Factory) -> str:
    return str(make_location(factory.database))


def _url(trainer: Person, suffix: str) -> str:
    return f"/api/v1/trainers/{trainer.trainer_id}{suffix}"


def _window(location_id: str, weekday: int, start: str, end: str) -> dict[str, Any]:
    return {"location_id": location_id, "weekday": weekday, "start_time": start, "end_time": end}


def _errors(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.json
    return {e["field"]: e["message"] for e in response.json["errors"]}


def _audit(sql: Any) -> list[str]:
    return [
        row.action
        for row in sql("SELECT action FROM audit_events ORDER BY seq")
        if row.action.split(".")[0] in {"working_hours", "availability_exception", "time_off"}
    ]


# --- working hours -----------------------------------------------------------------------------


def test_a_trainer_sets_and_replaces_their_weekly_hours(
    trainer_api: Api, trainer: Person, location_id: str, sql: Any
) -> None:
    empty = trainer_api.get(_url(trainer, "/availability"))
    assert empty.status_code == 200
    assert {k: v for k, v in empty.json.items() if k != "working_hours_version"} == {
        "trainer_id": str(trainer.trainer_id),
        "timezone": "Europe/London",
        "working_hours": [],
        "exceptions": [],
        "time_off": [],
    }

    week = {
        "working_hours": [
            _window(location_id, 2, "16:00", "20:00"),
            _window(location_id, 0, "07:00", "12:00"),
            _window(location_id, 0, "12:00", "13:30"),  # touching is not overlapping
        ]
    }
    assert trainer_api.put(_url(trainer, "/working-hours"), json=week).status_code == 428  # If-Match first
    saved = trainer_api.put(
        _url(trainer, "/working-hours"), json=week, headers={"If-Match": empty.json["working_hours_version"]}
    )
    assert saved.status_code == 200, saved.json
    assert [(w["weekday"], w["start_time"], w["end_time"]) for w in saved.json["working_hours"]] == [
        (0, "07:00", "12:00"),
        (0, "12:00", "13:30"),
        (2, "16:00", "20:00"),
    ]

    friday = {"working_hours": [_window(location_id, 4, "09:00", "17:00")]}
    version = saved.json["working_hours_version"]
    replaced = trainer_api.put(_url(trainer, "/working-hours"), json=friday, headers={"If-Match": version})
    assert [(w["weekday"], w["start_time"]) for w in replaced.json["working_hours"]] == [(4, "09:00")]
    # An admin's tab still showing the week as first saved: refused, not written over the trainer's change.
    stale = trainer_api.put(_url(trainer, "/working-hours"), json={"working_hours": []}, headers={"If-Match": version})
    assert stale.status_code == 409
    cleared = trainer_api.put(
        _url(trainer, "/working-hours"),
        json={"working_hours": []},
        headers={"If-Match": replaced.json["working_hours_version"]},
    )
    assert cleared.json["working_hours"] == []
    assert cleared.json["working_hours_version"] == empty.json["working_hours_version"]  # the same week, the same tag
    assert _audit(sql) == ["working_hours.replace"] * 3


def test_overlapping_windows_on_one_weekday_are_refused_by_name(
    trainer_api: Api, trainer: Person, location_id: str, factory: Factory
) -> None:
    other_location = str(make_location(factory.database, name="Camden Box"))
    response = trainer_api.put(
        _url(trainer, "/working-hours"),
        headers=ANY_VERSION,
        json={
            "working_hours": [
                _window(location_id, 0, "09:00", "12:00"),
                _window(location_id, 1, "09:00", "12:00"),
                _window(other_location, 0, "11:00", "14:00"),  # a trainer is in one place at a time
                _window(location_id, 0, "13:00", "15:00"),
            ]
        },
    )
    errors = _errors(response)
    assert errors == {
        "working_hours[2]": "Monday 11:00-14:00 overlaps 09:00-12:00 (row 1).",
        "working_hours[3]": "Monday 13:00-15:00 overlaps 11:00-14:00 (row 3).",
    }
    assert trainer_api.get(_url(trainer, "/availability")).json["working_hours"] == []


@pytest.mark.parametrize(
    ("window", "field"),
    [
        ({"weekday": 7}, "working_hours.0.weekday"),
        ({"weekday": -1}, "working_hours.0.weekday"),
        ({"start_time": "12:00", "end_time": "12:00"}, "working_hours.0.end_time"),
        ({"start_time": "13:00", "end_time": "09:00"}, "working_hours.0.end_time"),
        ({"start_time": "07:00:30"}, "working_hours.0.start_time"),
        ({"start_time": "07:00+02:00"}, "working_hours.0.start_time"),
        ({"end_time": "25:00"}, "working_hours.0.end_time"),
        ({"location_id": "not-a-uuid"}, "working_hours.0.location_id"),
        ({"location_id": "00000000-0000-4000-8000-000000000000"}, "working_hours[0].location_id"),
    ],
)
def test_bad_windows_are_refused(
    trainer_api: Api, trainer: Person, location_id: str, window: dict[str, Any], field: str
) -> None:
    body = {"working_hours": [{**_window(location_id, 0, "07:00", "12:00"), **window}]}
    assert field in _errors(trainer_api.put(_url(trainer, "/working-hours"), json=body, headers=ANY_VERSION))


def test_hours_at_an_archived_location_are_refused(trainer_api: Api, trainer: Person, factory: Factory) -> None:
    archived = str(make_location(factory.database, name="Old Gym", archived=True))
    errors = _errors(
        trainer_api.put(
            _url(trainer, "/working-hours"),
            json={"working_hours": [_window(archived, 0, "07:00", "12:00")]},
            headers=ANY_VERSION,
        )
    )
    assert "archived" in errors["working_hours[0].location_id"]


def test_an_admin_manages_any_trainer_and_others_cannot(factory: Factory, trainer: Person, location_id: str) -> None:
    body = {"working_hours": [_window(location_id, 3, "08:00", "10:00")]}
    admin_api = factory.api(factory.admin())
    assert admin_api.put(_url(trainer, "/working-hours"), json=body, headers=ANY_VERSION).status_code == 200
    other = factory.api(factory.trainer())
    assert other.put(_url(trainer, "/working-hours"), json=body, headers=ANY_VERSION).status_code == 404
    assert other.get(_url(trainer, "/availability")).status_code == 404
    client_api = factory.api(factory.client(trainer=trainer, account=True))
    assert client_api.get(_url(trainer, "/availability")).status_code == 403
    missing = "/api/v1/trainers/00000000-0000-4000-8000-000000000000/availability"
    assert admin_api.get(missing).status_code == 404


# --- exceptions --------------------------------------------------------------------------------


def test_exceptions_are_added_listed_and_removed(trainer_api: Api, trainer: Person, location_id: str, sql: Any) -> None:
    closed = trainer_api.post(
        _url(trainer, "/availability-exceptions"),
        json={"on_date": SOON.isoformat(), "kind": "unavailable", "reason": " Course "},
    )
    assert closed.status_code == 201, closed.json
    assert (closed.json["start_time"], closed.json["reason"]) == (None, "Course")
    extra = trainer_api.post(
        _url(trainer, "/availability-exceptions"),
        json={
            "on_date": (SOON + timedelta(days=1)).isoformat(),
            "kind": "available",
            "start_time": "18:00",
            "end_time": "20:30",
            "location_id": location_id,
        },
    )
    assert extra.status_code == 201, extra.json
    assert (extra.json["start_time"], extra.json["end_time"]) == ("18:00", "20:30")

    listed = trainer_api.get(_url(trainer, "/availability")).json["exceptions"]
    assert [e["id"] for e in listed] == [closed.json["id"], extra.json["id"]]
    assert trainer_api.delete(f"/api/v1/availability-exceptions/{closed.json['id']}").status_code == 204
    assert trainer_api.delete(f"/api/v1/availability-exceptions/{closed.json['id']}").status_code == 404
    assert [e["id"] for e in trainer_api.get(_url(trainer, "/availability")).json["exceptions"]] == [extra.json["id"]]
    assert _audit(sql) == [
        "availability_exception.create",
        "availability_exception.create",
        "availability_exception.delete",
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "available", "start_time": "18:00", "end_time": "20:00"}, "_schema"),  # where?
        ({"kind": "available"}, "_schema"),  # when?
        ({"kind": "unavailable", "start_time": "18:00"}, "_schema"),
        ({"kind": "unavailable", "start_time": "18:00", "end_time": "17:00"}, "_schema"),
        ({"kind": "closed"}, "kind"),
        ({"kind": "unavailable", "on_date": (date.today() - timedelta(days=2)).isoformat()}, "on_date"),
        ({"kind": "unavailable", "on_date": (date.today() + timedelta(days=800)).isoformat()}, "on_date"),
        ({"kind": "unavailable", "location_id": "00000000-0000-4000-8000-000000000000"}, "location_id"),
        ({"kind": "unavailable", "reason": "x" * 201}, "reason"),
    ],
)
def test_bad_exceptions_are_refused(trainer_api: Api, trainer: Person, body: dict[str, Any], field: str) -> None:
    response = trainer_api.post(_url(trainer, "/availability-exceptions"), json={"on_date": SOON.isoformat(), **body})
    assert field in _errors(response)


def test_another_trainer_cannot_remove_my_exception(factory: Factory, trainer_api: Api, trainer: Person) -> None:
    created = trainer_api.post(
        _url(trainer, "/availability-exceptions"), json={"on_date": SOON.isoformat(), "kind": "unavailable"}
    ).json
    other = factory.api(factory.trainer())
    assert other.delete(f"/api/v1/availability-exceptions/{created['id']}").status_code == 404
    assert len(trainer_api.get(_url(trainer, "/availability")).json["exceptions"]) == 1


# --- time off ----------------------------------------------------------------------------------


def test_time_off_is_added_listed_until_it_ends_and_removed(trainer_api: Api, trainer: Person, sql: Any) -> None:
    start = utcnow() + timedelta(days=10)
    created = trainer_api.post(
        _url(trainer, "/time-off"),
        json={"starts_at": start.isoformat(), "ends_at": (start + timedelta(days=7)).isoformat(), "reason": "Holiday"},
    )
    assert created.status_code == 201, created.json
    assert created.json["starts_at"].endswith("Z")
    current = trainer_api.post(
        _url(trainer, "/time-off"),
        json={
            "starts_at": (utcnow() - timedelta(days=1)).isoformat(),
            "ends_at": (utcnow() + timedelta(hours=3)).isoformat(),
        },
    )
    assert current.status_code == 201, current.json
    listed = trainer_api.get(_url(trainer, "/availability")).json["time_off"]
    assert [t["id"] for t in listed] == [current.json["id"], created.json["id"]]
    assert trainer_api.delete(f"/api/v1/time-off/{created.json['id']}").status_code == 204
    assert trainer_api.delete(f"/api/v1/time-off/{created.json['id']}").status_code == 404
    assert _audit(sql) == ["time_off.create", "time_off.create", "time_off.delete"]


@pytest.mark.parametrize(
    ("starts", "ends", "field"),
    [
        (timedelta(days=2), timedelta(days=1), "ends_at"),
        (timedelta(days=2), timedelta(days=2), "ends_at"),
        (timedelta(days=2), timedelta(days=400), "ends_at"),
        (timedelta(days=-3), timedelta(days=-1), "ends_at"),  # already over
    ],
)
def test_bad_time_off_is_refused(
    trainer_api: Api, trainer: Person, starts: timedelta, ends: timedelta, field: str
) -> None:
    now = utcnow()
    body = {"starts_at": (now + starts).isoformat(), "ends_at": (now + ends).isoformat()}
    assert field in _errors(trainer_api.post(_url(trainer, "/time-off"), json=body))


def test_time_off_needs_an_offset(trainer_api: Api, trainer: Person) -> None:
    body = {"starts_at": "2030-01-01T09:00:00", "ends_at": "2030-01-02T09:00:00"}
    assert {"starts_at", "ends_at"} <= set(_errors(trainer_api.post(_url(trainer, "/time-off"), json=body)))
