"""Users routes (/api/v1/users): the admins' list of logins, switching one off and back on."""

from __future__ import annotations

import uuid
from typing import Any

from apiflask import APIBlueprint

from .. import web
from ..core.actor import Role
from . import two_factor, users
from .schemas import (
    TwoFactorRequirementIn,
    TwoFactorRequirementOut,
    TwoFactorResetOut,
    UserDeactivatedOut,
    UserList,
    UserListedOut,
    UserQuery,
)

bp = APIBlueprint("users", __name__, url_prefix="/api/v1/users", tag="Users")


def _listed(user: Any) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "full_name": user.full_name,
        "role": user.role,
        "status": "active" if user.is_active else "deactivated",
        "last_login_at": user.last_login_at,
        "two_factor": user.totp_enabled_at is not None,
        "created_at": user.created_at,
        "trainer_id": user.trainer_id,
        "client_id": user.client_id,
    }


@bp.get("")
@bp.input(UserQuery, location="query", arg_name="query")
@bp.output(UserList)
@bp.doc(summary="Everyone who can sign in, by name (admin)", responses=[400, 401, 403])
def list_users(query: UserQuery) -> Any:
    page = users.list_users(
        web.db(),
        actor=web.actor(),
        role=Role(query.role) if query.role else None,
        status=query.status,
        q=query.q,
        limit=query.limit,
        cursor=query.cursor,
    )
    return web.list_response(page, [_listed(row) for row in page.items])


@bp.post("/<uuid:user_id>/deactivate")
@bp.output(UserDeactivatedOut)
@bp.doc(
    summary="Switch a login off (admin): it cannot sign in, and its sessions, API tokens, calendar feed links, "
    "reset links and pending invitation end now",
    responses=[401, 403, 404, 409],
)
def deactivate_user(user_id: uuid.UUID) -> Any:
    done = users.deactivate_user(web.db(), actor=web.actor(), user_id=user_id)
    return {
        "user": _listed(done.user),
        "sessions_ended": done.ended.sessions,
        "api_tokens_revoked": done.ended.api_tokens,
        "calendar_feeds_revoked": done.ended.calendar_feeds,
        "invitations_revoked": done.invitations_revoked,
    }


@bp.post("/<uuid:user_id>/reactivate")
@bp.output(UserListedOut)
@bp.doc(summary="Let a switched-off login sign in again (admin)", responses=[401, 403, 404])
def reactivate_user(user_id: uuid.UUID) -> Any:
    return _listed(users.reactivate_user(web.db(), actor=web.actor(), user_id=user_id))


@bp.get("/two-factor-requirement")
@bp.output(TwoFactorRequirementOut)
@bp.doc(summary="Whose logins must use a second factor (admin)", responses=[401, 403])
def get_two_factor_requirement() -> Any:
    return {"required_for": two_factor.requirement(web.db(), actor=web.actor())}


@bp.put("/two-factor-requirement")
@bp.input(TwoFactorRequirementIn, arg_name="body")
@bp.output(TwoFactorRequirementOut)
@bp.doc(
    summary="Require a second factor of nobody, admins, or all staff (admin; needs your own second factor on)",
    responses=[401, 403, 409, 422],
)
def put_two_factor_requirement(body: TwoFactorRequirementIn) -> Any:
    return {"required_for": two_factor.set_requirement(web.db(), actor=web.actor(), required_for=body.required_for)}


@bp.post("/<uuid:user_id>/two-factor/reset")
@bp.output(TwoFactorResetOut)
@bp.doc(
    summary="Take someone's second factor off (admin; a lost phone): they sign in with the password alone, and "
    "their sign-in sessions end",
    responses=[401, 403, 404, 409],
)
def reset_two_factor(user_id: uuid.UUID) -> Any:
    done = users.reset_two_factor(web.db(), actor=web.actor(), user_id=user_id)
    return {"user": _listed(done.user), "sessions_ended": done.sessions_ended}
