"""CSRF: cookie-authenticated unsafe requests need the X-CSRF-Token header; /api bodies must be JSON."""

from __future__ import annotations

NEW_CLIENT = {"first_name": "Ada", "last_name": "Lovelace"}


def _client_names(api) -> list[str]:
    return [c["first_name"] for c in api.get("/api/v1/clients").json["items"]]


def test_unsafe_request_without_csrf_header_is_refused(factory):
    api = factory.api(factory.admin())

    response = api.client.post("/api/v1/clients", json=NEW_CLIENT)  # cookie sent, header not

    assert response.status_code == 403
    assert response.mimetype == "application/problem+json"
    assert response.json["type"].endswith("/csrf-failed")
    assert response.json["request_id"]
    assert _client_names(api) == []


def test_unsafe_request_with_a_wrong_csrf_header_is_refused(factory):
    api = factory.api(factory.admin())

    response = api.post("/api/v1/clients", json=NEW_CLIENT, headers={"X-CSRF-Token": "x" * 32})

    assert response.status_code == 403
    assert response.json["type"].endswith("/csrf-failed")
    assert _client_names(api) == []


def test_csrf_token_of_another_session_is_refused(factory):
    admin = factory.admin()
    mine, theirs = factory.api(admin), factory.api(admin)

    response = mine.post("/api/v1/clients", json=NEW_CLIENT, headers={"X-CSRF-Token": theirs.csrf})

    assert response.status_code == 403


def test_right_csrf_header_lets_the_write_through(factory):
    api = factory.api(factory.admin())

    assert api.post("/api/v1/clients", json=NEW_CLIENT).status_code == 201
    assert _client_names(api) == ["Ada"]


def test_logout_without_csrf_header_does_not_sign_out(factory):
    api = factory.api(factory.admin())

    assert api.client.post("/api/v1/auth/logout").status_code == 403
    assert api.get("/api/v1/auth/me").status_code == 200


def test_safe_requests_need_no_csrf_header(factory):
    api = factory.api(factory.admin())
    api.csrf = None

    assert api.get("/api/v1/clients").status_code == 200


def test_form_encoded_body_on_an_api_write_is_a_400_problem(factory):
    api = factory.api(factory.admin())

    response = api.post(
        "/api/v1/clients", data="first_name=Ada&last_name=Lovelace", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert "application/json" in response.json["detail"]
    assert _client_names(api) == []


def test_text_plain_login_is_a_400_problem(factory, anon):
    admin = factory.admin()

    response = anon.post(
        "/api/v1/auth/login", data=f'{{"email": "{admin.email}", "password": "x"}}', content_type="text/plain"
    )

    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert "Set-Cookie" not in response.headers


def test_malformed_json_is_a_400_problem(anon):
    response = anon.post("/api/v1/auth/login", data='{"email": ', content_type="application/json")

    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"


def test_signing_in_again_from_a_signed_in_tab_needs_no_csrf_header(factory):
    admin = factory.admin()
    api = factory.api(admin)
    api.csrf = None  # a reloaded tab has the cookie but has not fetched the token yet
    assert api.login(admin.email).status_code == 200
