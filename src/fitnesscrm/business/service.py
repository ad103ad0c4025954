"""Changing the business settings (admins) and reading them (anyone: the sign-in page shows the name and logo)."""

from __future__ import annotations

import hashlib
import io
from functools import lru_cache
from typing import Any
from zoneinfo import available_timezones

import structlog
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..core import audit, images, money
from ..core.actor import Actor
from ..core.business import BusinessSettings, get_business
from ..core.db import utcnow
from ..core.errors import NotFound, ValidationFailed
from ..core.http import check_if_match, etag_for
from ..core.storage import ObjectNotFound, Storage, StorageError
from . import policy

log = structlog.get_logger(__name__)

LOGO_MAX_EDGE = 512
LOGO_MAX_PIXELS = 16_000_000  # far beyond any logo; bounds what a decode may take (core.images)


@lru_cache(maxsize=1)
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def version(business: BusinessSettings) -> str:
    return etag_for(business.id, business.updated_at)


def logo_url(business: BusinessSettings) -> str | None:
    if business.logo_key is None:
        return None
    return f"/api/v1/business/logo?v={business.logo_key.rsplit('-', 1)[-1].removesuffix('.png')}"


def update_settings(
    session: Session, *, actor: Actor, if_match: str | None, name: str, timezone: str, currency: str, locale: str
) -> BusinessSettings:
    """Replace the settings, if they are still the version the admin edited (``if_match``, the ETag they read).

    Amounts already stored (fees, rates) keep their minor units when the currency changes: a studio that switches
    currency re-enters its prices."""
    policy.require_settings_editor(actor)
    business = get_business(session)
    check_if_match(if_match, version(business))
    if timezone not in _known_zones():
        raise ValidationFailed("timezone", "Use an IANA time zone name such as Europe/London.")
    try:
        money.check_currency(currency)
    except money.UnknownCurrency as exc:
        raise ValidationFailed("currency", str(exc)) from None
    try:
        locale = money.normalise_locale(locale)
    except ValueError as exc:
        raise ValidationFailed("locale", str(exc)) from None
    name = " ".join(name.split())
    if not name:
        raise ValidationFailed("name", "This field is required.")
    fields: dict[str, Any] = {"name": name, "timezone": timezone, "currency": currency, "locale": locale}
    changed = sorted(field for field, value in fields.items() if getattr(business, field) != value)
    for field, value in fields.items():
        setattr(business, field, value)
    business.updated_at = utcnow()
    session.flush()
    audit.record(session, actor, "business.update", "business", business.id, {"fields": changed})
    return business


def _logo_png(data: bytes) -> bytes:
    decoded = images.decode(data, what="logo", max_pixels=LOGO_MAX_PIXELS, max_edge=LOGO_MAX_EDGE)
    image = images.pixels_only(decoded, "RGBA")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def set_logo(session: Session, *, actor: Actor, storage: Storage, data: bytes, max_bytes: int) -> BusinessSettings:
    policy.require_settings_editor(actor)
    if len(data) > max_bytes:
        raise images.PayloadTooLarge(f"The logo is larger than {max_bytes / 1_048_576:g} MB; upload a smaller one.")
    png = _logo_png(data)
    business = get_business(session)
    replaced = business.logo_key
    # The key names the content, so the logo's URL changes with it and browsers may cache each one for good.
    business.logo_key = f"business/logo-{hashlib.sha256(png).hexdigest()[:16]}.png"
    storage.put(business.logo_key, png, "image/png")
    if replaced not in (None, business.logo_key):
        _delete_after_commit(session, storage, replaced)
    business.updated_at = utcnow()
    session.flush()
    audit.record(session, actor, "business.logo.set", "business", business.id)
    return business


def _delete_after_commit(session: Session, storage: Storage, key: str) -> None:
    """Only once the row no longer names the file: a rolled-back change must not leave it pointing at nothing."""

    def delete(_session: Session) -> None:
        try:
            storage.delete(key)
        except StorageError:  # an orphaned file costs a few KB; the change itself has been saved
            log.warning("business.logo_delete_failed", key=key)

    event.listen(session, "after_commit", delete, once=True)


def remove_logo(session: Session, *, actor: Actor, storage: Storage) -> BusinessSettings:
    policy.require_settings_editor(actor)
    business = get_business(session)
    if business.logo_key is not None:
        _delete_after_commit(session, storage, business.logo_key)
        business.logo_key = None
        business.updated_at = utcnow()
        session.flush()
        audit.record(session, actor, "business.logo.remove", "business", business.id)
    return business


def read_logo(session: Session, *, storage: Storage, unless_version: str | None = None) -> tuple[str, bytes | None]:
    """The logo's storage key (its version) and its PNG bytes; anyone may read it. ``unless_version``: the version
    the browser holds; when it is still current the bytes are not read (None), so a revalidation decrypts nothing."""
    business = get_business(session)
    if business.logo_key is None:
        raise NotFound("The business has no logo.")
    if unless_version == business.logo_key:
        return business.logo_key, None
    try:
        return business.logo_key, storage.get(business.logo_key)
    except ObjectNotFound:
        raise NotFound("The logo's file is missing from storage.") from None
