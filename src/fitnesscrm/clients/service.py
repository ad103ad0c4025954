"""Client records: scoped lists and search, create/update/archive, and encrypted health notes."""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import Select, Subquery, bindparam, exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, lazyload

from ..core import audit, search
from ..core.actor import Actor
from ..core.contact import clean_labels, normalise_email, normalise_phone, sort_name
from ..core.db import utcnow
from ..core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from ..core.pagination import Page, paginate
from ..core.policy import ClientScope, client_scope
from ..core.sqljson import json_rows
from ..domains import Invitee
from ..staff import policy as staff_policy
from ..staff import service as staff_service
from . import policy
from .models import (
    SEARCH_EMAIL,
    SEARCH_FULL_NAME,
    SEARCH_PHONE,
    SEARCH_SORT_NAME,
    Client,
    ClientStatus,
    ClientTag,
    Gender,
    HealthRecord,
)

if TYPE_CHECKING:
    from ..staff.models import TrainerAssignment

audit.register_subject_labels("client", audit.column_labels(Client.id, Client.first_name, Client.last_name))

ClientSort = Literal["name", "-name", "created_at", "-created_at", "updated_at", "-updated_at", "status", "-status"]
SORT_COLUMNS = {
    "name": Client.sort_name,
    "created_at": Client.created_at,
    "updated_at": Client.updated_at,
    "status": Client.status,
}
MIN_BIRTH_YEAR = 1900
ARCHIVED_READ_ONLY = "Archived clients are read-only; restore the client first."


# What the list shows of each client (ClientSummary in the API): its notes, address and the rest stay on the detail.
SUMMARY_COLUMNS = (
    Client.id,
    Client.first_name,
    Client.last_name,
    Client.email,
    Client.phone,
    Client.status,
    Client.sort_name,
    Client.archived_at,
    Client.created_at,
    Client.updated_at,
)
# The page's cursor is read from its last row: every sort column must be among the selected ones.
assert {c.key for c in SORT_COLUMNS.values()} <= {c.key for c in SUMMARY_COLUMNS}


@dataclass(frozen=True)
class ClientSummary:
    row: Any  # the SUMMARY_COLUMNS, by name
    tags: list[str]
    trainers: list[dict[str, Any]]
    has_portal_access: bool


@dataclass(frozen=True)
class ClientView:
    client: Client
    trainers: list[dict[str, Any]]
    has_portal_access: bool


def list_clients(
    session: Session,
    *,
    actor: Actor,
    q: str | None = None,
    status: ClientStatus | None = None,
    tag: str | None = None,
    trainer_id: uuid.UUID | None = None,
    archived: bool = False,
    sort: ClientSort = "name",
    limit: int = 25,
    cursor: str | None = None,
) -> Page[ClientSummary]:
    """A page of the list: only the columns it shows, no ORM objects, one statement whatever the page size (the
    page with each client's tags, trainers and whether they have a portal login; the caller's sign-in is cached)."""
    stmt = select(*SUMMARY_COLUMNS).where(*policy.visible_clients(actor))
    stmt = stmt.where(Client.archived_at.is_not(None) if archived else Client.archived_at.is_(None))
    if status is not None:
        stmt = stmt.where(Client.status == status)
    if tag and tag.strip():
        stmt = stmt.where(
            exists().where(
                ClientTag.client_id == Client.id, func.lower(ClientTag.tag) == " ".join(tag.split()).casefold()
            )
        )
    if trainer_id is not None:
        stmt = stmt.where(staff_service.clients_of_trainer_filter(trainer_id, Client.id))
    text = (q or "").strip()
    if text:
        stmt = stmt.where(_search(text))
    column = SORT_COLUMNS[sort.lstrip("-")]
    # A short search is a range of the sort index itself (search.starts_with): walking it is the right plan.
    page = paginate(
        session,
        stmt,
        sort_column=column,
        id_column=Client.id,
        descending=sort.startswith("-"),
        limit=limit,
        cursor=cursor,
        selective=bool(text) and not search.is_short(text),
        columns=True,
        decorate=_with_tags_trainers_and_login,
    )
    return Page(items=[_summary(row) for row in page.items], next_cursor=page.next_cursor)


