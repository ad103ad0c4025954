"""Authorisation rows for the users list and switching logins off and on: admins only (the login switched is the
other trainer's, so no cell switches off the caller)."""

from __future__ import annotations

from collections.abc import Callable

from ..authz import ALLOW, E401, E403, Req, World

ADMINS_ONLY = (E401, E403, E403, E403, ALLOW)

MATRIX: dict[str, tuple[str, str, str, str, str]] = {
    "GET /api/v1/users": ADMINS_ONLY,
    "POST /api/v1/users/<uuid:user_id>/deactivate": ADMINS_ONLY,
    "POST /api/v1/users/<uuid:user_id>/reactivate": ADMINS_ONLY,
}


def _switch(action: str) -> Callable[[World, str], Req]:
    return lambda w, a: Req("POST", f"/api/v1/users/{w.people['other_trainer'].user_id}/{action}")


REQUESTS: dict[str, Callable[[World, str], Req]] = {
    "GET /api/v1/users": lambda w, a: Req("GET", "/api/v1/users"),
    "POST /api/v1/users/<uuid:user_id>/deactivate": _switch("deactivate"),
    "POST /api/v1/users/<uuid:user_id>/reactivate": _switch("reactivate"),
}
