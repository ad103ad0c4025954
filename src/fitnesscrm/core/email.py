"""Outgoing e-mail through one adapter: console (development/test) or SMTP (production)."""

from __future__ import annotations

import smtplib
import ssl
import sys
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlparse

import structlog
from sqlalchemy import event
from sqlalchemy.orm import Session

log = structlog.get_logger("fitnesscrm.email")


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    body: str


class Mailer(Protocol):
    # True when messages leave this server; False for the console adapter (no e-mail set up), so callers
    # that would tell someone "we e-mailed you" must hand the content over another way instead.
    delivers: bool

    def send(self, message: Message) -> None: ...


class ConsoleMailer:
    """Used when no SMTP server is configured. Logs that a message was not sent (the log processor redacts the
    recipient); with `show_content` (development) it also prints the whole message as plain text on stderr,
    outside the structured log, so invitation and reset links can be followed. Production never prints them:
    a reset link in a log is a way into an account."""

    delivers = False

    def __init__(self, *, show_content: bool = False) -> None:
        self.outbox: list[Message] = []
        self.show_content = show_content

    def send(self, message: Message) -> None:
        self.outbox.append(message)
        log.info("email.console", to=message.to, subject=message.subject)
        if self.show_content:
            print(f"--- e-mail to {message.to}: {message.subject}\n{message.body}\n---", file=sys.stderr)


class SMTPMailer:
    # pragma: allowlist nextline secret
    """smtp://user:pass@host:port (plain), ?starttls=1 for STARTTLS, smtps:// for implicit TLS."""

    delivers = True

    def __init__(self, url: str, sender: str, timeout: float = 10.0) -> None:
        parsed = urlparse(url)
        if parsed.scheme not in {"smtp", "smtps"} or not parsed.hostname:
            # pragma: allowlist nextline secret
            raise ValueError("FITNESSCRM_SMTP_URL must look like smtp://user:pass@host:port")
        self.host = parsed.hostname
        self.implicit_tls = parsed.scheme == "smtps"
        self.port = parsed.port or (465 if self.implicit_tls else 25)
        self.username = unquote(parsed.username) if parsed.username else None
        self.password = unquote(parsed.password) if parsed.password else None
        self.starttls = parse_qs(parsed.query).get("starttls", ["0"])[0] in {"1", "true", "yes"}
        self.sender = sender
        self.timeout = timeout

    def send(self, message: Message) -> None:
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = message.to
        email["Subject"] = message.subject
        email.set_content(message.body)
        smtp_cls = smtplib.SMTP_SSL if self.implicit_tls else smtplib.SMTP
        with smtp_cls(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if self.username and self.password:
                smtp.login(self.username, self.password)
            smtp.send_message(email)
        log.info("email.sent", subject=message.subject)


def send_after_commit(session: Session, mailer: Mailer, message: Message) -> None:
    """Send only once the surrounding transaction commits (nothing is mailed for rolled-back work).

    Delivery is in-process for now; the Celery outbox will take this seam over.
    """

    def _send(_session: Session) -> None:
        send_now(mailer, message)

    event.listen(session, "after_commit", _send, once=True)


def send_now(mailer: Mailer, message: Message) -> bool:
    """Send in the caller's thread; True once the mail server accepted the message (a failure is logged)."""
    try:
        mailer.send(message)
    except (OSError, smtplib.SMTPException) as exc:
        log.error("email.failed", subject=message.subject, error=str(exc))
        return False
    return True
