"""Authorisation rows for the status page (public), its incidents and the System report (admins only)."""

from __future__ import annotations

from collections.abc import Callable

from fitnesscrm.ops.status.models import Incident

from ..authz import ALLOW, E401, E403, Req, World, etag
from .status_support import add_incident

ADMIN_ONLY = (E401, E403, E403, E403, ALLOW)
PUBLIC = (ALLOW, ALLOW, ALLOW, ALLOW, ALLOW)


def _incident_url(w: World, suffix: str = "") -> str:
    return f"/api/v1/status/incidents/{add_incident(w.factory.database)}{suffix}"


def _edit(w: World, a: str) -> Req:
    incident_id = add_incident(w.factory.database)
    return Req(
        "PATCH",
        f"/api/v1/status/incidents/{incident_id}",
        {"title": "Reminder e-mails delayed"},
        etag(w, Incident, incident_id),
    )


MATRIX: dict[str, tuple[str, str, str, str, str]] = {
    # route                                                            anonymous client trainer other_tr admin
    "GET /api/v1/status": PUBLIC,
    "GET /api/v1/status/incidents": ADMIN_ONLY,
    "POST /api/v1/status/incidents": ADMIN_ONLY,
    "GET /api/v1/status/incidents/<uuid:incident_id>": ADMIN_ONLY,
    "PATCH /api/v1/status/incidents/<uuid:incident_id>": ADMIN_ONLY,
    "POST /api/v1/status/incidents/<uuid:incident_id>/updates": ADMIN_ONLY,
    "GET /api/v1/system": ADMIN_ONLY,
}

REQUESTS: dict[str, Callable[[World, str], Req]] = {
    "GET /api/v1/status": lambda w, a: Req("GET", "/api/v1/status"),
    "GET /api/v1/status/incidents": lambda w, a: Req("GET", "/api/v1/status/incidents"),
    "POST /api/v1/status/incidents": lambda w, a: Req(
        "POST",
        "/api/v1/status/incidents",
        {
            "title": "Database maintenance",
            "impact": "degraded",
            "components": ["database"],
            "message": "Planned maintenance from 22:00 to 22:15.",
        },
    ),
    "GET /api/v1/status/incidents/<uuid:incident_id>": lambda w, a: Req("GET", _incident_url(w)),
    "PATCH /api/v1/status/incidents/<uuid:incident_id>": _edit,
    "POST /api/v1/status/incidents/<uuid:incident_id>/updates": lambda w, a: Req(
        "POST", _incident_url(w, "/updates"), {"status": "identified", "message": "A stuck queue; restarting."}
    ),
    "GET /api/v1/system": lambda w, a: Req("GET", "/api/v1/system"),
}
