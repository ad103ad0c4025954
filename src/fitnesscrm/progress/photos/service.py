"""Progress photos: private health data. Stored encrypted through the storage layer, listed and read with an
audit record, and served only through short-lived URLs signed for one user."""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...core import audit
from ...core.actor import Actor
from ...core.db import utcnow
from ...core.errors import DomainError, NotFound, ValidationFailed
from ...core.pagination import Page, paginate
from ...core.policy import require_authenticated
from ...core.storage import ObjectNotFound, Storage
from ..models import PhotoPose, ProgressPhoto
from ..policy import visible_client, writable_client
from .imaging import PayloadTooLarge, process

Size = Literal["full", "thumb"]
URL_TTL = timedelta(minutes=5)


class InvalidLink(DomainError):
    status, title, type_slug = 403, "Invalid link", "invalid-link"


class LinkExpired(DomainError):
    status, title, type_slug = 403, "Link expired", "link-expired"


@dataclass(frozen=True)
class SignedUrl:
    url: str
    expires_at: datetime


def upload_photo(
    session: Session,
    *,
    actor: Actor,
    storage: Storage,
    client_id: uuid.UUID,
    data: bytes,
    pose: PhotoPose,
    taken_on: date | None,
    max_bytes: int,
) -> ProgressPhoto:
    client = writable_client(session, actor=actor, client_id=client_id)
    if len(data) > max_bytes:
        raise PayloadTooLarge(f"The photo is larger than {max_bytes / 1_048_576:g} MB; upload a smaller one.")
    if not data:
        raise ValidationFailed("file", "The file is empty.")
    today = utcnow().date()
    taken_on = taken_on or today
    if taken_on > today + timedelta(days=1):
        raise ValidationFailed("taken_on", "The photo cannot be taken in the future.")
    image = process(data)
    photo_id = uuid.uuid4()
    base = f"progress-photos/{client.id}/{photo_id}"
    photo = ProgressPhoto(
        id=photo_id,
        client_id=client.id,
        pose=PhotoPose(pose),
        taken_on=taken_on,
        storage_key=f"{base}.jpg",
        thumbnail_key=f"{base}-thumb.jpg",
        content_type="image/jpeg",
        width=image.width,
        height=image.height,
        size_bytes=len(image.full),
        uploaded_by_id=actor.user_id,
        created_at=utcnow(),
    )
    # Files first: if the row then fails to commit, what is left is an unreadable orphan, never a broken row.
    storage.put(photo.storage_key, image.full, "image/jpeg")
    storage.put(photo.thumbnail_key, image.thumbnail, "image/jpeg")
    session.add(photo)
    session.flush()
    audit.record(session, actor, "progress_photo.create", "client", client.id, {"photo_id": str(photo.id)})
    return photo


def list_photos(
    session: Session,
    *,
    actor: Actor,
    client_id: uuid.UUID,
    pose: PhotoPose | None = None,
    limit: int = 25,
    cursor: str | None = None,
) -> Page[ProgressPhoto]:
    client = visible_client(session, actor=actor, client_id=client_id)
    stmt = select(ProgressPhoto).where(ProgressPhoto.client_id == client.id)
    if pose is not None:
        stmt = stmt.where(ProgressPhoto.pose == pose)
    page = paginate(
        session,
        stmt,
        sort_column=ProgressPhoto.created_at,
        id_column=ProgressPhoto.id,
        descending=True,
        limit=limit,
        cursor=cursor,
    )
    audit.record(session, actor, "progress_photo.list", "client", client.id, {"count": len(page.items)})
    return page


def get_photo(session: Session, *, actor: Actor, photo_id: uuid.UUID) -> ProgressPhoto:
    photo = session.get(ProgressPhoto, photo_id)
    if photo is None:
        raise NotFound("No such photo.")
    try:
        visible_client(session, actor=actor, client_id=photo.client_id)
    except NotFound:
        raise NotFound("No such photo.") from None
    return photo


def delete_photo(session: Session, *, actor: Actor, storage: Storage, photo_id: uuid.UUID) -> None:
    photo = get_photo(session, actor=actor, photo_id=photo_id)
    writable_client(session, actor=actor, client_id=photo.client_id)
    session.delete(photo)
    session.flush()
    audit.record(session, actor, "progress_photo.delete", "client", photo.client_id, {"photo_id": str(photo.id)})
    storage.delete(photo.storage_key)
    storage.delete(photo.thumbnail_key)


# --- signed URLs -------------------------------------------------------------------------------


def signature(secret: str, *, photo_id: uuid.UUID, size: Size, user_id: uuid.UUID | None, expires: int) -> str:
    message = f"progress-photo:{photo_id}:{size}:{user_id}:{expires}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def content_path(photo_id: uuid.UUID, *, size: Size, expires: int, sig: str) -> str:
    return f"/api/v1/progress-photos/{photo_id}/content?size={size}&expires={expires}&sig={sig}"


def signed_url(
    session: Session, *, actor: Actor, photo_id: uuid.UUID, size: Size, secret: str, now: datetime | None = None
) -> SignedUrl:
    """A URL valid for five minutes, for this user only: sharing it with anyone else is useless."""
    photo = get_photo(session, actor=actor, photo_id=photo_id)
    expires_at = (now or utcnow()) + URL_TTL
    expires = int(expires_at.timestamp())
    sig = signature(secret, photo_id=photo.id, size=size, user_id=actor.user_id, expires=expires)
    return SignedUrl(content_path(photo.id, size=size, expires=expires, sig=sig), datetime.fromtimestamp(expires, UTC))


def read_content(
    session: Session,
    *,
    actor: Actor,
    storage: Storage,
    photo_id: uuid.UUID,
    size: Size,
    expires: int,
    sig: str,
    secrets: tuple[str, ...],
    now: datetime | None = None,
) -> tuple[ProgressPhoto, bytes]:
    """Check the signature (for this user, by the secret key or one before it), the expiry and that the user may
    still see the client; audit."""
    require_authenticated(actor)
    signed = [signature(key, photo_id=photo_id, size=size, user_id=actor.user_id, expires=expires) for key in secrets]
    if not any(hmac.compare_digest(expected.encode(), sig.encode()) for expected in signed):
        raise InvalidLink("This photo link is not valid for you; ask for a new one.")
    if (now or utcnow()).timestamp() > expires:
        raise LinkExpired("This photo link has expired; ask for a new one.")
    photo = get_photo(session, actor=actor, photo_id=photo_id)  # access may have been withdrawn since
    try:
        data = storage.get(photo.thumbnail_key if size == "thumb" else photo.storage_key)
    except ObjectNotFound:
        raise NotFound("The photo's file is missing from storage.") from None
    audit.record(
        session, actor, "progress_photo.read", "client", photo.client_id, {"photo_id": str(photo.id), "size": size}
    )
    return photo, data
