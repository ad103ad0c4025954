"""HTTP helpers shared by domain APIs: ETags for optimistic concurrency."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from .errors import Conflict, PreconditionRequired


def etag_for(object_id: object, updated_at: datetime | None) -> str:
    """The version of a record: it changes whenever ``updated_at`` does (None: never edited yet)."""
    version = updated_at.isoformat() if updated_at is not None else "unedited"
    digest = hashlib.sha256(f"{object_id}:{version}".encode()).hexdigest()[:20]
    return f'"{digest}"'


def content_etag(values: object) -> str:
    """The version of something without an ``updated_at`` of its own (a set of rows replaced as a whole): it
    changes whenever the values do."""
    raw = json.dumps(values, sort_keys=True, default=str, separators=(",", ":"))
    return f'"{hashlib.sha256(raw.encode()).hexdigest()[:20]}"'


def check_if_match(if_match: str | None, current_etag: str) -> None:
    """Refuse a write without If-Match (428) or based on a stale version (409)."""
    if not if_match:
        raise PreconditionRequired("Send the If-Match header with the ETag you last read.")
    candidates = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    if "*" not in candidates and current_etag not in candidates:
        raise Conflict("This record was changed by someone else since you loaded it. Reload and try again.")
