"""Accounts: sign-in sessions, API tokens, invitations, password changes and resets.

Every function takes a SQLAlchemy ``Session`` and, where someone acts, an ``Actor``. No Flask here.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import hmac
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from ipaddress import IPv4Network, IPv6Network
from typing import Any, Literal

from sqlalchemy import exists, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import domains
from ..core import audit
from ..core.actor import Actor, Role
from ..core.crypto import new_token, token_hash
from ..core.db import utcnow
from ..core.email import Mailer, Message, send_after_commit, send_now
from ..core.errors import Conflict, Gone, NotFound, PermissionDenied, Unauthenticated, ValidationFailed
from ..core.pagination import Page, paginate
from ..core.policy import require_authenticated, require_write_scope
from ..observability.metrics import LOGINS, count_on_commit
from . import notices, passwords, policy, two_factor
from .cache import CachedCaller, forget_user_after_commit
from .models import SIGN_IN_LOOKUP, ApiToken, Invitation, LoginSession, PasswordResetToken, User
from .policy import require_admin_network

audit.register_subject_labels("user", audit.column_labels(User.id, User.full_name, User.email, fmt="{} ({})".format))
audit.register_subject_labels(
    "invitation", audit.column_labels(Invitation.id, Invitation.full_name, Invitation.email, fmt="{} ({})".format)
)

API_TOKEN_PREFIX = "fcrm_"  # noqa: S105 - a public prefix, not a secret
TOUCH_INTERVAL = timedelta(seconds=60)
API_SCOPES = frozenset({"read", "write"})


@dataclass(frozen=True)
class SessionPolicy:
    idle: timedelta
    absolute: timedelta


@dataclass(frozen=True)
class LinkSettings:
    base_url: str
    invitation_ttl: timedelta
    reset_ttl: timedelta
    password_min_length: int


@dataclass(frozen=True)
class NewSession:
    token: str
    csrf_token: str
    login_session: LoginSession
    tell_owner: bool = False  # a sign-in from a new device: e-mail the owner (notices.tell_of_new_device)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def actor_for(user: User, *, ip: str | None, request_id: str | None, scopes: frozenset[str] | None = None) -> Actor:
    return Actor(
        user_id=user.id,
        role=user.role,
        email=user.email,
        trainer_id=user.trainer_id,
        client_id=user.client_id,
        ip=ip,
        request_id=request_id,
        scopes=scopes,
    )


# --- sign-in sessions -------------------------------------------------------------------------


def _start_session(
    session: Session, user: User, policy: SessionPolicy, *, ip: str | None, user_agent: str | None
) -> NewSession:
    token, csrf = new_token(), new_token(24)
    now = utcnow()
    login = LoginSession(
        user_id=user.id,
        token_hash=token_hash(token),
        csrf_token=csrf,
        created_at=now,
        last_seen_at=now,
        expires_at=now + policy.absolute,
        ip=ip,
        user_agent=(user_agent or "")[:255] or None,
    )
    session.add(login)
    user.last_login_at = now
    session.flush()
    login.user = user
    return NewSession(token=token, csrf_token=csrf, login_session=login)


def login(
    session: Session,
    *,
    email: str,
    password: str,
    policy: SessionPolicy,
    ip: str | None,
    user_agent: str | None,
    request_id: str | None,
    code: str | None = None,
    known_device: bool = True,
    admin_networks: Sequence[IPv4Network | IPv6Network] = (),
) -> NewSession:
    """Check credentials (with a second factor, the code too) and open a fresh session (a new token every time:
    rotation at login). ``known_device``: the browser proved it signed in to this account before; when it did not
    and the account has signed in before, ``NewSession.tell_owner`` asks the caller to run
    ``notices.tell_of_new_device``."""
    user = session.scalar(select(User).where(User.email == normalise_email(email)))
    valid = passwords.verify_password(user.password_hash if user else None, password)
    if not user or not valid or not user.is_active:
        _login_failed(session, user, ip=ip, request_id=request_id)
        raise Unauthenticated("The e-mail or password is not correct.")
    assert user.password_hash is not None
    require_admin_network(user.role, ip, admin_networks)  # after the password: strangers learn nothing
    try:
        two_factor.check(user, code)
    except two_factor.SecondFactorInvalid:
        _login_failed(session, user, ip=ip, request_id=request_id)
        raise
    if passwords.needs_rehash(user.password_hash):  # older parameters: store the current ones
        with contextlib.suppress(passwords.HashingBusy):  # too busy now: the next sign-in rehashes
            user.password_hash = passwords.hash_password(password)
    signed_in_before = user.last_login_at is not None
    new = _start_session(session, user, policy, ip=ip, user_agent=user_agent)
    audit.record(session, actor_for(user, ip=ip, request_id=request_id), "auth.login", "user", user.id)
    count_on_commit(session, LOGINS.labels(result="success"))  # counted once the sign-in is stored
    return dataclasses.replace(new, tell_owner=signed_in_before and not known_device)


def resolve_session(session: Session, token: str, policy: SessionPolicy) -> LoginSession | None:
    """Return the live session for a cookie token, enforcing idle and absolute expiry."""
    login_session = session.scalar(
        select(LoginSession).prefix_with(SIGN_IN_LOOKUP).where(LoginSession.token_hash == token_hash(token))
    )
    if login_session is None or login_session.revoked_at is not None:
        return None
    now = utcnow()
    if now >= login_session.expires_at or now - login_session.last_seen_at >= policy.idle:
        return None
    if not login_session.user.is_active:
        return None
    if now - login_session.last_seen_at >= TOUCH_INTERVAL:
        # Throttled so that reads do not turn into a write on every request.
        login_session.last_seen_at = now
    return login_session


def caller_for_session_token(session: Session, token: str, policy: SessionPolicy) -> CachedCaller | None:
    login_session = resolve_session(session, token, policy)
    if login_session is None:
        return None
    required = two_factor.setup_required(session, login_session.user)
    return CachedCaller.of_session(login_session, two_factor_setup_required=required)


def caller_for_api_token(session: Session, raw: str) -> CachedCaller | None:
    api_token = resolve_api_token(session, raw)
    if api_token is None:
        return None
    return CachedCaller.of_token(
        api_token, two_factor_setup_required=two_factor.setup_required(session, api_token.user)
    )


def cached_caller_is_current(caller: CachedCaller, policy: SessionPolicy) -> bool:
    """A cached sign-in is used only while it has not expired and no touch of its "last seen" time is due."""
    now = utcnow()
    fresh_for = min(TOUCH_INTERVAL, policy.idle) if caller.kind == "session" else TOUCH_INTERVAL
    return now < caller.expires_at and now - caller.touched_at < fresh_for


def current_user(*, actor: Actor, caller: CachedCaller | None) -> dict[str, Any]:
    """The signed-in user, as the request's resolved sign-in knows it (no query)."""
    require_authenticated(actor)
    if caller is None or caller.user_id != actor.user_id:
        raise Unauthenticated("Sign in to continue.")
    return caller.user_view()


