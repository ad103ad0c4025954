"""Scheduling setup through the HTTP API: booking rules, locations with rooms, services."""

from __future__ import annotations

from typing import Any

import pytest

from ..factories import Api, Factory
from .authz_setup import RULES_BODY, count_queries, make_location, make_service

RULES = "/api/v1/booking-rules"
LOCATIONS = "/api/v1/locations"
SERVICES = "/api/v1/services"


@pytest.fixture
def admin_api(factory: Factory) -> Api:
    return factory.api(factory.admin())


def _fields(response: Any) -> set[str]:
    assert response.status_code == 422, response.json
    return {e["field"] for e in response.json["errors"]}


def _audit(sql: Any) -> list[str]:
    """Setup actions in order (sign-ins and the people made by the factory left out)."""
    return [
        row.action
        for row in sql("SELECT action FROM audit_events ORDER BY seq")
        if row.action.split(".")[0] in {"booking_rules", "location", "room", "service"}
    ]


# --- booking rules -----------------------------------------------------------------------------


def test_booking_rules_start_with_defaults_and_an_admin_replaces_them(admin_api: Api, sql: Any) -> None:
    first = admin_api.get(RULES)
    assert first.status_code == 200
    assert first.json["min_notice_minutes"] == 120
    assert first.json["updated_at"] is None

    assert admin_api.put(RULES, json=RULES_BODY).status_code == 428  # If-Match, as for other edits
    saved = admin_api.put(RULES, json=RULES_BODY, headers={"If-Match": first.headers["ETag"]})
    assert saved.status_code == 200, saved.json
    assert {k: saved.json[k] for k in RULES_BODY} == RULES_BODY
    assert saved.json["updated_at"] is not None
    again = admin_api.get(RULES)
    assert again.json == saved.json
    assert again.headers["ETag"] == saved.headers["ETag"] != first.headers["ETag"]
    assert admin_api.get(RULES, headers={"If-None-Match": saved.headers["ETag"]}).status_code == 304
    assert _audit(sql) == ["booking_rules.update"]

    # Another admin saved meanwhile: an edit of the older version is refused, not silently merged over it.
    stale = admin_api.put(
        RULES, json={**RULES_BODY, "min_notice_minutes": 5}, headers={"If-Match": first.headers["ETag"]}
    )
    assert stale.status_code == 409
    assert admin_api.get(RULES).json["min_notice_minutes"] == RULES_BODY["min_notice_minutes"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"min_notice_minutes": -1}, "min_notice_minutes"),
        ({"min_notice_minutes": 10_081}, "min_notice_minutes"),
        ({"max_advance_days": 0}, "max_advance_days"),
        ({"max_advance_days": 731}, "max_advance_days"),
        ({"cancellation_window_hours": 337}, "cancellation_window_hours"),
        ({"slot_interval_minutes": 4}, "slot_interval_minutes"),
        ({"slot_interval_minutes": 241}, "slot_interval_minutes"),
        ({"late_cancel_fee_minor": -5}, "late_cancel_fee_minor"),
        ({"no_show_fee_minor": 100_000_001}, "no_show_fee_minor"),
        ({"currency": "EUR"}, "currency"),  # the business's now (PUT /business), refused as unknown here
        ({"timezone": "Europe/Berlin"}, "timezone"),
        ({"no_show_policy": "shame"}, "no_show_policy"),
        ({"late_cancel_policy": "fee", "late_cancel_fee_minor": 0}, "late_cancel_fee_minor"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_bad_booking_rules_are_refused_field_by_field(
    admin_api: Api, change: dict[str, Any], field: str, sql: Any
) -> None:
    response = admin_api.put(RULES, json={**RULES_BODY, **change}, headers={"If-Match": "*"})
    assert field in _fields(response)
    assert admin_api.get(RULES).json["updated_at"] is None  # nothing half-written
    assert _audit(sql) == []


def test_put_booking_rules_needs_every_field(admin_api: Api) -> None:
    body = dict(RULES_BODY)
    del body["min_notice_minutes"]
    assert "min_notice_minutes" in _fields(admin_api.put(RULES, json=body, headers={"If-Match": "*"}))


# --- locations and rooms -----------------------------------------------------------------------


def test_admin_creates_a_location_with_rooms_and_everyone_reads_it(admin_api: Api, factory: Factory, sql: Any) -> None:
    created = admin_api.post(
        LOCATIONS,
        json={
            "name": "  Harbour Gym ",
            "address": "1 Quay Road",
            "rooms": [{"name": "Main floor", "capacity": 30}, {"name": "Annex"}],
        },
    )
    assert created.status_code == 201, created.json
    body = created.json
    assert body["name"] == "Harbour Gym"
    assert [(r["name"], r["capacity"]) for r in body["rooms"]] == [("Annex", None), ("Main floor", 30)]
    assert created.headers["ETag"]
    trainer = factory.trainer()
    client_api = factory.api(factory.client(trainer=trainer, account=True))
    assert client_api.get(f"{LOCATIONS}/{body['id']}").json == body
    assert _audit(sql) == ["location.create", "room.create", "room.create"]


def test_location_list_searches_pages_and_hides_archived(admin_api: Api, factory: Factory) -> None:
    db = factory.database
    for name in ("Alpha Gym", "Beta Box", "Gamma Studio"):
        make_location(db, name=name, rooms=())
    make_location(db, name="Delta Gym (old)", rooms=(), archived=True)

    assert [x["name"] for x in admin_api.get(f"{LOCATIONS}?q=gym").json["items"]] == ["Alpha Gym"]
    everything = admin_api.get(f"{LOCATIONS}?include_archived=true&q=GYM").json["items"]
    assert [x["name"] for x in everything] == ["Alpha Gym", "Delta Gym (old)"]
    first = admin_api.get(f"{LOCATIONS}?limit=2").json
    assert [x["name"] for x in first["items"]] == ["Alpha Gym", "Beta Box"]
    second = admin_api.get(f"{LOCATIONS}?limit=2&cursor={first['next_cursor']}").json
    assert [x["name"] for x in second["items"]] == ["Gamma Studio"]
    assert second["next_cursor"] is None
    assert admin_api.get(f"{LOCATIONS}?cursor=bogus").status_code == 400


def test_editing_a_location_needs_the_current_etag(admin_api: Api) -> None:
    created = admin_api.post(LOCATIONS, json={"name": "Harbour Gym"})
    url = f"{LOCATIONS}/{created.json['id']}"
    assert admin_api.patch(url, json={"name": "Harbour"}).status_code == 428
    edited = admin_api.patch(url, json={"name": "Harbour Gym & Spa"}, headers={"If-Match": created.headers["ETag"]})
    assert edited.status_code == 200, edited.json
    assert edited.json["name"] == "Harbour Gym & Spa"
    stale = admin_api.patch(url, json={"address": "x"}, headers={"If-Match": created.headers["ETag"]})
    assert stale.status_code == 409
    blank = admin_api.patch(url, json={"name": None}, headers={"If-Match": edited.headers["ETag"]})
    assert "name" in _fields(blank)


def test_archiving_and_restoring_a_location(admin_api: Api, sql: Any) -> None:
    location_id = admin_api.post(LOCATIONS, json={"name": "Harbour Gym"}).json["id"]
    archived = admin_api.post(f"{LOCATIONS}/{location_id}/archive")
    assert archived.json["archived_at"] is not None
    assert admin_api.post(f"{LOCATIONS}/{location_id}/archive").status_code == 200  # idempotent
    assert admin_api.get(LOCATIONS).json["items"] == []
    assert admin_api.post(f"{LOCATIONS}/{location_id}/rooms", json={"name": "Annex"}).status_code == 409
    restored = admin_api.post(f"{LOCATIONS}/{location_id}/restore")
    assert restored.json["archived_at"] is None
    assert _audit(sql) == ["location.create", "location.archive", "location.restore"]


def test_rooms_are_added_renamed_archived_and_restored(admin_api: Api, sql: Any) -> None:
    location_id = admin_api.post(LOCATIONS, json={"name": "Harbour Gym"}).json["id"]
    added = admin_api.post(f"{LOCATIONS}/{location_id}/rooms", json={"name": "Studio A", "capacity": 14})
    assert added.status_code == 201, added.json
    room_url = f"/api/v1/rooms/{added.json['id']}"
    assert admin_api.post(f"{LOCATIONS}/{location_id}/rooms", json={"name": "Studio A"}).status_code == 409
    assert "capacity" in _fields(
        admin_api.post(f"{LOCATIONS}/{location_id}/rooms", json={"name": "Tiny", "capacity": 0})
    )
    renamed = admin_api.patch(
        room_url, json={"name": "Studio Alpha", "capacity": None}, headers={"If-Match": added.headers["ETag"]}
    )
    assert renamed.status_code == 200, renamed.json
    assert (renamed.json["name"], renamed.json["capacity"]) == ("Studio Alpha", None)
    assert admin_api.post(f"{room_url}/archive").json["archived_at"] is not None
    location = admin_api.get(f"{LOCATIONS}/{location_id}").json
    assert location["rooms"][0]["archived_at"] is not None  # still listed, marked archived
    admin_api.post(f"{LOCATIONS}/{location_id}/archive")
    assert admin_api.post(f"{room_url}/restore").status_code == 409  # the location comes back first
    admin_api.post(f"{LOCATIONS}/{location_id}/restore")
    assert admin_api.post(f"{room_url}/restore").json["archived_at"] is None
    assert _audit(sql) == [
        "location.create",
        "room.create",
        "room.update",
        "room.archive",
        "location.archive",
        "location.restore",
        "room.restore",
    ]


def test_unknown_setup_objects_are_404(admin_api: Api) -> None:
    missing = "00000000-0000-4000-8000-000000000000"
    assert admin_api.get(f"{LOCATIONS}/{missing}").status_code == 404
    assert admin_api.post(f"/api/v1/rooms/{missing}/archive").status_code == 404
    assert admin_api.get(f"{SERVICES}/{missing}").status_code == 404


def test_staff_and_clients_cannot_change_setup(factory: Factory) -> None:
    trainer = factory.trainer()
    location_id = make_location(factory.database)
    for person in (trainer, factory.client(trainer=trainer, account=True)):
        api = factory.api(person)
        assert api.post(LOCATIONS, json={"name": "Mine"}).status_code == 403
        # The role decides before the version check: no If-Match, still 403 (not 428).
        assert api.patch(f"{LOCATIONS}/{location_id}", json={"name": "Mine"}).status_code == 403


# --- services ----------------------------------------------------------------------------------


def test_admin_creates_services_with_sensible_defaults(admin_api: Api, sql: Any) -> None:
    pt = admin_api.post(
        SERVICES,
        json={
            "name": "PT session 60 min",
            "kind": "one_to_one",
            "duration_minutes": 60,
            "buffer_minutes": 15,
            "colour": "#1C7ED6",
        },
    )
    assert pt.status_code == 201, pt.json
    assert (pt.json["default_capacity"], pt.json["colour"], pt.json["client_bookable"]) == (1, "#1c7ed6", True)
    hiit = admin_api.post(
        SERVICES,
        json={
            "name": "HIIT class 45 min",
            "kind": "group",
            "duration_minutes": 45,
            "default_capacity": 12,
            "client_bookable": False,
        },
    )
    assert hiit.status_code == 201, hiit.json
    assert hiit.json["default_capacity"] == 12
    assert [s["name"] for s in admin_api.get(f"{SERVICES}?kind=group").json["items"]] == ["HIIT class 45 min"]
    assert [s["name"] for s in admin_api.get(f"{SERVICES}?q=pt ses").json["items"]] == ["PT session 60 min"]
    assert _audit(sql) == ["service.create", "service.create"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"colour": "blue"}, "colour"),
        ({"colour": "#12345"}, "colour"),
        ({"colour": "#12345g"}, "colour"),
        ({"duration_minutes": 4}, "duration_minutes"),
        ({"duration_minutes": 721}, "duration_minutes"),
        ({"buffer_minutes": -1}, "buffer_minutes"),
        ({"buffer_minutes": 241}, "buffer_minutes"),
        ({"kind": "massage"}, "kind"),
        ({"name": "   "}, "name"),
        ({"default_capacity": 2}, "default_capacity"),  # a 1:1 seats one
        ({"kind": "group"}, "default_capacity"),  # a group must say how many
        ({"kind": "group", "default_capacity": 0}, "default_capacity"),
    ],
)
def test_bad_services_are_refused(admin_api: Api, change: dict[str, Any], field: str) -> None:
    body = {"name": "PT", "kind": "one_to_one", "duration_minutes": 60, **change}
    assert field in _fields(admin_api.post(SERVICES, json=body))
    assert admin_api.get(f"{SERVICES}?include_archived=true").json["items"] == []


