"""Auth routes (/api/v1/auth/...) and the per-request resolution of the caller."""

from __future__ import annotations

import hmac
import uuid
from typing import Any

from apiflask import APIBlueprint
from flask import Response, current_app, g, make_response, request
from flask_limiter.util import get_remote_address

from .. import web
from ..core.actor import Role
from ..core.business import get_business
from ..core.crypto import token_hash
from ..core.db import utcnow
from ..core.errors import DomainError, PermissionDenied, Unauthenticated
from ..core.ratelimit import EXEMPT_BLUEPRINTS, Verdict
from ..core.schemas import PageQuery
from ..extensions import limiter
from ..observability import http as http_observability
from . import notices, service, two_factor
from . import policy as accounts_policy
from .schemas import (
    ApiTokenCreatedOut,
    ApiTokenIn,
    ApiTokenList,
    CredentialsEndedOut,
    InvitationAcceptIn,
    InvitationIn,
    InvitationIssuedOut,
    InvitationList,
    InvitationOut,
    InvitationPreviewOut,
    InvitationTokenIn,
    LoginIn,
    MeOut,
    PasswordChangeIn,
    PasswordResetConfirmIn,
    PasswordResetIn,
    PreferencesIn,
    RecoveryCodesOut,
    SignedInSessionList,
    TwoFactorDisableIn,
    TwoFactorEnableIn,
    TwoFactorSetupOut,
    TwoFactorStatusOut,
)

bp = APIBlueprint("auth", __name__, url_prefix="/api/v1/auth", tag="Auth")
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class CsrfFailed(DomainError):
    status, title, type_slug = 403, "CSRF check failed", "csrf-failed"


class TooManyRequests(DomainError):
    status, title, type_slug = 429, "Too Many Requests", "rate-limited"


@bp.before_app_request
def admit_request() -> None:
    """Count the request against its caller's default rate limit, then resolve a Bearer API token or the session
    cookie into ``g.actor`` (CSRF enforced for cookies). Both in one Redis round trip (``admission.Gate``).

    An anonymous caller of an API route that is not ``web.public`` is answered 401 here, before its body is
    validated: whether to sign in comes before what is wrong with the form."""
    api_caller = request.path.startswith("/api/") and not web.declared(request.endpoint, "caller_blind")
    credential = _credential() if api_caller else None
    limited = request.blueprint not in EXEMPT_BLUEPRINTS and request.endpoint is not None
    gate = web.runtime().gate
    address = request.remote_addr or "unknown"
    hashed = token_hash(credential[1]) if credential else None
    admission = gate.check(limited=limited, token_hash=hashed, address=address)
    _enforce(admission.verdict)
    if not api_caller:
        return
    g.actor = None
    if credential is None or hashed is None:
        _require_sign_in()
        return
    kind, raw = credential
    caller = admission.cached
    policy = web.runtime().session_policy
    if caller is None or caller.kind != kind or not service.cached_caller_is_current(caller, policy):
        if admission.address_over_limit:  # guesses from an address over its limit never reach the database
            _enforce(gate.refuse_address(address))
        caller = (
            service.caller_for_api_token(web.db(), raw)
            if kind == "token"
            else service.caller_for_session_token(web.db(), raw, policy)
        )
        if caller is None:
            _enforce(gate.count_address(address))  # an unknown credential buys no fresh budget, exempt route or not
            if kind == "session":
                g.clear_session_cookie = True
            _require_sign_in()
            return  # stays anonymous on a public route
        if limited and admission.cache_usable:  # counted against the credential so far; the budget is the user's
            _enforce(gate.count_user(caller.user_id))
        gate.remember(
            hashed,
            caller,
            admission,
            now=utcnow(),
            touch_interval=service.TOUCH_INTERVAL,
            idle=policy.idle if kind == "session" else None,
        )
    if kind == "token":
        if request.method in UNSAFE_METHODS and "write" not in (caller.scopes or ()):
            raise PermissionDenied("This API token is read-only.")
    elif request.method in UNSAFE_METHODS and not web.declared(request.endpoint, "csrf_exempt"):
        sent = request.headers.get("X-CSRF-Token", "")
        if not hmac.compare_digest(sent.encode(), (caller.csrf_token or "").encode()):
            raise CsrfFailed("Missing or wrong X-CSRF-Token header; reload the page and try again.")
    g.caller = caller
    g.actor = caller.actor(ip=request.remote_addr, request_id=web.request_id())
    if web.declared(request.endpoint, "public"):  # signing out, the business's name: open to any signed-in caller
        return
    accounts_policy.require_admin_network(caller.role, request.remote_addr, web.settings().admin_network_list)
    if caller.two_factor_setup_required and not web.declared(request.endpoint, "before_two_factor"):
        raise two_factor.SetupRequired("Your business requires two-factor sign-in: set it up on your Account page.")


