"""Sign-in: cookie attributes, identical failures, inactive users, token rotation, /auth/me, throttling."""

from __future__ import annotations

import hashlib
from ipaddress import ip_network
from typing import Any

import pytest

from fitnesscrm.core.actor import Role
from fitnesscrm.settings import Settings

from ..factories import PASSWORD, Api, Factory
from .conftest import COOKIE, session_cookie

LOGIN = "/api/v1/auth/login"


def _set_cookie_header(response, name: str = COOKIE) -> str:
    [header] = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")]
    return header


def test_login_sets_httponly_lax_session_cookie_and_returns_csrf_token(factory, anon):
    admin = factory.admin()

    response = anon.post(LOGIN, json={"email": admin.email, "password": PASSWORD})

    assert response.status_code == 200
    assert response.json["user"]["email"] == admin.email
    assert response.json["user"]["role"] == "admin"
    csrf = response.json["csrf_token"]
    assert isinstance(csrf, str)
    assert len(csrf) >= 20
    cookie = _set_cookie_header(response)
    attributes = [part.strip() for part in cookie.split(";")]
    assert "HttpOnly" in attributes
    assert "SameSite=Lax" in attributes
    assert "Path=/" in attributes
    assert "Secure" not in attributes  # plain http in tests: a Secure cookie would never come back
    token = cookie.split(";")[0].split("=", 1)[1]
    assert len(token) >= 32
    assert csrf not in cookie
    assert token not in response.get_data(as_text=True)

    me = anon.get("/api/v1/auth/me")
    assert me.status_code == 200
    assert me.json["user"]["id"] == str(admin.user_id)
    assert me.json["csrf_token"] == csrf


def test_over_https_the_cookie_is_a_secure_host_cookie(make_app):
    https_app = make_app(base_url="https://crm.example.com")
    admin = Factory(https_app).admin().email

    response = https_app.test_client().post(
        LOGIN, json={"email": admin, "password": PASSWORD}, base_url="https://localhost"
    )

    assert response.status_code == 200
    cookie = _set_cookie_header(response, "__Host-fcrm_session")
    attributes = [part.strip() for part in cookie.split(";")]
    assert {"Secure", "HttpOnly", "SameSite=Lax", "Path=/"} <= set(attributes)
    assert not any(a.lower().startswith("domain=") for a in attributes)
    # The known-device cookie goes to the sign-in address only, so it cannot take __Host- (which needs Path=/).
    device = [part.strip() for part in _set_cookie_header(response, "__Secure-fcrm_device").split(";")]
    assert {"Secure", "HttpOnly", "SameSite=Strict", "Path=/api/v1/auth/login"} <= set(device)


def test_wrong_password_and_unknown_email_get_the_same_answer(factory, anon):
    admin = factory.admin()

    wrong_password = anon.post(LOGIN, json={"email": admin.email, "password": "not-my-password-123"})
    unknown_email = anon.post(LOGIN, json={"email": "nobody@studio.example.com", "password": PASSWORD})

    for response in (wrong_password, unknown_email):
        assert response.status_code == 401
        assert response.mimetype == "application/problem+json"
        assert "Set-Cookie" not in response.headers
    strip = lambda body: {k: v for k, v in body.items() if k != "request_id"}  # noqa: E731
    assert strip(wrong_password.json) == strip(unknown_email.json)
    assert wrong_password.json["detail"] == "The e-mail or password is not correct."
    assert anon.get("/api/v1/auth/me").status_code == 401


def test_email_is_matched_case_insensitively(factory, anon):
    admin = factory.admin()

    assert anon.post(LOGIN, json={"email": f"  {admin.email.upper()} ", "password": PASSWORD}).status_code == 200


def test_inactive_user_cannot_sign_in_and_loses_open_sessions(factory, anon, sql):
    trainer = factory.trainer()
    signed_in = factory.api(trainer)

    sql("UPDATE users SET is_active = false WHERE id = :id", id=trainer.user_id)

    response = anon.post(LOGIN, json={"email": trainer.email, "password": PASSWORD})
    assert response.status_code == 401
    assert response.json["detail"] == "The e-mail or password is not correct."
    assert signed_in.get("/api/v1/auth/me").status_code == 401


