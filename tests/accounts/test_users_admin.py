"""Admins switch logins off and on; trainers invite clients only at the e-mail on the record.

Regression tests for issue 14, findings 2 and 3: before, nothing could switch a login off (a trainer set inactive
kept signing in and reading their clients' health notes through live sessions and tokens), and a trainer could
invite their client to any address, sign in as the client and keep the data after being unassigned.
"""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from fitnesscrm.accounts.models import Invitation, User
from fitnesscrm.core.actor import Role
from fitnesscrm.core.db import utcnow

from ..factories import PASSWORD, Api, Factory, Person
from ..test_api_contract import count_queries
from .test_credentials_end import _bearer, _credentials, _works

USERS = "/api/v1/users"
INVITATIONS = "/api/v1/auth/invitations"


def _patch(api: Api, url: str, body: dict[str, Any]) -> Any:
    return api.patch(url, json=body, headers={"If-Match": api.get(url).headers["ETag"]})


def _deactivate(api: Api, person: Person) -> Any:
    return api.post(f"{USERS}/{person.user_id}/deactivate")


def test_a_deactivated_login_is_ended_everywhere_at_once_and_can_come_back(factory: Factory, anon: Api, mailer: Any):
    admin = factory.api(factory.admin())
    trainer = factory.trainer()
    client = factory.client(trainer=trainer)
    bearer, feed, session = _credentials(factory, trainer)
    pending = admin.post(INVITATIONS, json={"role": "client", "client_id": str(client.client_id)})
    assert pending.status_code == 201
    assert session.get(f"/api/v1/clients/{client.client_id}/health").status_code == 200

    response = _deactivate(admin, trainer)

    assert response.status_code == 200, response.json
    assert response.json["user"]["status"] == "deactivated"
    assert {k: v for k, v in response.json.items() if k != "user"} == {
        "sessions_ended": 1,
        "api_tokens_revoked": 1,
        "calendar_feeds_revoked": 1,
        "invitations_revoked": 0,  # the pending invitation is the client's, not the trainer's
    }
    assert _works(bearer, feed, anon) == (401, 404)
    assert session.get(f"/api/v1/clients/{client.client_id}/health").status_code == 401
    assert anon.login(trainer.email).status_code == 401
    outbox = len(mailer.outbox)
    assert anon.post("/api/v1/auth/password-reset", json={"email": trainer.email}).status_code == 202
    assert len(mailer.outbox) == outbox  # no reset link for a switched-off login

    again = _deactivate(admin, trainer)  # idempotent: nothing left to end
    assert again.status_code == 200
    assert again.json["sessions_ended"] == 0

    back = admin.post(f"{USERS}/{trainer.user_id}/reactivate")
    assert back.status_code == 200
    assert back.json["status"] == "active"
    assert anon.login(trainer.email, PASSWORD).status_code == 200
    assert _works(bearer, feed, anon) == (401, 404)  # what was ended stays ended


def test_switching_a_trainer_profile_off_switches_their_login_off(factory: Factory, anon: Api):
    admin = factory.api(factory.admin())
    trainer = factory.trainer()
    session = factory.api(trainer)
    bearer, _feed, _ = _credentials(factory, trainer)

    off = _patch(admin, f"/api/v1/trainers/{trainer.trainer_id}", {"active": False})

    assert off.status_code == 200, off.json
    assert session.get("/api/v1/auth/me").status_code == 401
    assert bearer.get("/api/v1/auth/me").status_code == 401
    assert anon.login(trainer.email).status_code == 401
    assert _patch(admin, f"/api/v1/trainers/{trainer.trainer_id}", {"active": True}).status_code == 200
    assert anon.login(trainer.email).status_code == 200


def test_a_pending_invitation_ends_with_the_login_it_would_open(factory: Factory, anon: Api, mailer: Any):
    admin = factory.api(factory.admin())
    client = factory.client(account=True)
    factory.api(client)
    with factory.database.session() as s:  # an invitation to the same address, as if sent before the account
        s.add(
            Invitation(
                email=client.email,
                full_name="Cleo",
                role=Role.CLIENT,
                token_hash="x" * 64,
                client_id=client.client_id,
                expires_at=utcnow() + timedelta(days=3),
            )
        )

    response = _deactivate(admin, client)

    assert response.json["invitations_revoked"] == 1
    assert response.json["sessions_ended"] == 1


def test_ones_own_login_cannot_be_switched_off(factory: Factory):
    admin = factory.admin()
    own = _deactivate(factory.api(admin), admin)
    assert own.status_code == 409
    assert "own login" in own.json["detail"]


