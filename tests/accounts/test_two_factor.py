"""Two-factor sign-in with an authenticator app (TOTP) and recovery codes, for every role (issue 14, M9.4)."""

from __future__ import annotations

import time
from typing import Any

import pyotp

from ..factories import PASSWORD, Api, Factory

TWO_FACTOR = "/api/v1/auth/two-factor"
LOGIN = "/api/v1/auth/login"


def _code(secret: str, steps_ahead: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def enrol(api: Api) -> tuple[str, list[str]]:
    """Set up and turn on; the secret and the recovery codes."""
    setup = api.post(f"{TWO_FACTOR}/setup")
    assert setup.status_code == 200, setup.json
    secret = setup.json["secret"]
    assert setup.json["otpauth_uri"].startswith("otpauth://totp/")
    enabled = api.post(f"{TWO_FACTOR}/enable", json={"code": _code(secret)})
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
    wrong = api.post(
        f"{TWO_FACTOR}/enable", json={"code": "000000" if _code(setup["secret"]) != "000000" else "111111"}
    )
    assert wrong.status_code == 422  # a mistyped secret turns nothing on
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
    assert bearer.post(f"{TWO_FACTOR}/enable", json={"code": "123456"}).status_code == 403
