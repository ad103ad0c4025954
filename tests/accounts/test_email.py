"""The SMTP adapter against a real local SMTP server (aiosmtpd), directly and through the API."""

from __future__ import annotations

import email
import email.policy
import re
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from fitnesscrm.core.email import Message, SMTPMailer

from ..factories import Factory


class Collector:
    """aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.received.append((list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[Collector, int]]:
    collector, port = Collector(), _free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield collector, port
    finally:
        controller.stop()


def test_smtp_mailer_delivers_to_a_real_smtp_server(smtp_server):
    collector, port = smtp_server
    mailer = SMTPMailer(f"smtp://127.0.0.1:{port}", "FitnessCRM <no-reply@studio.example.com>", timeout=5)

    mailer.send(Message(to="cleo@example.com", subject="Your session tomorrow", body="See you at 7:00 — Tina"))

    [(recipients, message)] = collector.received
    assert recipients == ["cleo@example.com"]
    assert message["From"] == "FitnessCRM <no-reply@studio.example.com>"
    assert message["To"] == "cleo@example.com"
    assert message["Subject"] == "Your session tomorrow"
    assert message.get_content().strip() == "See you at 7:00 — Tina"


def test_smtp_url_must_be_an_smtp_address():
    with pytest.raises(ValueError, match="FITNESSCRM_SMTP_URL"):
        SMTPMailer("http://127.0.0.1:25", "x@example.com")


def test_invitation_made_through_the_api_arrives_by_smtp(smtp_server, make_app, monkeypatch):
    collector, port = smtp_server
    monkeypatch.setenv("FITNESSCRM_SMTP_URL", f"smtp://127.0.0.1:{port}")
    monkeypatch.setenv("FITNESSCRM_MAIL_FROM", "Studio <hello@studio.example.com>")
    smtp_app = make_app(mailer=None)  # the app picks its mailer from the settings
    factory = Factory(smtp_app)
    admin_api = factory.api(factory.admin())

    response = admin_api.post(
        "/api/v1/auth/invitations",
        json={"role": "trainer", "email": "nora.quinn@studio.example.com", "full_name": "Nora Quinn"},
    )

    assert response.status_code == 201
    [(recipients, message)] = collector.received
    assert recipients == ["nora.quinn@studio.example.com"]
    assert message["From"] == "Studio <hello@studio.example.com>"
    token = re.search(r"/accept-invitation\?token=([A-Za-z0-9_-]+)", message.get_content()).group(1)
    preview = factory.api().post("/api/v1/auth/invitations/preview", json={"token": token})
    assert preview.status_code == 200
    assert preview.json["email"] == "nora.quinn@studio.example.com"


def test_an_unreachable_smtp_server_does_not_fail_the_request(make_app, monkeypatch):
    monkeypatch.setenv("FITNESSCRM_SMTP_URL", f"smtp://127.0.0.1:{_free_port()}")  # nothing listens there
    smtp_app = make_app(mailer=None)
    factory = Factory(smtp_app)
    admin_api = factory.api(factory.admin())

    response = admin_api.post(
        "/api/v1/auth/invitations",
        json={"role": "trainer", "email": "nora.quinn@studio.example.com", "full_name": "Nora Quinn"},
    )

    assert response.status_code == 201
    assert admin_api.get("/api/v1/auth/invitations").json["items"][0]["status"] == "pending"
