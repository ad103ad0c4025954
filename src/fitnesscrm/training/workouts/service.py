"""Workout templates: who sees and edits them, and the block documents they hold.

A template belongs to the trainer who wrote it (``owner_trainer_id``) or, written by an admin, is shared
(owner null): trainers read shared templates but only admins change them. Trainers never see each other's
templates. Clients never list templates; they see their planned workouts through their assignments.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...core import audit, search
from ...core.actor import Actor, Role
from ...core.db import utcnow
from ...core.errors import NotFound, ValidationFailed
from ...core.pagination import Page, paginate
from ...core.policy import require_role, require_write_scope
from .. import policy
from ..models import Exercise, WorkoutTemplate
from ..units import display, to_kg

audit.register_subject_labels("workout_template", audit.column_labels(WorkoutTemplate.id, WorkoutTemplate.name))


# --- block documents ---------------------------------------------------------------------------


def normalise_blocks(session: Session, blocks: list[dict[str, Any]], field: str = "blocks") -> list[dict[str, Any]]:
    """Turn validated input blocks into the stored document: ids as strings, weights in canonical kg.

    Every exercise must exist and be live; the error names the block and exercise position.
    """
    wanted = {ex["exercise_id"] for block in blocks for ex in block["exercises"]}
    found = (
        dict(session.execute(select(Exercise.id, Exercise.archived_at).where(Exercise.id.in_(wanted))).tuples().all())
        if wanted
        else {}
    )
    stored = []
    for b, block in enumerate(blocks):
        exercises = []
        for e, ex in enumerate(block["exercises"]):
            exercise_id = ex["exercise_id"]
            if exercise_id not in found or found[exercise_id] is not None:
                state = "does not exist" if exercise_id not in found else "is archived"
                raise ValidationFailed(
                    f"{field}[{b}].exercises[{e}].exercise_id",
                    f"Block {b + 1}, exercise {e + 1}: the exercise {state}.",
                )
            load = ex.get("load")
            if load is not None:
                load = (
                    {"kind": "weight", "value_kg": to_kg(load["value"], load["unit"]), "unit": load["unit"]}
                    if load["kind"] == "weight"
                    else {"kind": load["kind"], "value": float(load["value"])}
                )
            exercises.append(
                {
                    "exercise_id": str(exercise_id),
                    "sets": ex.get("sets", 1),
                    "reps_min": ex.get("reps_min"),
                    "reps_max": ex.get("reps_max"),
                    "duration_seconds": ex.get("duration_seconds"),
                    "distance_m": ex.get("distance_m"),
                    "load": load,
                    "tempo": ex.get("tempo"),
                    "rest_seconds": ex.get("rest_seconds"),
                    "notes": (ex.get("notes") or "").strip() or None,
                }
            )
        stored.append({"kind": block["kind"], "rounds": block.get("rounds"), "exercises": exercises})
    return stored


def exercise_ids(blocks: Iterable[dict[str, Any]]) -> set[uuid.UUID]:
    return {uuid.UUID(ex["exercise_id"]) for block in blocks for ex in block.get("exercises", [])}


def exercise_names(session: Session, ids: set[uuid.UUID]) -> dict[str, str]:
    """Names for many documents' exercises in one query (keys are the stored string ids)."""
    if not ids:
        return {}
    rows = session.execute(select(Exercise.id, Exercise.name).where(Exercise.id.in_(ids))).tuples()
    return {str(exercise_id): name for exercise_id, name in rows}


def present_blocks(blocks: list[dict[str, Any]], names: dict[str, str]) -> list[dict[str, Any]]:
    """The stored document as the API shows it: weights in the unit entered (display-rounded) and in kg."""
    shown = []
    for block in blocks:
        exercises = []
        for ex in block.get("exercises", []):
            load = ex.get("load")
            if load is not None:
                load = (
                    {
                        "kind": "weight",
                        "value": display(load["value_kg"], load["unit"]),
                        "unit": load["unit"],
                        "value_kg": load["value_kg"],
                    }
                    if load["kind"] == "weight"
                    else {"kind": load["kind"], "value": load["value"], "unit": None, "value_kg": None}
                )
            exercises.append(
                {
                    **ex,
                    "load": load,
                    # a logged workout's snapshot keeps the name it was done under
                    "exercise_name": ex.get("exercise_name") or names.get(ex["exercise_id"]),
                }
            )
        shown.append({"kind": block["kind"], "rounds": block.get("rounds"), "exercises": exercises})
    return shown


