"""Operational endpoints: liveness, readiness, and the audit trail for admins."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint

from .. import web
from ..core.schemas import PageQuery
from . import service
from .schemas import AuditEventList, LivenessOut, ProbeOut

bp = APIBlueprint("ops", __name__, tag="Operations")


@bp.get("/healthz")
@web.public
@bp.output(LivenessOut)
@bp.doc(summary="Liveness: the process answers")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@bp.get("/readyz")
@web.public
@bp.output(ProbeOut)
@bp.doc(summary="Readiness: database, Redis, migrations and shutdown drain", responses=[503])
def readyz() -> Any:
    report = service.readiness(web.runtime())
    code = 503 if report["status"] == "unavailable" else 200
    # How the server is set up (embedded mode, migrations, which dependency is down) is for operators only.
    return (report if web.internal_caller() else {"status": report["status"]}), code


@bp.get("/api/v1/audit-events")
@bp.input(PageQuery, location="query", arg_name="query")
@bp.output(AuditEventList)
@bp.doc(summary="The audit trail, newest first (admin)", responses=[400, 401, 403])
def list_audit_events(query: PageQuery) -> Any:
    page = service.list_audit_events(web.db(), actor=web.actor(), limit=query.limit, cursor=query.cursor)
    return web.list_response(page, service.describe_audit_events(web.db(), page.items))
