"""Progress photo routes. The upload is the one multipart/form-data body the API accepts (see app.py)."""

from __future__ import annotations

import uuid
from typing import Any

from apiflask import APIBlueprint
from flask import Response, request

from ... import web
from ...extensions import limiter
from . import service
from .schemas import PhotoContentQuery, PhotoList, PhotoOut, PhotoQuery, PhotoUploadIn, PhotoUrlOut, PhotoUrlQuery

bp = APIBlueprint("progress_photos", __name__, url_prefix="/api/v1", tag="Progress")
CONTENT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The JPEG image.",
        "content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}},
    },
    401: {"description": "Authentication required", "content": {"application/json": {"schema": web.PROBLEM_REF}}},
    403: {
        "description": "An invalid or expired link, or one issued to someone else",
        "content": {"application/json": {"schema": web.PROBLEM_REF}},
    },
    404: {"description": "Not found", "content": {"application/json": {"schema": web.PROBLEM_REF}}},
    422: {"description": "Validation error"},
}


@bp.before_request
def limit_upload_size() -> None:
    """Photos may be larger than the API's JSON limit; refuse anything beyond the photo limit before reading it."""
    if request.endpoint == "progress_photos.upload_photo":
        web.limit_upload(web.settings().photo_max_bytes, "photo")


def _uploader() -> str:
    return f"photo-uploads:{web.actor().user_id}"


@bp.post("/clients/<uuid:client_id>/progress-photos")
@web.accepts_body("multipart/form-data")
@limiter.limit(lambda: web.settings().photo_upload_rate_limit, key_func=_uploader)
@bp.input(PhotoUploadIn, location="form_and_files", arg_name="form")
@bp.output(PhotoOut, status_code=201)
@bp.doc(
    summary="Upload a progress photo (multipart/form-data; metadata stripped, stored encrypted)",
    responses={
        401: "Unauthorized",
        403: "Forbidden",
        404: "Not Found",
        413: "The photo is larger than FITNESSCRM_PHOTO_MAX_BYTES (10 MB unless configured otherwise).",
        415: "Not a JPEG, PNG or WebP image",
        422: "Validation error",
        429: "More uploads than FITNESSCRM_PHOTO_UPLOAD_RATE_LIMIT allows (30 per 10 minutes per person)",
    },
)
def upload_photo(client_id: uuid.UUID, form: PhotoUploadIn) -> Any:
    photo = service.upload_photo(
        web.db(),
        actor=web.actor(),
        storage=web.storage(),
        client_id=client_id,
        data=form.file.read(),
        pose=form.pose,
        taken_on=form.taken_on,
        max_bytes=web.settings().photo_max_bytes,
    )
    return photo, 201


@bp.get("/clients/<uuid:client_id>/progress-photos")
@bp.input(PhotoQuery, location="query", arg_name="query")
@bp.output(PhotoList)
@bp.doc(summary="A client's progress photos, newest first (audited)", responses=[400, 401, 404])
def list_photos(client_id: uuid.UUID, query: PhotoQuery) -> Any:
    page = service.list_photos(
        web.db(), actor=web.actor(), client_id=client_id, pose=query.pose, limit=query.limit, cursor=query.cursor
    )
    return web.list_response(page, [PhotoOut.model_validate(p) for p in page.items])


@bp.delete("/progress-photos/<uuid:photo_id>")
@bp.output({}, status_code=204)
@bp.doc(summary="Delete a progress photo and its files", responses=[401, 403, 404])
def delete_photo(photo_id: uuid.UUID) -> Any:
    service.delete_photo(web.db(), actor=web.actor(), storage=web.storage(), photo_id=photo_id)
    return "", 204


@bp.get("/progress-photos/<uuid:photo_id>/url")
@bp.input(PhotoUrlQuery, location="query", arg_name="query")
@bp.output(PhotoUrlOut)
@bp.doc(summary="A short-lived link to the image, valid for you only", responses=[401, 404])
def photo_url(photo_id: uuid.UUID, query: PhotoUrlQuery) -> Any:
    return service.signed_url(
        web.db(),
        actor=web.actor(),
        photo_id=photo_id,
        size=query.size,
        secret=web.settings().secret_key.get_secret_value(),
    )


@bp.get("/progress-photos/<uuid:photo_id>/content")
@bp.input(PhotoContentQuery, location="query", arg_name="query")
@bp.doc(summary="The image behind a signed link (audited; never cached)", responses=CONTENT_RESPONSES)
def photo_content(photo_id: uuid.UUID, query: PhotoContentQuery) -> Any:
    photo, data = service.read_content(
        web.db(),
        actor=web.actor(),
        storage=web.storage(),
        photo_id=photo_id,
        size=query.size,
        expires=query.expires,
        sig=query.sig,
        secrets=web.settings().verifying_secrets,
    )
    response = Response(data, mimetype=photo.content_type)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Disposition"] = "inline"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
