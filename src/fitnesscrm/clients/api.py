"""Client routes: parse, call the service, serialise. Rules and scoping live in service.py."""

from __future__ import annotations

import uuid
from typing import Any

from apiflask import APIBlueprint

from .. import web
from ..staff import service as staff_service
from ..staff.schemas import AssignmentIn, AssignmentList, AssignmentOut
from . import service
from .schemas import ClientIn, ClientList, ClientOut, ClientQuery, ClientUpdate, HealthIn, HealthOut

bp = APIBlueprint("clients", __name__, url_prefix="/api/v1/clients", tag="Clients")


def _out(view: service.ClientView) -> dict[str, Any]:
    c = view.client
    primary = next((t["trainer_id"] for t in view.trainers if t["is_primary"]), None)
    return {
        **{
            name: getattr(c, name)
            for name in (
                "id",
                "first_name",
                "last_name",
                "full_name",
                "email",
                "phone",
                "date_of_birth",
                "gender",
                "address",
                "emergency_contact",
                "status",
                "source",
                "notes",
                "goals_summary",
                "archived_at",
                "created_at",
                "updated_at",
            )
        },
        "tags": [t.tag for t in c.tags],
        "trainers": view.trainers,
        "primary_trainer_id": primary,
        "has_portal_access": view.has_portal_access,
    }


def _summary_out(item: service.ClientSummary) -> dict[str, Any]:
    row = item.row
    return {
        "id": row.id,
        "first_name": row.first_name,
        "last_name": row.last_name,
        "full_name": f"{row.first_name} {row.last_name}",
        "email": row.email,
        "phone": row.phone,
        "status": row.status,
        "tags": item.tags,
        "trainers": item.trainers,
        "primary_trainer_id": next((t["trainer_id"] for t in item.trainers if t["is_primary"]), None),
        "has_portal_access": item.has_portal_access,
        "archived_at": row.archived_at,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    }


def _one(client: Any, status: int = 200) -> Any:
    [view] = service.describe(web.db(), clients=[client])
    return web.with_etag(_out(view), client, status)


def _region() -> str:
    return web.settings().default_phone_region


@bp.get("")
@bp.input(ClientQuery, location="query", arg_name="query")
@bp.output(ClientList)
@bp.doc(summary="List and search clients in my scope", responses=[400, 401])
def list_clients(query: ClientQuery) -> Any:
    page = service.list_clients(
        web.db(),
        actor=web.actor(),
        q=query.q,
        status=query.status,
        tag=query.tag,
        trainer_id=query.trainer_id,
        archived=query.archived,
        sort=query.sort,
        limit=query.limit,
        cursor=query.cursor,
    )
    return web.unvalidated_list(page, [_summary_out(item) for item in page.items])


@bp.post("")
@bp.input(ClientIn, arg_name="body")
@bp.output(ClientOut, status_code=201)
@bp.doc(summary="Create a client", responses=[401, 403, 404, 409, 422])
def create_client(body: ClientIn) -> Any:
    client = service.create_client(
        web.db(), actor=web.actor(), phone_region=_region(), **body.model_dump(exclude_unset=True)
    )
    return _one(client, 201)


@bp.get("/<uuid:client_id>")
@bp.output(ClientOut)
@bp.doc(summary="One client", responses=[401, 404])
def get_client(client_id: uuid.UUID) -> Any:
    return _one(service.get_client(web.db(), actor=web.actor(), client_id=client_id))


@bp.patch("/<uuid:client_id>")
@bp.input(ClientUpdate, arg_name="body")
@bp.output(ClientOut)
@bp.doc(summary="Update a client (send If-Match with the ETag you read)", responses=[401, 403, 404, 409, 422, 428])
def update_client(client_id: uuid.UUID, body: ClientUpdate) -> Any:
    client = service.get_client(web.db(), actor=web.actor(), client_id=client_id)
    web.check_version(client)
    client = service.update_client(
        web.db(), actor=web.actor(), client=client, phone_region=_region(), **body.model_dump(exclude_unset=True)
    )
    return _one(client)