def _require_sign_in() -> None:
    # An unknown address (no endpoint) still answers 404 or 405, as it does for a signed-in caller.
    if request.endpoint is not None and not web.declared(request.endpoint, "public"):
        raise Unauthenticated("Sign in to continue.")


def _credential() -> tuple[str, str] | None:
    """("token", raw) for an API token in the Authorization header (it wins), ("session", raw) for the cookie."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        raw = header[7:].strip()
        return ("token", raw) if raw.startswith(service.API_TOKEN_PREFIX) else None
    cookie = request.cookies.get(web.settings().session_cookie_name)
    return ("session", cookie) if cookie else None


def _enforce(verdict: Verdict | None) -> None:
    if verdict is None:
        return
    g.rate_limit = verdict
    if not verdict.allowed:
        http_observability.count_rate_limited(None)
        raise TooManyRequests("Too many requests; slow down and retry.", headers=verdict.headers())


@bp.after_app_request
def add_rate_limit_headers(response: Response) -> Response:
    verdict: Verdict | None = g.get("rate_limit")
    # A route with its own limits (sign-in, reset, invitations) announces those, through Flask-Limiter.
    if verdict is not None and limiter.current_limit is None:
        response.headers.update(verdict.headers())
    return response


def _set_session_cookie(response: Response, token: str) -> None:
    settings = web.settings()
    response.set_cookie(
        settings.session_cookie_name,
        token,
        max_age=settings.session_absolute_hours * 3600,
        path="/",
        secure=settings.cookie_secure,
        httponly=True,
        samesite="Lax",
    )
    g.clear_session_cookie = False  # a stale cookie sent with this request must not erase the new one


def _me(user: Any, csrf_token: str | None, *, two_factor_setup_required: bool) -> dict[str, Any]:
    return {
        "user": user,
        "csrf_token": csrf_token,
        "default_phone_region": web.settings().default_phone_region,
        "two_factor_setup_required": two_factor_setup_required,
    }


def _signed_in(new: service.NewSession) -> Response:
    """The answer to a sign-in (or an accepted invitation): who is signed in, with the new session's cookie."""
    user = new.login_session.user
    me = _me(user, new.csrf_token, two_factor_setup_required=two_factor.setup_required(web.db(), user))
    response = make_response(MeOut.model_validate(me, from_attributes=True).model_dump(mode="json"))
    _set_session_cookie(response, new.token)
    return response


def _setup_required(caller: Any) -> bool:
    return bool(caller is not None and caller.two_factor_setup_required)


def _login_email() -> str:
    body = request.get_json(silent=True) or {}
    email = body.get("email") if isinstance(body, dict) else None
    return service.normalise_email(email) if isinstance(email, str) else "-"


def _account_key() -> str:
    return f"account:{_login_email()}"


def _account_and_address_key() -> str:
    return f"account:{_login_email()}:from:{get_remote_address()}"


def _known_device_cookie() -> str:
    # Not __Host-: that prefix needs Path=/, and this cookie is sent to the sign-in address only.
    return "__Secure-fcrm_device" if web.settings().cookie_secure else "fcrm_device"


def _from_a_known_device() -> bool:
    """The browser signed in to this account before (its known-device cookie names it): a stranger's failures
    elsewhere must not lock it out."""
    proof = request.cookies.get(_known_device_cookie(), "")
    return bool(proof) and service.is_known_device(web.settings().verifying_secrets, _login_email(), proof)


def _remember_device(response: Response, email: str) -> None:
    settings = web.settings()
    response.set_cookie(
        _known_device_cookie(),
        service.known_device_proof(settings.secret_key.get_secret_value(), email),
        max_age=service.KNOWN_DEVICE_DAYS * 86400,
        path="/api/v1/auth/login",
        secure=settings.cookie_secure,
        httponly=True,
        samesite="Strict",
    )


def _only_failures(response: Response) -> bool:
    # Asking for the second factor is not a failure: the password was right.
    return response.status_code == 401 and not g.get("second_factor_asked")