def _with_tags_trainers_and_login(page: Subquery) -> Select[Any]:
    """What the list shows beside each client's columns, in the page's own statement (core.sqljson)."""
    from ..accounts import service as accounts_service

    return select(
        page,
        json_rows(
            select(ClientTag.tag).where(ClientTag.client_id == page.c.id), ClientTag.tag, parent=page, values=True
        ).label("tags"),
        staff_service.trainers_of_client_json(page).label("trainers"),
        accounts_service.has_active_account(page.c.id).label("has_portal_access"),
    )


def _summary(row: Any) -> ClientSummary:
    return ClientSummary(
        row=row,
        tags=row.tags,
        # JSON leaves ids as text (on SQLite without dashes) and SQLite's booleans as 0/1
        trainers=[
            {"trainer_id": uuid.UUID(t["trainer_id"]), "is_primary": bool(t["is_primary"]), "full_name": t["full_name"]}
            for t in row.trainers
        ],
        has_portal_access=row.has_portal_access,
    )


def _search(q: str) -> Any:
    """Name (either order), e-mail, or phone digits; one or two characters: the surname's start (core.search).

    Phone numbers are stored in E.164, so the digits typed are matched without a leading trunk zero; four digits at
    least, so that a house number in a search does not list every phone containing it.
    """
    if search.is_short(q):
        return search.starts_with(SEARCH_SORT_NAME, q)
    conditions = [search.matches(q, SEARCH_SORT_NAME, SEARCH_FULL_NAME, SEARCH_EMAIL)]
    digits = "".join(ch for ch in q if ch.isdigit())
    if len(digits) >= 4:
        conditions.append(SEARCH_PHONE.like(search.literal(f"%{digits.lstrip('0')}%")))
    return or_(*conditions)


def client_name(session: Session, client_id: uuid.UUID) -> str | None:
    """One client's full name, for messages (no scope: the caller already has the id); from the session's identity
    map when the client is loaded already, so it usually costs no statement."""
    client = session.get(Client, client_id)
    return client.full_name if client else None


def get_client(session: Session, *, actor: Actor, client_id: uuid.UUID) -> Client:
    # Tags and assignments load when read: most callers (booking for a client, assigning a programme, inviting)
    # need the scope check and a few columns, not the two extra statements the relationships' eager load costs.
    client = session.scalar(
        select(Client)
        .where(Client.id == client_id, *policy.visible_clients(actor))
        .options(lazyload(Client.tags), lazyload(Client.assignments))
    )
    if client is None:
        raise NotFound("No such client.")
    return client


def visible_client_id(session: Session, *, actor: Actor, client_id: uuid.UUID, writable: bool = False) -> uuid.UUID:
    """``get_client``'s scope check for reads that need nothing else of the client: one statement that reads the id
    (the whole client also loads its tags and trainers). ``writable``: the caller is about to change something that
    hangs off the client, so an archived client is refused as ``require_not_archived`` does."""
    scope = client_scope(actor)
    if scope is ClientScope.OWN and not writable:  # a client's own record: their sign-in names it, no need to look
        if client_id != actor.client_id:
            raise NotFound("No such client.")
        return client_id
    found = session.execute(
        _visible_client_statement(scope),
        {"client_id": client_id, "trainer_id": actor.trainer_id, "own_client_id": actor.client_id},
    ).first()
    if found is None:
        raise NotFound("No such client.")
    if writable and found.archived_at is not None:
        raise Conflict(ARCHIVED_READ_ONLY)
    return client_id


@functools.cache
def _visible_client_statement(scope: ClientScope) -> Any:
    """Built once per kind of scope, the ids bound per request: building it costs more than running it."""
    return select(Client.archived_at).where(
        Client.id == bindparam("client_id"),
        *policy.visible_clients_in(
            scope, bindparam("trainer_id", type_=Client.id.type), bindparam("own_client_id", type_=Client.id.type)
        ),
    )