def test_each_login_issues_a_new_token_stored_only_as_a_hash(factory, anon, sql):
    admin = factory.admin()
    anon.client.set_cookie(COOKIE, "attacker-chosen-session-value")

    first = anon.login(admin.email)
    first_token, first_csrf = session_cookie(anon), first.json["csrf_token"]
    second = anon.login(admin.email)
    second_token = session_cookie(anon)

    assert first.status_code == second.status_code == 200
    assert first_token != "attacker-chosen-session-value"
    assert second_token != first_token
    assert second.json["csrf_token"] != first_csrf
    stored = {
        row.token_hash for row in sql("SELECT token_hash FROM login_sessions WHERE user_id = :id", id=admin.user_id)
    }
    assert stored == {hashlib.sha256(t.encode()).hexdigest() for t in (first_token, second_token)}
    assert anon.get("/api/v1/auth/me").json["csrf_token"] == second.json["csrf_token"]


def test_me_describes_the_signed_in_user_and_their_profile_link(factory, anon):
    trainer = factory.trainer()
    client = factory.client(trainer=trainer, account=True)

    assert anon.get("/api/v1/auth/me").status_code == 401
    trainer_me = factory.api(trainer).get("/api/v1/auth/me").json["user"]
    client_me = factory.api(client).get("/api/v1/auth/me").json["user"]

    assert trainer_me["role"] == Role.TRAINER
    assert trainer_me["trainer_id"] == str(trainer.trainer_id)
    assert trainer_me["client_id"] is None
    assert client_me["role"] == Role.CLIENT
    assert client_me["client_id"] == str(client.client_id)
    assert "password_hash" not in trainer_me


# --- throttling ---------------------------------------------------------------------------------


def test_sixth_attempt_after_five_failures_is_refused_even_with_the_right_password(factory, anon, app):
    admin = factory.admin()
    other = factory.admin()

    for _ in range(5):
        assert anon.post(LOGIN, json={"email": admin.email, "password": "wrong-password-000"}).status_code == 401
    locked = anon.post(LOGIN, json={"email": admin.email, "password": PASSWORD})

    assert locked.status_code == 429
    assert locked.mimetype == "application/problem+json"
    assert 0 < int(locked.headers["Retry-After"]) <= 15 * 60
    assert "Set-Cookie" not in locked.headers
    # The same address may still sign in to another account: the lock is per account.
    assert anon.post(LOGIN, json={"email": other.email, "password": PASSWORD}).status_code == 200
    # The counter lives in Redis (shared by every app instance), keyed by the account.
    keys = [k.decode() for k in app.extensions["fitnesscrm"].redis.keys("*")]
    assert any(f"account:{admin.email}" in k for k in keys), keys


def test_account_limit_ignores_case_and_spacing_of_the_email(factory, anon):
    admin = factory.admin()

    for n in range(5):
        variant = admin.email.upper() if n % 2 else f" {admin.email} "
        assert anon.post(LOGIN, json={"email": variant, "password": "wrong-password-000"}).status_code == 401

    assert anon.post(LOGIN, json={"email": admin.email, "password": PASSWORD}).status_code == 429


def test_successful_logins_do_not_use_up_the_account_limit(factory, anon):
    admin = factory.admin()

    statuses = [anon.login(admin.email).status_code for _ in range(7)]

    assert statuses == [200] * 7


def test_login_is_limited_per_ip_address(make_app, app):
    limited = make_app(login_limit_per_ip="3 per minute")
    client = Api(limited.test_client())

    statuses = [
        client.post(LOGIN, json={"email": f"guess{n}@studio.example.com", "password": "x"}).status_code
        for n in range(4)
    ]

    assert statuses == [401, 401, 401, 429]
    blocked = client.post(LOGIN, json={"email": "guess9@studio.example.com", "password": "x"})
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    elsewhere = limited.test_client().post(
        LOGIN, json={"email": "guess9@studio.example.com", "password": "x"}, environ_base={"REMOTE_ADDR": "203.0.113.7"}
    )
    assert elsewhere.status_code == 401
    keys = [k.decode() for k in app.extensions["fitnesscrm"].redis.keys("*")]
    assert any("127.0.0.1" in k for k in keys), keys


