"""Business settings routes. Reading is public: the sign-in page shows the business's name and logo."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint
from flask import Response, request

from .. import web
from ..core import money
from ..core.business import BusinessSettings, get_business
from . import service
from .schemas import LOGO_MAX_BYTES, BusinessIn, BusinessOut, LogoQuery, LogoUploadIn

bp = APIBlueprint("business", __name__, url_prefix="/api/v1", tag="Business")
LOGO_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The PNG image.",
        "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}},
    },
    404: {"description": "No logo", "content": {"application/json": {"schema": web.PROBLEM_REF}}},
    422: {"description": "Validation error"},
}


def _out(business: BusinessSettings) -> Any:
    body = BusinessOut(
        name=business.name,
        timezone=business.timezone,
        currency=business.currency,
        currency_exponent=money.exponent(business.currency),
        locale=business.locale,
        logo_url=service.logo_url(business),
        updated_at=business.updated_at,
    )
    return body, 200, {"ETag": service.version(business)}


@bp.before_request
def limit_logo_size() -> None:
    if request.endpoint == "business.put_logo":
        web.limit_upload(LOGO_MAX_BYTES, "logo")


@bp.get("/business")
@web.public
@bp.output(BusinessOut)
@bp.doc(summary="The business's name, time zone, currency, locale and logo (public)")
@web.revalidated
def get_business_settings() -> Any:
    return _out(get_business(web.db()))


@bp.put("/business")
@bp.input(BusinessIn, arg_name="body")
@bp.output(BusinessOut)
@bp.doc(summary="Replace the business settings (admin; send If-Match)", responses=[401, 403, 409, 422, 428])
def put_business_settings(body: BusinessIn) -> Any:
    business = service.update_settings(
        web.db(), actor=web.actor(), if_match=request.headers.get("If-Match"), **body.model_dump()
    )
    return _out(business)


@bp.put("/business/logo")
@web.accepts_body("multipart/form-data")
@bp.input(LogoUploadIn, location="form_and_files", arg_name="form")
@bp.output(BusinessOut)
@bp.doc(
    summary="Upload the business logo (admin; multipart/form-data)",
    responses={
        401: "Unauthorized",
        403: "Forbidden",
        413: f"The logo is larger than {LOGO_MAX_BYTES // 1_048_576} MB or has more than 25 megapixels.",
        415: "Not a JPEG, PNG or WebP image",
        422: "Validation error",
    },
)
def put_logo(form: LogoUploadIn) -> Any:
    business = service.set_logo(
        web.db(), actor=web.actor(), storage=web.storage(), data=form.file.read(), max_bytes=LOGO_MAX_BYTES
    )
    return _out(business)


@bp.delete("/business/logo")
@bp.output({}, status_code=204)
@bp.doc(summary="Remove the business logo (admin)", responses=[401, 403])
def delete_logo() -> Any:
    service.remove_logo(web.db(), actor=web.actor(), storage=web.storage())
    return "", 204


@bp.get("/business/logo")
@web.public
@bp.input(LogoQuery, location="query", arg_name="query")
@bp.doc(
    summary="The business logo as PNG (public; cacheable for good when asked for with the `v` in `logo_url`)",
    responses=LOGO_RESPONSES,
)
def get_logo(query: LogoQuery) -> Any:
    held = next(iter(request.if_none_match), None) if len(request.if_none_match) == 1 else None
    key, data = service.read_logo(web.db(), storage=web.storage(), unless_version=held)
    current = query.v is not None and key.endswith(f"-{query.v}.png")
    response = Response(data or b"", status=200 if data is not None else 304, mimetype="image/png")
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable" if current else "no-cache"
    response.set_etag(key)
    return response.make_conditional(request) if data is not None else response
