from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, EmailStr, Field

from ..core.actor import Role
from ..core.schemas import Out, PageQuery, StrictIn


class LoginIn(StrictIn):
    email: str = Field(min_length=3, max_length=320)
    password: str = Field(min_length=1, max_length=1024)
    code: str | None = Field(
        None,
        max_length=32,
        description="With two-factor sign-in on: the 6-digit code from the authenticator app, or a recovery code. "
        "Without it such an account answers 401 `second-factor-required`; send the sign-in again with it.",
    )


class TwoFactorStatusOut(BaseModel):
    enabled: bool
    enabled_at: datetime | None
    recovery_codes_left: int


class TwoFactorSetupOut(BaseModel):
    secret: str = Field(description="Base32, for typing into the app by hand.")
    otpauth_uri: str = Field(description="The otpauth:// link the app scans (as a QR code).")


class TwoFactorEnableIn(StrictIn):
    code: str = Field(min_length=6, max_length=12, description="The 6-digit code the authenticator app shows now.")
    password: str = Field(
        min_length=1,
        max_length=1024,
        description="Your password again: a second factor changes how the account signs in (ASVS 3.7.1).",
    )


class RecoveryCodesOut(BaseModel):
    recovery_codes: list[str] = Field(description="Each works once instead of a code. Shown once; keep them safe.")


class TwoFactorDisableIn(StrictIn):
    password: str = Field(min_length=1, max_length=1024)


class UserOut(Out):
    id: uuid.UUID
    email: str
    full_name: str
    role: Role
    trainer_id: uuid.UUID | None
    client_id: uuid.UUID | None
    unit_system: Literal["metric", "imperial"] = Field(
        description="Units the user reads and enters loads and measurements in; stored values are metric."
    )


class PreferencesIn(StrictIn):
    unit_system: Literal["metric", "imperial"]


class MeOut(BaseModel):
    user: UserOut
    csrf_token: str | None = Field(description="Send as X-CSRF-Token on unsafe requests (browser sessions).")
    default_phone_region: str = Field(description="Country assumed for phone numbers without a +country code.")
    two_factor_setup_required: bool = Field(
        False,
        description="The business requires you to sign in with a second factor and you have none yet: until you set "
        "one up (POST /auth/two-factor/setup, then /enable), other routes answer 403 two-factor-setup-required.",
    )


class PasswordChangeIn(StrictIn):
    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=1, max_length=1024)
    revoke_api_access: bool = Field(
        True,
        description="Also revoke your personal API tokens and calendar feed links (whoever learnt the old password "
        "may have made some). Other sessions and reset links end in any case.",
    )


class CredentialsEndedOut(BaseModel):
    """What a password change or reset ended, so the person can be told."""

    sessions_ended: int = Field(description="Other sign-in sessions signed out.")
    api_tokens_revoked: int
    calendar_feeds_revoked: int


class PasswordResetIn(StrictIn):
    email: str = Field(min_length=3, max_length=320)


class PasswordResetConfirmIn(StrictIn):
    token: str = Field(min_length=10, max_length=200)
    new_password: str = Field(min_length=1, max_length=1024)


class InvitationIn(StrictIn):
    role: Literal["trainer", "client"]
    email: EmailStr | None = None
    full_name: str | None = Field(None, min_length=1, max_length=200)
    trainer_id: uuid.UUID | None = None
    client_id: uuid.UUID | None = None


class InvitationOut(Out):
    id: uuid.UUID
    email: str
    role: Role
    full_name: str
    status: Literal["pending", "accepted", "revoked", "expired"]
    expires_at: datetime
    created_at: datetime
    trainer_id: uuid.UUID | None
    client_id: uuid.UUID | None
    invited_by_id: uuid.UUID | None


class InvitationIssuedOut(InvitationOut):
    delivery: Literal["emailed", "not_configured", "failed"] = Field(
        description="emailed: the mail server accepted the invitation e-mail; not_configured: e-mail is not set "
        "up, nothing was sent; failed: sending failed. In the last two cases pass accept_url on yourself."
    )
    accept_url: str | None = Field(
        description="The invitation link, only when it was not e-mailed, and only in this reply to the inviter "
        "(never in lists): anyone holding it can open the account."
    )


class InvitationList(BaseModel):
    items: list[InvitationOut]
    next_cursor: str | None


class InvitationTokenIn(StrictIn):
    token: str = Field(min_length=10, max_length=200)


class InvitationPreviewOut(Out):
    email: str
    role: Role
    full_name: str


class InvitationAcceptIn(StrictIn):
    token: str = Field(min_length=10, max_length=200)
    password: str = Field(min_length=1, max_length=1024)


class ApiTokenIn(StrictIn):
    name: str = Field(min_length=1, max_length=100)
    scopes: list[Literal["read", "write"]] = Field(min_length=1, max_length=2)
    expires_in_days: int = Field(90, ge=1, le=365)


class ApiTokenOut(Out):
    id: uuid.UUID
    name: str
    scopes: list[str]
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None


class ApiTokenCreatedOut(ApiTokenOut):
    token: str = Field(description="The secret. Shown once; store it now.")


class ApiTokenList(BaseModel):
    items: list[ApiTokenOut]
    next_cursor: str | None


class SignedInSessionOut(Out):
    """One of my sign-ins: a browser or app that holds a session."""

    id: uuid.UUID
    created_at: datetime = Field(description="When it signed in.")
    last_seen_at: datetime = Field(description="Its last request (to within a minute).")
    ip: str | None
    user_agent: str | None
    current: bool = Field(description="The session this request came with.")


class SignedInSessionList(BaseModel):
    items: list[SignedInSessionOut]
    next_cursor: str | None


class UserQuery(PageQuery):
    q: str | None = Field(
        None,
        max_length=100,
        description="Search: from three characters, anywhere in the name or e-mail; one or two, the start of a word.",
    )
    role: Role | None = None
    status: Literal["active", "deactivated"] | None = Field(None, description="Both when omitted.")


class UserListedOut(Out):
    id: uuid.UUID
    email: str
    full_name: str
    role: Role
    status: Literal["active", "deactivated"]
    last_login_at: datetime | None
    two_factor: bool = Field(description="Signs in with a second factor (an authenticator app).")
    created_at: datetime
    trainer_id: uuid.UUID | None = Field(description="The trainer profile of a trainer's login.")
    client_id: uuid.UUID | None = Field(description="The client record of a portal login.")


class UserList(BaseModel):
    items: list[UserListedOut]
    next_cursor: str | None


class UserDeactivatedOut(BaseModel):
    """The login, switched off, and what ended with it."""

    user: UserListedOut
    sessions_ended: int
    api_tokens_revoked: int
    calendar_feeds_revoked: int
    invitations_revoked: int


class TwoFactorRequirementIn(StrictIn):
    required_for: Literal["nobody", "admins", "staff"] = Field(
        description="Whose logins must use a second factor: nobody, admins, or staff (admins and trainers). Requiring "
        "it of admins needs your own second factor on. Those concerned who have none are asked to set one up at "
        "their next request."
    )


class TwoFactorRequirementOut(BaseModel):
    required_for: Literal["nobody", "admins", "staff"]


class TwoFactorResetOut(BaseModel):
    """The login, without its second factor, and how many of its sign-in sessions ended."""

    user: UserListedOut
    sessions_ended: int