def snapshot(blocks: list[dict[str, Any]], names: dict[str, str]) -> list[dict[str, Any]]:
    """A deep copy with exercise names written in, so a logged workout reads the same after renames."""
    copied = copy.deepcopy(blocks)
    for block in copied:
        for ex in block.get("exercises", []):
            ex["exercise_name"] = names.get(ex["exercise_id"])
    return copied


# --- templates ---------------------------------------------------------------------------------


def list_templates(
    session: Session,
    *,
    actor: Actor,
    q: str | None = None,
    archived: bool = False,
    limit: int = 25,
    cursor: str | None = None,
) -> Page[WorkoutTemplate]:
    stmt = select(WorkoutTemplate).where(*policy.staff_scope(actor, WorkoutTemplate.owner_trainer_id))
    stmt = stmt.where(WorkoutTemplate.archived_at.is_not(None) if archived else WorkoutTemplate.archived_at.is_(None))
    if q and q.strip():
        stmt = stmt.where(search.matches(q, func.lower(WorkoutTemplate.name)))
    return paginate(
        session,
        stmt,
        sort_column=WorkoutTemplate.name,
        id_column=WorkoutTemplate.id,
        descending=False,
        limit=limit,
        cursor=cursor,
    )


def get_template(session: Session, *, actor: Actor, template_id: uuid.UUID) -> WorkoutTemplate:
    template = session.scalar(
        select(WorkoutTemplate).where(
            WorkoutTemplate.id == template_id, *policy.staff_scope(actor, WorkoutTemplate.owner_trainer_id)
        )
    )
    if template is None:
        raise NotFound("No such workout template.")
    return template


def _apply(session: Session, template: WorkoutTemplate, fields: dict[str, Any]) -> None:
    if "name" in fields:
        name = (fields["name"] or "").strip()
        if not name:
            raise ValidationFailed("name", "This field is required.")
        template.name = name
    if "description" in fields:
        template.description = (fields["description"] or "").strip() or None
    if "blocks" in fields:
        template.blocks = normalise_blocks(session, fields["blocks"] or [])


def create_template(session: Session, *, actor: Actor, **fields: Any) -> WorkoutTemplate:
    require_role(actor, Role.ADMIN, Role.TRAINER)
    require_write_scope(actor)
    fields.setdefault("name", "")
    fields.setdefault("blocks", [])
    template = WorkoutTemplate(id=uuid.uuid4(), owner_trainer_id=policy.new_owner(actor))
    _apply(session, template, fields)
    session.add(template)
    session.flush()
    audit.record(session, actor, "workout_template.create", "workout_template", template.id)
    return template


def update_template(session: Session, *, actor: Actor, template: WorkoutTemplate, **fields: Any) -> WorkoutTemplate:
    policy.require_edit(actor, template.owner_trainer_id)
    _apply(session, template, fields)
    template.updated_at = utcnow()
    session.flush()
    audit.record(session, actor, "workout_template.update", "workout_template", template.id, {"fields": sorted(fields)})
    return template


def set_archived(session: Session, *, actor: Actor, template: WorkoutTemplate, archived: bool) -> WorkoutTemplate:
    policy.require_edit(actor, template.owner_trainer_id)
    if archived == (template.archived_at is not None):
        return template
    template.archived_at = utcnow() if archived else None
    template.updated_at = utcnow()
    session.flush()
    audit.record(
        session,
        actor,
        "workout_template.archive" if archived else "workout_template.restore",
        "workout_template",
        template.id,
    )
    return template


def duplicate_template(
    session: Session, *, actor: Actor, template: WorkoutTemplate, name: str | None = None
) -> WorkoutTemplate:
    """Anyone who can read a template may copy it; the copy belongs to them (admins: shared)."""
    require_write_scope(actor)
    copy_name = (name or "").strip() or f"{template.name[:113]} (copy)"
    duplicate = WorkoutTemplate(
        id=uuid.uuid4(),
        name=copy_name,
        description=template.description,
        blocks=copy.deepcopy(template.blocks),
        owner_trainer_id=policy.new_owner(actor),
    )
    session.add(duplicate)
    session.flush()
    audit.record(
        session, actor, "workout_template.duplicate", "workout_template", duplicate.id, {"source_id": str(template.id)}
    )
    return duplicate