@bp.post("/login")
@web.csrf_exempt
@limiter.limit(lambda: web.settings().login_limit_per_ip, key_func=get_remote_address)
@limiter.limit(
    lambda: web.settings().login_limit_per_account, key_func=_account_and_address_key, deduct_when=_only_failures
)
@limiter.limit(
    lambda: web.settings().login_limit_per_account_anywhere,
    key_func=_account_key,
    deduct_when=_only_failures,
    exempt_when=_from_a_known_device,
)
@bp.input(LoginIn, arg_name="body")
@bp.output(MeOut)
@bp.doc(summary="Sign in", responses=[401, 422, 429, 503])
def login(body: LoginIn) -> Response:
    try:
        new = service.login(
            web.db(),
            email=body.email,
            password=body.password,
            policy=web.runtime().session_policy,
            ip=request.remote_addr,
            user_agent=request.headers.get("User-Agent"),
            request_id=web.request_id(),
            code=body.code,
            known_device=_from_a_known_device(),
            admin_networks=web.settings().admin_network_list,
        )
    except two_factor.SecondFactorRequired:
        g.second_factor_asked = True
        raise
    except Unauthenticated:
        web.db().commit()  # keep the audit event of the failed attempt (a 401 otherwise rolls it back)
        raise
    response = _signed_in(new)
    _remember_device(response, new.login_session.user.email)
    if new.tell_owner:
        runtime, login_session_id = web.runtime(), new.login_session.id

        def tell_owner() -> None:
            with runtime.database.session() as session:
                notices.tell_of_new_device(
                    session, login_session_id=login_session_id, mailer=runtime.mailer, base_url=runtime.links.base_url
                )

        web.after_response(tell_owner)
    return response


@bp.post("/logout")
@web.public
@bp.output({}, status_code=204)
@bp.doc(summary="Sign out (ends this session)", responses=[401])
def logout() -> Response:
    caller = web.caller()
    if caller is not None and caller.kind == "session":
        service.logout(web.db(), actor=web.actor(), login_session_id=caller.record_id)
    response = make_response("", 204)
    response.delete_cookie(
        web.settings().session_cookie_name, path="/", secure=web.settings().cookie_secure, httponly=True, samesite="Lax"
    )
    return response


@bp.get("/me")
@web.before_two_factor
@bp.output(MeOut)
@bp.doc(summary="The signed-in user", responses=[401])
def me() -> dict[str, Any]:
    caller = web.caller()
    user = service.current_user(actor=web.actor(), caller=caller)
    return _me(user, caller.csrf_token if caller else None, two_factor_setup_required=_setup_required(caller))


@bp.patch("/me")
@bp.input(PreferencesIn, arg_name="body")
@bp.output(MeOut)
@bp.doc(summary="Change your own preferences (unit system)", responses=[401, 403])
def update_me(body: PreferencesIn) -> dict[str, Any]:
    user = service.update_preferences(web.db(), actor=web.actor(), unit_system=body.unit_system)
    caller = web.caller()
    return _me(user, caller.csrf_token if caller else None, two_factor_setup_required=_setup_required(caller))


def _ended(revoked: service.RevokedCredentials) -> dict[str, int]:
    return {
        "sessions_ended": revoked.sessions,
        "api_tokens_revoked": revoked.api_tokens,
        "calendar_feeds_revoked": revoked.calendar_feeds,
    }


@bp.post("/password")
@bp.input(PasswordChangeIn, arg_name="body")
@bp.output(CredentialsEndedOut)
@bp.doc(
    summary="Change my password (ends my other sessions and reset links; API tokens and feeds unless told not to)",
    responses=[401, 403, 422],
)
def change_password(body: PasswordChangeIn) -> dict[str, int]:
    caller = web.caller()
    revoked = service.change_password(
        web.db(),
        actor=web.actor(),
        current_password=body.current_password,
        new_password=body.new_password,
        min_length=web.settings().password_min_length,
        current_session_id=caller.record_id if caller and caller.kind == "session" else None,
        revoke_api_access=body.revoke_api_access,
    )
    return _ended(revoked)


@bp.post("/password-reset")
@web.csrf_exempt
@limiter.limit(lambda: web.settings().password_reset_limit, key_func=get_remote_address)
@bp.input(PasswordResetIn, arg_name="body")
@bp.output({}, status_code=202)
@bp.doc(summary="E-mail a password reset link (always 202)", responses=[422, 429])
def request_password_reset(body: PasswordResetIn) -> tuple[str, int]:
    # After the answer: finding the account, making the link and mailing it take time that an unknown address
    # does not, and the answer's timing would tell which addresses have an account.
    runtime, ip, request_id = web.runtime(), request.remote_addr, web.request_id()

    def send_link() -> None:
        with runtime.database.session() as session:
            service.request_password_reset(
                session, email=body.email, links=runtime.links, mailer=runtime.mailer, ip=ip, request_id=request_id
            )

    web.after_response(send_link)
    return "", 202