def _apply(session: Session, client: Client, fields: dict[str, Any], *, phone_region: str) -> None:
    if "first_name" in fields or "last_name" in fields:
        for name in ("first_name", "last_name"):
            value = (fields.get(name, getattr(client, name, None)) or "").strip()
            if not value:
                raise ValidationFailed(name, "This field is required.")
            setattr(client, name, value)
        client.sort_name = sort_name(client.first_name, client.last_name)
    if "email" in fields:
        client.email = normalise_email(fields["email"])
    if "phone" in fields:
        client.phone = normalise_phone(fields["phone"], region=phone_region)
    if "date_of_birth" in fields:
        born: date | None = fields["date_of_birth"]
        if born is not None and not (date(MIN_BIRTH_YEAR, 1, 1) <= born <= utcnow().date()):
            raise ValidationFailed("date_of_birth", "The date of birth must be in the past.")
        client.date_of_birth = born
    if "gender" in fields:
        client.gender = Gender(fields["gender"]) if fields["gender"] else None
    if "status" in fields and fields["status"] is not None:
        client.status = ClientStatus(fields["status"])
    if "address" in fields:
        client.address = fields["address"]
    if "emergency_contact" in fields:
        contact = fields["emergency_contact"]
        if contact is not None:
            contact = {
                **contact,
                "phone": normalise_phone(contact.get("phone"), region=phone_region, field="emergency_contact.phone"),
            }
        client.emergency_contact = contact
    for name in ("source", "notes", "goals_summary"):
        if name in fields:
            setattr(client, name, (fields[name] or "").strip() or None)
    if "tags" in fields:
        wanted = clean_labels(fields["tags"], field="tags")
        current = {t.tag: t for t in client.tags}
        client.tags = [current.get(tag) or ClientTag(tag=tag) for tag in wanted]


def _flush_unique(session: Session) -> None:
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        raise Conflict("Another client already uses this e-mail address.") from exc


def create_client(session: Session, *, actor: Actor, phone_region: str = "GB", **fields: Any) -> Client:
    """Trainers may add clients; the new client is assigned to them as primary trainer."""
    policy.require_editor(actor)
    fields.setdefault("first_name", "")
    fields.setdefault("last_name", "")
    primary_trainer_id = fields.pop("primary_trainer_id", None)
    client = Client(id=uuid.uuid4(), tags=[], assignments=[], status=ClientStatus.LEAD)
    _apply(session, client, fields, phone_region=phone_region)
    session.add(client)
    _flush_unique(session)
    audit.record(session, actor, "client.create", "client", client.id, {"fields": sorted(fields)})
    if actor.is_trainer:
        if primary_trainer_id not in (None, actor.trainer_id):
            raise PermissionDenied("Trainers can add clients only for themselves.")
        primary_trainer_id = actor.trainer_id
    if primary_trainer_id is not None:
        trainer = staff_service.get_trainer(session, actor=actor, trainer_id=primary_trainer_id)
        staff_service.attach_trainer(session, actor=actor, client=client, trainer=trainer, is_primary=True)
    return client


def require_not_archived(client: Client) -> None:
    """Archived clients are read-only, and so is what hangs off them (workouts, sets)."""
    if client.archived_at is not None:
        raise Conflict(ARCHIVED_READ_ONLY)


def require_client_not_archived(session: Session, client_id: uuid.UUID) -> None:
    """The same, for a client already in the caller's scope through one of its records (one column read: the
    client's tags and trainers, which loading the whole client would bring, are not needed here)."""
    if session.scalar(select(Client.archived_at).where(Client.id == client_id)) is not None:
        raise Conflict(ARCHIVED_READ_ONLY)


def update_client(session: Session, *, actor: Actor, client: Client, phone_region: str = "GB", **fields: Any) -> Client:
    policy.require_editor(actor)
    require_not_archived(client)
    fields.pop("primary_trainer_id", None)
    if "email" in fields:
        policy.require_email_editor(actor, client.email, fields["email"])
    _apply(session, client, fields, phone_region=phone_region)
    client.updated_at = utcnow()
    _flush_unique(session)
    audit.record(session, actor, "client.update", "client", client.id, {"fields": sorted(fields)})
    return client


def set_archived(session: Session, *, actor: Actor, client: Client, archived: bool) -> Client:
    policy.require_editor(actor)
    if archived == (client.archived_at is not None):
        return client
    client.archived_at = utcnow() if archived else None
    client.updated_at = utcnow()
    _flush_unique(session)  # restoring can collide with a newer live client's e-mail
    audit.record(session, actor, "client.archive" if archived else "client.restore", "client", client.id)
    return client


