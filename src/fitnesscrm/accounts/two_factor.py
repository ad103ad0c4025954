"""A second factor for sign-in: a time-based code from an authenticator app (TOTP, RFC 6238), with single-use
recovery codes for a lost phone. Any role may turn it on; a sign-in then needs the password and a code.

Setting up is two steps, so a mistyped secret cannot lock anyone out: ``start`` stores a new secret (encrypted,
not yet in force) and gives the ``otpauth://`` link the app scans; ``enable`` turns it on once a code from the app
proves the app holds it, and answers the recovery codes, shown once and stored only as hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Literal

import pyotp
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core import audit
from ..core.actor import Actor, Role
from ..core.business import BusinessSettings, get_business
from ..core.db import utcnow
from ..core.errors import Conflict, DomainError, PermissionDenied, Unauthenticated, ValidationFailed
from ..core.policy import require_authenticated
from . import notices, passwords
from . import policy as accounts_policy
from .cache import forget_user_after_commit
from .models import SIGN_IN_LOOKUP, User

RECOVERY_CODES = 10
STEP_SECONDS = 30
# A code of the step before or after the current one is accepted too: phones' clocks drift, typing takes time.
DRIFT_STEPS = 1


class SecondFactorRequired(Unauthenticated):
    """The password was right; the account also needs a code (ask for it and send the sign-in again)."""

    title, type_slug = "Authentication code required", "second-factor-required"


class SecondFactorInvalid(Unauthenticated):
    title, type_slug = "Authentication code not correct", "second-factor-invalid"


class SetupRequired(DomainError):
    """The business requires a second factor of this role and the caller has none yet: until they set one up, only
    the routes that let them do so answer (``web.before_two_factor``)."""

    status, title, type_slug = 403, "Two-factor sign-in required", "two-factor-setup-required"


Requirement = Literal["nobody", "admins", "staff"]
ROLES_REQUIRED: dict[str, frozenset[Role]] = {  # by Requirement
    "nobody": frozenset(),
    "admins": frozenset({Role.ADMIN}),
    "staff": frozenset({Role.ADMIN, Role.TRAINER}),
}


@dataclass(frozen=True)
class Setup:
    secret: str
    otpauth_uri: str


def _user(session: Session, actor: Actor) -> User:
    """The signed-in person, from a browser session: whoever holds an API token must not be able to put their own
    authenticator app on the account and lock its owner out."""
    require_authenticated(actor)
    if actor.scopes is not None:
        raise PermissionDenied("Two-factor sign-in is set up from a signed-in browser, not with an API token.")
    user = session.get(User, actor.user_id)
    assert user is not None  # a signed-in actor's user exists
    return user


def _hash(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").strip().lower().encode()).hexdigest()


def _new_recovery_code() -> str:
    raw = secrets.token_hex(5)  # 40 bits each, single use, and sign-ins are throttled
    return f"{raw[:5]}-{raw[5:]}"


def status(session: Session, *, actor: Actor) -> dict[str, object]:
    require_authenticated(actor)
    user = session.get(User, actor.user_id)
    assert user is not None
    return {
        "enabled": user.totp_enabled_at is not None,
        "enabled_at": user.totp_enabled_at,
        "recovery_codes_left": len(user.recovery_code_hashes or []) if user.totp_enabled_at else 0,
    }


def start(session: Session, *, actor: Actor, issuer: str) -> Setup:
    user = _user(session, actor)
    if user.totp_enabled_at is not None:
        raise Conflict("Two-factor sign-in is already on; turn it off first to use another app.")
    secret = pyotp.random_base32()
    user.totp_secret = secret
    return Setup(secret, pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer))


def enable(session: Session, *, actor: Actor, code: str, password: str) -> list[str]:
    """Turn it on, with the password asked again: whoever found a signed-in browser unattended must not be able to
    tie the account to their own phone."""
    user = _user(session, actor)
    if user.totp_enabled_at is not None:
        raise Conflict("Two-factor sign-in is already on.")
    if not passwords.verify_password(user.password_hash, password):
        raise ValidationFailed("password", "The password is not correct.")
    if user.totp_secret is None:
        raise Conflict("Start the set-up first: scan the code with your authenticator app.")
    step = _matching_step(user.totp_secret, code, after=None)
    if step is None:
        raise ValidationFailed("code", "This code does not match; check the app's clock and try the next code.")
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODES)]
    user.totp_enabled_at = utcnow()
    user.totp_last_step = step
    user.recovery_code_hashes = [_hash(code) for code in codes]
    audit.record(session, actor, "auth.two_factor_enabled", "user", user.id)
    notices.tell_owner(session, user, "two_factor_enabled")
    return codes


def disable(session: Session, *, actor: Actor, password: str) -> None:
    user = _user(session, actor)
    if not passwords.verify_password(user.password_hash, password):
        raise ValidationFailed("password", "The password is not correct.")
    if user.totp_enabled_at is not None and _required_of(session, user.role):
        raise Conflict("Your business requires two-factor sign-in for your role; it cannot be turned off.")
    if turn_off(user):
        audit.record(session, actor, "auth.two_factor_disabled", "user", user.id)
        notices.tell_owner(session, user, "two_factor_disabled")


def turn_off(user: User) -> bool:
    """Forget the secret and the recovery codes; whether a second factor was on."""
    was_on = user.totp_enabled_at is not None
    user.totp_secret = user.totp_enabled_at = user.totp_last_step = user.recovery_code_hashes = None
    return was_on


def _required_of(session: Session, role: Role) -> bool:
    return role in ROLES_REQUIRED[get_business(session).two_factor_required_for]


def setup_required(session: Session, user: User) -> bool:
    """Whether this login must set up a second factor before doing anything else. Read when a sign-in is resolved
    (only when it is not cached), and only for staff without one; part of the sign-in lookup."""
    if user.role is Role.CLIENT or user.totp_enabled_at is not None:
        return False
    required_for = session.scalar(
        select(BusinessSettings.two_factor_required_for).prefix_with(SIGN_IN_LOOKUP).where(BusinessSettings.id == 1)
    )
    return user.role in ROLES_REQUIRED[required_for or "nobody"]


def requirement(session: Session, *, actor: Actor) -> Requirement:
    accounts_policy.require_user_admin(actor)
    return get_business(session).two_factor_required_for  # type: ignore[return-value]  # checked in the database


def set_requirement(session: Session, *, actor: Actor, required_for: Requirement) -> Requirement:
    """Require a second factor of nobody, admins, or all staff. An admin without one cannot require it (they would
    be shut out of everything but setting it up, mid-change). Whoever the change concerns and has no second factor
    sees it at their next request: their cached sign-ins are dropped."""
    accounts_policy.require_user_admin(actor, writes=True)
    business = get_business(session)
    before = business.two_factor_required_for
    if required_for == before:
        return required_for
    if Role.ADMIN in ROLES_REQUIRED[required_for]:
        own = session.get(User, actor.user_id)
        if own is None or own.totp_enabled_at is None:
            raise Conflict("Turn on two-factor sign-in for your own account first (Account page).")
    concerned = ROLES_REQUIRED[before] ^ ROLES_REQUIRED[required_for]
    if concerned:
        for user_id in session.scalars(select(User.id).where(User.role.in_(concerned), User.totp_enabled_at.is_(None))):
            forget_user_after_commit(session, user_id)
    business.two_factor_required_for = required_for
    details = {"from": before, "to": required_for}
    audit.record(session, actor, "auth.two_factor_requirement_changed", "business", business.id, details)
    return required_for


def check(user: User, code: str | None) -> None:
    """At sign-in, after the password: nothing to do without a second factor; otherwise a current code from the
    app (never one already used) or an unused recovery code (then used up)."""
    if user.totp_enabled_at is None or user.totp_secret is None:
        return
    if not code or not code.strip():
        raise SecondFactorRequired("Enter the 6-digit code from your authenticator app, or a recovery code.")
    step = _matching_step(user.totp_secret, code, after=user.totp_last_step)
    if step is not None:
        user.totp_last_step = step
        return
    remaining = list(user.recovery_code_hashes or [])
    given = _hash(code)
    used = next((h for h in remaining if hmac.compare_digest(h, given)), None)
    if used is None:
        raise SecondFactorInvalid("The authentication code is not correct, or was used already.")
    remaining.remove(used)
    user.recovery_code_hashes = remaining


def _matching_step(secret: str, code: str, *, after: int | None) -> int | None:
    """The time step ``code`` belongs to (now, or a step either side), if it is later than ``after``."""
    digits = "".join(code.split())
    if not (digits.isdigit() and len(digits) == 6):
        return None
    totp, now = pyotp.TOTP(secret), int(time.time()) // STEP_SECONDS
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if (after is None or step > after) and hmac.compare_digest(totp.at(step * STEP_SECONDS), digits):
            return step
    return None