@bp.post("/<uuid:client_id>/archive")
@bp.output(ClientOut)
@bp.doc(summary="Archive a client (kept with its history, hidden from lists)", responses=[401, 403, 404])
def archive_client(client_id: uuid.UUID) -> Any:
    client = service.get_client(web.db(), actor=web.actor(), client_id=client_id)
    return _one(service.set_archived(web.db(), actor=web.actor(), client=client, archived=True))


@bp.post("/<uuid:client_id>/restore")
@bp.output(ClientOut)
@bp.doc(summary="Restore an archived client", responses=[401, 403, 404, 409])
def restore_client(client_id: uuid.UUID) -> Any:
    client = service.get_client(web.db(), actor=web.actor(), client_id=client_id)
    return _one(service.set_archived(web.db(), actor=web.actor(), client=client, archived=False))


@bp.get("/<uuid:client_id>/health")
@bp.output(HealthOut)
@bp.doc(summary="Health notes (encrypted at rest; every read is audited)", responses=[401, 404])
def get_health(client_id: uuid.UUID) -> Any:
    return service.get_health(web.db(), actor=web.actor(), client_id=client_id)


@bp.put("/<uuid:client_id>/health")
@bp.input(HealthIn, arg_name="body")
@bp.output(HealthOut)
@bp.doc(summary="Replace health notes", responses=[401, 403, 404, 422])
def put_health(client_id: uuid.UUID, body: HealthIn) -> Any:
    return service.update_health(
        web.db(),
        actor=web.actor(),
        client_id=client_id,
        medical_conditions=body.medical_conditions,
        injuries=body.injuries,
    )


# --- a client's trainers ----------------------------------------------------------------------


def _assignment_out(assignment: Any, names: dict[uuid.UUID, str]) -> dict[str, Any]:
    return {
        "trainer_id": assignment.trainer_id,
        "trainer_name": names.get(assignment.trainer_id, ""),
        "is_primary": assignment.is_primary,
        "created_at": assignment.created_at,
    }


@bp.get("/<uuid:client_id>/trainers")
@bp.output(AssignmentList)
@bp.doc(
    tags=["Clients"],
    summary="Trainers assigned to a client",
    description="Not paginated: a client has a handful of trainers at most.",
    responses=[401, 404],
)
def list_assignments(client_id: uuid.UUID) -> Any:
    assignments = service.list_assignments(web.db(), actor=web.actor(), client_id=client_id)
    names = staff_service.trainer_names(web.db(), {a.trainer_id for a in assignments})
    return {"items": [_assignment_out(a, names) for a in assignments]}


@bp.put("/<uuid:client_id>/trainers/<uuid:trainer_id>")
@bp.input(AssignmentIn, arg_name="body")
@bp.output(AssignmentOut)
@bp.doc(tags=["Clients"], summary="Assign a trainer (admin)", responses=[401, 403, 404, 409, 422])
def assign_trainer(client_id: uuid.UUID, trainer_id: uuid.UUID, body: AssignmentIn) -> Any:
    assignment = service.assign_trainer(
        web.db(), actor=web.actor(), client_id=client_id, trainer_id=trainer_id, is_primary=body.is_primary
    )
    return _assignment_out(assignment, staff_service.trainer_names(web.db(), {trainer_id}))


@bp.delete("/<uuid:client_id>/trainers/<uuid:trainer_id>")
@bp.output({}, status_code=204)
@bp.doc(tags=["Clients"], summary="Unassign a trainer (admin)", responses=[401, 403, 404])
def unassign_trainer(client_id: uuid.UUID, trainer_id: uuid.UUID) -> tuple[str, int]:
    service.unassign_trainer(web.db(), actor=web.actor(), client_id=client_id, trainer_id=trainer_id)
    return "", 204
