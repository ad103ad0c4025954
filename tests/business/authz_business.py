"""Authorisation rows for the business settings: everyone reads them (the sign-in page too), admins change them."""

from __future__ import annotations

import io
from collections.abc import Callable

from fitnesscrm.business import service as business_service
from fitnesscrm.core.actor import Actor
from fitnesscrm.core.business import get_business

from ..authz import ALLOW, E401, E403, Req, World
from ..progress.support import png_bytes

BODY = {"name": "Harbour Gym", "timezone": "Europe/Dublin", "currency": "EUR", "locale": "en-IE"}


def _version(w: World) -> dict[str, str]:
    with w.session() as s:
        return {"If-Match": business_service.version(get_business(s))}


def _with_logo(w: World) -> None:
    with w.session() as s:
        business_service.set_logo(
            s,
            actor=Actor.system("test"),
            storage=w.factory.app.extensions["fitnesscrm"].storage,
            data=png_bytes(),
            max_bytes=1_000_000,
        )


def _logo_upload(w: World, a: str) -> Req:
    return Req("PUT", "/api/v1/business/logo", data={"file": (io.BytesIO(png_bytes((300, 100))), "logo.png")})


def _logo_read(w: World, a: str) -> Req:
    _with_logo(w)
    return Req("GET", "/api/v1/business/logo")


ADMIN_ONLY = (E401, E403, E403, E403, ALLOW)
PUBLIC = (ALLOW, ALLOW, ALLOW, ALLOW, ALLOW)

MATRIX: dict[str, tuple[str, str, str, str, str]] = {
    # route                              anonymous client trainer other_tr admin
    "GET /api/v1/business": PUBLIC,
    "PUT /api/v1/business": ADMIN_ONLY,
    "GET /api/v1/business/logo": PUBLIC,
    "PUT /api/v1/business/logo": ADMIN_ONLY,
    "DELETE /api/v1/business/logo": ADMIN_ONLY,
}

REQUESTS: dict[str, Callable[[World, str], Req]] = {
    "GET /api/v1/business": lambda w, a: Req("GET", "/api/v1/business"),
    "PUT /api/v1/business": lambda w, a: Req("PUT", "/api/v1/business", BODY, _version(w)),
    "GET /api/v1/business/logo": _logo_read,
    "PUT /api/v1/business/logo": _logo_upload,
    "DELETE /api/v1/business/logo": lambda w, a: (_with_logo(w), Req("DELETE", "/api/v1/business/logo"))[1],
}
