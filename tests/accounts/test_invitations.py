"""Invitations: admin → trainer or client, trainer → own client; single-use, expiring, revocable tokens."""

from __future__ import annotations

import json
import re
import smtplib
from typing import Any

from fitnesscrm.core.email import Message

from ..factories import PASSWORD

INVITE = "/api/v1/auth/invitations"
PREVIEW = "/api/v1/auth/invitations/preview"
ACCEPT = "/api/v1/auth/invitations/accept"
NEW_PASSWORD = "granite-orchard-velvet-19"


def _token_for(mailer, email: str) -> str:
    [mail] = [m for m in mailer.outbox if m.to == email][-1:]
    match = re.search(r"/accept-invitation\?token=([A-Za-z0-9_-]+)", mail.body)
    assert match, mail.body
    return match.group(1)


def _invite_trainer(api, email: str = "nora.quinn@studio.example.com", name: str = "Nora Quinn"):
    return api.post(INVITE, json={"role": "trainer", "email": email, "full_name": name})


def test_admin_invites_a_trainer_who_accepts_and_is_signed_in(factory, anon, mailer, sql):
    admin_api = factory.api(factory.admin())

    created = _invite_trainer(admin_api)

    assert created.status_code == 201
    invitation = created.json
    assert invitation["status"] == "pending"
    assert invitation["role"] == "trainer"
    trainer = admin_api.get(f"/api/v1/trainers/{invitation['trainer_id']}")
    assert trainer.status_code == 200
    assert (trainer.json["first_name"], trainer.json["last_name"]) == ("Nora", "Quinn")
    assert trainer.json["email"] == "nora.quinn@studio.example.com"
    [mail] = mailer.outbox
    assert mail.to == "nora.quinn@studio.example.com"
    assert "http://localhost/accept-invitation?token=" in mail.body
    token = _token_for(mailer, "nora.quinn@studio.example.com")
    assert not sql("SELECT 1 FROM invitations WHERE token_hash = :t", t=token)  # stored hashed

    preview = anon.post(PREVIEW, json={"token": token})
    assert preview.status_code == 200
    assert preview.json == {"email": "nora.quinn@studio.example.com", "role": "trainer", "full_name": "Nora Quinn"}

    accepted = anon.post(ACCEPT, json={"token": token, "password": NEW_PASSWORD})

    assert accepted.status_code == 200
    assert any(h.startswith("fcrm_session=") for h in accepted.headers.getlist("Set-Cookie"))
    me = anon.get("/api/v1/auth/me")
    assert me.status_code == 200
    assert me.json["user"]["role"] == "trainer"
    assert me.json["user"]["trainer_id"] == invitation["trainer_id"]
    assert me.json["user"]["email"] == "nora.quinn@studio.example.com"
    [row] = sql("SELECT password_hash FROM users WHERE email = 'nora.quinn@studio.example.com'")
    assert row.password_hash.startswith("$argon2id$")
    assert factory.api().login("nora.quinn@studio.example.com", NEW_PASSWORD).status_code == 200
    listed = admin_api.get(INVITE).json["items"]
    assert [i["status"] for i in listed] == ["accepted"]


def test_invitation_token_is_single_use(factory, anon, mailer):
    _invite_trainer(factory.api(factory.admin()))
    token = _token_for(mailer, "nora.quinn@studio.example.com")
    assert anon.post(ACCEPT, json={"token": token, "password": NEW_PASSWORD}).status_code == 200

    second = factory.api().post(ACCEPT, json={"token": token, "password": "another-fresh-phrase-77"})

    assert second.status_code == 410
    assert second.mimetype == "application/problem+json"
    assert factory.api().post(PREVIEW, json={"token": token}).status_code == 410
    assert factory.api().login("nora.quinn@studio.example.com", "another-fresh-phrase-77").status_code == 401


def test_expired_invitation_is_gone(factory, anon, mailer, sql):
    _invite_trainer(factory.api(factory.admin()))
    token = _token_for(mailer, "nora.quinn@studio.example.com")
    sql("UPDATE invitations SET expires_at = now() - interval '1 second'")

    assert anon.post(PREVIEW, json={"token": token}).status_code == 410
    response = anon.post(ACCEPT, json={"token": token, "password": NEW_PASSWORD})
    assert response.status_code == 410
    assert anon.get("/api/v1/auth/me").status_code == 401
    assert not sql("SELECT 1 FROM users WHERE email = 'nora.quinn@studio.example.com'")