@bp.post("/password-reset/confirm")
@web.csrf_exempt
@limiter.limit(lambda: web.settings().login_limit_per_ip, key_func=get_remote_address)
@bp.input(PasswordResetConfirmIn, arg_name="body")
@bp.output(CredentialsEndedOut)
@bp.doc(
    summary="Set a new password with a reset token (ends every session, API token, feed link and reset link)",
    responses=[404, 410, 422, 429],
)
def confirm_password_reset(body: PasswordResetConfirmIn) -> dict[str, int]:
    revoked = service.confirm_password_reset(
        web.db(),
        token=body.token,
        new_password=body.new_password,
        min_length=web.settings().password_min_length,
        ip=request.remote_addr,
        request_id=web.request_id(),
    )
    return _ended(revoked)


@bp.post("/invitations")
@bp.input(InvitationIn, arg_name="body")
@bp.output(InvitationIssuedOut, status_code=201)
@bp.doc(
    summary="Invite a trainer (admin) or a client to the portal (a new one replaces a pending one)",
    description="The reply says whether the invitation was e-mailed; when it was not (e-mail not set up, or "
    "the send failed) it carries the link for the inviter to pass on.",
    responses=[401, 403, 404, 409, 422],
)
def create_invitation(body: InvitationIn) -> Any:
    # Deliberately not @web.idempotent: a replay store would keep the reply, and the reply can hold the link.
    runtime = web.runtime()
    issued = service.create_invitation(
        web.db(),
        actor=web.actor(),
        email=body.email,
        role=Role(body.role),
        full_name=body.full_name,
        trainer_id=body.trainer_id,
        client_id=body.client_id,
        links=runtime.links,
        mailer=runtime.mailer,
    )
    if issued.delivery == "pending":
        web.db().commit()  # the link must work before it is mailed; the reply then says whether it was
        issued = service.deliver_invitation(web.db(), actor=web.actor(), issued=issued, mailer=runtime.mailer)
    return {
        **InvitationOut.model_validate(issued.invitation).model_dump(),
        "delivery": issued.delivery,
        "accept_url": issued.link_for_inviter,
    }


@bp.get("/invitations")
@bp.input(PageQuery, location="query", arg_name="query")
@bp.output(InvitationList)
@bp.doc(summary="Invitations I may see (admins: all)", responses=[400, 401, 403])
def list_invitations(query: PageQuery) -> Any:
    page = service.list_invitations(web.db(), actor=web.actor(), limit=query.limit, cursor=query.cursor)
    return web.list_response(page, page.items)


@bp.delete("/invitations/<uuid:invitation_id>")
@bp.output({}, status_code=204)
@bp.doc(summary="Revoke a pending invitation", responses=[401, 403, 404, 409])
def revoke_invitation(invitation_id: uuid.UUID) -> tuple[str, int]:
    service.revoke_invitation(web.db(), actor=web.actor(), invitation_id=invitation_id)
    return "", 204


@bp.post("/invitations/preview")
@web.csrf_exempt
@limiter.limit(lambda: web.settings().login_limit_per_ip, key_func=get_remote_address)
@bp.input(InvitationTokenIn, arg_name="body")
@bp.output(InvitationPreviewOut)
@bp.doc(summary="Who an invitation token is for", responses=[404, 410, 422, 429])
def preview_invitation(body: InvitationTokenIn) -> Any:
    return service.preview_invitation(web.db(), token=body.token)


@bp.post("/invitations/accept")
@web.csrf_exempt
@limiter.limit(lambda: web.settings().login_limit_per_ip, key_func=get_remote_address)
@bp.input(InvitationAcceptIn, arg_name="body")
@bp.output(MeOut)
@bp.doc(summary="Accept an invitation: set a password and sign in", responses=[404, 409, 410, 422, 429])
def accept_invitation(body: InvitationAcceptIn) -> Response:
    new = service.accept_invitation(
        web.db(),
        token=body.token,
        password=body.password,
        policy=web.runtime().session_policy,
        min_length=web.settings().password_min_length,
        ip=request.remote_addr,
        user_agent=request.headers.get("User-Agent"),
        request_id=web.request_id(),
    )
    response = _signed_in(new)
    return response