def test_editing_a_service(admin_api: Api, sql: Any) -> None:
    created = admin_api.post(
        SERVICES, json={"name": "Yoga", "kind": "group", "duration_minutes": 60, "default_capacity": 16}
    )
    url = f"{SERVICES}/{created.json['id']}"
    assert admin_api.patch(url, json={"colour": "#000000"}).status_code == 428
    edited = admin_api.patch(
        url,
        json={"name": "Yoga flow 60 min", "default_capacity": 18, "colour": "#40C057"},
        headers={"If-Match": created.headers["ETag"]},
    )
    assert edited.status_code == 200, edited.json
    assert (edited.json["name"], edited.json["default_capacity"], edited.json["colour"]) == (
        "Yoga flow 60 min",
        18,
        "#40c057",
    )
    # Becoming 1:1 sets the capacity to one; a 1:1 cannot seat more.
    one_to_one = admin_api.patch(url, json={"kind": "one_to_one"}, headers={"If-Match": edited.headers["ETag"]})
    assert one_to_one.json["default_capacity"] == 1
    too_many = admin_api.patch(url, json={"default_capacity": 3}, headers={"If-Match": one_to_one.headers["ETag"]})
    assert "default_capacity" in _fields(too_many)
    null_kind = admin_api.patch(url, json={"kind": None}, headers={"If-Match": one_to_one.headers["ETag"]})
    assert "kind" in _fields(null_kind)
    assert _audit(sql) == ["service.create", "service.update", "service.update"]


def test_archived_services_leave_the_list_and_come_back(admin_api: Api, factory: Factory, sql: Any) -> None:
    service_id = make_service(factory.database)
    assert admin_api.post(f"{SERVICES}/{service_id}/archive").json["archived_at"] is not None
    assert admin_api.get(SERVICES).json["items"] == []
    assert len(admin_api.get(f"{SERVICES}?include_archived=true").json["items"]) == 1
    assert admin_api.post(f"{SERVICES}/{service_id}/restore").json["archived_at"] is None
    assert _audit(sql) == ["service.create", "service.archive", "service.restore"]


def test_location_and_service_lists_cost_the_same_queries_for_any_page_size(admin_api: Api, factory: Factory) -> None:
    for i in range(12):
        make_location(factory.database, name=f"Gym {i:02d}", rooms=("Floor", "Studio", "Suite"))
        make_service(factory.database, name=f"Service {i:02d}")
    admin_api.get(LOCATIONS)  # warm up
    counts = []
    for url in (f"{LOCATIONS}?limit=2", f"{LOCATIONS}?limit=12", f"{SERVICES}?limit=2", f"{SERVICES}?limit=12"):
        with count_queries(factory.database) as statements:
            assert admin_api.get(url).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
    assert counts[2] == counts[3]
