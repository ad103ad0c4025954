"""Status routes: the public status, the incidents admins post on it, and the admins' System report."""

from __future__ import annotations

import uuid
from typing import Any

from apiflask import APIBlueprint
from flask import current_app

from ... import __version__, web
from ...core.schemas import PageQuery
from . import service, system
from .schemas import IncidentEdit, IncidentIn, IncidentList, IncidentOut, IncidentUpdateIn, StatusOut, SystemOut

bp = APIBlueprint("ops_status", __name__, url_prefix="/api/v1", tag="Status")
STATUS_CACHE = "fitnesscrm.status_cache"
PUBLIC_CACHE_CONTROL = f"public, max-age={int(service.STATUS_CACHE_SECONDS)}"


def _cache() -> service.StatusCache:
    """This app's one status cache, made on first use (dict.setdefault is atomic: racing requests share one)."""
    cache: service.StatusCache | None = current_app.extensions.get(STATUS_CACHE)
    if cache is None:
        cache = current_app.extensions.setdefault(STATUS_CACHE, service.StatusCache())
    return cache


def _incident_changed() -> None:
    """Drop this worker's cached public status so its next answer shows the change; other workers and instances
    keep theirs and catch up within STATUS_CACHE_SECONDS."""
    _cache().clear()


@bp.get("/status")
@web.caller_blind
@bp.output(StatusOut)
@bp.doc(
    summary="Public status: overall state, components and recent incidents",
    description="No sign-in. Recomputed at most every few seconds per instance and cacheable for as long "
    "(`Cache-Control: public, max-age=5`). Always answers 200, also while the database is down: "
    "the states say what is out. Reveals no hostnames, versions or error texts.",
)
def public_status() -> Any:
    runtime = web.runtime()
    # The model is cached: @bp.output only serialises a model instance, it does not validate it again.
    body = _cache().get(lambda: StatusOut.model_validate(service.public_status(web.db(), runtime=runtime)))
    return body, 200, {"Cache-Control": PUBLIC_CACHE_CONTROL}


def _incident(incident: Any, status: int = 200) -> Any:
    return web.with_etag(incident, incident, status)


@bp.get("/status/incidents")
@bp.input(PageQuery, location="query", arg_name="query")
@bp.output(IncidentList)
@bp.doc(summary="Every incident with its timeline and authors, newest first (admin)", responses=[400, 401, 403])
def list_incidents(query: PageQuery) -> Any:
    page = service.list_incidents(web.db(), actor=web.actor(), limit=query.limit, cursor=query.cursor)
    return web.list_response(page, page.items)


@bp.post("/status/incidents")
@bp.input(IncidentIn, arg_name="body")
@bp.output(IncidentOut, status_code=201)
@bp.doc(
    summary="Post an incident on the status page (admin)",
    responses=[401, 403, 422],
    description="Public as written: until resolved, the named components show at least `impact`. The message "
    "becomes the first update of the timeline. Audited as `status_incident.create`.",
)
@web.idempotent
def create_incident(body: IncidentIn) -> Any:
    incident = service.create_incident(web.db(), actor=web.actor(), **body.model_dump())
    _incident_changed()
    return _incident(incident, 201)


@bp.get("/status/incidents/<uuid:incident_id>")
@bp.output(IncidentOut)
@bp.doc(summary="One incident with its timeline (admin)", responses=[401, 403, 404])
def get_incident(incident_id: uuid.UUID) -> Any:
    return _incident(service.get_incident(web.db(), actor=web.actor(), incident_id=incident_id))


@bp.patch("/status/incidents/<uuid:incident_id>")
@bp.input(IncidentEdit, arg_name="body")
@bp.output(IncidentOut)
@bp.doc(
    summary="Correct an incident's title, impact, components or start (admin; send If-Match)",
    responses=[401, 403, 404, 409, 422, 428],
)
def edit_incident(incident_id: uuid.UUID, body: IncidentEdit) -> Any:
    incident = service.get_incident(web.db(), actor=web.actor(), incident_id=incident_id, lock=True)
    web.check_version(incident)
    incident = service.edit_incident(
        web.db(), actor=web.actor(), incident=incident, **body.model_dump(exclude_unset=True)
    )
    _incident_changed()
    return _incident(incident)


@bp.post("/status/incidents/<uuid:incident_id>/updates")
@bp.input(IncidentUpdateIn, arg_name="body")
@bp.output(IncidentOut, status_code=201)
@bp.doc(
    summary="Post the next update of an incident; status `resolved` resolves it (admin)",
    responses=[401, 403, 404, 409, 422],
    description="`resolved` on an incident already resolved is 409; any other status on a resolved incident "
    "reopens it. Audited as `status_incident.add_update`, `.resolve` or `.reopen`.",
)
@web.idempotent
def add_incident_update(incident_id: uuid.UUID, body: IncidentUpdateIn) -> Any:
    incident = service.get_incident(web.db(), actor=web.actor(), incident_id=incident_id, lock=True)
    incident = service.add_update(web.db(), actor=web.actor(), incident=incident, **body.model_dump())
    _incident_changed()
    return _incident(incident, 201)


@bp.get("/system")
@bp.output(SystemOut)
@bp.doc(
    summary="System report: version, uptime, dependencies, queues, errors, backups (admin)",
    tags=["Operations"],
    responses=[401, 403],
    description='Figures whose source is down are null ("unknown") rather than an error. Uptime is the '
    "answering instance's. `last_backup.status` is `not_configured` until backups report.",
)
def system_report() -> Any:
    runtime = web.runtime()
    return system.system_report(
        web.db(), actor=web.actor(), runtime=runtime, version=__version__, revision=runtime.settings.revision
    )
