"""Client records through the HTTP API: create, read, optimistic updates, validation, archive, lists."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from ..factories import Api, Factory, count_queries

CLIENTS = "/api/v1/clients"


def _create(api: Api, **fields: Any) -> dict[str, Any]:
    body = {"first_name": "Alex", "last_name": "Morgan", **fields}
    response = api.post(CLIENTS, json=body)
    assert response.status_code == 201, response.json
    return response.json


def _list(api: Api, **params: Any) -> list[dict[str, Any]]:
    response = api.get(CLIENTS, query_string=params)
    assert response.status_code == 200, response.json
    return response.json["items"]


def _ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


def _error_fields(response: Any) -> set[str]:
    assert response.status_code == 422, response.json
    assert response.mimetype == "application/problem+json"
    return {error["field"] for error in response.json["errors"]}


@pytest.fixture
def admin_api(factory: Any) -> Api:
    return factory.api(factory.admin())


# --- create and read -----------------------------------------------------------------------------


def test_create_normalises_phone_and_tags_and_is_readable(admin_api: Api) -> None:
    created = _create(
        admin_api,
        email="Alex.Morgan@Example.COM",
        phone="07911 123456",
        tags=["Strength", "strength", "  Rehab ", "STRENGTH", ""],
        status="trial",
        date_of_birth="1990-04-02",
    )
    assert created["phone"] == "+447911123456"
    assert created["email"] == "alex.morgan@example.com"
    assert sorted(created["tags"]) == ["Rehab", "Strength"]
    assert created["status"] == "trial"
    assert created["full_name"] == "Alex Morgan"
    assert created["primary_trainer_id"] is None
    assert created["has_portal_access"] is False

    read = admin_api.get(f"{CLIENTS}/{created['id']}")
    assert read.status_code == 200
    assert read.json["tags"] == ["Rehab", "Strength"]
    assert read.json["phone"] == "+447911123456"
    assert read.json["date_of_birth"] == "1990-04-02"


def test_trainer_creating_a_client_becomes_its_primary_trainer(factory: Any) -> None:
    trainer = factory.trainer()
    api = factory.api(trainer)
    created = _create(api, first_name="Nia")
    assert created["primary_trainer_id"] == str(trainer.trainer_id)
    assert [t["trainer_id"] for t in created["trainers"]] == [str(trainer.trainer_id)]
    assert created["trainers"][0]["is_primary"] is True
    # ...and so the new client is in the trainer's scope.
    assert _ids(_list(api)) == [created["id"]]
    assert api.get(f"{CLIENTS}/{created['id']}").status_code == 200


def test_admin_can_name_the_primary_trainer_on_creation(factory: Any, admin_api: Api) -> None:
    trainer = factory.trainer()
    created = _create(admin_api, primary_trainer_id=str(trainer.trainer_id))
    assert created["primary_trainer_id"] == str(trainer.trainer_id)


def test_get_returns_an_etag_that_changes_with_each_update(admin_api: Api) -> None:
    created = admin_api.post(CLIENTS, json={"first_name": "Ed", "last_name": "Stone"})
    etag = created.headers["ETag"]
    read = admin_api.get(f"{CLIENTS}/{created.json['id']}")
    assert read.headers["ETag"] == etag
    assert etag.startswith('"')
    assert etag.endswith('"')


# --- optimistic concurrency ----------------------------------------------------------------------


def test_patch_requires_if_match(admin_api: Api) -> None:
    client = _create(admin_api, notes="original")
    url = f"{CLIENTS}/{client['id']}"
    response = admin_api.patch(url, json={"notes": "changed"})
    assert response.status_code == 428
    assert response.mimetype == "application/problem+json"
    assert admin_api.get(url).json["notes"] == "original"


def test_patch_with_current_etag_succeeds_and_a_stale_one_conflicts(admin_api: Api) -> None:
    client = admin_api.post(CLIENTS, json={"first_name": "Ed", "last_name": "Stone", "notes": "v1"})
    url = f"{CLIENTS}/{client.json['id']}"
    first_etag = admin_api.get(url).headers["ETag"]

    ok = admin_api.patch(url, json={"notes": "v2", "status": "active"}, headers={"If-Match": first_etag})
    assert ok.status_code == 200, ok.json
    assert ok.json["notes"] == "v2"
    assert ok.json["status"] == "active"
    second_etag = ok.headers["ETag"]
    assert second_etag != first_etag

    # A second editor still holding the first version must not overwrite the change.
    stale = admin_api.patch(url, json={"notes": "lost update"}, headers={"If-Match": first_etag})
    assert stale.status_code == 409
    assert stale.mimetype == "application/problem+json"
    current = admin_api.get(url)
    assert current.json["notes"] == "v2"
    assert current.headers["ETag"] == second_etag

    again = admin_api.patch(url, json={"last_name": "Rock"}, headers={"If-Match": second_etag})
    assert again.status_code == 200
    assert again.json["full_name"] == "Ed Rock"


# --- validation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"phone": "12"}, "phone"),
        ({"phone": "call me maybe"}, "phone"),
        ({"date_of_birth": (date.today() + timedelta(days=3)).isoformat()}, "date_of_birth"),
        ({"favourite_colour": "blue"}, "favourite_colour"),
        ({"status": "vip"}, "status"),
        ({"first_name": ""}, "first_name"),
    ],
)
def test_invalid_create_is_422_naming_the_field_and_stores_nothing(
    admin_api: Api, fields: dict[str, Any], field: str
) -> None:
    body = {"first_name": "Val", "last_name": "Idation", **fields}
    response = admin_api.post(CLIENTS, json=body)
    assert field in _error_fields(response)
    assert response.json["status"] == 422
    assert _list(admin_api) == []


def test_invalid_update_is_422_and_changes_nothing(admin_api: Api) -> None:
    client = admin_api.post(CLIENTS, json={"first_name": "Val", "last_name": "Id", "phone": "020 7946 0958"})
    url = f"{CLIENTS}/{client.json['id']}"
    etag = client.headers["ETag"]
    for body, field in [
        ({"phone": "12"}, "phone"),
        ({"email": "nope"}, "email"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"unknown": 1}, "unknown"),
    ]:
        response = admin_api.patch(url, json=body, headers={"If-Match": etag})
        assert field in _error_fields(response)
    read = admin_api.get(url)
    assert read.json["phone"] == "+442079460958"
    assert read.headers["ETag"] == etag


def test_duplicate_live_email_is_409_and_nothing_is_stored(admin_api: Api) -> None:
    _create(admin_api, email="same@example.com")
    response = admin_api.post(CLIENTS, json={"first_name": "Other", "last_name": "Person", "email": "SAME@example.com"})
    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    assert [c["first_name"] for c in _list(admin_api)] == ["Alex"]


def test_an_archived_clients_email_can_be_reused_but_then_blocks_its_restore(admin_api: Api) -> None:
    old = _create(admin_api, email="reuse@example.com")
    assert admin_api.post(f"{CLIENTS}/{old['id']}/archive").status_code == 200
    _create(admin_api, first_name="New", email="reuse@example.com")
    restore = admin_api.post(f"{CLIENTS}/{old['id']}/restore")
    assert restore.status_code == 409
    assert _list(admin_api, archived="true")[0]["id"] == old["id"]


# --- archive / restore ---------------------------------------------------------------------------


def test_archive_hides_from_default_list_and_makes_the_client_read_only(admin_api: Api) -> None:
    kept = _create(admin_api, first_name="Kept")
    gone = _create(admin_api, first_name="Gone")
    url = f"{CLIENTS}/{gone['id']}"

    archived = admin_api.post(f"{url}/archive")
    assert archived.status_code == 200
    assert archived.json["archived_at"] is not None
    assert _ids(_list(admin_api)) == [kept["id"]]
    assert _ids(_list(admin_api, archived="true")) == [gone["id"]]
    # Still readable by id, with its history.
    assert admin_api.get(url).status_code == 200

    etag = admin_api.get(url).headers["ETag"]
    blocked = admin_api.patch(url, json={"notes": "edit"}, headers={"If-Match": etag})
    assert blocked.status_code == 409
    assert admin_api.get(url).json["notes"] is None

    restored = admin_api.post(f"{url}/restore")
    assert restored.status_code == 200
    assert restored.json["archived_at"] is None
    assert sorted(_ids(_list(admin_api))) == sorted([kept["id"], gone["id"]])
    assert _list(admin_api, archived="true") == []
    etag = admin_api.get(url).headers["ETag"]
    assert admin_api.patch(url, json={"notes": "edit"}, headers={"If-Match": etag}).status_code == 200


def test_unknown_client_is_404_problem(admin_api: Api) -> None:
    response = admin_api.get(f"{CLIENTS}/{uuid.uuid4()}")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.json["request_id"] == response.headers["X-Request-ID"]


def test_malformed_ids_and_unknown_api_addresses_are_404_problems_for_every_method(admin_api: Api) -> None:
    for method, url in [
        ("POST", f"{CLIENTS}/0/archive"),
        ("PATCH", f"{CLIENTS}/not-a-uuid"),
        ("PUT", f"{CLIENTS}/0/health"),
        ("DELETE", "/api/v1/nothing-here"),
        ("GET", f"{CLIENTS}/0"),
    ]:
        response = admin_api.request(method, url, json={} if method in {"PATCH", "PUT"} else None)
        assert response.status_code == 404, (method, url)
        assert response.mimetype == "application/problem+json"


def test_missing_or_malformed_body_is_a_400_problem(admin_api: Api) -> None:
    missing = admin_api.post(CLIENTS)
    malformed = admin_api.post(CLIENTS, data="{not json", headers={"Content-Type": "application/json"})
    for response in (missing, malformed):
        assert response.status_code == 400
        assert response.mimetype == "application/problem+json"
    assert _list(admin_api) == []


# --- search, filters and sorts -------------------------------------------------------------------


@pytest.fixture
def roster(factory: Any, admin_api: Api) -> dict[str, Any]:
    trainer = factory.trainer()
    people = {
        "ann": _create(
            admin_api,
            first_name="Ann",
            last_name="Baker",
            email="ann.baker@example.com",
            phone="07911 123456",
            status="active",
            tags=["Strength"],
            primary_trainer_id=str(trainer.trainer_id),
        ),
        "bob": _create(
            admin_api,
            first_name="Bob",
            last_name="Carver",
            email="bob@gym.example.org",
            phone="020 7946 0958",
            status="lead",
            tags=["rehab", "Strength"],
        ),
        "cy": _create(
            admin_api,
            first_name="Cy",
            last_name="Dunn",
            email="cy@example.com",
            status="paused",
            primary_trainer_id=str(trainer.trainer_id),
        ),
    }
    return {"trainer": trainer, **people}


def test_search_by_name_email_and_phone_digits(admin_api: Api, roster: dict[str, Any]) -> None:
    ann, bob, cy = roster["ann"]["id"], roster["bob"]["id"], roster["cy"]["id"]
    assert _ids(_list(admin_api, q="bak")) == [ann]
    assert _ids(_list(admin_api, q="ann baker")) == [ann]
    assert _ids(_list(admin_api, q="CARVER")) == [bob]
    assert _ids(_list(admin_api, q="gym.example.org")) == [bob]
    assert _ids(_list(admin_api, q="cy@example")) == [cy]
    assert _ids(_list(admin_api, q="07911 123456")) == [ann]
    assert _ids(_list(admin_api, q="+44 20 7946")) == [bob]
    assert _ids(_list(admin_api, q="9460958")) == [bob]
    assert _list(admin_api, q="nobody-here") == []
    # LIKE wildcards are literal characters, not patterns.
    assert _list(admin_api, q="%") == []
    assert _list(admin_api, q="_") == []


def test_filters_by_status_tag_and_trainer(admin_api: Api, roster: dict[str, Any]) -> None:
    ann, bob, cy = roster["ann"]["id"], roster["bob"]["id"], roster["cy"]["id"]
    assert _ids(_list(admin_api, status="active")) == [ann]
    assert _ids(_list(admin_api, status="paused")) == [cy]
    assert _list(admin_api, status="former") == []
    assert _ids(_list(admin_api, tag="strength")) == [ann, bob]
    assert _ids(_list(admin_api, tag="Rehab")) == [bob]
    trainer_id = str(roster["trainer"].trainer_id)
    assert _ids(_list(admin_api, trainer_id=trainer_id)) == [ann, cy]
    assert _ids(_list(admin_api, trainer_id=trainer_id, status="paused")) == [cy]
    assert _list(admin_api, trainer_id=str(uuid.uuid4())) == []
    bad = admin_api.get(CLIENTS, query_string={"status": "vip"})
    assert bad.status_code == 422


def test_sorts(admin_api: Api, roster: dict[str, Any]) -> None:
    ann, bob, cy = roster["ann"]["id"], roster["bob"]["id"], roster["cy"]["id"]
    assert _ids(_list(admin_api, sort="name")) == [ann, bob, cy]
    assert _ids(_list(admin_api, sort="-name")) == [cy, bob, ann]
    assert _ids(_list(admin_api, sort="created_at")) == [ann, bob, cy]
    assert _ids(_list(admin_api, sort="-created_at")) == [cy, bob, ann]
    # Status values sort alphabetically: active < lead < paused.
    assert _ids(_list(admin_api, sort="status")) == [ann, bob, cy]
    assert _ids(_list(admin_api, sort="-status")) == [cy, bob, ann]
    assert admin_api.get(CLIENTS, query_string={"sort": "email"}).status_code == 422


# --- stable pagination ---------------------------------------------------------------------------

LAST_NAMES = ["Abbott", "Brown", "Cruz", "Diaz", "Evans"]
STATUSES = ["lead", "trial", "active", "paused", "former"]


def _sort_key(sort: str, client: dict[str, Any]) -> Any:
    column = sort.lstrip("-")
    if column == "name":
        value: Any = f"{client['last_name']} {client['first_name']}".casefold()
    elif column == "created_at":
        value = datetime.fromisoformat(client["created_at"])
    else:
        value = client["status"]
    return (value, uuid.UUID(client["id"]))


def _walk(api: Api, limit: int, **params: Any) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    cursor = None
    for _ in range(100):
        query = {"limit": limit, **params, **({"cursor": cursor} if cursor else {})}
        response = api.get(CLIENTS, query_string=query)
        assert response.status_code == 200, response.json
        page = response.json
        assert len(page["items"]) <= limit
        seen.extend(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return seen
    raise AssertionError("pagination never ended")


def test_walking_every_page_returns_each_client_once_in_sort_order(factory: Any, admin_api: Api) -> None:
    created = []
    for i in range(30):
        # Many clients share a name, so the order must be broken by id to stay stable.
        created.append(
            _create(
                admin_api,
                first_name="Sam" if i % 3 else "Alex",
                last_name=LAST_NAMES[i % 2],
                status=STATUSES[i % len(STATUSES)],
            )
        )
    # Several clients created "at the same instant": the created_at sort must still be total.
    same = created[0]["created_at"]
    tied = [c["id"] for c in created[5:12]]
    with factory.database.engine.begin() as conn:
        conn.execute(
            text("UPDATE clients SET created_at = :at WHERE id = ANY(:ids)"),
            {"at": datetime.fromisoformat(same), "ids": [uuid.UUID(i) for i in tied]},
        )
    for c in created:
        if c["id"] in tied:
            c["created_at"] = same

    for sort in ["name", "-name", "created_at", "-created_at", "status", "-status"]:
        walked = _walk(admin_api, 7, sort=sort)
        ids = _ids(walked)
        assert len(ids) == 30, sort
        assert len(set(ids)) == 30, f"{sort}: a client appeared twice"
        expected = sorted(created, key=lambda c, s=sort: _sort_key(s, c), reverse=sort.startswith("-"))
        assert ids == _ids(expected), sort
    # Filters and search combine with paging.
    walked = _walk(admin_api, 4, sort="-name", q="brown")
    assert _ids(walked) == _ids(
        sorted([c for c in created if c["last_name"] == "Brown"], key=lambda c: _sort_key("name", c), reverse=True)
    )


def test_page_size_is_bounded_and_cursors_are_checked(admin_api: Api) -> None:
    _create(admin_api)
    assert admin_api.get(CLIENTS, query_string={"limit": 101}).status_code == 422
    assert admin_api.get(CLIENTS, query_string={"limit": 0}).status_code == 422
    assert "limit" in " ".join(e["field"] for e in admin_api.get(CLIENTS, query_string={"limit": 500}).json["errors"])
    assert admin_api.get(CLIENTS, query_string={"limit": 100}).status_code == 200
    bad = admin_api.get(CLIENTS, query_string={"cursor": "not-a-cursor"})
    assert bad.status_code == 400
    assert bad.mimetype == "application/problem+json"


def test_one_client_costs_a_fixed_number_of_statements(factory: Any) -> None:
    """The client's own record (the Book page reads it) and a trainer's view of it: the client, its tags, its
    trainers with their names, the portal flag; however many trainers and tags it has."""
    from ..factories import count_queries

    trainers = [factory.trainer() for _ in range(3)]
    person = factory.client(trainer=trainers[0], account=True, tags=["Strength", "Morning"])
    admin = factory.api(factory.admin())
    for extra in trainers[1:]:
        assert (
            admin.put(
                f"/api/v1/clients/{person.client_id}/trainers/{extra.trainer_id}", json={"is_primary": False}
            ).status_code
            == 200
        )
    for api in (factory.api(person), factory.api(trainers[0])):
        api.get(f"/api/v1/clients/{person.client_id}")  # the caller's sign-in is cached from here on
        with count_queries(factory.database) as statements:
            answer = api.get(f"/api/v1/clients/{person.client_id}")
        assert answer.status_code == 200
        assert len(answer.json["trainers"]) == 3
        assert answer.json["has_portal_access"] is True
        assert sorted(answer.json["tags"]) == ["Morning", "Strength"]
        assert len(statements) == 4, "\n".join(statements)


def test_a_list_page_carries_tags_trainers_and_portal_access_in_one_statement(either_app: Any) -> None:
    """The page and what hangs off each row come from one statement (core.sqljson), the same on both databases:
    tags in order, trainers oldest assignment first with the primary flagged, and who has a portal login."""
    factory = Factory(either_app)
    first, second = factory.trainer(first_name="Uma"), factory.trainer(first_name="Bea")
    admin = factory.api(factory.admin())
    tagged = factory.client(trainer=first, account=True, first_name="Ada", tags=["yoga", "Early bird"])
    bare = factory.client(first_name="Bob")
    # The later assignment becomes the primary one; the earlier stays first in the list.
    response = admin.put(f"{CLIENTS}/{tagged.client_id}/trainers/{second.trainer_id}", json={"is_primary": True})
    assert response.status_code == 200, response.json

    with count_queries(either_app) as statements:
        items = {item["id"]: item for item in _list(admin, limit=50)}
    assert len(statements) == 1, statements

    ada, bob = items[str(tagged.client_id)], items[str(bare.client_id)]
    assert ada["tags"] == ["Early bird", "yoga"]
    assert [(t["trainer_id"], t["full_name"].split()[0], t["is_primary"]) for t in ada["trainers"]] == [
        (str(first.trainer_id), "Uma", False),
        (str(second.trainer_id), "Bea", True),
    ]
    assert ada["primary_trainer_id"] == str(second.trainer_id)
    assert ada["has_portal_access"] is True
    assert (bob["tags"], bob["trainers"], bob["primary_trainer_id"], bob["has_portal_access"]) == ([], [], None, False)