def test_revoked_invitation_is_gone(factory, anon, mailer):
    admin_api = factory.api(factory.admin())
    invitation = _invite_trainer(admin_api).json
    token = _token_for(mailer, "nora.quinn@studio.example.com")

    assert admin_api.delete(f"{INVITE}/{invitation['id']}").status_code == 204

    assert anon.post(ACCEPT, json={"token": token, "password": NEW_PASSWORD}).status_code == 410
    assert admin_api.get(INVITE).json["items"][0]["status"] == "revoked"


def test_a_new_invitation_replaces_the_pending_one(factory, anon, mailer):
    admin_api = factory.api(factory.admin())
    trainer = factory.trainer(account=False)
    admin_api.post(INVITE, json={"role": "trainer", "trainer_id": str(trainer.trainer_id)})
    old = _token_for(mailer, trainer.email)
    admin_api.post(INVITE, json={"role": "trainer", "trainer_id": str(trainer.trainer_id)})
    new = _token_for(mailer, trainer.email)

    assert anon.post(ACCEPT, json={"token": old, "password": NEW_PASSWORD}).status_code == 410
    assert anon.post(ACCEPT, json={"token": new, "password": NEW_PASSWORD}).status_code == 200


def test_made_up_invitation_token_is_not_found(anon):
    assert anon.post(PREVIEW, json={"token": "y" * 43}).status_code == 404


def test_weak_password_on_accept_is_rejected_and_the_invitation_stays_usable(factory, anon, mailer):
    _invite_trainer(factory.api(factory.admin()))
    token = _token_for(mailer, "nora.quinn@studio.example.com")

    weak = anon.post(ACCEPT, json={"token": token, "password": "password1234"})

    assert weak.status_code == 422
    assert weak.json["errors"][0]["field"] == "password"
    assert anon.post(ACCEPT, json={"token": token, "password": NEW_PASSWORD}).status_code == 200


def test_trainer_invites_their_own_client_to_the_portal(factory, anon, mailer):
    trainer = factory.trainer()
    mine = factory.client(trainer=trainer)
    trainer_api = factory.api(trainer)

    created = trainer_api.post(INVITE, json={"role": "client", "client_id": str(mine.client_id)})

    assert created.status_code == 201
    assert created.json["email"] == mine.email
    assert created.json["client_id"] == str(mine.client_id)
    token = _token_for(mailer, mine.email)
    assert anon.post(ACCEPT, json={"token": token, "password": NEW_PASSWORD}).status_code == 200
    me = anon.get("/api/v1/auth/me").json["user"]
    assert (me["role"], me["client_id"], me["trainer_id"]) == ("client", str(mine.client_id), None)
    # The new client sees only their own record.
    assert [c["id"] for c in anon.get("/api/v1/clients").json["items"]] == [str(mine.client_id)]


def test_trainer_gets_404_for_a_client_not_assigned_to_them(factory, mailer):
    trainer = factory.trainer()
    someone_elses = factory.client(trainer=factory.trainer())
    unassigned = factory.client()
    trainer_api = factory.api(trainer)

    for client in (someone_elses, unassigned):
        response = trainer_api.post(INVITE, json={"role": "client", "client_id": str(client.client_id)})
        assert response.status_code == 404
        assert response.mimetype == "application/problem+json"
    assert mailer.outbox == []


def test_trainer_cannot_invite_trainers(factory, mailer):
    trainer_api = factory.api(factory.trainer())

    response = _invite_trainer(trainer_api)

    assert response.status_code == 403
    assert mailer.outbox == []
    assert len(factory.api(factory.admin()).get("/api/v1/trainers").json["items"]) == 1


def test_client_cannot_invite(factory, mailer):
    client = factory.client(trainer=factory.trainer(), account=True)
    other = factory.client()
    client_api = factory.api(client)

    assert _invite_trainer(client_api).status_code == 403
    assert client_api.post(INVITE, json={"role": "client", "client_id": str(other.client_id)}).status_code == 403
    assert mailer.outbox == []


def test_anonymous_cannot_invite(anon):
    assert _invite_trainer(anon).status_code == 401


