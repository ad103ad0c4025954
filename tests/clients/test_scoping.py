"""Who sees which clients: trainers their assigned clients, clients themselves; outside scope is 404."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from fitnesscrm.core.audit import AuditEvent

from ..factories import Api, Person

CLIENTS = "/api/v1/clients"


@pytest.fixture
def world(factory: Any) -> dict[str, Any]:
    mine, other = factory.trainer(), factory.trainer()
    return {
        "admin": factory.admin(),
        "trainer": mine,
        "other_trainer": other,
        "mine": factory.client(trainer=mine, account=True, first_name="Mina"),
        "also_mine": factory.client(trainer=mine, first_name="Mo"),
        "theirs": factory.client(trainer=other, account=True, first_name="Theo"),
        "nobodys": factory.client(first_name="Nobody"),
    }


def _ids(response: Any) -> set[str]:
    assert response.status_code == 200, response.json
    return {item["id"] for item in response.json["items"]}


def _etag(factory: Any, client: Person) -> str:
    return str(factory.api(factory.admin()).get(f"{CLIENTS}/{client.client_id}").headers["ETag"])


def test_admin_sees_every_client(factory: Any, world: dict[str, Any]) -> None:
    api = factory.api(world["admin"])
    expected = {str(world[k].client_id) for k in ("mine", "also_mine", "theirs", "nobodys")}
    assert _ids(api.get(CLIENTS)) == expected


def test_trainer_lists_only_assigned_clients(factory: Any, world: dict[str, Any]) -> None:
    api = factory.api(world["trainer"])
    assert _ids(api.get(CLIENTS)) == {str(world["mine"].client_id), str(world["also_mine"].client_id)}
    # Search and filters cannot reach outside the scope either.
    assert _ids(api.get(CLIENTS, query_string={"q": "Theo"})) == set()
    other = str(world["other_trainer"].trainer_id)
    assert _ids(api.get(CLIENTS, query_string={"trainer_id": other})) == set()
    other_api = factory.api(world["other_trainer"])
    assert _ids(other_api.get(CLIENTS)) == {str(world["theirs"].client_id)}


@pytest.mark.parametrize("target", ["theirs", "nobodys"])
def test_trainer_gets_404_not_403_outside_their_scope(factory: Any, world: dict[str, Any], target: str) -> None:
    api = factory.api(world["trainer"])
    client_id = world[target].client_id
    url = f"{CLIENTS}/{client_id}"
    etag = _etag(factory, world[target])
    responses = {
        "get": api.get(url),
        "patch": api.patch(url, json={"notes": "peek"}, headers={"If-Match": etag}),
        "get health": api.get(f"{url}/health"),
        "put health": api.put(f"{url}/health", json={"injuries": "none"}),
        "archive": api.post(f"{url}/archive"),
        "restore": api.post(f"{url}/restore"),
        "trainers": api.get(f"{url}/trainers"),
    }
    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(responses, 404)
    # Nothing changed behind the 404s.
    admin = factory.api(world["admin"])
    record = admin.get(url).json
    assert record["notes"] is None
    assert record["archived_at"] is None
    assert admin.get(f"{url}/health").json["injuries"] is None


def test_trainer_can_work_with_an_assigned_client(factory: Any, world: dict[str, Any]) -> None:
    api = factory.api(world["trainer"])
    url = f"{CLIENTS}/{world['mine'].client_id}"
    etag = api.get(url).headers["ETag"]
    assert api.patch(url, json={"notes": "squats"}, headers={"If-Match": etag}).status_code == 200
    assert api.post(f"{url}/archive").status_code == 200
    assert api.post(f"{url}/restore").status_code == 200


def test_a_client_sees_only_themselves(factory: Any, world: dict[str, Any]) -> None:
    api = factory.api(world["mine"])
    own = str(world["mine"].client_id)
    listed = api.get(CLIENTS)
    assert [item["id"] for item in listed.json["items"]] == [own]
    assert listed.json["items"][0]["has_portal_access"] is True
    assert api.get(CLIENTS, query_string={"q": "Theo"}).json["items"] == []
    assert api.get(f"{CLIENTS}/{own}").status_code == 200
    for key in ("also_mine", "theirs", "nobodys"):
        url = f"{CLIENTS}/{world[key].client_id}"
        assert api.get(url).status_code == 404
        assert api.get(f"{url}/health").status_code == 404
        assert api.get(f"{url}/trainers").status_code == 404


def test_a_client_cannot_change_even_their_own_record(factory: Any, world: dict[str, Any]) -> None:
    api = factory.api(world["mine"])
    url = f"{CLIENTS}/{world['mine'].client_id}"
    etag = api.get(url).headers["ETag"]
    assert api.patch(url, json={"notes": "I am great"}, headers={"If-Match": etag}).status_code == 403
    assert api.post(f"{url}/archive").status_code == 403
    assert api.put(f"{url}/health", json={"injuries": "none"}).status_code == 403
    assert api.post(CLIENTS, json={"first_name": "New", "last_name": "Friend"}).status_code == 403
    assert api.get(url).json["notes"] is None
    assert api.get(url).json["archived_at"] is None


def test_anonymous_gets_401(anon: Api, world: dict[str, Any]) -> None:
    assert anon.get(CLIENTS).status_code == 401
    assert anon.get(f"{CLIENTS}/{world['mine'].client_id}").status_code == 401
    assert anon.get(f"{CLIENTS}/{world['mine'].client_id}/health").status_code == 401


# --- health notes ----------------------------------------------------------------------------------


def _health_reads(factory: Any, client: Person) -> list[AuditEvent]:
    with factory.database.session() as s:
        return list(
            s.scalars(
                select(AuditEvent)
                .where(AuditEvent.action == "health.read", AuditEvent.object_id == str(client.client_id))
                .order_by(AuditEvent.seq)
            )
        )


@pytest.mark.parametrize("who", ["trainer", "admin"])
def test_staff_in_scope_read_and_write_health_notes_and_every_read_is_audited(
    factory: Any, world: dict[str, Any], who: str
) -> None:
    api = factory.api(world[who])
    url = f"{CLIENTS}/{world['mine'].client_id}/health"
    empty = api.get(url)
    assert empty.status_code == 200
    assert empty.json["medical_conditions"] is None

    written = api.put(url, json={"medical_conditions": "Asthma", "injuries": "Left knee (2023)"})
    assert written.status_code == 200, written.json
    assert written.json["injuries"] == "Left knee (2023)"

    read = api.get(url)
    assert read.json == {**read.json, "medical_conditions": "Asthma", "injuries": "Left knee (2023)"}

    events = _health_reads(factory, world["mine"])
    assert len(events) == 2
    assert {e.actor_id for e in events} == {world[who].user_id}
    assert all(e.request_id for e in events)


def test_a_client_reads_their_own_health_notes_and_that_is_audited(factory: Any, world: dict[str, Any]) -> None:
    factory.api(world["admin"]).put(f"{CLIENTS}/{world['mine'].client_id}/health", json={"injuries": "Wrist"})
    api = factory.api(world["mine"])
    assert api.get(f"{CLIENTS}/{world['mine'].client_id}/health").json["injuries"] == "Wrist"
    events = _health_reads(factory, world["mine"])
    assert [e.actor_id for e in events] == [world["mine"].user_id]


def test_a_refused_health_read_is_not_recorded_as_a_read(factory: Any, world: dict[str, Any]) -> None:
    api = factory.api(world["other_trainer"])
    assert api.get(f"{CLIENTS}/{world['mine'].client_id}/health").status_code == 404
    assert _health_reads(factory, world["mine"]) == []
