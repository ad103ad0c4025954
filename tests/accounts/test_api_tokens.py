"""Personal API tokens: shown once, stored hashed, Bearer without CSRF, scopes, revocation, expiry."""

from __future__ import annotations

import hashlib

from ..factories import Api

TOKENS = "/api/v1/auth/tokens"
NEW_CLIENT = {"first_name": "Ada", "last_name": "Lovelace"}


def _create(api, *, scopes=("read", "write"), name: str = "Zapier", days: int = 30):
    response = api.post(TOKENS, json={"name": name, "scopes": list(scopes), "expires_in_days": days})
    assert response.status_code == 201, response.json
    return response.json


def _bearer(factory, raw: str) -> Api:
    api = Api(factory.app.test_client())
    api.headers["Authorization"] = f"Bearer {raw}"
    return api


def test_token_is_shown_once_and_stored_only_as_a_hash(factory, sql):
    admin = factory.admin()
    api = factory.api(admin)

    created = _create(api)
    raw = created["token"]

    assert raw.startswith("fcrm_")
    assert len(raw) > 40
    assert created["scopes"] == ["read", "write"]
    listed = api.get(TOKENS)
    assert listed.status_code == 200
    [item] = listed.json["items"]
    assert item["id"] == created["id"]
    assert "token" not in item
    assert raw not in listed.get_data(as_text=True)
    rows = sql("SELECT * FROM api_tokens")
    assert len(rows) == 1
    assert raw not in repr(tuple(rows[0]))
    assert raw[5:] not in repr(tuple(rows[0]))
    assert rows[0].token_hash == hashlib.sha256(raw.encode()).hexdigest()


def test_bearer_token_works_without_cookie_or_csrf(factory):
    raw = _create(factory.api(factory.admin()))["token"]
    integration = _bearer(factory, raw)

    assert integration.get("/api/v1/auth/me").json["user"]["role"] == "admin"
    created = integration.post("/api/v1/clients", json=NEW_CLIENT)

    assert created.status_code == 201
    assert [c["first_name"] for c in integration.get("/api/v1/clients").json["items"]] == ["Ada"]


def test_read_only_token_cannot_write(factory):
    admin_api = factory.api(factory.admin())
    raw = _create(admin_api, scopes=["read"])["token"]
    integration = _bearer(factory, raw)

    assert integration.get("/api/v1/clients").status_code == 200
    refused = integration.post("/api/v1/clients", json=NEW_CLIENT)

    assert refused.status_code == 403
    assert refused.mimetype == "application/problem+json"
    assert admin_api.get("/api/v1/clients").json["items"] == []


def test_token_acts_only_within_its_owners_scope(factory):
    trainer = factory.trainer()
    mine = factory.client(trainer=trainer)
    theirs = factory.client(trainer=factory.trainer())
    integration = _bearer(factory, _create(factory.api(trainer))["token"])

    assert [c["id"] for c in integration.get("/api/v1/clients").json["items"]] == [str(mine.client_id)]
    assert integration.get(f"/api/v1/clients/{theirs.client_id}").status_code == 404


def test_revoked_token_is_refused(factory):
    api = factory.api(factory.admin())
    created = _create(api)
    integration = _bearer(factory, created["token"])
    assert integration.get("/api/v1/clients").status_code == 200

    assert api.delete(f"{TOKENS}/{created['id']}").status_code == 204

    assert integration.get("/api/v1/clients").status_code == 401
    assert api.get(TOKENS).json["items"] == []


def test_expired_token_is_refused(factory, sql):
    raw = _create(factory.api(factory.admin()))["token"]
    integration = _bearer(factory, raw)
    assert integration.get("/api/v1/clients").status_code == 200

    sql("UPDATE api_tokens SET expires_at = now() - interval '1 second'")

    response = integration.get("/api/v1/clients")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


def test_token_of_a_deactivated_user_is_refused(factory, sql):
    admin = factory.admin()
    integration = _bearer(factory, _create(factory.api(admin))["token"])

    sql("UPDATE users SET is_active = false WHERE id = :id", id=admin.user_id)

    assert integration.get("/api/v1/clients").status_code == 401


def test_made_up_tokens_are_refused(factory):
    for raw in ("fcrm_" + "a" * 43, "not-even-our-prefix", ""):
        assert _bearer(factory, raw).get("/api/v1/clients").status_code == 401


def test_a_token_cannot_create_tokens(factory):
    api = factory.api(factory.admin())
    integration = _bearer(factory, _create(api)["token"])

    response = integration.post(TOKENS, json={"name": "child", "scopes": ["read"], "expires_in_days": 1})

    assert response.status_code == 403
    assert len(api.get(TOKENS).json["items"]) == 1


def test_users_revoke_only_their_own_tokens(factory):
    first, second = factory.api(factory.admin()), factory.api(factory.admin())
    created = _create(first)

    assert second.delete(f"{TOKENS}/{created['id']}").status_code == 404
    assert second.get(TOKENS).json["items"] == []
    assert _bearer(factory, created["token"]).get("/api/v1/clients").status_code == 200


def test_token_lifetime_is_bounded(factory):
    api = factory.api(factory.admin())

    response = api.post(TOKENS, json={"name": "forever", "scopes": ["read"], "expires_in_days": 10_000})

    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "expires_in_days"