def client_names(session: Session, client_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Full names for ids the caller has already scoped (other packages' lists), in one query."""
    if not client_ids:
        return {}
    rows = session.execute(select(Client.id, Client.first_name, Client.last_name).where(Client.id.in_(client_ids)))
    return {row.id: f"{row.first_name} {row.last_name}" for row in rows}


def describe(session: Session, *, clients: list[Client]) -> list[ClientView]:
    """Trainers (with their names) and portal-access flags for clients in two queries (no N+1)."""
    from ..accounts import service as accounts_service

    ids = [c.id for c in clients]
    trainers = staff_service.trainers_of_clients(session, ids)
    with_account = accounts_service.linked_profile_ids(session, client_ids=ids)
    return [
        ClientView(client=c, trainers=trainers.get(c.id, []), has_portal_access=c.id in with_account) for c in clients
    ]


# --- health notes (encrypted; every read is audited) -------------------------------------------


def get_health(session: Session, *, actor: Actor, client_id: uuid.UUID) -> HealthRecord:
    client_id = visible_client_id(session, actor=actor, client_id=client_id)
    # Never saved: an empty record with no update time, so the UI does not claim an edit happened.
    record = session.get(HealthRecord, client_id) or HealthRecord(client_id=client_id, updated_at=None)
    audit.record(session, actor, "health.read", "client", client_id)
    return record


def update_health(
    session: Session, *, actor: Actor, client_id: uuid.UUID, medical_conditions: str | None, injuries: str | None
) -> HealthRecord:
    policy.require_editor(actor)
    client = get_client(session, actor=actor, client_id=client_id)
    record = session.get(HealthRecord, client.id)
    if record is None:
        record = HealthRecord(client_id=client.id)
        session.add(record)
    record.medical_conditions = (medical_conditions or "").strip() or None
    record.injuries = (injuries or "").strip() or None
    record.updated_at = utcnow()
    record.updated_by_id = actor.user_id
    session.flush()
    audit.record(session, actor, "health.update", "client", client.id)
    return record


# --- trainers of a client (staff keeps the assignments; a client's trainers are changed here) ----------


def list_assignments(session: Session, *, actor: Actor, client_id: uuid.UUID) -> list[TrainerAssignment]:
    """The client's trainers (assignments), oldest first; scoped as the client is."""
    client = get_client(session, actor=actor, client_id=client_id)
    return list(client.assignments)


def assign_trainer(
    session: Session, *, actor: Actor, client_id: uuid.UUID, trainer_id: uuid.UUID, is_primary: bool
) -> TrainerAssignment:
    """Create or update an assignment. Making one primary demotes the client's previous primary."""
    staff_policy.require_manager(actor)
    client = get_client(session, actor=actor, client_id=client_id)
    if client.archived_at is not None:
        raise Conflict("Restore the client before changing their trainers.")
    trainer = staff_service.get_trainer(session, actor=actor, trainer_id=trainer_id)
    return staff_service.attach_trainer(session, actor=actor, client=client, trainer=trainer, is_primary=is_primary)


def unassign_trainer(session: Session, *, actor: Actor, client_id: uuid.UUID, trainer_id: uuid.UUID) -> None:
    staff_policy.require_manager(actor)
    client = get_client(session, actor=actor, client_id=client_id)
    current = next((a for a in client.assignments if a.trainer_id == trainer_id), None)
    if current is None:
        raise NotFound("This trainer is not assigned to the client.")
    client.assignments.remove(current)
    audit.record(session, actor, "assignment.remove", "client", client.id, {"trainer_id": str(trainer_id)})


def invitee(
    session: Session, *, actor: Actor, profile_id: uuid.UUID | None, email: str | None, full_name: str | None
) -> Invitee:
    """The client an invitation to the portal is for (the invitation's own name and e-mail may differ)."""
    if profile_id is None:
        raise ValidationFailed("client_id", "Choose the client to invite to the portal.")
    client = get_client(session, actor=actor, client_id=profile_id)
    if client.archived_at is not None:
        raise Conflict("Restore the client before inviting them to the portal.")
    policy.require_portal_address(actor, client.email, email)
    return Invitee(client.id, client.email or "", client.full_name)
