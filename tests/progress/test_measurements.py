"""Metrics and measurements: built-ins seeded lazily, units converted, values encrypted, reads audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from fitnesscrm.progress.metrics.service import BUILTIN_METRICS, sync_builtin_metrics

from .support import add_measurement


def _imperial(sql, person) -> None:
    sql("UPDATE users SET unit_system = 'imperial' WHERE id = :id", id=person.user_id)


def _audits(sql, action: str) -> list:
    return sql("SELECT actor_id, object_id, details FROM audit_events WHERE action = :a ORDER BY seq", a=action)


def test_builtin_metrics_appear_on_first_read_and_seeding_is_idempotent(factory, app) -> None:
    api = factory.api(factory.admin())

    keys = [m["key"] for m in api.get("/api/v1/metrics").json["items"]]

    assert sorted(keys) == sorted(BUILTIN_METRICS)
    with app.extensions["fitnesscrm"].database.session() as s:
        assert sync_builtin_metrics(s) == 0
    body_weight = next(m for m in api.get("/api/v1/metrics").json["items"] if m["key"] == "body_weight")
    assert body_weight["canonical_unit"] == "kg"
    assert body_weight["units"] == ["kg", "lb", "st"]


def test_admin_manages_custom_metrics_but_builtins_are_fixed(factory) -> None:
    api = factory.api(factory.admin())
    created = api.post("/api/v1/metrics", json={"name": "Grip strength", "quantity": "mass"})
    assert created.status_code == 201, created.json
    assert created.json["key"] == "custom_grip_strength"
    assert api.post("/api/v1/metrics", json={"name": "Grip  Strength", "quantity": "mass"}).status_code == 409

    renamed = api.patch(
        f"/api/v1/metrics/{created.json['id']}",
        json={"name": "Grip (dynamometer)"},
        headers={"If-Match": created.headers["ETag"]},
    )
    assert renamed.status_code == 200
    assert renamed.json["key"] == "custom_grip_strength"
    archived = api.post(f"/api/v1/metrics/{created.json['id']}/archive")
    assert archived.json["archived_at"] is not None
    assert "custom_grip_strength" not in [m["key"] for m in api.get("/api/v1/metrics").json["items"]]

    builtin = next(m for m in api.get("/api/v1/metrics").json["items"] if m["key"] == "waist")
    refused = api.post(f"/api/v1/metrics/{builtin['id']}/archive")
    assert refused.status_code == 409
    assert "Built-in" in refused.json["detail"]


def test_a_measurement_in_pounds_is_stored_in_kg_and_shown_in_each_users_units(factory, sql) -> None:
    trainer = factory.trainer()
    client = factory.client(trainer=trainer, account=True)
    _imperial(sql, client)
    as_trainer, as_client = factory.api(trainer), factory.api(client)

    created = as_client.post(
        f"/api/v1/clients/{client.client_id}/measurements",
        json={
            "metric": "body_weight",
            "value": 200,
            "unit": "lb",
            "measured_at": "2026-11-20T07:30:00+01:00",
            "notes": "after breakfast",
        },
    )

    assert created.status_code == 201, created.json
    assert created.json["unit"] == "lb"
    assert created.json["value"] == 200
    assert created.json["canonical_value"] == pytest.approx(90.718474)
    assert created.json["canonical_unit"] == "kg"
    assert (created.json["entered_value"], created.json["entered_unit"]) == (200, "lb")
    seen_by_trainer = as_trainer.get(f"/api/v1/clients/{client.client_id}/measurements").json["items"][0]
    assert (seen_by_trainer["value"], seen_by_trainer["unit"]) == (90.72, "kg")
    assert seen_by_trainer["measured_at"].startswith("2026-11-20T06:30:00")
    assert seen_by_trainer["notes"] == "after breakfast"


def test_unit_defaults_to_the_users_system_and_wrong_units_are_refused(factory, sql) -> None:
    admin = factory.admin()
    _imperial(sql, admin)
    api, client = factory.api(admin), factory.client()
    url = f"/api/v1/clients/{client.client_id}/measurements"

    waist = api.post(url, json={"metric": "waist", "value": 32})
    assert waist.json["entered_unit"] == "in"
    assert waist.json["canonical_value"] == pytest.approx(81.28)

    wrong = api.post(url, json={"metric": "waist", "value": 80, "unit": "kg"})
    assert wrong.status_code == 422
    assert wrong.json["errors"][0]["field"] == "unit"
    for body in (
        {"metric": "nope", "value": 1},
        {"value": 1},
        {"metric": "body_fat", "value": 140, "unit": "%"},
        {"metric": "waist", "value": 80, "measured_at": (datetime.now(UTC) + timedelta(days=3)).isoformat()},
    ):
        assert api.post(url, json=body).status_code == 422, body


def test_measurement_values_are_unreadable_in_the_raw_row(factory, sql) -> None:
    api, client = factory.api(factory.admin()), factory.client()
    api.post(
        f"/api/v1/clients/{client.client_id}/measurements",
        json={"metric": "body_weight", "value": 83.45, "unit": "kg", "notes": "Feeling bloated"},
    )

    [row] = sql("SELECT value, entered_value, notes, entered_unit FROM measurements")

    for column in (row.value, row.entered_value, row.notes):
        raw = bytes(column)
        assert b"83.45" not in raw
        assert b"bloated" not in raw
        assert raw.startswith(b"gAAAA")  # a Fernet token
    assert row.entered_unit == "kg"  # the unit is not sensitive; the value is


def test_every_read_of_measurements_is_audited(factory, sql) -> None:
    trainer = factory.trainer()
    client = factory.client(trainer=trainer)
    add_measurement(factory.database, client.client_id, "body_weight", 80, "kg")
    api = factory.api(trainer)

    api.get(f"/api/v1/clients/{client.client_id}/measurements")
    api.get(f"/api/v1/clients/{client.client_id}/measurements?metric=body_weight")

    reads = _audits(sql, "measurement.read")
    assert len(reads) == 2
    assert {(r.actor_id, r.object_id) for r in reads} == {(trainer.user_id, str(client.client_id))}
    assert reads[0].details == {"count": 1}  # counts, never values


def test_list_filters_by_metric_and_days_and_pages_newest_first(factory) -> None:
    api, client = factory.api(factory.admin()), factory.client()
    base = datetime(2026, 10, 1, 8, tzinfo=UTC)
    for i in range(5):
        add_measurement(factory.database, client.client_id, "body_weight", 90 - i, "kg", base + timedelta(days=i))
    add_measurement(factory.database, client.client_id, "waist", 85, "cm", base)
    url = f"/api/v1/clients/{client.client_id}/measurements"

    page = api.get(f"{url}?metric=body_weight&limit=2").json
    assert [m["value"] for m in page["items"]] == [86, 87]
    rest = api.get(f"{url}?metric=body_weight&limit=10&cursor={page['next_cursor']}").json
    assert [m["value"] for m in rest["items"]] == [88, 89, 90]
    ranged = api.get(f"{url}?from=2026-10-02&to=2026-10-03").json["items"]
    assert [m["value"] for m in ranged] == [88, 89]
    assert api.get(f"{url}?metric=unknown").status_code == 422
    assert api.get(f"{url}?from=2026-10-05&to=2026-10-01").status_code == 422


def test_delete_removes_one_measurement_and_is_scoped(factory) -> None:
    trainer, other = factory.trainer(), factory.trainer()
    client = factory.client(trainer=trainer)
    measurement_id = add_measurement(factory.database, client.client_id, "waist", 80, "cm")

    assert factory.api(other).delete(f"/api/v1/measurements/{measurement_id}").status_code == 404
    assert factory.api(trainer).delete(f"/api/v1/measurements/{measurement_id}").status_code == 204
    assert factory.api(trainer).delete(f"/api/v1/measurements/{measurement_id}").status_code == 404
    assert factory.api(trainer).get(f"/api/v1/clients/{client.client_id}/measurements").json["items"] == []


def test_archived_metrics_accept_no_new_values(factory) -> None:
    api, client = factory.api(factory.admin()), factory.client()
    metric = api.post("/api/v1/metrics", json={"name": "Plank hold", "quantity": "duration"}).json
    ok = api.post(
        f"/api/v1/clients/{client.client_id}/measurements",
        json={"metric_id": metric["id"], "value": 1.5, "unit": "min"},
    )
    assert ok.json["canonical_value"] == 90
    api.post(f"/api/v1/metrics/{metric['id']}/archive")

    refused = api.post(
        f"/api/v1/clients/{client.client_id}/measurements", json={"metric_id": metric["id"], "value": 2, "unit": "min"}
    )
    assert refused.status_code == 422
    assert "archived" in refused.json["detail"]
    assert len(api.get(f"/api/v1/clients/{client.client_id}/measurements").json["items"]) == 1