@bp.get("/two-factor")
@web.before_two_factor
@bp.output(TwoFactorStatusOut)
@bp.doc(summary="Whether my sign-in needs a second factor", responses=[401])
def two_factor_status() -> Any:
    return two_factor.status(web.db(), actor=web.actor())


@bp.post("/two-factor/setup")
@web.before_two_factor
@bp.output(TwoFactorSetupOut)
@bp.doc(
    summary="Start setting up an authenticator app: a new secret, in force only once a code confirms it",
    responses=[401, 403, 409],
)
def two_factor_setup() -> Any:
    setup = two_factor.start(web.db(), actor=web.actor(), issuer=get_business(web.db()).name or "FitnessCRM")
    return {"secret": setup.secret, "otpauth_uri": setup.otpauth_uri}


@bp.post("/two-factor/enable")
@web.before_two_factor
@bp.input(TwoFactorEnableIn, arg_name="body")
@bp.output(RecoveryCodesOut)
@bp.doc(
    summary="Turn two-factor sign-in on with a code from the app; answers the recovery codes, once",
    responses=[401, 403, 409, 422],
)
def two_factor_enable(body: TwoFactorEnableIn) -> Any:
    codes = two_factor.enable(web.db(), actor=web.actor(), code=body.code, password=body.password)
    return {"recovery_codes": codes}


@bp.post("/two-factor/disable")
@bp.input(TwoFactorDisableIn, arg_name="body")
@bp.output({}, status_code=204)
@bp.doc(summary="Turn two-factor sign-in off (needs the password)", responses=[401, 403, 422])
def two_factor_disable(body: TwoFactorDisableIn) -> tuple[str, int]:
    two_factor.disable(web.db(), actor=web.actor(), password=body.password)
    return "", 204


@bp.get("/sessions")
@bp.input(PageQuery, location="query", arg_name="query")
@bp.output(SignedInSessionList)
@bp.doc(summary="Where I am signed in (devices), most recently used first", responses=[400, 401])
def list_sessions(query: PageQuery) -> Any:
    caller = web.caller()
    current = caller.record_id if caller is not None and caller.kind == "session" else None
    page = service.list_sessions(web.db(), actor=web.actor(), current=current, limit=query.limit, cursor=query.cursor)
    return web.list_response(page, page.items)


@bp.delete("/sessions/<uuid:session_id>")
@bp.output({}, status_code=204)
@bp.doc(summary="Sign one of my devices out", responses=[401, 404])
def end_session(session_id: uuid.UUID) -> tuple[str, int]:
    service.end_session(web.db(), actor=web.actor(), login_session_id=session_id)
    return "", 204


@bp.get("/tokens")
@bp.input(PageQuery, location="query", arg_name="query")
@bp.output(ApiTokenList)
@bp.doc(summary="My API tokens", responses=[400, 401])
def list_tokens(query: PageQuery) -> Any:
    page = service.list_api_tokens(web.db(), actor=web.actor(), limit=query.limit, cursor=query.cursor)
    return web.list_response(page, page.items)


@bp.post("/tokens")
@bp.input(ApiTokenIn, arg_name="body")
@bp.output(ApiTokenCreatedOut, status_code=201)
@bp.doc(summary="Create an API token (the secret is shown once)", responses=[401, 403, 422])
def create_token(body: ApiTokenIn) -> Any:
    api_token, raw = service.create_api_token(
        web.db(),
        actor=web.actor(),
        name=body.name,
        scopes=body.scopes,
        expires_in_days=body.expires_in_days,
        max_days=web.settings().api_token_max_days,
    )
    # Read attributes (not __dict__): columns left unset at insert, e.g. last_used_at, are not in __dict__.
    fields = {name: getattr(api_token, name) for name in ApiTokenCreatedOut.model_fields if name != "token"}
    return {**fields, "token": raw}


@bp.delete("/tokens/<uuid:token_id>")
@bp.output({}, status_code=204)
@bp.doc(summary="Revoke one of my API tokens", responses=[401, 404])
def revoke_token(token_id: uuid.UUID) -> tuple[str, int]:
    service.revoke_api_token(web.db(), actor=web.actor(), token_id=token_id)
    return "", 204


@bp.after_app_request
def clear_dead_cookie(response: Response) -> Response:
    if g.get("clear_session_cookie") and current_app:
        response.delete_cookie(
            web.settings().session_cookie_name,
            path="/",
            secure=web.settings().cookie_secure,
            httponly=True,
            samesite="Lax",
        )
    return response
