"""GET /slots on the real database: hours, appointments with buffers, time off, closures, rules and scoping."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest

from fitnesscrm.core.actor import Actor
from fitnesscrm.core.business import local_to_utc
from fitnesscrm.scheduling.availability import service as availability_service
from fitnesscrm.scheduling.models import Appointment, AppointmentStatus, AvailabilityException, ExceptionKind, TimeOff

from ..factories import Api, Factory, Person
from .authz_setup import count_queries, make_location, make_service, set_rules

LONDON = ZoneInfo("Europe/London")
TODAY = datetime.now(LONDON).date()
MONDAY = TODAY + timedelta(days=7 + (-TODAY.weekday()) % 7)  # a Monday one to two weeks ahead


def _at(hour: int, minute: int = 0, day: date = MONDAY, zone: ZoneInfo = LONDON) -> datetime:
    return local_to_utc(day, time(hour, minute), zone)


def _z(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


@pytest.fixture
def world(factory: Factory) -> dict[str, Any]:
    set_rules(factory.database, min_notice_minutes=0, max_advance_days=365, slot_interval_minutes=15)
    location_id = make_location(factory.database)
    trainer = factory.trainer(first_name="Maya")
    _hours(factory, trainer, location_id, [(0, "09:00", "14:00")])
    return {
        "trainer": trainer,
        "location_id": location_id,
        "service_id": make_service(factory.database, duration_minutes=60, buffer_minutes=15),
        "client": factory.client(trainer=trainer, account=True),
    }


def _hours(factory: Factory, trainer: Person, location_id: uuid.UUID, windows: list[tuple[int, str, str]]) -> None:
    assert trainer.trainer_id is not None
    with factory.database.session() as s:
        availability_service.replace_working_hours(
            s,
            actor=Actor.system(),
            if_match="*",
            trainer_id=trainer.trainer_id,
            windows=[
                {
                    "location_id": location_id,
                    "weekday": day,
                    "start_time": time.fromisoformat(start),
                    "end_time": time.fromisoformat(end),
                }
                for day, start, end in windows
            ],
        )


def _slots(
    api: Api,
    service_id: Any,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    trainer: Person | None = None,
) -> Any:
    query = {"service_id": str(service_id), "from": _z(start or _at(0)), "to": _z(end or _at(0) + timedelta(days=1))}
    if trainer is not None:
        query["trainer_id"] = str(trainer.trainer_id)
    return api.get(f"/api/v1/slots?{urlencode(query)}")


def _local_starts(response: Any, zone: ZoneInfo = LONDON) -> list[str]:
    assert response.status_code == 200, response.json
    return [datetime.fromisoformat(s["starts_at"]).astimezone(zone).strftime("%H:%M") for s in response.json["items"]]


def _book(
    factory: Factory,
    trainer: Person,
    service_id: uuid.UUID,
    start: datetime,
    *,
    minutes: int = 60,
    buffer: int = 15,
    status: AppointmentStatus = AppointmentStatus.SCHEDULED,
) -> None:
    end = start + timedelta(minutes=minutes)
    with factory.database.session() as s:
        s.add(
            Appointment(
                service_id=service_id,
                kind="one_to_one",
                trainer_id=trainer.trainer_id,
                starts_at=start,
                ends_at=end,
                blocked_until=end + timedelta(minutes=buffer),
                capacity=1,
                status=status,
            )
        )


def _every_quarter(first: str, last: str) -> list[str]:
    start, end = datetime.strptime(first, "%H:%M"), datetime.strptime(last, "%H:%M")
    count = (end - start) // timedelta(minutes=15) + 1
    return [(start + timedelta(minutes=15 * i)).strftime("%H:%M") for i in range(count)]


def test_a_client_sees_their_trainers_free_hours_on_the_grid(factory: Factory, world: dict[str, Any]) -> None:
    api = factory.api(world["client"])
    response = _slots(api, world["service_id"])
    assert _local_starts(response) == _every_quarter("09:00", "13:00")
    first = response.json["items"][0]
    assert first["trainer_name"].startswith("Maya ")
    assert first == {
        "trainer_id": str(world["trainer"].trainer_id),
        "trainer_name": first["trainer_name"],
        "location_id": str(world["location_id"]),
        "starts_at": _z(_at(9)),
        "ends_at": _z(_at(10)),
    }
    assert response.json["truncated"] is False


def test_appointments_and_their_buffers_take_slots_away(factory: Factory, world: dict[str, Any]) -> None:
    trainer, service_id = world["trainer"], world["service_id"]
    _book(factory, trainer, service_id, _at(10))  # 10:00-11:00, blocked to 11:15
    _book(factory, trainer, service_id, _at(9), status=AppointmentStatus.CANCELLED)  # frees nothing up, blocks nothing
    starts = _local_starts(_slots(factory.api(world["client"]), service_id))
    # A new slot blocks start → end + 15: it must finish (with buffer) by 10:00 or start from 11:15.
    assert starts == _every_quarter("11:15", "13:00")


def test_time_off_and_closures_take_slots_away(factory: Factory, world: dict[str, Any]) -> None:
    trainer, service_id = world["trainer"], world["service_id"]
    with factory.database.session() as s:
        s.add(TimeOff(trainer_id=trainer.trainer_id, starts_at=_at(12), ends_at=_at(13)))
        s.add(
            AvailabilityException(
                trainer_id=trainer.trainer_id,
                on_date=MONDAY,
                kind=ExceptionKind.UNAVAILABLE,
                start_time=time(9),
                end_time=time(10),
            )
        )
    api = factory.api(world["client"])
    # 10:00 → 10:45 end (with buffer) before the time off at 12:00; 13:00 fits after it.
    assert _local_starts(_slots(api, service_id)) == [*_every_quarter("10:00", "10:45"), "13:00"]
    with factory.database.session() as s:
        s.add(AvailabilityException(trainer_id=trainer.trainer_id, on_date=MONDAY, kind=ExceptionKind.UNAVAILABLE))
    assert _local_starts(_slots(api, service_id)) == []


def test_extra_hours_add_slots(factory: Factory, world: dict[str, Any]) -> None:
    with factory.database.session() as s:
        s.add(
            AvailabilityException(
                trainer_id=world["trainer"].trainer_id,
                on_date=MONDAY + timedelta(days=1),
                kind=ExceptionKind.AVAILABLE,
                start_time=time(18),
                end_time=time(19, 30),
                location_id=world["location_id"],
            )
        )
    response = _slots(
        factory.api(world["client"]),
        world["service_id"],
        start=_at(0, day=MONDAY + timedelta(days=1)),
        end=_at(0, day=MONDAY + timedelta(days=2)),
    )
    assert _local_starts(response) == ["18:00", "18:15", "18:30"]


def test_min_notice_and_max_advance_apply(factory: Factory, world: dict[str, Any]) -> None:
    trainer, api = world["trainer"], factory.api(world["trainer"])
    set_rules(factory.database, max_advance_days=3)  # the Monday is at least a week away
    assert _local_starts(_slots(api, world["service_id"])) == []
    soon = TODAY + timedelta(days=3)
    _hours(factory, trainer, world["location_id"], [(soon.weekday(), "09:00", "14:00")])
    # A minute more than the time until 11:00 that day (about three days): 11:00 is too soon, 11:15 is not.
    notice = (_at(11, day=soon) - datetime.now(UTC)) // timedelta(minutes=1) + 1
    set_rules(factory.database, min_notice_minutes=notice, max_advance_days=365)
    starts = _local_starts(
        _slots(api, world["service_id"], start=_at(0, day=soon), end=_at(0, day=soon + timedelta(days=1)))
    )
    assert starts == _every_quarter("11:15", "13:00")


def test_archived_locations_offer_no_slots(factory: Factory, world: dict[str, Any]) -> None:
    admin = factory.api(factory.admin())
    assert admin.post(f"/api/v1/locations/{world['location_id']}/archive").status_code == 200
    assert _local_starts(_slots(admin, world["service_id"], trainer=world["trainer"])) == []


def test_scoping_of_slots(factory: Factory, world: dict[str, Any]) -> None:
    trainer, service_id = world["trainer"], world["service_id"]
    other = factory.trainer(first_name="Jonas")
    _hours(factory, other, world["location_id"], [(0, "13:00", "14:00")])
    client_api = factory.api(world["client"])
    # A client sees only their own trainers, and asking for another is "no such trainer".
    assert {s["trainer_id"] for s in _slots(client_api, service_id).json["items"]} == {str(trainer.trainer_id)}
    assert _slots(client_api, service_id, trainer=other).status_code == 404
    # A trainer sees their own by default; another trainer's calendar is out of scope.
    other_api = factory.api(other)
    assert _local_starts(_slots(other_api, service_id)) == ["13:00"]
    assert _slots(other_api, service_id, trainer=trainer).status_code == 404
    # An admin sees every active trainer, earliest first; an inactive trainer offers nothing.
    admin_api = factory.api(factory.admin())
    both = _slots(admin_api, service_id).json["items"]
    assert [(s["starts_at"], s["trainer_name"].split()[0]) for s in both][-2:] == [
        (_z(_at(13)), "Jonas"),
        (_z(_at(13)), "Maya"),
    ]
    with factory.database.session() as s:
        from fitnesscrm.staff.models import Trainer

        s.get(Trainer, other.trainer_id).active = False
    assert {s["trainer_id"] for s in _slots(admin_api, service_id).json["items"]} == {str(trainer.trainer_id)}


def test_which_services_offer_slots(factory: Factory, world: dict[str, Any]) -> None:
    db = factory.database
    client_api, admin_api = factory.api(world["client"]), factory.api(factory.admin())
    staff_only = make_service(db, name="Assessment 30 min", duration_minutes=30, client_bookable=False)
    assert _slots(client_api, staff_only).status_code == 404
    assert _local_starts(_slots(admin_api, staff_only, trainer=world["trainer"]))[-1] == "13:30"
    group = make_service(db, name="HIIT", kind="group", duration_minutes=45, default_capacity=12)
    assert _slots(admin_api, group).status_code == 422
    assert _slots(admin_api, uuid.uuid4()).status_code == 404
    assert admin_api.post(f"/api/v1/services/{world['service_id']}/archive").status_code == 200
    assert _slots(client_api, world["service_id"]).status_code == 404
    assert _slots(admin_api, world["service_id"]).status_code == 422


@pytest.mark.parametrize(
    "query",
    [
        "from=2027-01-01T00:00:00Z&to=2027-02-02T00:00:00Z",  # 32 days
        "from=2027-01-02T00:00:00Z&to=2027-01-01T00:00:00Z",  # backwards
        "from=2027-01-01T00:00:00Z&to=2027-01-01T00:00:00Z",  # empty
        "from=2027-01-01T00:00:00&to=2027-01-02T00:00:00Z",  # no offset
        "from=tomorrow&to=2027-01-02T00:00:00Z",
        "to=2027-01-02T00:00:00Z",
    ],
)
def test_bad_ranges_are_refused(factory: Factory, world: dict[str, Any], query: str) -> None:
    response = factory.api(world["client"]).get(f"/api/v1/slots?service_id={world['service_id']}&{query}")
    assert response.status_code == 422, response.json


def test_an_unencoded_plus_in_the_offset_is_understood(factory: Factory, world: dict[str, Any]) -> None:
    start = _at(0).astimezone(ZoneInfo("Europe/Berlin")).isoformat()  # "...+01:00" or "+02:00"
    end = (_at(0) + timedelta(days=1)).isoformat()
    response = factory.api(world["client"]).get(f"/api/v1/slots?service_id={world['service_id']}&from={start}&to={end}")
    assert len(_local_starts(response)) == 17


def test_slots_keep_local_time_across_the_berlin_spring_change(factory: Factory, world: dict[str, Any]) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    set_rules(factory.database, timezone="Europe/Berlin", max_advance_days=730, slot_interval_minutes=60)
    trainer = world["trainer"]
    _hours(factory, trainer, world["location_id"], [(day, "07:00", "08:00") for day in range(7)])
    first = date(2027, 3, 25)  # summer time starts on Sunday 28 March 2027
    response = _slots(
        factory.api(trainer),
        world["service_id"],
        start=_at(0, day=first, zone=berlin),
        end=_at(0, day=first + timedelta(days=6), zone=berlin),
    )
    assert _local_starts(response, berlin) == ["07:00"] * 6
    assert [datetime.fromisoformat(s["starts_at"]).hour for s in response.json["items"]] == [6, 6, 6, 5, 5, 5]


def test_slots_for_every_trainer_cost_the_same_queries_for_one_or_many(factory: Factory, world: dict[str, Any]) -> None:
    admin_api = factory.api(factory.admin())

    def statements() -> int:
        with count_queries(factory.database) as run:
            assert _slots(admin_api, world["service_id"]).status_code == 200
        return len(run)

    one = statements()
    for name in ("Jonas", "Priya", "Diego"):
        extra = factory.trainer(first_name=name)
        _hours(factory, extra, world["location_id"], [(0, "09:00", "12:00")])
        _book(factory, extra, world["service_id"], _at(10))
    assert statements() == one
