"""URLs as they may appear in traces and error reports: without what could name or describe a person."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def strip_query(url: str) -> str:
    """The URL (or request target) without its query string, fragment and user information: a query may hold a
    search term such as a client's name."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url.split("?", 1)[0].split("#", 1)[0]
    if not parts.scheme:  # a request target such as "/path?q=…"
        return urlunsplit(("", "", parts.path, "", ""))
    netloc = parts.hostname or ""
    if port is not None:
        netloc = f"{netloc}:{port}"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
