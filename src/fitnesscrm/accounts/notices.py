"""E-mails that tell people how their account signs in has changed: a sign-in from a new device, a password
changed or reset, a second factor turned on or off or reset by an admin (OWASP ASVS 2.2.3 and 2.5.5). If it was not
them, they learn it at once and can reset their password and ask the studio for help; an intruder who changed them
cannot stop the e-mail, which goes to the address the account had.

Services call ``tell_owner`` where the change happens; the e-mail leaves once the change commits (nothing for work
that is rolled back), through the mailer ``install`` was given. A new device is told of after the sign-in's answer
(``tell_of_new_device``)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from ..core.db import utcnow
from ..core.email import Mailer, Message, send_now
from .models import LoginSession, User

_PENDING = "fitnesscrm.sign_in_notices"

SUBJECTS = {
    "password_changed": "Your FitnessCRM password was changed",
    "password_reset": "Your FitnessCRM password was reset",
    "two_factor_enabled": "Two-factor sign-in was turned on for your FitnessCRM account",
    "two_factor_disabled": "Two-factor sign-in was turned off for your FitnessCRM account",
    "two_factor_reset": "An admin took two-factor sign-in off your FitnessCRM account",
}


def tell_owner(session: Session, user: User, change: str) -> None:
    """E-mail ``user`` about ``change`` (a key of SUBJECTS) once this transaction commits."""
    assert change in SUBJECTS
    session.info.setdefault(_PENDING, []).append((user.email, user.full_name, change, utcnow()))


def _message(email: str, name: str, change: str, when: datetime, base_url: str) -> Message:
    subject = SUBJECTS[change]
    return Message(
        to=email,
        subject=subject,
        body=(
            f"Hello {name},\n\n{subject} on {when.strftime('%d %b %Y at %H:%M UTC')}.\n\n"
            "If it was you, there is nothing to do. If it was not, reset your password now and tell your studio:\n\n"
            f"{base_url}/reset-password\n"
        ),
    )


def install(factory: sessionmaker[Session], *, mailer: Mailer, base_url: str) -> None:
    def after_commit(session: Session) -> None:
        for email, name, change, when in session.info.pop(_PENDING, []):
            send_now(mailer, _message(email, name, change, when, base_url))

    event.listen(factory, "after_commit", after_commit)
    event.listen(factory, "after_rollback", lambda session: session.info.pop(_PENDING, None))


_BROWSERS = (("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari"))
_SYSTEMS = (
    ("iPhone", "iOS"),
    ("iPad", "iOS"),
    ("Android", "Android"),
    ("Mac OS X", "macOS"),
    ("Windows", "Windows"),
    ("Linux", "Linux"),
)


def device_name(user_agent: str | None) -> str:
    """ "Firefox on Linux" from a user agent, as the Account page's signed-in devices name it."""
    if not user_agent:
        return "an unknown device"
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), None)
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or user_agent[:60]


def tell_of_new_device(session: Session, *, login_session_id: uuid.UUID, mailer: Mailer, base_url: str) -> None:
    """After a sign-in from a browser that had not signed in to this account before (no known-device cookie), and
    not the account's first: e-mail its owner, who can act if it was not them. Called once the answer is sent
    (``web.after_response``), so the mail server's speed never shows in sign-in times; nothing is sent if the
    sign-in was not stored."""
    login = session.get(LoginSession, login_session_id)
    if login is None:
        return
    user = login.user
    when = login.created_at.strftime("%d %b %Y, %H:%M UTC")
    send_now(
        mailer,
        Message(
            to=user.email,
            subject="New sign-in to your FitnessCRM account",
            body=(
                f"Hello {user.full_name},\n\nYour FitnessCRM account was signed in to from "
                f"{device_name(login.user_agent)} (address {login.ip or 'unknown'}) on {when}.\n\n"
                "If it was you, there is nothing to do. If it was not, change your password now and sign that device "
                f'out under "Signed-in devices" on your Account page:\n\n{base_url}/account\n'
            ),
        ),
    )
