"""Two-factor sign-in with an authenticator app (TOTP) and recovery codes, for every role (issue 14, M9.4)."""

from __future__ import annotations

import time
import uuid
from typing import Any

import pyotp

from ..factories import PASSWORD, Api, Factory, count_queries

TWO_FACTOR = "/api/v1/auth/two-factor"
LOGIN = "/api/v1/auth/login"


def _code(secret: str, steps_ahead: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def enrol(api: Api, password: str = PASSWORD) -> tuple[str, list[str]]:
    """Set up and turn on; the secret and the recovery codes."""
    setup = api.post(f"{TWO_FACTOR}/setup")
    assert setup.status_code == 200, setup.json
    secret = setup.json["secret"]
    assert setup.json["otpauth_uri"].startswith("otpauth://totp/")
    enabled = api.post(f"{TWO_FACTOR}/enable", json={"code": _code(secret), "password": password})
    assert enabled.status_code == 200, enabled.json
    return secret, enabled.json["recovery_codes"]


def _other_than(code: str) -> str:
    return "000000" if code != "000000" else "111111"


def _sign_in(factory: Factory, email: str, code: str | None = None) -> Any:
    body = {"email": email, "password": PASSWORD, **({"code": code} if code else {})}
    return Api(factory.app.test_client()).post(LOGIN, json=body)


def test_a_code_from_the_app_is_needed_once_it_is_turned_on(factory: Factory) -> None:
    trainer = factory.trainer()
    api = factory.api(trainer)
    setup = api.post(f"{TWO_FACTOR}/setup").json
    wrong = api.post(f"{TWO_FACTOR}/enable", json={"code": _other_than(_code(setup["secret"])), "password": PASSWORD})
    assert wrong.status_code == 422  # a mistyped secret turns nothing on
    no_password = api.post(f"{TWO_FACTOR}/enable", json={"code": _code(setup["secret"]), "password": "not-it"})
    assert no_password.status_code == 422  # nor a browser left signed in, without the password
    assert [e["field"] for e in no_password.json["errors"]] == ["password"]
    assert api.get(TWO_FACTOR).json["enabled"] is False
    secret, recovery = enrol(api)  # a new set-up replaces the unconfirmed one
    assert len(recovery) == 10
    status = api.get(TWO_FACTOR).json
    assert status["enabled"] is True
    assert status["recovery_codes_left"] == 10

    asked = _sign_in(factory, trainer.email)
    assert asked.status_code == 401
    assert asked.json["type"].endswith("second-factor-required")
    assert _sign_in(factory, trainer.email, _other_than(_code(secret, 1))).status_code == 401
    code = _code(secret, 1)
    assert _sign_in(factory, trainer.email, code).status_code == 200
    assert _sign_in(factory, trainer.email, code).status_code == 401  # no code counts twice


def test_a_recovery_code_works_once(factory: Factory) -> None:
    client = factory.client(account=True)
    api = factory.api(client)
    _secret, recovery = enrol(api)
    assert _sign_in(factory, client.email, recovery[0].upper()).status_code == 200  # as typed from paper
    assert _sign_in(factory, client.email, recovery[0]).status_code == 401
    assert api.get(TWO_FACTOR).json["recovery_codes_left"] == 9


def test_asking_for_the_code_is_not_a_failed_sign_in(factory: Factory) -> None:
    admin = factory.admin()
    secret, _ = enrol(factory.api(admin))
    for _ in range(6):  # more than the five failures that pause an account
        assert _sign_in(factory, admin.email).json["type"].endswith("second-factor-required")
    assert _sign_in(factory, admin.email, _code(secret, 1)).status_code == 200


def test_turning_it_off_needs_the_password(factory: Factory) -> None:
    admin = factory.admin()
    api = factory.api(admin)
    enrol(api)
    assert api.post(f"{TWO_FACTOR}/disable", json={"password": "not-my-password-at-all"}).status_code == 422
    assert api.post(f"{TWO_FACTOR}/disable", json={"password": PASSWORD}).status_code == 204
    assert _sign_in(factory, admin.email).status_code == 200
    users = factory.api(factory.admin()).get("/api/v1/users", query_string={"role": "admin"}).json["items"]
    assert {u["email"]: u["two_factor"] for u in users}[admin.email] is False


def test_two_factor_holds_on_both_databases(either_app: Any) -> None:
    factory = Factory(either_app)
    person = factory.trainer()
    secret, _ = enrol(factory.api(person))
    assert _sign_in(factory, person.email).status_code == 401
    assert _sign_in(factory, person.email, _code(secret, 1)).status_code == 200


def test_an_api_token_cannot_set_up_two_factor_sign_in(factory: Factory) -> None:
    """Whoever holds a write token could otherwise put their own app on the account and lock its owner out."""
    trainer = factory.trainer()
    raw = factory.api(trainer).post("/api/v1/auth/tokens", json={"name": "sync", "scopes": ["read", "write"]}).json
    bearer = Api(factory.app.test_client())
    bearer.headers["Authorization"] = f"Bearer {raw['token']}"
    assert bearer.post(f"{TWO_FACTOR}/setup").status_code == 403
    assert bearer.post(f"{TWO_FACTOR}/enable", json={"code": "123456", "password": PASSWORD}).status_code == 403


# --- the business requires it (issue 14, M9.4: "admins can be required to use one") ----------------------------

REQUIREMENT = "/api/v1/users/two-factor-requirement"


def test_requiring_a_second_factor_of_staff_shuts_everything_but_the_set_up(either_app: Any) -> None:
    """Requiring it of staff: a trainer without one, already signed in, can still see who they are, set one up and
    sign out, and nothing else, until they turn it on; then everything opens without signing in again. A client
    is never asked. The same on both databases."""
    factory = Factory(either_app)
    admin_person = factory.admin()
    admin = factory.api(admin_person)
    trainer = factory.api(factory.trainer())
    client = factory.api(factory.client(account=True))
    assert trainer.get("/api/v1/clients").status_code == 200  # cached sign-in, before the change

    refused = admin.put(REQUIREMENT, json={"required_for": "staff"})
    assert refused.status_code == 409  # the admin has no second factor yet
    assert admin.get(REQUIREMENT).json == {"required_for": "nobody"}
    enrol(admin)
    assert admin.put(REQUIREMENT, json={"required_for": "staff"}).json == {"required_for": "staff"}

    blocked = trainer.get("/api/v1/clients")
    assert blocked.status_code == 403
    assert blocked.json["type"].endswith("two-factor-setup-required")
    assert trainer.post("/api/v1/clients", json={"first_name": "A", "last_name": "B"}).status_code == 403
    me = trainer.get("/api/v1/auth/me")
    assert me.status_code == 200
    assert me.json["two_factor_setup_required"] is True
    assert trainer.get("/api/v1/business").status_code == 200  # public reads stay open
    assert client.get("/api/v1/auth/me").json["two_factor_setup_required"] is False
    assert admin.get("/api/v1/clients").status_code == 200

    enrol(trainer)
    assert trainer.get("/api/v1/clients").status_code == 200
    assert trainer.get("/api/v1/auth/me").json["two_factor_setup_required"] is False

    admin_again = Api(factory.app.test_client())
    assert admin_again.post(LOGIN, json={"email": admin_person.email, "password": PASSWORD}).status_code == 401


def test_a_new_sign_in_and_an_api_token_are_held_to_the_requirement(factory: Factory) -> None:
    admin = factory.api(factory.admin())
    enrol(admin)
    person = factory.trainer()
    raw = factory.api(person).post("/api/v1/auth/tokens", json={"name": "sync", "scopes": ["read"]}).json["token"]
    assert admin.put(REQUIREMENT, json={"required_for": "admins"}).status_code == 200
    assert factory.api(person).get("/api/v1/clients").status_code == 200  # trainers are not concerned
    assert admin.put(REQUIREMENT, json={"required_for": "staff"}).status_code == 200

    signed_in = _sign_in(factory, person.email)
    assert signed_in.status_code == 200
    assert signed_in.json["two_factor_setup_required"] is True
    bearer = Api(factory.app.test_client())
    bearer.headers["Authorization"] = f"Bearer {raw}"
    assert bearer.get("/api/v1/clients").status_code == 403

    assert admin.put(REQUIREMENT, json={"required_for": "nobody"}).status_code == 200
    assert bearer.get("/api/v1/clients").status_code == 200


def test_a_required_second_factor_cannot_be_turned_off(factory: Factory) -> None:
    admin = factory.api(factory.admin())
    enrol(admin)
    assert admin.put(REQUIREMENT, json={"required_for": "admins"}).status_code == 200
    refused = admin.post(f"{TWO_FACTOR}/disable", json={"password": PASSWORD})
    assert refused.status_code == 409
    assert admin.get(TWO_FACTOR).json["enabled"] is True
    assert admin.put(REQUIREMENT, json={"required_for": "bogus"}).status_code == 422


def test_an_admin_resets_someones_lost_second_factor(either_app: Any) -> None:
    """A trainer lost their phone: an admin takes the second factor off; the trainer's sessions end, they sign in
    with the password alone, and (when the business requires it) set a new one up before anything else."""
    factory = Factory(either_app)
    admin = factory.api(factory.admin())
    enrol(admin)
    person = factory.trainer()
    trainer = factory.api(person)
    enrol(trainer)
    assert admin.put(REQUIREMENT, json={"required_for": "staff"}).status_code == 200

    assert admin.post(f"/api/v1/users/{admin_id(admin)}/two-factor/reset").status_code == 409  # not one's own
    assert admin.post(f"/api/v1/users/{uuid.uuid4()}/two-factor/reset").status_code == 404
    reset = admin.post(f"/api/v1/users/{person.user_id}/two-factor/reset")
    assert reset.status_code == 200, reset.json
    assert reset.json["sessions_ended"] == 1
    assert reset.json["user"]["two_factor"] is False
    assert trainer.get("/api/v1/auth/me").status_code == 401  # the session on the lost phone ended

    again = _sign_in(factory, person.email)
    assert again.status_code == 200
    assert again.json["two_factor_setup_required"] is True
    events = [e["action"] for e in admin.get("/api/v1/audit-events").json["items"]]
    assert "auth.two_factor_reset" in events
    assert "auth.two_factor_requirement_changed" in events


def admin_id(api: Api) -> str:
    return str(api.get("/api/v1/auth/me").json["user"]["id"])


def test_reading_the_requirement_costs_one_statement(app: Any, factory: Factory) -> None:
    admin = factory.api(factory.admin())
    admin.get(REQUIREMENT)  # warm: the cached sign-in, the settings row
    with count_queries(app) as statements:
        assert admin.get(REQUIREMENT).status_code == 200
    assert len(statements) == 1, statements