def test_two_admins_switching_each_other_off_at_once_leave_one_active(either_app: Any) -> None:
    """The only way to reach the last admin through the API (nobody switches themselves off): both at once. The
    active admins are locked before the check (on SQLite: the database's write lock), so one of the two stays."""
    factory = Factory(either_app)
    first, second = factory.admin(), factory.admin()
    apis = [factory.api(first), factory.api(second)]
    barrier = threading.Barrier(2)
    answers: list[int] = []

    def switch_off(api: Api, target: Person) -> None:
        barrier.wait(timeout=30)
        answers.append(_deactivate(api, target).status_code)

    threads = [
        threading.Thread(target=switch_off, args=(apis[0], second)),
        threading.Thread(target=switch_off, args=(apis[1], first)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    won, lost = sorted(answers)
    assert won == 200, answers
    assert lost in (401, 409), answers  # 401: its session had ended before it started
    with factory.database.session() as s:
        assert s.scalar(select(func.count()).where(User.role == "admin", User.is_active)) == 1


def test_the_users_list_is_for_admins_and_finds_people(factory: Factory):
    admin = factory.api(factory.admin())
    trainer = factory.trainer(first_name="Zebedee")
    client = factory.client(trainer=trainer, account=True)
    _deactivate(admin, client)

    found = admin.get(USERS, query_string={"q": "zebedee"})
    assert found.status_code == 200
    assert [u["email"] for u in found.json["items"]] == [trainer.email]
    assert found.json["items"][0]["trainer_id"] == str(trainer.trainer_id)
    off = admin.get(USERS, query_string={"status": "deactivated", "role": "client"})
    assert client.email in [u["email"] for u in off.json["items"]]
    assert all(u["status"] == "deactivated" and u["role"] == "client" for u in off.json["items"])
    assert admin.get(USERS, query_string={"status": "gone"}).status_code == 422
    assert factory.api(trainer).get(USERS).status_code == 403
    assert factory.api(factory.client(account=True)).get(USERS).status_code == 403


def test_the_users_list_costs_one_statement_whatever_the_page_size(factory: Factory):
    admin = factory.api(factory.admin())
    for _ in range(6):
        factory.client(account=True)
    admin.get(USERS)  # the caller's sign-in is cached from here on

    def statements(limit: int) -> list[str]:
        with count_queries(factory.database) as seen:
            assert admin.get(USERS, query_string={"limit": limit}).status_code == 200
        return [s for s in seen if "sign-in" not in s]

    assert len(statements(2)) == len(statements(50)) == 1


def test_a_trainer_invites_a_client_only_at_the_address_on_record(factory: Factory):
    trainer = factory.trainer()
    client = factory.client(trainer=trainer)
    api = factory.api(trainer)

    elsewhere = api.post(
        INVITATIONS, json={"role": "client", "client_id": str(client.client_id), "email": "me@elsewhere.example"}
    )
    assert elsewhere.status_code == 403
    assert "on the client's record" in elsewhere.json["detail"]
    moved = _patch(api, f"/api/v1/clients/{client.client_id}", {"email": "me@elsewhere.example"})
    assert moved.status_code == 403
    assert "Only an admin" in moved.json["detail"]

    on_record = api.post(INVITATIONS, json={"role": "client", "client_id": str(client.client_id)})
    assert on_record.status_code == 201
    assert on_record.json["email"] == client.email
    same = api.post(INVITATIONS, json={"role": "client", "client_id": str(client.client_id), "email": client.email})
    assert same.status_code == 201  # re-sent to the same address

    admin = factory.api(factory.admin())
    assert _patch(admin, f"/api/v1/clients/{client.client_id}", {"email": "new@home.example"}).status_code == 200
    other = admin.post(INVITATIONS, json={"role": "client", "client_id": str(client.client_id), "email": "x@y.example"})
    assert other.status_code == 201


def test_deactivation_holds_on_both_databases(either_app: Any) -> None:
    factory = Factory(either_app)
    admin = factory.api(factory.admin())
    client = factory.client(account=True)
    session = factory.api(client)
    token = session.post("/api/v1/auth/tokens", json={"name": "t", "scopes": ["read"]}).json["token"]

    assert _deactivate(admin, client).json["sessions_ended"] == 1
    assert session.get("/api/v1/auth/me").status_code == 401
    assert _bearer(factory, token).get("/api/v1/auth/me").status_code == 401
    assert factory.api().login(client.email).status_code == 401
