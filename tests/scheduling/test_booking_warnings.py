"""What staff are told when a booking does not fit: the buffer behind a double booking, a time outside the
trainer's working hours (confirmable), time off (refused), and a series' clashing dates (skippable).

Every test runs on PostgreSQL (exclusion constraints behind the checks) and on SQLite, the embedded mode,
where the checks alone keep the calendar right: both must answer the same.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from fitnesscrm.scheduling.models import Appointment, Series, TimeOff, WorkingHours

from ..factories import Factory
from .booking_support import (
    CLASSES,
    SESSIONS,
    Studio,
    add_session,
    at,
    iso,
    problem_type,
    studio,
    working_hours,
)


@pytest.fixture
def world(either_app: Any) -> Studio:
    return studio(Factory(either_app))


def _session(w: Studio, **overrides: Any) -> dict[str, Any]:
    return {
        "service_id": str(w.pt_id),
        "trainer_id": str(w.trainer.trainer_id),
        "client_id": str(w.client.client_id),
        "starts_at": iso(at(3, 10)),
        **overrides,
    }


def _count(w: Studio, model: Any) -> int:
    with w.database.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _trainer_name(w: Studio) -> str:
    return w.api(w.admin).get(f"/api/v1/trainers/{w.trainer.trainer_id}").json["full_name"]


# --- double booking: name the buffer -------------------------------------------------------------


def test_a_clash_caused_only_by_the_buffer_says_so_and_when_the_next_start_fits(world: Studio) -> None:
    add_session(world, client=world.client, starts_at=at(3, 10))  # PT 60: 10:00-11:00, blocked until 11:15
    other = world.factory.client(trainer=world.trainer, first_name="Bea")
    api = world.api(world.trainer)
    name = _trainer_name(world)

    after = api.post(SESSIONS, json=_session(world, client_id=str(other.client_id), starts_at=iso(at(3, 11))))
    assert after.status_code == 409
    assert problem_type(after) == "double-booking"
    assert after.json["detail"].startswith(f"The trainer {name} already has PT 60 on ")
    assert "10:00-11:00" in after.json["detail"]
    assert after.json["detail"].endswith("With the 15-minute buffer between sessions the next one can start at 11:15.")

    before = api.post(SESSIONS, json=_session(world, client_id=str(other.client_id), starts_at=iso(at(3, 9))))
    assert before.status_code == 409
    assert before.json["detail"].endswith(
        "With the 15-minute buffer after this session it can start at 08:45 at the latest."
    )

    overlapping = api.post(SESSIONS, json=_session(world, client_id=str(other.client_id), starts_at=iso(at(3, 10, 30))))
    assert overlapping.status_code == 409
    assert "buffer" not in overlapping.json["detail"]
    assert _count(world, Appointment) == 1


def test_a_client_clash_through_the_buffer_names_the_client_and_the_buffer(world: Studio) -> None:
    add_session(world, client=world.client, starts_at=at(3, 10))
    response = world.api(world.admin).post(
        SESSIONS, json=_session(world, trainer_id=str(world.other_trainer.trainer_id), starts_at=iso(at(3, 11, 5)))
    )
    assert response.status_code == 409
    assert response.json["detail"].startswith("The client Cara ")
    assert response.json["detail"].endswith("the next one can start at 11:15.")


# --- outside working hours: a warning staff confirm ----------------------------------------------


def test_staff_booking_outside_working_hours_asks_for_confirmation(world: Studio) -> None:
    working_hours(world, world.trainer, time(8), time(18))
    api = world.api(world.trainer)
    night = at(3, 3)
    warned = api.post(SESSIONS, json=_session(world, starts_at=iso(night)))
    assert warned.status_code == 409
    assert problem_type(warned) == "outside-working-hours"
    assert warned.json["detail"] == (
        f"{night:%a %d %b} 03:00-04:00 is outside {_trainer_name(world)}'s working hours ({night:%a} 08:00-18:00)."
    )
    assert _count(world, Appointment) == 0

    confirmed = api.post(SESSIONS, json=_session(world, starts_at=iso(night), allow_outside_hours=True))
    assert confirmed.status_code == 201, confirmed.json
    inside = api.post(
        SESSIONS,
        json=_session(
            world, client_id=str(world.factory.client(trainer=world.trainer).client_id), starts_at=iso(at(3, 10))
        ),
    )
    assert inside.status_code == 201, inside.json


def test_a_session_running_past_the_end_of_the_day_is_outside_too(world: Studio) -> None:
    working_hours(world, world.trainer, time(8), time(18))
    response = world.api(world.admin).post(SESSIONS, json=_session(world, starts_at=iso(at(3, 17, 30))))
    assert response.status_code == 409
    assert problem_type(response) == "outside-working-hours"


def test_rescheduling_outside_working_hours_asks_too_and_changes_nothing_until_confirmed(world: Studio) -> None:
    working_hours(world, world.trainer, time(8), time(18))
    session_id = add_session(world, client=world.client, starts_at=at(3, 10))
    api = world.api(world.trainer)
    url = f"{SESSIONS}/{session_id}"
    etag = {"If-Match": api.get(url).headers["ETag"]}
    warned = api.patch(url, json={"starts_at": iso(at(4, 21))}, headers=etag)
    assert warned.status_code == 409
    assert problem_type(warned) == "outside-working-hours"
    assert api.get(url).json["starts_at"] == iso(at(3, 10))
    moved = api.patch(url, json={"starts_at": iso(at(4, 21)), "allow_outside_hours": True}, headers=etag)
    assert moved.status_code == 200, moved.json
    assert moved.json["starts_at"] == iso(at(4, 21))
    # Editing the notes of a session already outside the hours asks nothing.
    notes = api.patch(url, json={"notes": "late one"}, headers={"If-Match": moved.headers["ETag"]})
    assert notes.status_code == 200, notes.json


def test_a_class_outside_working_hours_asks_for_confirmation(world: Studio) -> None:
    working_hours(world, world.trainer, time(8), time(18))
    body = {"service_id": str(world.class_id), "trainer_id": str(world.trainer.trainer_id), "starts_at": iso(at(3, 6))}
    api = world.api(world.trainer)
    warned = api.post(CLASSES, json=body)
    assert warned.status_code == 409
    assert problem_type(warned) == "outside-working-hours"
    assert api.post(CLASSES, json={**body, "allow_outside_hours": True}).status_code == 201


def test_no_working_hours_set_means_nothing_to_warn_about(world: Studio) -> None:
    response = world.api(world.trainer).post(SESSIONS, json=_session(world, starts_at=iso(at(3, 3))))
    assert response.status_code == 201, response.json


def test_time_off_is_refused_even_when_outside_hours_are_allowed(world: Studio) -> None:
    working_hours(world, world.trainer, time(8), time(18))
    with world.database.session() as s:
        s.add(
            TimeOff(
                id=uuid.uuid4(),
                trainer_id=world.trainer.trainer_id,
                starts_at=at(3, 9),
                ends_at=at(3, 12),
                reason="Dentist",
            )
        )
    response = world.api(world.admin).post(
        SESSIONS, json=_session(world, starts_at=iso(at(3, 10)), allow_outside_hours=True)
    )
    assert response.status_code == 409
    assert problem_type(response) == "trainer-time-off"
    assert "(Dentist)" in response.json["detail"]
    assert _count(world, Appointment) == 0


def test_a_client_cannot_use_the_confirmation_to_book_outside_the_offered_slots(world: Studio) -> None:
    working_hours(world, world.trainer, time(8), time(18))
    response = world.api(world.client).post(
        SESSIONS, json=_session(world, starts_at=iso(at(3, 3)), allow_outside_hours=True)
    )
    assert response.status_code == 409
    assert problem_type(response) == "slot-unavailable"


# --- a series: list every clashing date, skip them or confirm out-of-hours ones -----------------


def _series(w: Studio, **fields: Any) -> dict[str, Any]:
    first = (datetime.now(UTC) + timedelta(days=3)).date()
    return {
        "service_id": str(w.pt_id),
        "trainer_id": str(w.trainer.trainer_id),
        "client_id": str(w.client.client_id),
        "starts_on": first.isoformat(),
        "start_time": "10:00",
        "rrule": "FREQ=DAILY;COUNT=4",
        **fields,
    }


def test_series_clashes_are_listed_by_kind_and_skipped_or_confirmed(world: Studio) -> None:
    first = (datetime.now(UTC) + timedelta(days=3)).date()
    days = [first + timedelta(days=n) for n in range(4)]
    # Day 2 works only in the afternoon; day 3 has a session at 10:30; day 4 is time off.
    with world.database.session() as s:
        s.add_all(
            WorkingHours(
                id=uuid.uuid4(),
                trainer_id=world.trainer.trainer_id,
                location_id=world.location_id,
                weekday=day.weekday(),
                start_time=time(13) if day == days[1] else time(8),
                end_time=time(18),
            )
            for day in days
        )
        s.add(
            TimeOff(
                id=uuid.uuid4(),
                trainer_id=world.trainer.trainer_id,
                starts_at=datetime.combine(days[3], time(0), tzinfo=UTC),
                ends_at=datetime.combine(days[3], time(23), tzinfo=UTC),
            )
        )
    other = world.factory.client(trainer=world.trainer, first_name="Bea")
    add_session(world, client=other, starts_at=datetime.combine(days[2], time(10, 30), tzinfo=UTC))
    api = world.api(world.trainer)

    refused = api.post("/api/v1/series", json=_series(world))
    assert refused.status_code == 409
    assert problem_type(refused) == "series-clashes"
    assert [(c["date"], c["type"]) for c in refused.json["clashes"]] == [
        (days[1].isoformat(), "outside-working-hours"),
        (days[2].isoformat(), "double-booking"),
        (days[3].isoformat(), "trainer-time-off"),
    ]
    assert _count(world, Series) == 0

    # Confirming the out-of-hours date leaves the hard clashes listed.
    confirmed = api.post("/api/v1/series", json=_series(world, allow_outside_hours=True))
    assert [c["date"] for c in confirmed.json["clashes"]] == [days[2].isoformat(), days[3].isoformat()]

    created = api.post(
        "/api/v1/series",
        json=_series(world, allow_outside_hours=True, skip_dates=[days[2].isoformat(), days[3].isoformat()]),
    )
    assert created.status_code == 201, created.json
    starts = sorted(o["starts_at"] for o in created.json["upcoming"])
    assert starts == [iso(datetime.combine(day, time(10), tzinfo=UTC)) for day in days[:2]]


def test_editing_a_series_confirmed_outside_hours_does_not_ask_again(world: Studio) -> None:
    working_hours(world, world.trainer, time(8), time(18))
    api = world.api(world.trainer)
    assert problem_type(api.post("/api/v1/series", json=_series(world, start_time="06:00"))) == "series-clashes"
    created = api.post("/api/v1/series", json=_series(world, start_time="06:00", allow_outside_hours=True))
    assert created.status_code == 201, created.json
    second = sorted(created.json["upcoming"], key=lambda o: o["starts_at"])[1]
    edited = api.post(
        f"/api/v1/series/{created.json['id']}/edit",
        json={"scope": "following", "occurrence_id": second["id"], "start_time": "06:30"},
    )
    assert edited.status_code == 200, edited.json
    assert {o["starts_at"][11:16] for o in edited.json["upcoming"] if o["status"] == "scheduled"} == {"06:30"}


def test_editing_the_following_occurrences_keeps_skipped_dates_empty_and_asks_for_another_trainer(
    world: Studio,
) -> None:
    first = (datetime.now(UTC) + timedelta(days=3)).date()
    days = [first + timedelta(days=n) for n in range(4)]
    other = world.factory.client(trainer=world.trainer, first_name="Bea")
    add_session(world, client=other, starts_at=datetime.combine(days[2], time(10, 30), tzinfo=UTC))
    api = world.api(world.admin)
    created = api.post("/api/v1/series", json=_series(world, skip_dates=[days[2].isoformat()]))
    assert created.status_code == 201, created.json
    first_occurrence = min(created.json["upcoming"], key=lambda o: o["starts_at"])

    # The skipped date still clashes at 10:15; the edit keeps it empty instead of refusing or reviving it.
    edited = api.post(
        f"/api/v1/series/{created.json['id']}/edit",
        json={"scope": "following", "occurrence_id": first_occurrence["id"], "start_time": "10:15"},
    )
    assert edited.status_code == 200, edited.json
    dates = sorted(o["starts_at"][:10] for o in edited.json["upcoming"] if o["status"] == "scheduled")
    assert dates == [days[0].isoformat(), days[1].isoformat(), days[3].isoformat()]

    # Another trainer's hours were never confirmed: their out-of-hours dates are listed, then confirmed.
    colleague = world.other_trainer
    assigned = api.put(f"/api/v1/clients/{world.client.client_id}/trainers/{colleague.trainer_id}", json={})
    assert assigned.status_code in (200, 201, 204), assigned.json
    working_hours(world, colleague, time(13), time(18))
    following = min(edited.json["upcoming"], key=lambda o: o["starts_at"])
    move = {"scope": "following", "occurrence_id": following["id"], "trainer_id": str(colleague.trainer_id)}
    asked = api.post(f"/api/v1/series/{edited.json['id']}/edit", json=move)
    assert problem_type(asked) == "series-clashes", asked.json
    assert {c["type"] for c in asked.json["clashes"]} == {"outside-working-hours"}
    moved = api.post(f"/api/v1/series/{edited.json['id']}/edit", json={**move, "allow_outside_hours": True})
    assert moved.status_code == 200, moved.json