def test_inviting_an_email_that_already_has_an_account_is_a_conflict(factory, mailer):
    admin = factory.admin()
    admin_api = factory.api(admin)
    client = factory.client(account=True)

    taken = _invite_trainer(admin_api, email=admin.email.upper(), name="Copy Cat")
    again = admin_api.post(INVITE, json={"role": "client", "client_id": str(client.client_id)})

    assert taken.status_code == 409
    assert again.status_code == 409
    assert taken.mimetype == "application/problem+json"
    assert mailer.outbox == []
    assert admin_api.get("/api/v1/trainers").json["items"] == []  # no half-made trainer profile left


def test_admins_cannot_be_invited(factory, mailer):
    admin_api = factory.api(factory.admin())

    response = admin_api.post(
        INVITE, json={"role": "admin", "email": "boss@studio.example.com", "full_name": "New Boss"}
    )

    assert response.status_code == 422
    assert [e["field"] for e in response.json["errors"]] == ["role"]
    assert mailer.outbox == []
    assert factory.api().login("boss@studio.example.com", PASSWORD).status_code == 401


# --- how the link reaches the invitee --------------------------------------------------------------


class _SmtpLikeMailer:
    """A mailer that delivers (as SMTP does), or whose server refuses every message."""

    delivers = True

    def __init__(self, *, refuse: bool = False) -> None:
        self.outbox: list[Message] = []
        self.refuse = refuse

    def send(self, message: Message) -> None:
        if self.refuse:
            raise smtplib.SMTPRecipientsRefused({message.to: (550, b"no such mailbox")})
        self.outbox.append(message)


def _audit(sql, action: str) -> list[Any]:
    return sql("SELECT actor_email, object_id, details FROM audit_events WHERE action = :a", a=action)


def test_without_email_the_inviter_gets_the_link_and_only_they_do(factory, anon, mailer, sql):
    admin, trainer = factory.admin(), factory.trainer()
    mine = factory.client(trainer=trainer)

    for who, body in (
        (admin, {"role": "trainer", "email": "nora.quinn@studio.example.com", "full_name": "Nora"}),
        (trainer, {"role": "client", "client_id": str(mine.client_id)}),
    ):
        created = factory.api(who).post(INVITE, json=body)
        assert created.status_code == 201, created.json
        assert created.json["delivery"] == "not_configured"
        url = created.json["accept_url"]
        assert url == f"http://localhost/accept-invitation?token={_token_for(mailer, created.json['email'])}"
        assert anon.post(PREVIEW, json={"token": url.split("token=")[1]}).status_code == 200
        [event] = [e for e in _audit(sql, "auth.invitation_created") if e.object_id == created.json["id"]]
        assert (event.actor_email, event.details["delivery"]) == (who.email, "link_to_inviter")
        assert url not in json.dumps(event.details)

    # Lists never carry the link, for whoever reads them.
    for who in (admin, trainer):
        listed = factory.api(who).get(INVITE).json["items"]
        assert listed
        assert all("accept_url" not in item and "token=" not in json.dumps(item) for item in listed)


def test_with_email_the_reply_says_it_was_sent_and_holds_no_link(app, factory, monkeypatch, sql):
    smtp = _SmtpLikeMailer()
    monkeypatch.setattr(app.extensions["fitnesscrm"], "mailer", smtp)

    created = _invite_trainer(factory.api(factory.admin()))

    assert created.status_code == 201
    assert (created.json["delivery"], created.json["accept_url"]) == ("emailed", None)
    [mail] = smtp.outbox
    assert mail.to == "nora.quinn@studio.example.com"
    assert _audit(sql, "auth.invitation_created")[0].details["delivery"] == "email"
    assert _audit(sql, "auth.invitation_link_shown") == []


def test_when_sending_fails_the_inviter_gets_the_link_instead(app, factory, anon, monkeypatch, sql):
    monkeypatch.setattr(app.extensions["fitnesscrm"], "mailer", _SmtpLikeMailer(refuse=True))
    admin_api = factory.api(factory.admin())

    created = _invite_trainer(admin_api)

    assert created.status_code == 201
    assert created.json["delivery"] == "failed"
    token = created.json["accept_url"].split("token=")[1]
    assert anon.post(PREVIEW, json={"token": token}).status_code == 200  # committed before the send
    [shown] = _audit(sql, "auth.invitation_link_shown")
    assert (shown.object_id, shown.details) == (created.json["id"], {"reason": "email_failed"})
    assert [i["status"] for i in admin_api.get(INVITE).json["items"]] == ["pending"]
