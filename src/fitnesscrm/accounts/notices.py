"""E-mails that tell people how their account signs in has changed: a password changed or reset, a second factor
turned on or off or reset by an admin (OWASP ASVS 2.2.3 and 2.5.5). If it was not them, they learn it at once and
can reset their password and ask the studio for help; an intruder who changed them cannot stop the e-mail, which
goes to the address the account had.

Services call ``tell_owner`` where the change happens; the e-mail leaves once the change commits (nothing for work
that is rolled back), through the mailer ``install`` was given."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from ..core.db import utcnow
from ..core.email import Mailer, Message, send_now
from .models import User

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
