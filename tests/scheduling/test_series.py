"""Recurring series: RRULE validation, DST, conflicts, this/following/all edits and cancels, horizon extension."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from fitnesscrm.app import create_app
from fitnesscrm.core.events import DomainEvent
from fitnesscrm.scheduling import placement
from fitnesscrm.scheduling.models import Appointment, AppointmentStatus, Booking, BookingStatus, Series
from fitnesscrm.scheduling.series import service as series_service

from ..conftest import make_settings
from ..factories import Api, Factory, Person
from .calendar_support import SYSTEM, Studio, appointments, place, studio

TODAY = date.today()


def _next_monday(after_days: int = 3) -> date:
    day = TODAY + timedelta(days=after_days)
    return day + timedelta(days=(7 - day.weekday()) % 7)


@pytest.fixture
def team(factory: Factory) -> dict[str, Any]:
    trainer = factory.trainer()
    return {
        "studio": studio(factory),
        "trainer": trainer,
        "client": factory.client(trainer=trainer),
        "api": factory.api(trainer),
        "admin": factory.api(factory.admin()),
    }


def _create(api: Api, s: Studio, trainer: Person, **fields: Any) -> Any:
    body = {
        "service_id": str(s.class_id),
        "trainer_id": str(trainer.trainer_id),
        "starts_on": _next_monday().isoformat(),
        "start_time": "07:00",
        "rrule": "FREQ=WEEKLY;COUNT=6",
        **fields,
    }
    return api.post("/api/v1/series", json=body)


def _local(moment: datetime, zone: str = "Europe/London") -> datetime:
    return moment.astimezone(ZoneInfo(zone))


def _live(factory: Factory, series_id: Any) -> list[Appointment]:
    return [a for a in appointments(factory, series_id=series_id) if a.status is AppointmentStatus.SCHEDULED]


# --- creating ------------------------------------------------------------------------------------


def test_weekly_class_series_materialises_every_occurrence_at_local_time(factory: Factory, team: dict) -> None:
    response = _create(
        team["api"],
        team["studio"],
        team["trainer"],
        rrule="FREQ=WEEKLY;BYDAY=MO,TH;COUNT=6",
        room_id=str(team["studio"].room_id),
        capacity=8,
        title="Morning HIIT",
    )
    assert response.status_code == 201, response.json
    body = response.json
    assert body["capacity"] == 8
    assert body["title"] == "Morning HIIT"
    assert body["timezone"] == "Europe/London"
    assert body["location_id"] == str(team["studio"].location_id)  # implied by the room
    occurrences = appointments(factory, series_id=body["id"])
    assert len(occurrences) == 6 == len(body["upcoming"])
    assert [_local(o.starts_at).weekday() for o in occurrences] == [0, 3, 0, 3, 0, 3]
    assert {_local(o.starts_at).time() for o in occurrences} == {time(7)}
    assert all(o.capacity == 8 and o.room_id == team["studio"].room_id for o in occurrences)
    assert all(o.original_start == o.starts_at for o in occurrences)


def test_one_to_one_series_books_its_client_on_every_occurrence(factory: Factory, team: dict) -> None:
    client = team["client"]
    response = _create(
        team["api"],
        team["studio"],
        team["trainer"],
        service_id=str(team["studio"].pt_id),
        client_id=str(client.client_id),
        rrule="FREQ=DAILY;INTERVAL=2;COUNT=5",
    )
    assert response.status_code == 201, response.json
    with factory.database.session() as s:
        bookings = s.scalars(
            select(Booking).join(Appointment).where(Appointment.series_id == response.json["id"])
        ).all()
        assert len(bookings) == 5
        assert {(b.client_id, b.status) for b in bookings} == {(client.client_id, BookingStatus.BOOKED)}
        booked_events = s.scalar(
            select(func.count())
            .select_from(DomainEvent)
            .where(DomainEvent.kind == "booking.booked", DomainEvent.client_id == client.client_id)
        )
        assert booked_events == 5


def test_one_to_one_series_needs_a_client_of_that_trainer(factory: Factory, team: dict) -> None:
    s, trainer = team["studio"], team["trainer"]
    missing = _create(team["api"], s, trainer, service_id=str(s.pt_id))
    assert missing.status_code == 422
    assert missing.json["errors"][0]["field"] == "client_id"
    stranger = factory.client(trainer=factory.trainer())
    assert (
        _create(team["admin"], s, trainer, service_id=str(s.pt_id), client_id=str(stranger.client_id)).status_code
        == 422
    )
    assert (
        _create(team["api"], s, trainer, service_id=str(s.pt_id), client_id=str(stranger.client_id)).status_code == 404
    )  # not the trainer's client at all
    group_with_client = _create(team["api"], s, trainer, client_id=str(team["client"].client_id))
    assert group_with_client.status_code == 422


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=YEARLY;COUNT=3", "FREQ must be"),
        ("FREQ=WEEKLY;COUNT=501", "COUNT"),
        ("FREQ=WEEKLY;COUNT=0", "COUNT"),
        ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL"),
        ("FREQ=WEEKLY;BYHOUR=7", "BYHOUR"),
        ("FREQ=WEEKLY;BYDAY=XX", "BYDAY takes"),
        ("FREQ=WEEKLY;WKST=XX", "cannot be read"),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20300101", "not both"),
        ("FREQ=WEEKLY;COUNT", "NAME=VALUE"),
        ("this is not a rule", "NAME=VALUE"),
        ("FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=31", "No month"),
        ("FREQ=WEEKLY;BYDAY=1MO", "needs FREQ=MONTHLY"),
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=5", "BYSETPOS"),
        ("FREQ=DAILY;INTERVAL=7;BYDAY=TU", "FREQ=WEEKLY"),
        ("FREQ=WEEKLY;BYMONTHDAY=3", "BYMONTHDAY"),
        ("FREQ=MONTHLY;BYMONTH=13", "BYMONTH"),
        ("FREQ=WEEKLY;UNTIL=20200101", "no occurrences"),
    ],
)
def test_bad_rules_are_422_naming_the_problem(team: dict, rule: str, message: str) -> None:
    response = _create(team["api"], team["studio"], team["trainer"], rrule=rule)
    assert response.status_code == 422, response.json
    assert response.json["errors"][0]["field"] == "rrule"
    assert message in response.json["detail"]


def test_open_ended_rule_is_materialised_up_to_the_horizon(factory: Factory, team: dict, app: Any) -> None:
    response = _create(team["api"], team["studio"], team["trainer"], rrule="FREQ=DAILY")
    assert response.status_code == 201, response.json
    horizon = app.extensions["fitnesscrm"].settings.series_horizon_days
    london_today = datetime.now(ZoneInfo("Europe/London")).date()
    last = london_today + timedelta(days=horizon)
    assert response.json["materialised_until"] == last.isoformat()
    assert len(appointments(factory, series_id=response.json["id"])) == (last - _next_monday()).days + 1
    assert response.json["next_unplaced_on"] == (last + timedelta(days=1)).isoformat()  # placed as time goes by


def test_a_series_beyond_the_horizon_says_when_it_begins(team: dict, app: Any) -> None:
    """Nothing of it is on the calendar yet; the answer says so instead of an unexplained `upcoming: []`."""
    horizon = app.extensions["fitnesscrm"].settings.series_horizon_days
    later = _next_monday() + timedelta(weeks=horizon // 7 + 4)
    response = _create(team["api"], team["studio"], team["trainer"], starts_on=later.isoformat())
    assert response.status_code == 201, response.json
    assert response.json["upcoming"] == []
    assert response.json["next_unplaced_on"] == later.isoformat()
    read = team["api"].get(f"/api/v1/series/{response.json['id']}")
    assert read.json["next_unplaced_on"] == later.isoformat()

    placed = _create(team["api"], team["studio"], team["trainer"], start_time="08:30")  # six weeks, all placed
    assert len(placed.json["upcoming"]) == 6
    assert placed.json["next_unplaced_on"] is None


def test_until_in_utc_and_as_a_date_include_their_last_day(factory: Factory, team: dict) -> None:
    start = _next_monday()
    third = start + timedelta(days=14)
    for until in (f"{third:%Y%m%d}", f"{third:%Y%m%d}T235959Z"):
        series = _create(team["api"], team["studio"], team["trainer"], rrule=f"RRULE:freq=weekly;until={until}")
        assert series.status_code == 201, series.json
        assert len(appointments(factory, series_id=series.json["id"])) == 3
        assert (
            team["api"]
            .post(
                f"/api/v1/series/{series.json['id']}/cancel",
                json={"scope": "all", "occurrence_id": series.json["upcoming"][0]["id"]},
            )
            .status_code
            == 200
        )


def test_clashing_occurrences_are_all_listed_and_the_series_can_skip_them(factory: Factory, team: dict) -> None:
    s, trainer = team["studio"], team["trainer"]
    third, fifth = _next_monday() + timedelta(days=14), _next_monday() + timedelta(days=28)
    for day in (third, fifth):
        clash = datetime.combine(day, time(7, 30), tzinfo=ZoneInfo("Europe/London")).astimezone(UTC)
        place(
            factory,
            service_id=s.pt_id,
            trainer_id=trainer.trainer_id,
            starts_at=clash,
            clients=(team["client"].client_id,),
        )
    response = _create(team["api"], s, trainer)
    assert response.status_code == 409
    assert response.json["type"].endswith("/series-clashes")
    assert response.json["detail"].startswith(f"2 of 6 occurrences cannot be placed. {third.isoformat()}: ")
    clashes = response.json["clashes"]
    assert [c["date"] for c in clashes] == [third.isoformat(), fifth.isoformat()]
    assert {c["type"] for c in clashes} == {"double-booking"}
    assert "already has" in clashes[0]["detail"]
    with factory.database.session() as session:
        assert session.scalar(select(func.count()).select_from(Series)) == 0
        assert session.scalar(select(func.count()).select_from(Appointment)) == 2

    skipped = _create(team["api"], s, trainer, skip_dates=[c["date"] for c in clashes])
    assert skipped.status_code == 201, skipped.json
    dates = [_local(o.starts_at).date() for o in _live(factory, skipped.json["id"])]
    assert len(dates) == 4
    assert third not in dates
    assert fifth not in dates
    # The periodic extension never brings a skipped date back: it starts after what creation covered.
    with factory.database.session() as session:
        assert series_service.extend_all(session, today=TODAY, horizon_days=90) == 0


# --- DST -------------------------------------------------------------------------------------------


@pytest.fixture
def long_horizon_app(app: Any, pg_url: str, redis_url: str) -> Any:
    """The same database behind an app whose horizon reaches past both DST changes of next year."""
    return create_app(make_settings(pg_url, redis_url, series_horizon_days=400))


@pytest.mark.parametrize(
    ("zone", "spring", "autumn", "winter_utc", "summer_utc"),
    [
        ("Europe/Berlin", date(2027, 3, 28), date(2027, 10, 31), 6, 5),
        ("America/New_York", date(2027, 3, 14), date(2027, 11, 7), 12, 11),
    ],
)
def test_weekly_07_00_series_stays_07_00_local_across_both_dst_changes(
    factory: Factory, long_horizon_app: Any, zone: str, spring: date, autumn: date, winter_utc: int, summer_utc: int
) -> None:
    s = studio(factory, timezone=zone)
    trainer = factory.trainer()
    api = Api(long_horizon_app.test_client())
    assert api.login(trainer.email).status_code == 200
    response = _create(api, s, trainer, starts_on="2027-01-04", rrule="FREQ=WEEKLY;BYDAY=MO;COUNT=48")
    assert response.status_code == 201, response.json
    occurrences = appointments(factory, series_id=response.json["id"])
    assert len(occurrences) == 48
    for occurrence in occurrences:
        local = occurrence.starts_at.astimezone(ZoneInfo(zone))
        assert (local.weekday(), local.time()) == (0, time(7)), local
        summer = spring <= local.date() < autumn
        assert occurrence.starts_at.hour == (summer_utc if summer else winter_utc), occurrence.starts_at
    offsets = [o.starts_at.astimezone(ZoneInfo(zone)).utcoffset() for o in occurrences]
    assert len(set(offsets)) == 2  # the offset really flipped, and back
    assert offsets[0] == offsets[-1] != offsets[20]


def test_series_keeps_local_time_when_extended_across_a_dst_change(factory: Factory) -> None:
    s = studio(factory, timezone="Europe/Berlin")
    trainer = factory.trainer()
    with factory.database.session() as session:
        series = series_service.create_series(
            session,
            actor=SYSTEM,
            horizon_days=30,
            service_id=s.class_id,
            trainer_id=trainer.trainer_id,
            starts_on=date(2027, 2, 1),
            start_time=time(7),
            rrule="FREQ=WEEKLY",
            now=datetime(2027, 1, 25, 12, tzinfo=UTC),
        )
        created = series_service.extend_all(session, today=date(2027, 2, 20), horizon_days=60)
        assert created > 0
        series_id = series.id
    occurrences = appointments(factory, series_id=series_id)
    assert {o.starts_at.astimezone(ZoneInfo("Europe/Berlin")).time() for o in occurrences} == {time(7)}
    assert {o.starts_at.hour for o in occurrences} == {5, 6}


# --- edits ---------------------------------------------------------------------------------------


def _series_with(team: dict, **fields: Any) -> dict[str, Any]:
    response = _create(team["api"], team["studio"], team["trainer"], **fields)
    assert response.status_code == 201, response.json
    return dict(response.json)


def test_edit_this_moves_one_occurrence_and_detaches_it(factory: Factory, team: dict) -> None:
    series = _series_with(team)
    target = series["upcoming"][2]
    response = team["api"].post(
        f"/api/v1/series/{series['id']}/edit",
        json={"scope": "this", "occurrence_id": target["id"], "start_time": "09:30", "title": "Late HIIT"},
    )
    assert response.status_code == 200, response.json
    occurrences = appointments(factory, series_id=series["id"])
    moved = next(o for o in occurrences if str(o.id) == target["id"])
    assert _local(moved.starts_at).time() == time(9, 30)
    assert moved.detached
    assert moved.title == "Late HIIT"
    assert _local(moved.starts_at).date() == _local(moved.original_start).date()
    others = [o for o in occurrences if o.id != moved.id]
    assert {_local(o.starts_at).time() for o in others} == {time(7)}
    assert not any(o.detached for o in others)


def test_edit_all_moves_every_upcoming_occurrence_but_not_detached_ones(factory: Factory, team: dict) -> None:
    series = _series_with(team)
    detached = series["upcoming"][1]["id"]
    assert (
        team["api"]
        .post(
            f"/api/v1/series/{series['id']}/edit",
            json={"scope": "this", "occurrence_id": detached, "start_time": "12:00"},
        )
        .status_code
        == 200
    )
    response = team["api"].post(
        f"/api/v1/series/{series['id']}/edit",
        json={
            "scope": "all",
            "occurrence_id": series["upcoming"][0]["id"],
            "start_time": "08:15",
            "duration_minutes": 30,
        },
    )
    assert response.status_code == 200, response.json
    assert response.json["start_time"] == "08:15"
    assert response.json["duration_minutes"] == 30
    for occurrence in appointments(factory, series_id=series["id"]):
        expected = time(12) if str(occurrence.id) == detached else time(8, 15)
        assert _local(occurrence.starts_at).time() == expected
        if str(occurrence.id) != detached:
            assert occurrence.ends_at - occurrence.starts_at == timedelta(minutes=30)


def test_edit_all_with_a_clash_changes_nothing(factory: Factory, team: dict) -> None:
    series = _series_with(team)
    last_day = _local(datetime.fromisoformat(series["upcoming"][-1]["starts_at"])).date()
    clash = datetime.combine(last_day, time(10), tzinfo=ZoneInfo("Europe/London")).astimezone(UTC)
    place(factory, service_id=team["studio"].pt_id, trainer_id=team["trainer"].trainer_id, starts_at=clash)
    response = team["api"].post(
        f"/api/v1/series/{series['id']}/edit",
        json={"scope": "all", "occurrence_id": series["upcoming"][0]["id"], "start_time": "10:00"},
    )
    assert response.status_code == 409
    assert last_day.isoformat() in response.json["detail"]
    assert {_local(o.starts_at).time() for o in appointments(factory, series_id=series["id"])} == {time(7)}
    assert team["api"].get(f"/api/v1/series/{series['id']}").json["start_time"] == "07:00"


def test_edit_following_splits_the_series(factory: Factory, team: dict) -> None:
    series = _series_with(team, rrule="FREQ=WEEKLY;BYDAY=MO,TH;COUNT=8")
    pivot = series["upcoming"][3]
    pivot_day = _local(datetime.fromisoformat(pivot["starts_at"])).date()
    response = team["api"].post(
        f"/api/v1/series/{series['id']}/edit",
        json={"scope": "following", "occurrence_id": pivot["id"], "start_time": "18:00", "title": "Evening HIIT"},
    )
    assert response.status_code == 200, response.json
    successor = response.json
    assert successor["id"] != series["id"]
    assert successor["starts_on"] == pivot_day.isoformat()
    assert successor["rrule"].endswith("COUNT=5")
    old = team["api"].get(f"/api/v1/series/{series['id']}").json
    assert old["ended_on"] == (pivot_day - timedelta(days=1)).isoformat()
    old_occurrences = appointments(factory, series_id=series["id"])
    assert [o.status for o in old_occurrences] == [AppointmentStatus.SCHEDULED] * 3 + [AppointmentStatus.CANCELLED] * 5
    new_occurrences = _live(factory, successor["id"])
    assert len(new_occurrences) == 5
    assert {(_local(o.starts_at).time(), o.title) for o in new_occurrences} == {(time(18), "Evening HIIT")}
    assert _local(new_occurrences[0].starts_at).date() == pivot_day
    # The old series is no longer extended past its end.
    with factory.database.session() as session:
        series_service.extend_all(session, today=TODAY, horizon_days=200)
    assert len(_live(factory, series["id"])) == 3


def test_a_past_occurrence_cannot_be_edited(factory: Factory, team: dict) -> None:
    past_series = _series_in_the_past(factory, team)
    past = appointments(factory, series_id=past_series)[0]
    response = team["api"].post(
        f"/api/v1/series/{past_series}/edit",
        json={"scope": "this", "occurrence_id": str(past.id), "start_time": "09:00"},
    )
    assert response.status_code == 409


def test_edit_needs_a_change_and_an_occurrence_of_that_series(factory: Factory, team: dict) -> None:
    one, two = _series_with(team), _series_with(team, start_time="12:00")
    nothing = team["api"].post(
        f"/api/v1/series/{one['id']}/edit", json={"scope": "all", "occurrence_id": one["upcoming"][0]["id"]}
    )
    assert nothing.status_code == 422
    foreign = team["api"].post(
        f"/api/v1/series/{one['id']}/edit",
        json={"scope": "this", "occurrence_id": two["upcoming"][0]["id"], "start_time": "09:00"},
    )
    assert foreign.status_code == 404


# --- cancelling ----------------------------------------------------------------------------------


def _series_in_the_past(factory: Factory, team: dict) -> Any:
    """A 1:1 daily series that began four days ago, with attendance marked on its first session."""
    with factory.database.session() as session:
        series = series_service.create_series(
            session,
            actor=SYSTEM,
            horizon_days=30,
            service_id=team["studio"].pt_id,
            trainer_id=team["trainer"].trainer_id,
            client_id=team["client"].client_id,
            starts_on=TODAY - timedelta(days=4),
            start_time=time(6),
            rrule="FREQ=DAILY;COUNT=10",
            now=datetime.now(UTC) - timedelta(days=4),
        )
        first = session.scalars(
            select(Appointment).where(Appointment.series_id == series.id).order_by(Appointment.starts_at)
        ).first()
        assert first is not None
        placement.mark_attendance(session, SYSTEM, booking=first.bookings[0], status=BookingStatus.ATTENDED)
        return series.id


def test_cancel_this_cancels_one_occurrence_and_its_booking(factory: Factory, team: dict) -> None:
    series = _series_with(team, service_id=str(team["studio"].pt_id), client_id=str(team["client"].client_id))
    target = series["upcoming"][1]["id"]
    response = team["api"].post(
        f"/api/v1/series/{series['id']}/cancel",
        json={"scope": "this", "occurrence_id": target, "reason": "Trainer at a course"},
    )
    assert response.status_code == 200, response.json
    statuses = {str(o.id): o.status for o in appointments(factory, series_id=series["id"])}
    assert statuses.pop(target) is AppointmentStatus.CANCELLED
    assert set(statuses.values()) == {AppointmentStatus.SCHEDULED}
    with factory.database.session() as session:
        cancelled = session.scalars(select(Booking).where(Booking.status == BookingStatus.CANCELLED)).all()
        assert [str(b.appointment_id) for b in cancelled] == [target]
    # The cancelled date is not re-created by the extension.
    with factory.database.session() as session:
        assert series_service.extend_all(session, today=TODAY, horizon_days=200) == 0


def test_cancel_following_and_all_keep_the_past_and_its_attendance(factory: Factory, team: dict) -> None:
    series_id = _series_in_the_past(factory, team)
    occurrences = appointments(factory, series_id=series_id)
    now = datetime.now(UTC)
    future = [o for o in occurrences if o.starts_at > now]
    response = team["api"].post(
        f"/api/v1/series/{series_id}/cancel", json={"scope": "following", "occurrence_id": str(future[2].id)}
    )
    assert response.status_code == 200, response.json
    after = {o.id: o.status for o in appointments(factory, series_id=series_id)}
    assert [after[o.id] for o in future[:2]] == [AppointmentStatus.SCHEDULED] * 2
    assert {after[o.id] for o in future[2:]} == {AppointmentStatus.CANCELLED}
    response = team["api"].post(
        f"/api/v1/series/{series_id}/cancel", json={"scope": "all", "occurrence_id": str(occurrences[0].id)}
    )
    assert response.status_code == 200, response.json
    final = appointments(factory, series_id=series_id)
    past = [o for o in final if o.starts_at <= now]
    assert past
    assert {o.status for o in past} == {AppointmentStatus.SCHEDULED}
    assert {o.status for o in final if o.starts_at > now} == {AppointmentStatus.CANCELLED}
    with factory.database.session() as session:
        first = session.get(Appointment, occurrences[0].id)
        assert first is not None
        assert first.bookings[0].status is BookingStatus.ATTENDED
    assert (
        team["api"]
        .post(f"/api/v1/series/{series_id}/cancel", json={"scope": "this", "occurrence_id": str(occurrences[0].id)})
        .status_code
        == 409
    )


# --- horizon extension ---------------------------------------------------------------------------


def test_extension_is_idempotent_and_skips_existing_occurrences(factory: Factory, team: dict) -> None:
    series = _series_with(team, rrule="FREQ=WEEKLY;BYDAY=MO,WE")
    before = len(appointments(factory, series_id=series["id"]))
    with factory.database.session() as session:
        created = series_service.extend_all(session, today=TODAY, horizon_days=150)
    after = appointments(factory, series_id=series["id"])
    assert created == len(after) - before > 0
    with factory.database.session() as session:
        assert series_service.extend_all(session, today=TODAY, horizon_days=150) == 0
        # Even when the bookkeeping is lost, existing dates are recognised and not duplicated.
        stored = session.get(Series, series["id"])
        assert stored is not None
        stored.materialised_until = TODAY
        session.flush()
        assert series_service.extend_all(session, today=TODAY, horizon_days=150) == 0
    days = [_local(o.starts_at).date() for o in appointments(factory, series_id=series["id"])]
    assert len(days) == len(set(days)) == len(after)


def test_extension_skips_a_clashing_date_and_carries_on(factory: Factory, team: dict) -> None:
    series = _series_with(team, rrule="FREQ=DAILY")
    with factory.database.session() as session:
        until = session.get(Series, series["id"]).materialised_until  # type: ignore[union-attr]
    blocked_day = until + timedelta(days=2)
    clash = datetime.combine(blocked_day, time(7), tzinfo=ZoneInfo("Europe/London")).astimezone(UTC)
    place(factory, service_id=team["studio"].pt_id, trainer_id=team["trainer"].trainer_id, starts_at=clash)
    with factory.database.session() as session:
        created = series_service.extend_all(session, today=TODAY, horizon_days=(until - TODAY).days + 5)
    assert created == 4
    days = {_local(o.starts_at).date() for o in appointments(factory, series_id=series["id"])}
    assert blocked_day not in days
    assert blocked_day + timedelta(days=1) in days


# --- reading -------------------------------------------------------------------------------------


def test_trainers_see_only_their_own_series(factory: Factory, team: dict) -> None:
    mine = _series_with(team)
    other = factory.trainer()
    other_api = factory.api(other)
    assert _create(other_api, team["studio"], other, start_time="10:00").status_code == 201
    listed = team["api"].get("/api/v1/series").json["items"]
    assert [s["id"] for s in listed] == [mine["id"]]
    assert len(listed[0]["upcoming"]) == 6
    assert other_api.get(f"/api/v1/series/{mine['id']}").status_code == 404
    assert other_api.get(f"/api/v1/series?trainer_id={team['trainer'].trainer_id}").status_code == 404
    assert len(team["admin"].get("/api/v1/series").json["items"]) == 2
    filtered = team["admin"].get(f"/api/v1/series?trainer_id={other.trainer_id}").json["items"]
    assert len(filtered) == 1
    assert filtered[0]["trainer_id"] == str(other.trainer_id)
