"""E-mails telling people how their account signs in changed (ASVS 2.2.3 and 2.5.5; issue 14): sent once the
change commits, to the account's address, never for a change that was refused."""

from __future__ import annotations

from typing import Any

from ..factories import PASSWORD, Factory
from .test_passwords import _reset_token
from .test_two_factor import TWO_FACTOR, enrol

NEW_PASSWORD = "granite-orchard-velvet-19"


def _subjects(mailer: Any, to: str) -> list[str]:
    return [m.subject for m in mailer.outbox if m.to == to]


def test_password_and_second_factor_changes_are_e_mailed_to_the_owner(factory: Factory, mailer: Any) -> None:
    person = factory.trainer()
    api = factory.api(person)
    mailer.outbox.clear()

    refused = api.post("/api/v1/auth/password", json={"current_password": "wrong", "new_password": NEW_PASSWORD})
    assert refused.status_code == 422
    assert mailer.outbox == []  # nothing changed, nothing said

    changed = api.post("/api/v1/auth/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert changed.status_code == 200, changed.json
    [message] = mailer.outbox
    assert message.to == person.email
    assert message.subject == "Your FitnessCRM password was changed"
    assert "/reset-password" in message.body

    enrol_api = factory.api()
    assert enrol_api.login(person.email, NEW_PASSWORD).status_code == 200
    enrol(enrol_api, password=NEW_PASSWORD)
    assert enrol_api.post(f"{TWO_FACTOR}/disable", json={"password": NEW_PASSWORD}).status_code == 204
    assert _subjects(mailer, person.email)[-2:] == [
        "Two-factor sign-in was turned on for your FitnessCRM account",
        "Two-factor sign-in was turned off for your FitnessCRM account",
    ]


def test_a_reset_and_an_admins_second_factor_reset_are_e_mailed(factory: Factory, mailer: Any) -> None:
    admin = factory.api(factory.admin())
    person = factory.trainer()
    enrol(factory.api(person))
    assert admin.post(f"/api/v1/users/{person.user_id}/two-factor/reset").status_code == 200
    assert _subjects(mailer, person.email)[-1] == "An admin took two-factor sign-in off your FitnessCRM account"

    assert factory.api().post("/api/v1/auth/password-reset", json={"email": person.email}).status_code == 202
    token = _reset_token(mailer.outbox[-1])
    confirmed = factory.api().post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "new_password": NEW_PASSWORD}
    )
    assert confirmed.status_code == 200, confirmed.json
    assert _subjects(mailer, person.email)[-1] == "Your FitnessCRM password was reset"
