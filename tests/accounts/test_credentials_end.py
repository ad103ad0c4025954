"""A new password ends what the old one could have made: API tokens, calendar feed links and reset links.

Regression tests for issue 14, findings 1 and 6: before, a change or reset ended sign-in sessions only, so an
intruder who had minted a token or a feed kept access after the owner recovered the account, and every reset
link stayed usable until it expired.
"""

from __future__ import annotations

from typing import Any

from ..factories import PASSWORD, Api, Factory, Person
from .test_passwords import _reset_token

NEW_PASSWORD = "granite-orchard-velvet-19"
RESET = "/api/v1/auth/password-reset"
CONFIRM = "/api/v1/auth/password-reset/confirm"
CHANGE = "/api/v1/auth/password"


def _bearer(factory: Factory, raw: str) -> Api:
    api = Api(factory.app.test_client())
    api.headers["Authorization"] = f"Bearer {raw}"
    return api


def _credentials(factory: Factory, person: Person) -> tuple[Api, str, Api]:
    """What an intruder with the password would make: an API token and a calendar feed; and a second session."""
    intruder = factory.api(person)
    token = intruder.post("/api/v1/auth/tokens", json={"name": "mine now", "scopes": ["read", "write"]})
    feed = intruder.post("/api/v1/calendar/feeds")
    assert token.status_code == 201, token.json
    assert feed.status_code == 201, feed.json
    return _bearer(factory, token.json["token"]), f"/api/v1/calendar/feeds/{feed.json['token']}.ics", intruder


def _works(bearer: Api, feed: str, anon: Api) -> tuple[int, int]:
    return bearer.get("/api/v1/auth/me").status_code, anon.get(feed).status_code


def test_a_password_reset_ends_api_tokens_and_calendar_feeds_and_says_so(factory: Factory, anon: Api, mailer: Any):
    trainer = factory.trainer()
    bearer, feed, session = _credentials(factory, trainer)
    assert _works(bearer, feed, anon) == (200, 200)
    anon.post(RESET, json={"email": trainer.email})

    response = anon.post(CONFIRM, json={"token": _reset_token(mailer.outbox[-1]), "new_password": NEW_PASSWORD})

    assert response.status_code == 200
    assert response.json == {"sessions_ended": 1, "api_tokens_revoked": 1, "calendar_feeds_revoked": 1}
    assert _works(bearer, feed, anon) == (401, 404)
    assert session.get("/api/v1/auth/me").status_code == 401


def test_a_password_change_ends_tokens_and_feeds_unless_the_owner_keeps_them(factory: Factory, anon: Api):
    admin = factory.admin()
    bearer, feed, other_session = _credentials(factory, admin)
    me = factory.api(admin)

    keep = {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "revoke_api_access": False}
    kept = me.post(CHANGE, json=keep)

    assert kept.status_code == 200, kept.json
    assert kept.json == {"sessions_ended": 1, "api_tokens_revoked": 0, "calendar_feeds_revoked": 0}
    assert other_session.get("/api/v1/auth/me").status_code == 401
    assert _works(bearer, feed, anon) == (200, 200)

    ended = me.post(CHANGE, json={"current_password": NEW_PASSWORD, "new_password": "another-fresh-phrase-77"})

    assert ended.json == {"sessions_ended": 0, "api_tokens_revoked": 1, "calendar_feeds_revoked": 1}
    assert _works(bearer, feed, anon) == (401, 404)
    assert me.get("/api/v1/auth/me").status_code == 200  # the session that changed it stays signed in


def test_only_the_newest_reset_link_works_and_a_new_password_voids_them_all(
    factory: Factory, anon: Api, mailer: Any, sql: Any
):
    client = factory.client(account=True)
    anon.post(RESET, json={"email": client.email})
    first = _reset_token(mailer.outbox[-1])
    anon.post(RESET, json={"email": client.email})
    second = _reset_token(mailer.outbox[-1])

    assert anon.post(CONFIRM, json={"token": first, "new_password": NEW_PASSWORD}).status_code == 410

    anon.post(RESET, json={"email": client.email})
    third = _reset_token(mailer.outbox[-1])
    me = factory.api(client)
    assert me.post(CHANGE, json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}).status_code == 200
    for link in (second, third):
        voided = anon.post(CONFIRM, json={"token": link, "new_password": "another-fresh-phrase-77"})
        assert voided.status_code == 410, link
        assert voided.mimetype == "application/problem+json"
    assert factory.api().login(client.email, NEW_PASSWORD).status_code == 200
    audit = sql("SELECT details FROM audit_events WHERE action = 'auth.password_changed'")
    assert [row.details["reset_links_voided"] for row in audit] == [1]  # the third; a newer request voided the second


def test_a_reset_ends_every_credential_on_both_databases(either_app: Any) -> None:
    """The embedded SQLite default included: the revocations are plain UPDATEs on both."""
    factory = Factory(either_app)
    anon = factory.api()
    trainer = factory.trainer()
    bearer, feed, session = _credentials(factory, trainer)
    anon.post(RESET, json={"email": trainer.email})
    first = _reset_token(either_app.extensions["fitnesscrm"].mailer.outbox[-1])
    anon.post(RESET, json={"email": trainer.email})
    newest = _reset_token(either_app.extensions["fitnesscrm"].mailer.outbox[-1])

    assert anon.post(CONFIRM, json={"token": first, "new_password": NEW_PASSWORD}).status_code == 410
    response = anon.post(CONFIRM, json={"token": newest, "new_password": NEW_PASSWORD})

    assert response.json == {"sessions_ended": 1, "api_tokens_revoked": 1, "calendar_feeds_revoked": 1}
    assert _works(bearer, feed, anon) == (401, 404)
    assert session.get("/api/v1/auth/me").status_code == 401
