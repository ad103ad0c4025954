"""The people who can sign in, for admins: who they are, when they last signed in, and switching a login off or
back on. Switching off ends everything the person could still act with (sessions, API tokens, calendar feed links,
reset links, a pending invitation); it is how a studio lets someone go."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..core import audit, search
from ..core.actor import Actor, Role
from ..core.errors import Conflict, NotFound
from ..core.pagination import Page, paginate
from . import notices, policy, two_factor
from .models import User
from .service import RevokedCredentials, end_credentials, revoke_pending_invitations, revoke_sessions

UserStatus = Literal["active", "deactivated"]

LISTED_COLUMNS = (
    User.id,
    User.email,
    User.full_name,
    User.role,
    User.is_active,
    User.last_login_at,
    User.totp_enabled_at,
    User.created_at,
    User.trainer_id,
    User.client_id,
)


def list_users(
    session: Session,
    *,
    actor: Actor,
    role: Role | None = None,
    status: UserStatus | None = None,
    q: str | None = None,
    limit: int = 25,
    cursor: str | None = None,
) -> Page[Any]:
    """A page of logins by name: one statement. ``q`` matches the name or the e-mail."""
    policy.require_user_admin(actor)
    stmt = select(*LISTED_COLUMNS)
    if role is not None:
        stmt = stmt.where(User.role == role)
    if status is not None:
        stmt = stmt.where(User.is_active.is_(status == "active"))
    text = (q or "").strip()
    if text:
        stmt = stmt.where(search.matches(text, func.lower(User.full_name), User.email))
    return paginate(
        session,
        stmt,
        sort_column=User.full_name,
        id_column=User.id,
        descending=False,
        limit=limit,
        cursor=cursor,
        columns=True,
    )


@dataclass(frozen=True)
class Deactivation:
    user: User
    ended: RevokedCredentials
    invitations_revoked: int


def _user(session: Session, user_id: uuid.UUID) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    return user


def deactivate_user(session: Session, *, actor: Actor, user_id: uuid.UUID) -> Deactivation:
    """Switch a login off and end, at once, every way it could still act. Idempotent."""
    policy.require_user_admin(actor, writes=True)
    user = _user(session, user_id)
    policy.require_not_self(actor, user.id)
    if user.role is Role.ADMIN:
        # Locks the active admins (on SQLite, the database for writes) so that two admins switching each other off
        # at the same moment cannot leave the business with none.
        admins = session.scalars(select(User.id).where(User.role == Role.ADMIN, User.is_active).with_for_update())
        if user.is_active and set(admins) <= {user.id}:
            raise Conflict("This is the last active admin; make another admin first.")
    was_active = user.is_active
    user.is_active = False
    ended = end_credentials(session, user.id)
    invitations = revoke_pending_invitations(session, user.email)  # one could open a new login for them
    if was_active:
        details = {**ended.audit_details(), "invitations_revoked": invitations}
        audit.record(session, actor, "auth.user_deactivated", "user", user.id, details)
    return Deactivation(user, ended, invitations)


def reactivate_user(session: Session, *, actor: Actor, user_id: uuid.UUID) -> User:
    """Let a switched-off login sign in again (with its password; nothing that was ended comes back). Idempotent."""
    policy.require_user_admin(actor, writes=True)
    user = _user(session, user_id)
    if not user.is_active:
        user.is_active = True
        audit.record(session, actor, "auth.user_reactivated", "user", user.id)
    return user


def set_trainer_login_active(session: Session, *, actor: Actor, trainer_id: uuid.UUID, active: bool) -> None:
    """Reaction to a trainer profile switched off or on (``staff.trainer_activity_changed``): their login follows."""
    user_id = session.scalar(select(User.id).where(User.trainer_id == trainer_id))
    if user_id is None:
        return
    if active:
        reactivate_user(session, actor=actor, user_id=user_id)
    else:
        deactivate_user(session, actor=actor, user_id=user_id)


@dataclass(frozen=True)
class TwoFactorReset:
    user: User
    sessions_ended: int


def reset_two_factor(session: Session, *, actor: Actor, user_id: uuid.UUID) -> TwoFactorReset:
    """An admin takes someone's second factor off (a lost phone, no recovery codes left): they sign in with their
    password alone, and set a new one up at once if the business requires it. Their sign-in sessions end, in case
    the phone was stolen rather than lost. Not one's own: that is turning it off, which asks for the password."""
    policy.require_user_admin(actor, writes=True)
    user = _user(session, user_id)
    if user.id == actor.user_id:
        raise Conflict("Turn your own two-factor sign-in off on your Account page.")
    was_on = two_factor.turn_off(user)
    ended = revoke_sessions(session, user.id)
    if was_on:
        audit.record(session, actor, "auth.two_factor_reset", "user", user.id, {"sessions_ended": ended})
        notices.tell_owner(session, user, "two_factor_reset")
    return TwoFactorReset(user, ended)
