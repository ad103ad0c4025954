"""Authorisation rows for the users list, switching logins off and on, the second-factor requirement and resetting
someone's second factor: admins only (the login switched or reset is the other trainer's, so no cell acts on the
caller; the requirement is set to "nobody", which needs no second factor of the admin)."""

from __future__ import annotations

from collections.abc import Callable

from ..authz import ALLOW, E401, E403, Req, World

ADMINS_ONLY = (E401, E403, E403, E403, ALLOW)

MATRIX: dict[str, tuple[str, str, str, str, str]] = {
    "GET /api/v1/users": ADMINS_ONLY,
    "POST /api/v1/users/<uuid:user_id>/deactivate": ADMINS_ONLY,
    "POST /api/v1/users/<uuid:user_id>/reactivate": ADMINS_ONLY,
    "GET /api/v1/users/two-factor-requirement": ADMINS_ONLY,
    "PUT /api/v1/users/two-factor-requirement": ADMINS_ONLY,
    "POST /api/v1/users/<uuid:user_id>/two-factor/reset": ADMINS_ONLY,
}


def _switch(action: str) -> Callable[[World, str], Req]:
    return lambda w, a: Req("POST", f"/api/v1/users/{w.people['other_trainer'].user_id}/{action}")


REQUESTS: dict[str, Callable[[World, str], Req]] = {
    "GET /api/v1/users": lambda w, a: Req("GET", "/api/v1/users"),
    "POST /api/v1/users/<uuid:user_id>/deactivate": _switch("deactivate"),
    "POST /api/v1/users/<uuid:user_id>/reactivate": _switch("reactivate"),
    "GET /api/v1/users/two-factor-requirement": lambda w, a: Req("GET", "/api/v1/users/two-factor-requirement"),
    "PUT /api/v1/users/two-factor-requirement": lambda w, a: Req(
        "PUT", "/api/v1/users/two-factor-requirement", {"required_for": "nobody"}
    ),
    "POST /api/v1/users/<uuid:user_id>/two-factor/reset": _switch("two-factor/reset"),
}