def test_a_stranger_cannot_lock_the_owner_out(factory, make_app):
    """Issue 14, finding 7: a few wrong passwords from anywhere locked the account for 15 minutes, the owner
    included. Failures now count per account *and* address (growing pauses), and across addresses only up to a
    higher limit that a device the owner signed in from before is not held back by."""
    limited = make_app(login_limit_per_account_anywhere="8 per hour")
    owner = factory.admin()

    def from_address(address: str) -> Any:
        api = Api(limited.test_client())
        api.client.environ_base["REMOTE_ADDR"] = address
        return api

    home = from_address("198.51.100.20")
    assert home.login(owner.email).status_code == 200  # the owner's browser, now a known device
    attacker = from_address("203.0.113.7")
    for _ in range(5):
        assert attacker.post(LOGIN, json={"email": owner.email, "password": "guess-000000"}).status_code == 401
    assert attacker.post(LOGIN, json={"email": owner.email, "password": PASSWORD}).status_code == 429
    assert from_address("198.51.100.99").login(owner.email).status_code == 200  # another address: not locked

    for n in range(3):  # a guesser with many addresses reaches the account-wide limit (8 failures)...
        guess = from_address(f"192.0.2.{n}").post(LOGIN, json={"email": owner.email, "password": "x" * 12})
        assert guess.status_code == 401
    assert from_address("192.0.2.50").login(owner.email).status_code == 429
    assert home.login(owner.email).status_code == 200  # ...but not the owner's own device


def test_a_sign_in_from_a_new_device_is_e_mailed_to_the_owner(factory: Factory, mailer: Any) -> None:
    """Issue 14 (M9.4): "an e-mail when a new device signs in". Not for the account's first sign-in, nor for a
    browser that signed in to it before (its known-device cookie); sent after the answer, naming the device."""
    trainer = factory.trainer()  # created with a password, never signed in
    laptop = Api(factory.app.test_client())
    laptop.client.environ_base["HTTP_USER_AGENT"] = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"
    assert laptop.login(trainer.email).status_code == 200
    assert mailer.outbox == []  # the first sign-in ever: nothing to compare with
    assert laptop.login(trainer.email).status_code == 200
    assert mailer.outbox == []  # the same browser again

    phone = Api(factory.app.test_client())
    phone.client.environ_base["HTTP_USER_AGENT"] = "Mozilla/5.0 (Linux; Android 14) Chrome/120.0 Mobile"
    assert phone.login(trainer.email).status_code == 200
    [message] = mailer.outbox
    assert message.to == trainer.email
    assert message.subject == "New sign-in to your FitnessCRM account"
    assert "Chrome on Android" in message.body
    assert "/account" in message.body

    refused = Api(factory.app.test_client())
    assert refused.post(LOGIN, json={"email": trainer.email, "password": "wrong-password"}).status_code == 401
    assert len(mailer.outbox) == 1  # a failed attempt signs nothing in


def test_admin_accounts_only_from_the_business_networks(app: Any, factory: Factory) -> None:
    """Issue 14 (M9.4): an admin IP allow-list. With FITNESSCRM_ADMIN_NETWORKS set, an admin's password and session
    work only from those networks; trainers and clients are not concerned."""

    settings = app.extensions["fitnesscrm"].settings
    settings.__dict__["admin_network_list"] = (ip_network("10.0.0.0/8"), ip_network("2001:db8::/48"))
    try:
        admin, trainer = factory.admin(), factory.trainer()
        outside = Api(factory.app.test_client())  # 127.0.0.1
        refused = outside.login(admin.email)
        assert refused.status_code == 403
        assert refused.json["type"].endswith("admin-network-refused")
        assert outside.get("/api/v1/auth/me").status_code == 401  # no session was opened
        assert outside.login(trainer.email).status_code == 200

        office = Api(factory.app.test_client())
        office.client.environ_base["REMOTE_ADDR"] = "10.20.30.40"
        assert office.login(admin.email).status_code == 200
        assert office.get("/api/v1/users").status_code == 200
        office.client.environ_base["REMOTE_ADDR"] = "192.0.2.7"  # the same session, taken elsewhere
        moved = office.get("/api/v1/users")
        assert moved.status_code == 403
        assert moved.json["type"].endswith("admin-network-refused")
        assert office.post("/api/v1/auth/logout").status_code == 204  # signing out still works from anywhere
    finally:
        del settings.__dict__["admin_network_list"]
    with pytest.raises(ValueError, match=r"10\.0\.0\.0/33"):
        Settings(admin_networks="10.0.0.0/33")
