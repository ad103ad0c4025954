"""Trainer directory and trainer↔client assignments through the HTTP API."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from ..factories import Api, Factory, Person

TRAINERS = "/api/v1/trainers"
CLIENTS = "/api/v1/clients"
RATE = {"amount_minor": 4500, "currency": "EUR"}


def _create(api: Api, **fields: Any) -> dict[str, Any]:
    body = {"first_name": "Tara", "last_name": "Lift", "email": f"{uuid.uuid4().hex[:10]}@studio.example.com", **fields}
    response = api.post(TRAINERS, json=body)
    assert response.status_code == 201, response.json
    return response.json


def _ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.json
    return [item["id"] for item in response.json["items"]]


@pytest.fixture
def admin_api(factory: Any) -> Api:
    return factory.api(factory.admin())


# --- creating trainers ---------------------------------------------------------------------------


def test_admin_creates_a_trainer(admin_api: Api) -> None:
    created = admin_api.post(
        TRAINERS,
        json={
            "first_name": "Tara",
            "last_name": "Lift",
            "email": "Tara.Lift@Studio.example.com",
            "phone": "020 7946 0958",
            "specialities": ["Mobility", "mobility", "Kettlebells"],
            "hourly_rate": RATE,
            "bio": "  Ten years of coaching.  ",
        },
    )
    assert created.status_code == 201, created.json
    body = created.json
    assert body["email"] == "tara.lift@studio.example.com"
    assert body["phone"] == "+442079460958"
    assert body["specialities"] == ["Mobility", "Kettlebells"]
    assert body["hourly_rate"] == RATE
    assert body["bio"] == "Ten years of coaching."
    assert body["active"] is True
    assert body["client_count"] == 0
    assert body["has_account"] is False
    assert created.headers["ETag"]
    assert admin_api.get(f"{TRAINERS}/{body['id']}").json == body


def test_an_hourly_rate_without_currency_is_in_the_business_currency(admin_api: Api, factory: Factory) -> None:
    factory.business(currency="GBP")
    created = _create(admin_api, hourly_rate={"amount_minor": 5000})
    assert created["hourly_rate"] == {"amount_minor": 5000, "currency": "GBP"}
    url = f"{TRAINERS}/{created['id']}"
    etag = admin_api.get(url).headers["ETag"]
    updated = admin_api.patch(url, json={"hourly_rate": {"amount_minor": 6000}}, headers={"If-Match": etag})
    assert updated.status_code == 200, updated.json
    assert updated.json["hourly_rate"] == {"amount_minor": 6000, "currency": "GBP"}
    other = admin_api.patch(
        url,
        json={"hourly_rate": {"amount_minor": 1250, "currency": "USD"}},
        headers={"If-Match": updated.headers["ETag"]},
    )
    assert other.json["hourly_rate"] == {"amount_minor": 1250, "currency": "USD"}
    refused = admin_api.patch(
        url, json={"hourly_rate": {"amount_minor": 1, "currency": "ABC"}}, headers={"If-Match": other.headers["ETag"]}
    )
    assert refused.status_code == 422
    assert refused.json["errors"][0]["field"] == "hourly_rate.currency"


def test_duplicate_trainer_email_is_409_case_insensitively(admin_api: Api) -> None:
    _create(admin_api, email="coach@studio.example.com")
    response = admin_api.post(
        TRAINERS, json={"first_name": "Copy", "last_name": "Cat", "email": "COACH@Studio.Example.com"}
    )
    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    assert len(_ids(admin_api.get(TRAINERS))) == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"email": "nope"}, "email"),
        ({"phone": "12"}, "phone"),
        ({"hourly_rate": {"amount_minor": -1}}, "hourly_rate"),
        ({"salary": 1}, "salary"),
    ],
)
def test_invalid_trainer_is_422(admin_api: Api, fields: dict[str, Any], field: str) -> None:
    body = {"first_name": "Val", "last_name": "Id", "email": "val@studio.example.com", **fields}
    response = admin_api.post(TRAINERS, json=body)
    assert response.status_code == 422, response.json
    assert any(e["field"].startswith(field) for e in response.json["errors"]), response.json
    assert _ids(admin_api.get(TRAINERS)) == []


def test_only_admins_create_trainers(factory: Any) -> None:
    trainer = factory.trainer()
    client = factory.client(trainer=trainer, account=True)
    body = {"first_name": "Sneaky", "last_name": "Hire", "email": "sneaky@studio.example.com"}
    assert factory.api(trainer).post(TRAINERS, json=body).status_code == 403
    assert factory.api(client).post(TRAINERS, json=body).status_code == 403
    assert factory.api().post(TRAINERS, json=body).status_code == 401
    names = [t["first_name"] for t in factory.api(factory.admin()).get(TRAINERS).json["items"]]
    assert names == ["Tina"]


# --- the directory -------------------------------------------------------------------------------


def test_search_active_filter_sort_and_paging(admin_api: Api) -> None:
    ann = _create(admin_api, first_name="Ann", last_name="Archer", email="ann@studio.example.com")
    ben = _create(admin_api, first_name="Ben", last_name="Boxer", email="ben@gym.example.org")
    cat = _create(admin_api, first_name="Cat", last_name="Cycle", email="cat@studio.example.com")
    old = _create(admin_api, first_name="Old", last_name="Timer", email="old@studio.example.com", active=False)
    a, b, c, o = ann["id"], ben["id"], cat["id"], old["id"]

    assert _ids(admin_api.get(TRAINERS)) == [a, b, c]
    assert _ids(admin_api.get(TRAINERS, query_string={"active": "false"})) == [o]
    assert _ids(admin_api.get(TRAINERS, query_string={"q": "boxer"})) == [b]
    assert _ids(admin_api.get(TRAINERS, query_string={"q": "gym.example"})) == [b]
    assert _ids(admin_api.get(TRAINERS, query_string={"q": "Ben Boxer"})) == [b]  # the full name, as for clients
    assert _ids(admin_api.get(TRAINERS, query_string={"q": "boxer ben"})) == [b]
    assert _ids(admin_api.get(TRAINERS, query_string={"q": "timer"})) == []
    assert _ids(admin_api.get(TRAINERS, query_string={"q": "timer", "active": "false"})) == [o]
    assert _ids(admin_api.get(TRAINERS, query_string={"sort": "-name"})) == [c, b, a]
    assert _ids(admin_api.get(TRAINERS, query_string={"sort": "created_at"})) == [a, b, c]
    assert _ids(admin_api.get(TRAINERS, query_string={"sort": "-created_at"})) == [c, b, a]
    assert admin_api.get(TRAINERS, query_string={"sort": "hourly_rate"}).status_code == 422
    assert admin_api.get(TRAINERS, query_string={"limit": 101}).status_code == 422

    first = admin_api.get(TRAINERS, query_string={"limit": 2})
    assert _ids(first) == [a, b]
    assert first.json["next_cursor"]
    second = admin_api.get(TRAINERS, query_string={"limit": 2, "cursor": first.json["next_cursor"]})
    assert _ids(second) == [c]
    assert second.json["next_cursor"] is None


def test_full_name_search_holds_on_the_embedded_default_too(either_app: Any) -> None:
    factory = Factory(either_app)
    admin_api = factory.api(factory.admin())
    ben = _create(admin_api, first_name="Ben", last_name="Boxer")
    _create(admin_api, first_name="Ann", last_name="Archer")
    assert _ids(admin_api.get(TRAINERS, query_string={"q": "ben boxer"})) == [ben["id"]]


def test_paging_with_identical_names_is_stable(admin_api: Api) -> None:
    made = [_create(admin_api, first_name="Sam", last_name="Same") for _ in range(9)]
    seen: list[str] = []
    cursor = None
    while True:
        page = admin_api.get(TRAINERS, query_string={"limit": 4, **({"cursor": cursor} if cursor else {})})
        seen += _ids(page)
        cursor = page.json["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted((t["id"] for t in made), key=uuid.UUID)


def test_hourly_rate_is_shown_to_admins_and_the_trainer_themself_only(factory: Any, admin_api: Api) -> None:
    me, colleague = factory.trainer(), factory.trainer()
    client = factory.client(trainer=me, account=True)
    for person in (me, colleague):
        url = f"{TRAINERS}/{person.trainer_id}"
        etag = admin_api.get(url).headers["ETag"]
        assert admin_api.patch(url, json={"hourly_rate": RATE}, headers={"If-Match": etag}).status_code == 200

    def rates(viewer: Person | None) -> dict[str, Any]:
        api = factory.api(viewer) if viewer else admin_api
        return {t["id"]: t["hourly_rate"] for t in api.get(TRAINERS).json["items"]}

    mine, theirs = str(me.trainer_id), str(colleague.trainer_id)
    assert rates(None) == {mine: RATE, theirs: RATE}
    assert rates(me) == {mine: RATE, theirs: None}
    assert rates(colleague) == {mine: None, theirs: RATE}
    assert rates(client) == {mine: None}
    assert factory.api(me).get(f"{TRAINERS}/{theirs}").json["hourly_rate"] is None
    assert factory.api(client).get(f"{TRAINERS}/{mine}").json["hourly_rate"] is None


def test_a_trainer_edits_their_own_profile_but_not_rate_activity_or_others(factory: Any, admin_api: Api) -> None:
    me, colleague = factory.trainer(), factory.trainer()
    api = factory.api(me)
    url = f"{TRAINERS}/{me.trainer_id}"
    etag = api.get(url).headers["ETag"]

    ok = api.patch(url, json={"bio": "Strength coach", "specialities": ["Powerlifting"]}, headers={"If-Match": etag})
    assert ok.status_code == 200, ok.json
    assert ok.json["bio"] == "Strength coach"
    assert ok.json["specialities"] == ["Powerlifting"]
    etag = ok.headers["ETag"]

    for body in (
        {"hourly_rate": {"amount_minor": 99999, "currency": "EUR"}},
        {"active": False},
        {"email": "new@studio.example.com"},
        {"bio": "x", "first_name": "Renamed"},
    ):
        response = api.patch(url, json=body, headers={"If-Match": etag})
        assert response.status_code == 403, body
    other_url = f"{TRAINERS}/{colleague.trainer_id}"
    other_etag = api.get(other_url).headers["ETag"]
    assert api.patch(other_url, json={"bio": "hacked"}, headers={"If-Match": other_etag}).status_code == 403

    after = admin_api.get(url).json
    assert after["hourly_rate"] is None
    assert after["active"] is True
    assert after["first_name"] == "Tina"
    assert admin_api.get(other_url).json["bio"] is None


def test_trainer_updates_require_a_current_if_match(admin_api: Api) -> None:
    trainer = _create(admin_api, bio="v1")
    url = f"{TRAINERS}/{trainer['id']}"
    assert admin_api.patch(url, json={"bio": "v2"}).status_code == 428
    etag = admin_api.get(url).headers["ETag"]
    ok = admin_api.patch(url, json={"bio": "v2", "active": False}, headers={"If-Match": etag})
    assert ok.status_code == 200
    assert ok.headers["ETag"] != etag
    stale = admin_api.patch(url, json={"bio": "v3"}, headers={"If-Match": etag})
    assert stale.status_code == 409
    after = admin_api.get(url).json
    assert after["bio"] == "v2"
    assert after["active"] is False


def test_a_client_sees_only_their_assigned_trainers(factory: Any) -> None:
    mine, other = factory.trainer(), factory.trainer()
    client = factory.client(trainer=mine, account=True)
    api = factory.api(client)
    assert _ids(api.get(TRAINERS)) == [str(mine.trainer_id)]
    assert api.get(f"{TRAINERS}/{mine.trainer_id}").status_code == 200
    assert api.get(f"{TRAINERS}/{other.trainer_id}").status_code == 404
    assert api.patch(f"{TRAINERS}/{other.trainer_id}", json={"bio": "x"}, headers={"If-Match": "*"}).status_code == 404
    assert api.patch(f"{TRAINERS}/{mine.trainer_id}", json={"bio": "x"}, headers={"If-Match": "*"}).status_code == 403


# --- assignments ---------------------------------------------------------------------------------


def _assign(api: Api, client: Person, trainer: Person, *, primary: bool = False) -> Any:
    return api.put(f"{CLIENTS}/{client.client_id}/trainers/{trainer.trainer_id}", json={"is_primary": primary})


def _assignments(api: Api, client: Person) -> dict[str, bool]:
    response = api.get(f"{CLIENTS}/{client.client_id}/trainers")
    assert response.status_code == 200, response.json
    return {a["trainer_id"]: a["is_primary"] for a in response.json["items"]}


def test_admin_assigns_and_unassigns_and_only_one_trainer_is_primary(factory: Any, admin_api: Api) -> None:
    first, second = factory.trainer(), factory.trainer()
    client = factory.client()
    t1, t2 = str(first.trainer_id), str(second.trainer_id)

    assigned = _assign(admin_api, client, first, primary=True)
    assert assigned.status_code == 200, assigned.json
    assert assigned.json["trainer_id"] == t1
    assert assigned.json["is_primary"] is True
    assert assigned.json["trainer_name"] == "Tina " + admin_api.get(f"{TRAINERS}/{t1}").json["last_name"]

    assert _assign(admin_api, client, second).status_code == 200
    assert _assignments(admin_api, client) == {t1: True, t2: False}

    # Making the second primary demotes the first.
    assert _assign(admin_api, client, second, primary=True).status_code == 200
    assert _assignments(admin_api, client) == {t1: False, t2: True}
    record = admin_api.get(f"{CLIENTS}/{client.client_id}").json
    assert record["primary_trainer_id"] == t2

    # The newly assigned trainer now sees the client; unassigning takes it away again.
    assert factory.api(second).get(f"{CLIENTS}/{client.client_id}").status_code == 200
    removed = admin_api.delete(f"{CLIENTS}/{client.client_id}/trainers/{t2}")
    assert removed.status_code == 204
    assert _assignments(admin_api, client) == {t1: False}
    assert admin_api.get(f"{CLIENTS}/{client.client_id}").json["primary_trainer_id"] is None
    assert factory.api(second).get(f"{CLIENTS}/{client.client_id}").status_code == 404
    assert admin_api.delete(f"{CLIENTS}/{client.client_id}/trainers/{t2}").status_code == 404


def test_assigning_twice_is_idempotent(factory: Any, admin_api: Api) -> None:
    trainer, client = factory.trainer(), factory.client()
    first = _assign(admin_api, client, trainer, primary=True)
    again = _assign(admin_api, client, trainer, primary=True)
    assert again.status_code == 200
    assert again.json["created_at"] == first.json["created_at"]
    assert _assignments(admin_api, client) == {str(trainer.trainer_id): True}
    assert admin_api.get(f"{TRAINERS}/{trainer.trainer_id}").json["client_count"] == 1


def test_an_inactive_trainer_cannot_be_assigned(factory: Any, admin_api: Api) -> None:
    trainer, client = factory.trainer(), factory.client()
    url = f"{TRAINERS}/{trainer.trainer_id}"
    etag = admin_api.get(url).headers["ETag"]
    assert admin_api.patch(url, json={"active": False}, headers={"If-Match": etag}).status_code == 200
    response = _assign(admin_api, client, trainer)
    assert response.status_code == 409
    assert _assignments(admin_api, client) == {}


def test_an_archived_client_cannot_get_trainers(factory: Any, admin_api: Api) -> None:
    trainer, client = factory.trainer(), factory.client()
    assert admin_api.post(f"{CLIENTS}/{client.client_id}/archive").status_code == 200
    assert _assign(admin_api, client, trainer).status_code == 409
    assert _assignments(admin_api, client) == {}


def test_unknown_trainer_or_client_is_404(factory: Any, admin_api: Api) -> None:
    trainer, client = factory.trainer(), factory.client()
    missing = Person("x", uuid.uuid4(), trainer_id=uuid.uuid4(), client_id=uuid.uuid4())
    assert _assign(admin_api, client, missing).status_code == 404
    assert _assign(admin_api, missing, trainer).status_code == 404


def test_trainers_and_clients_cannot_change_assignments(factory: Any, admin_api: Api) -> None:
    mine, other = factory.trainer(), factory.trainer()
    client = factory.client(trainer=mine, account=True)
    stranger = factory.client(trainer=other)
    trainer_api, client_api = factory.api(mine), factory.api(client)
    for api in (trainer_api, client_api):
        assert _assign(api, client, other).status_code == 403
        assert _assign(api, client, mine, primary=False).status_code == 403
        assert _assign(api, stranger, mine).status_code in {403, 404}
        assert api.delete(f"{CLIENTS}/{client.client_id}/trainers/{mine.trainer_id}").status_code == 403
    assert _assignments(admin_api, client) == {str(mine.trainer_id): True}
    assert _assignments(admin_api, stranger) == {str(other.trainer_id): True}
    # Both may still read who the client's trainers are.
    assert _assignments(trainer_api, client) == {str(mine.trainer_id): True}
    assert _assignments(client_api, client) == {str(mine.trainer_id): True}


def test_client_count_reflects_assignments(factory: Any, admin_api: Api) -> None:
    busy, idle = factory.trainer(), factory.trainer()
    clients = [factory.client(trainer=busy) for _ in range(3)]
    _assign(admin_api, clients[0], idle)
    counts = {t["id"]: t["client_count"] for t in admin_api.get(TRAINERS).json["items"]}
    assert counts == {str(busy.trainer_id): 3, str(idle.trainer_id): 1}
    admin_api.delete(f"{CLIENTS}/{clients[1].client_id}/trainers/{busy.trainer_id}")
    assert admin_api.get(f"{TRAINERS}/{busy.trainer_id}").json["client_count"] == 2