def _login_failed(session: Session, user: User | None, *, ip: str | None, request_id: str | None) -> None:
    audit.record(
        session, Actor.anonymous(ip=ip, request_id=request_id), "auth.login_failed", "user", user.id if user else None
    )
    LOGINS.labels(result="failure").inc()


def logout(session: Session, *, actor: Actor, login_session_id: uuid.UUID) -> None:
    forget_user_after_commit(session, actor.user_id)  # type: ignore[arg-type]  # signed in: has a user id
    session.execute(
        update(LoginSession)
        .where(LoginSession.id == login_session_id, LoginSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    audit.record(session, actor, "auth.logout", "user", actor.user_id)


def list_sessions(
    session: Session, *, actor: Actor, current: uuid.UUID | None, limit: int, cursor: str | None
) -> Page[Any]:
    """My live sign-ins (devices), most recently used first: one statement. ``current`` marks this one."""
    require_authenticated(actor)
    stmt = select(
        LoginSession.id,
        LoginSession.created_at,
        LoginSession.last_seen_at,
        LoginSession.ip,
        LoginSession.user_agent,
        (LoginSession.id == current).label("current") if current else literal(False).label("current"),
    ).where(
        LoginSession.user_id == actor.user_id,
        LoginSession.revoked_at.is_(None),
        LoginSession.expires_at > utcnow(),
    )
    return paginate(
        session,
        stmt,
        sort_column=LoginSession.last_seen_at,
        id_column=LoginSession.id,
        descending=True,
        limit=limit,
        cursor=cursor,
        columns=True,
    )


def end_session(session: Session, *, actor: Actor, login_session_id: uuid.UUID) -> None:
    """Sign one of my devices out (a lost phone, a shared computer)."""
    require_authenticated(actor)
    ended = session.execute(
        update(LoginSession)
        .where(
            LoginSession.id == login_session_id,
            LoginSession.user_id == actor.user_id,
            LoginSession.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
    )
    if not ended.rowcount:  # type: ignore[attr-defined]
        raise NotFound("No such signed-in device.")
    forget_user_after_commit(session, actor.user_id)  # type: ignore[arg-type]  # signed in: has a user id
    audit.record(session, actor, "auth.session_ended", "user", actor.user_id)


KNOWN_DEVICE_DAYS = 180


def known_device_proof(secret: str, email: str) -> str:
    """What a browser keeps once it has signed in to ``email``: proof, to the sign-in throttle, that it is the
    person's own device (derived from the secret key; nothing is stored)."""
    key = hashlib.sha256(b"fitnesscrm known device\0" + secret.encode()).digest()
    return hmac.new(key, email.encode(), hashlib.sha256).hexdigest()[:32]


def is_known_device(secrets: tuple[str, ...], email: str, proof: str) -> bool:
    """Made with the secret key or one before it (a rotation forgets no device)."""
    return any(hmac.compare_digest(known_device_proof(secret, email), proof) for secret in secrets)


def revoke_sessions(session: Session, user_id: uuid.UUID, *, keep: uuid.UUID | None = None) -> int:
    forget_user_after_commit(session, user_id)
    stmt = update(LoginSession).where(LoginSession.user_id == user_id, LoginSession.revoked_at.is_(None))
    if keep is not None:
        stmt = stmt.where(LoginSession.id != keep)
    return session.execute(stmt.values(revoked_at=utcnow())).rowcount  # type: ignore[attr-defined]


def user_by_id(session: Session, user_id: uuid.UUID) -> User | None:
    """An account by its id, for a domain that holds a user id of its own (a calendar feed's owner)."""
    return session.get(User, user_id)


def get_user(session: Session, *, actor: Actor) -> User:
    require_authenticated(actor)
    user = session.get(User, actor.user_id)
    if user is None:
        raise Unauthenticated("Sign in to continue.")
    return user


# --- passwords --------------------------------------------------------------------------------


def _user_inputs(user: User) -> list[str]:
    return [user.email, user.email.split("@")[0], *user.full_name.split()]


def update_preferences(session: Session, *, actor: Actor, unit_system: str) -> User:
    require_write_scope(actor)
    user = get_user(session, actor=actor)
    if user.unit_system != unit_system:
        user.unit_system = unit_system
        audit.record(session, actor, "user.preferences", "user", user.id, {"fields": ["unit_system"]})
    return user


@dataclass(frozen=True)
class RevokedCredentials:
    """What a password change or reset ended, so the person is told."""

    sessions: int
    api_tokens: int
    calendar_feeds: int
    reset_links: int

    def audit_details(self) -> dict[str, int]:
        return {
            "sessions_ended": self.sessions,
            "api_tokens_revoked": self.api_tokens,
            "calendar_feeds_revoked": self.calendar_feeds,
            "reset_links_voided": self.reset_links,
        }


def _void_reset_links(session: Session, user_id: uuid.UUID) -> int:
    """Every reset link of the user not used yet stops working: a new password, or a newer link, replaces them."""
    result = session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user_id, PasswordResetToken.used_at.is_(None))
        .values(used_at=utcnow())
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def _revoke_api_access(session: Session, user_id: uuid.UUID) -> tuple[int, int]:
    """The user's personal API tokens and calendar feed links (the feeds belong to scheduling, which is told)."""
    forget_user_after_commit(session, user_id)
    tokens = session.execute(
        update(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None)).values(revoked_at=utcnow())
    )
    feeds = domains.announce("accounts.api_access_revoked", session=session, user_id=user_id)
    return int(tokens.rowcount), sum(feeds)  # type: ignore[attr-defined]


def end_credentials(
    session: Session, user_id: uuid.UUID, *, keep_session: uuid.UUID | None = None, api_access: bool = True
) -> RevokedCredentials:
    """What a new password ends: the sessions (but ``keep_session``), the reset links and, with ``api_access``,
    the API tokens and calendar feed links."""
    tokens, feeds = _revoke_api_access(session, user_id) if api_access else (0, 0)
    return RevokedCredentials(
        sessions=revoke_sessions(session, user_id, keep=keep_session),
        api_tokens=tokens,
        calendar_feeds=feeds,
        reset_links=_void_reset_links(session, user_id),
    )


def change_password(
    session: Session,
    *,
    actor: Actor,
    current_password: str,
    new_password: str,
    min_length: int,
    current_session_id: uuid.UUID | None,
    revoke_api_access: bool = True,
) -> RevokedCredentials:
    """Ends the other sessions and the reset links; with ``revoke_api_access`` (the default: whoever learnt the
    old password may have made them) the API tokens and calendar feed links too."""
    require_write_scope(actor)
    user = get_user(session, actor=actor)
    if not passwords.verify_password(user.password_hash, current_password):
        raise ValidationFailed("current_password", "The current password is not correct.")
    passwords.check_strength(new_password, min_length=min_length, user_inputs=_user_inputs(user), field="new_password")
    user.password_hash = passwords.hash_password(new_password)
    user.password_changed_at = utcnow()
    revoked = end_credentials(session, user.id, keep_session=current_session_id, api_access=revoke_api_access)
    audit.record(session, actor, "auth.password_changed", "user", user.id, revoked.audit_details())
    notices.tell_owner(session, user, "password_changed")
    return revoked


def request_password_reset(
    session: Session, *, email: str, links: LinkSettings, mailer: Mailer, ip: str | None, request_id: str | None
) -> None:
    """Always succeeds from the caller's point of view, so it never reveals whether an e-mail exists."""
    user = session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None or not user.is_active or user.password_hash is None:
        return
    token = new_token()
    _void_reset_links(session, user.id)  # only the newest link works
    session.add(
        PasswordResetToken(user_id=user.id, token_hash=token_hash(token), expires_at=utcnow() + links.reset_ttl)
    )
    audit.record(
        session, Actor.anonymous(ip=ip, request_id=request_id), "auth.password_reset_requested", "user", user.id
    )
    minutes = int(links.reset_ttl.total_seconds() // 60)
    send_after_commit(
        session,
        mailer,
        Message(
            to=user.email,
            subject="Reset your FitnessCRM password",
            body=(
                f"Hello {user.full_name},\n\nSomeone asked to reset the password of your FitnessCRM account. "
                f"If it was you, open this link within {minutes} minutes:\n\n"
                f"{links.base_url}/reset-password/confirm?token={token}\n\n"
                "If it was not you, ignore this e-mail; your password stays as it is.\n"
            ),
        ),
    )


def confirm_password_reset(
    session: Session, *, token: str, new_password: str, min_length: int, ip: str | None, request_id: str | None
) -> RevokedCredentials:
    """A reset is for a lost or stolen account: every session, API token, calendar feed link and other reset link
    of the user ends with it."""
    reset = session.scalar(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == token_hash(token)).with_for_update()
    )
    if reset is None:
        raise NotFound("This reset link is not valid.")
    if reset.used_at is not None or reset.expires_at <= utcnow():
        raise Gone("This reset link has expired or was already used. Ask for a new one.")
    user = session.get(User, reset.user_id)
    if user is None or not user.is_active:
        raise NotFound("This reset link is not valid.")
    passwords.check_strength(new_password, min_length=min_length, user_inputs=_user_inputs(user), field="new_password")
    reset.used_at = utcnow()
    user.password_hash = passwords.hash_password(new_password)
    user.password_changed_at = utcnow()
    revoked = end_credentials(session, user.id)
    actor = actor_for(user, ip=ip, request_id=request_id)
    audit.record(session, actor, "auth.password_reset", "user", user.id, revoked.audit_details())
    notices.tell_owner(session, user, "password_reset")
    return revoked


# --- API tokens -------------------------------------------------------------------------------


def resolve_api_token(session: Session, raw: str) -> ApiToken | None:
    if not raw.startswith(API_TOKEN_PREFIX):
        return None
    api_token = session.scalar(
        select(ApiToken).prefix_with(SIGN_IN_LOOKUP).where(ApiToken.token_hash == token_hash(raw))
    )
    now = utcnow()
    if api_token is None or api_token.revoked_at is not None or api_token.expires_at <= now:
        return None
    if not api_token.user.is_active:
        return None
    if api_token.last_used_at is None or now - api_token.last_used_at >= TOUCH_INTERVAL:
        api_token.last_used_at = now
    return api_token


def create_api_token(
    session: Session, *, actor: Actor, name: str, scopes: Iterable[str], expires_in_days: int, max_days: int
) -> tuple[ApiToken, str]:
    require_authenticated(actor)
    if actor.scopes is not None:
        raise PermissionDenied("API tokens cannot create other API tokens; sign in to the web app.")
    wanted = sorted(set(scopes))
    if not wanted or not set(wanted) <= API_SCOPES:
        raise ValidationFailed("scopes", "Choose one or more of: read, write.")
    if not 1 <= expires_in_days <= max_days:
        raise ValidationFailed("expires_in_days", f"Choose between 1 and {max_days} days.")
    raw = API_TOKEN_PREFIX + new_token()
    assert actor.user_id is not None
    api_token = ApiToken(
        user_id=actor.user_id,
        name=name.strip(),
        token_hash=token_hash(raw),
        scopes=wanted,
        expires_at=utcnow() + timedelta(days=expires_in_days),
    )
    session.add(api_token)
    session.flush()
    audit.record(session, actor, "auth.api_token_created", "api_token", api_token.id, {"scopes": wanted})
    return api_token, raw


def list_api_tokens(session: Session, *, actor: Actor, limit: int, cursor: str | None) -> Page[ApiToken]:
    require_authenticated(actor)
    stmt = select(ApiToken).where(ApiToken.user_id == actor.user_id, ApiToken.revoked_at.is_(None))
    return paginate(
        session,
        stmt,
        sort_column=ApiToken.created_at,
        id_column=ApiToken.id,
        descending=True,
        limit=limit,
        cursor=cursor,
    )


def revoke_api_token(session: Session, *, actor: Actor, token_id: uuid.UUID) -> None:
    require_authenticated(actor)
    api_token = session.get(ApiToken, token_id)
    if api_token is None or api_token.user_id != actor.user_id or api_token.revoked_at is not None:
        raise NotFound("No such API token.")
    api_token.revoked_at = utcnow()
    audit.record(session, actor, "auth.api_token_revoked", "api_token", api_token.id)


# --- invitations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedInvitation:
    """A new invitation and how its link reaches the invitee."""

    invitation: Invitation
    delivery: Literal["pending", "emailed", "not_configured", "failed"]
    message: Message
    accept_url: str

    @property
    def link_for_inviter(self) -> str | None:
        """The link, when it was not e-mailed. It is a credential (whoever holds it can open the account), so it
        goes only to the inviter, once, in the reply to their request: it is never stored or listed."""
        return self.accept_url if self.delivery in ("not_configured", "failed") else None


def create_invitation(
    session: Session,
    *,
    actor: Actor,
    email: str | None,
    role: Role,
    full_name: str | None,
    trainer_id: uuid.UUID | None,
    client_id: uuid.UUID | None,
    links: LinkSettings,
    mailer: Mailer,
) -> IssuedInvitation:
    """Admins invite trainers and clients; trainers invite their own clients. Nobody invites admins.

    With e-mail set up the invitation is ``pending`` delivery: commit, then :func:`deliver_invitation`. Without
    it nothing can be sent, so the inviter gets the link to pass on (the console adapter still logs the message).
    """
    policy.require_inviter(actor, role)
    if role is Role.TRAINER and client_id is not None:
        raise ValidationFailed("client_id", "A trainer invitation cannot name a client.")
    if role is Role.CLIENT:
        if client_id is None:
            raise ValidationFailed("client_id", "Choose the client to invite to the portal.")
        if trainer_id is not None:
            raise ValidationFailed("trainer_id", "A client invitation cannot name a trainer.")
    # The trainer or client profile the login will belong to, from the domain that keeps such profiles.
    profile = domains.invitee_resolver(role.value)(
        session,
        actor=actor,
        profile_id=trainer_id if role is Role.TRAINER else client_id,
        email=email,
        full_name=full_name,
    )
    profile_email, profile_name = profile.email, profile.full_name
    trainer_id = profile.profile_id if role is Role.TRAINER else None
    linked_client = profile.profile_id if role is Role.CLIENT else None
    target_email = normalise_email(email or profile_email or "")
    if not target_email:
        raise ValidationFailed("email", "This client has no e-mail address; add one first.")
    column = User.trainer_id if role is Role.TRAINER else User.client_id
    if session.scalar(select(User.id).where(column == (trainer_id if role is Role.TRAINER else linked_client))):
        raise Conflict("This person already has an account.")
    if session.scalar(select(User.id).where(User.email == target_email)):
        raise Conflict("An account with this e-mail already exists.")
    revoke_pending_invitations(session, target_email)  # a new invitation replaces any pending one
    now = utcnow()
    token = new_token()
    invitation = Invitation(
        email=target_email,
        full_name=full_name.strip() if full_name else profile_name,
        role=role,
        token_hash=token_hash(token),
        trainer_id=trainer_id if role is Role.TRAINER else None,
        client_id=linked_client,
        invited_by_id=actor.user_id,
        expires_at=now + links.invitation_ttl,
    )
    session.add(invitation)
    session.flush()
    hours = int(links.invitation_ttl.total_seconds() // 3600)
    accept_url = f"{links.base_url}/accept-invitation?token={token}"
    message = Message(
        to=target_email,
        subject="You're invited to FitnessCRM",
        body=(
            f"Hello {invitation.full_name},\n\n{actor.email or 'Your studio'} invited you to FitnessCRM as "
            f"{'a trainer' if role is Role.TRAINER else 'a client'}. Set your password within {hours} hours:\n\n"
            f"{accept_url}\n"
        ),
    )
    if mailer.delivers:
        audit.record(
            session,
            actor,
            "auth.invitation_created",
            "invitation",
            invitation.id,
            {"role": role.value, "delivery": "email"},
        )
        return IssuedInvitation(invitation, "pending", message, accept_url)
    audit.record(
        session,
        actor,
        "auth.invitation_created",
        "invitation",
        invitation.id,
        {"role": role.value, "delivery": "link_to_inviter"},
    )
    send_after_commit(session, mailer, message)
    return IssuedInvitation(invitation, "not_configured", message, accept_url)


def deliver_invitation(session: Session, *, actor: Actor, issued: IssuedInvitation, mailer: Mailer) -> IssuedInvitation:
    """E-mail a committed invitation now, so the inviter is told the truth: sent, or here is the link instead."""
    if issued.delivery != "pending":
        return issued
    if send_now(mailer, issued.message):
        return replace(issued, delivery="emailed")
    audit.record(
        session, actor, "auth.invitation_link_shown", "invitation", issued.invitation.id, {"reason": "email_failed"}
    )
    return replace(issued, delivery="failed")


def revoke_pending_invitations(session: Session, email: str) -> int:
    """Invitations to ``email`` not accepted or revoked yet stop working; how many there were."""
    result = session.execute(
        update(Invitation)
        .where(Invitation.email == email, Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def list_invitations(session: Session, *, actor: Actor, limit: int, cursor: str | None) -> Page[Invitation]:
    stmt = select(Invitation).where(*policy.visible_invitations(actor))
    return paginate(
        session,
        stmt,
        sort_column=Invitation.created_at,
        id_column=Invitation.id,
        descending=True,
        limit=limit,
        cursor=cursor,
    )


def revoke_invitation(session: Session, *, actor: Actor, invitation_id: uuid.UUID) -> None:
    require_write_scope(actor)
    invitation = session.scalar(
        select(Invitation).where(Invitation.id == invitation_id, *policy.visible_invitations(actor))
    )
    if invitation is None:
        raise NotFound("No such invitation.")
    if invitation.status != "pending":
        raise Conflict(f"This invitation is already {invitation.status}.")
    invitation.revoked_at = utcnow()
    audit.record(session, actor, "auth.invitation_revoked", "invitation", invitation.id)


def _pending_invitation(session: Session, token: str, *, lock: bool = False) -> Invitation:
    stmt = select(Invitation).where(Invitation.token_hash == token_hash(token))
    invitation = session.scalar(stmt.with_for_update() if lock else stmt)
    if invitation is None:
        raise NotFound("This invitation link is not valid.")
    if invitation.status != "pending":
        raise Gone(f"This invitation is {invitation.status}. Ask for a new one.")
    return invitation


def preview_invitation(session: Session, *, token: str) -> Invitation:
    return _pending_invitation(session, token)


def accept_invitation(
    session: Session,
    *,
    token: str,
    password: str,
    policy: SessionPolicy,
    min_length: int,
    ip: str | None,
    user_agent: str | None,
    request_id: str | None,
) -> NewSession:
    invitation = _pending_invitation(session, token, lock=True)
    passwords.check_strength(
        password, min_length=min_length, user_inputs=[invitation.email, *invitation.full_name.split()]
    )
    user = User(
        email=invitation.email,
        full_name=invitation.full_name,
        role=invitation.role,
        password_hash=passwords.hash_password(password),
        trainer_id=invitation.trainer_id,
        client_id=invitation.client_id,
        password_changed_at=utcnow(),
    )
    session.add(user)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        raise Conflict("An account for this person already exists.") from exc
    invitation.accepted_at = utcnow()
    actor = actor_for(user, ip=ip, request_id=request_id)
    audit.record(session, actor, "auth.invitation_accepted", "invitation", invitation.id)
    return _start_session(session, user, policy, ip=ip, user_agent=user_agent)


# --- admins and lookups used by other packages -------------------------------------------------


def create_admin(
    session: Session, *, email: str, full_name: str, password: str, min_length: int, actor: Actor | None = None
) -> User:
    email = normalise_email(email)
    if session.scalar(select(User.id).where(User.email == email)):
        raise Conflict(f"A user with e-mail {email} already exists.")
    passwords.check_strength(password, min_length=min_length, user_inputs=[email, *full_name.split()])
    user = User(
        email=email,
        full_name=full_name,
        role=Role.ADMIN,
        password_hash=passwords.hash_password(password),
        password_changed_at=utcnow(),
    )
    session.add(user)
    session.flush()
    audit.record(session, actor or Actor.system(), "auth.admin_created", "user", user.id)
    return user


def has_active_account(client_id_column: Any) -> Any:
    """SQL: whether the client in ``client_id_column`` has an active portal account (for a list's column)."""
    return exists().where(User.client_id == client_id_column, User.is_active)


def linked_profile_ids(
    session: Session, *, trainer_ids: Iterable[uuid.UUID] = (), client_ids: Iterable[uuid.UUID] = ()
) -> set[uuid.UUID]:
    """Which of these trainer/client profiles have an active user account (one query each)."""
    found: set[uuid.UUID] = set()
    trainer_ids, client_ids = list(trainer_ids), list(client_ids)
    if trainer_ids:
        found |= set(session.scalars(select(User.trainer_id).where(User.trainer_id.in_(trainer_ids), User.is_active)))
    if client_ids:
        found |= set(session.scalars(select(User.client_id).where(User.client_id.in_(client_ids), User.is_active)))
    return found


def names_and_roles(session: Session, user_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, tuple[str, Role]]:
    """Who these users are, in one query (for lists that show who did something)."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    rows = session.execute(select(User.id, User.full_name, User.role).where(User.id.in_(ids)))
    return {row.id: (row.full_name, row.role) for row in rows}
