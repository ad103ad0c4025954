"""Workout logs and sets, personal records, and an exercise's history for one client.

A log copies its prescription when it is started (``planned``), so later template edits never reach it.
Every set write re-checks the client's records on that exercise: an added set is compared with the best
so far; an edited or deleted set replays the exercise's sets so the record history stays true. Sets stay
editable after a workout is completed, so a typo never becomes a permanent record, and a load far beyond
the client's history is saved only when the caller confirms it (``confirm_implausible``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import and_, delete, exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from ... import domains
from ...clients import service as clients_service
from ...core import audit
from ...core.actor import Actor
from ...core.business import business_today, business_zone, local_to_utc
from ...core.db import utcnow
from ...core.errors import Conflict, NotFound, ValidationFailed
from ...core.pagination import Page, paginate
from ...core.policy import require_authenticated, require_write_scope
from .. import policy, records
from ..models import (
    AssignmentStatus,
    Exercise,
    PersonalRecord,
    ProgramAssignment,
    ProgramDay,
    SetLog,
    Tracking,
    WorkoutLog,
    WorkoutStatus,
    WorkoutTemplate,
)
from ..programs import service as programs_service
from ..units import LoadUnit, display, to_kg
from ..workouts import service as workouts_service

FUTURE_DAYS = 1  # a client a time zone ahead may already be in tomorrow
# A load asks for confirmation when it is this many times the client's heaviest set on the exercise and at
# least IMPLAUSIBLE_STEP_KG more (so a 4 kg to 8 kg dumbbell step passes), or, with no history, above
# FIRST_LOAD_LIMIT_KG: more than almost anyone lifts. Loads above the schema's maximum are refused outright.
IMPLAUSIBLE_RATIO = 1.5
IMPLAUSIBLE_STEP_KG = 20.0
FIRST_LOAD_LIMIT_KG = 300.0


class ImplausibleValue(ValidationFailed):
    """A value that is probably a typo: saved only when the request confirms it."""

    title, type_slug = "Please confirm", "implausible-value"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(field, message)
        self.detail = f"{message} Send confirm_implausible: true to save it anyway."


# --- listing (newest workout first, keyset on performed_on + id) -------------------------------


def list_logs(
    session: Session,
    *,
    actor: Actor,
    client_id: uuid.UUID | None = None,
    start: date | None = None,
    end: date | None = None,
    status: WorkoutStatus | None = None,
    limit: int = 25,
    cursor: str | None = None,
) -> Page[WorkoutLog]:
    stmt = select(WorkoutLog).where(*policy.visible_logs(actor))
    if client_id is not None:
        stmt = stmt.where(WorkoutLog.client_id == client_id)
    if start is not None:
        stmt = stmt.where(WorkoutLog.performed_on >= start)
    if end is not None:
        stmt = stmt.where(WorkoutLog.performed_on <= end)
    if status is not None:
        stmt = stmt.where(WorkoutLog.status == status)
    return paginate(
        session,
        stmt,
        sort_column=WorkoutLog.performed_on,
        id_column=WorkoutLog.id,
        descending=True,
        limit=limit,
        cursor=cursor,
    )


@dataclass(frozen=True)
class Totals:
    set_count: int
    volume_kg: float


def totals(session: Session, log_ids: list[uuid.UUID]) -> dict[uuid.UUID, Totals]:
    """Completed sets and volume per log, for a page of logs in one query."""
    if not log_ids:
        return {}
    rows = session.execute(
        select(SetLog.workout_log_id, func.count(), func.coalesce(func.sum(SetLog.load_kg * SetLog.reps), 0.0))
        .where(SetLog.workout_log_id.in_(log_ids), SetLog.completed.is_(True))
        .group_by(SetLog.workout_log_id)
    )
    return {log_id: Totals(count, float(volume or 0)) for log_id, count, volume in rows.tuples()}


def get_log(session: Session, *, actor: Actor, log_id: uuid.UUID, with_sets: bool = True) -> WorkoutLog:
    """``with_sets=False`` for the set routes: they change one set and answer with it, not the workout."""
    stmt = select(WorkoutLog).where(WorkoutLog.id == log_id, *policy.visible_logs(actor))
    log = session.scalar(stmt.options(selectinload(WorkoutLog.sets)) if with_sets else stmt)
    if log is None:
        raise NotFound("No such workout log.")
    return log


# --- starting and finishing a workout ----------------------------------------------------------


def _template_for(session: Session, actor: Actor, client_id: uuid.UUID, template_id: uuid.UUID) -> WorkoutTemplate:
    """Staff use templates in their scope; a client only those their active assignments plan."""
    if not actor.is_client:
        return workouts_service.get_template(session, actor=actor, template_id=template_id)
    live = and_(ProgramAssignment.client_id == client_id, ProgramAssignment.status == AssignmentStatus.ACTIVE)
    template = session.scalar(
        select(WorkoutTemplate).where(
            WorkoutTemplate.id == template_id,
            or_(
                exists().where(live, ProgramAssignment.template_id == WorkoutTemplate.id),
                exists().where(
                    live,
                    ProgramDay.program_id == ProgramAssignment.program_id,
                    ProgramDay.template_id == WorkoutTemplate.id,
                ),
            ),
        )
    )
    if template is None:
        raise NotFound("No such workout template.")
    return template


def create_log(
    session: Session,
    *,
    actor: Actor,
    client_id: uuid.UUID,
    performed_on: date | None = None,
    assignment_id: uuid.UUID | None = None,
    template_id: uuid.UUID | None = None,
    title: str | None = None,
    notes: str | None = None,
) -> WorkoutLog:
    require_authenticated(actor)
    require_write_scope(actor)
    client_id = clients_service.visible_client_id(session, actor=actor, client_id=client_id, writable=True)
    today = business_today(session)
    performed_on = performed_on or today
    if performed_on > today + timedelta(days=FUTURE_DAYS):
        raise ValidationFailed("performed_on", "A workout cannot be logged for a future date.")
    title = (title or "").strip() or None
    log = WorkoutLog(
        id=uuid.uuid4(),
        client_id=client_id,
        performed_on=performed_on,
        status=WorkoutStatus.IN_PROGRESS,
        notes=(notes or "").strip() or None,
        logged_by_id=actor.user_id,
    )
    blocks: list[dict[str, Any]] = []
    if assignment_id is not None:
        assignment = programs_service.get_assignment(session, actor=actor, assignment_id=assignment_id)
        if assignment.client_id != client_id:
            raise ValidationFailed("assignment_id", "This assignment belongs to another client.")
        if assignment.status is AssignmentStatus.CANCELLED:
            raise Conflict("This assignment was cancelled.")
        planned = programs_service.planned_on(session, assignment=assignment, on=performed_on)
        blocks = planned.blocks
        log.assignment_id, log.template_id = assignment.id, planned.template.id
        log.program_week, log.program_day, log.appointment_id = planned.week, planned.day, assignment.appointment_id
        title = title or planned.title
    elif template_id is not None:
        template = _template_for(session, actor, client_id, template_id)
        blocks, log.template_id, title = template.blocks, template.id, title or template.name
    elif title is None:
        raise ValidationFailed("title", "Give an ad hoc workout a title (or start it from a plan or template).")
    log.title = title or ""
    log.planned = workouts_service.snapshot(
        blocks, workouts_service.exercise_names(session, workouts_service.exercise_ids(blocks))
    )
    session.add(log)
    session.flush()
    audit.record(session, actor, "workout_log.create", "client", client_id, {"workout_log_id": str(log.id)})
    return log


def _set_completed(log: WorkoutLog, completed: bool) -> None:
    if completed and log.status is not WorkoutStatus.COMPLETED:
        log.status, log.completed_at = WorkoutStatus.COMPLETED, utcnow()
    elif not completed and log.status is WorkoutStatus.COMPLETED:
        log.status, log.completed_at = WorkoutStatus.IN_PROGRESS, None


def update_log(session: Session, *, actor: Actor, log: WorkoutLog, **fields: Any) -> WorkoutLog:
    require_write_scope(actor)
    clients_service.require_client_not_archived(session, log.client_id)
    if "title" in fields:
        title = (fields["title"] or "").strip()
        if not title:
            raise ValidationFailed("title", "This field is required.")
        log.title = title
    if "notes" in fields:
        log.notes = (fields["notes"] or "").strip() or None
    if fields.get("completed") is not None:
        _set_completed(log, fields["completed"])
    log.updated_at = utcnow()
    session.flush()
    audit.record(
        session,
        actor,
        "workout_log.update",
        "client",
        log.client_id,
        {"workout_log_id": str(log.id), "fields": sorted(fields)},
    )
    return log


def delete_log(session: Session, *, actor: Actor, log: WorkoutLog) -> None:
    """Remove a workout and its sets (whoever may edit it: a mistaken or duplicate entry); the client's records
    on its exercises are rebuilt without it, and goals follow."""
    require_write_scope(actor)
    clients_service.require_client_not_archived(session, log.client_id)
    exercise_ids = set(session.scalars(select(SetLog.exercise_id).where(SetLog.workout_log_id == log.id).distinct()))
    session.execute(delete(SetLog).where(SetLog.workout_log_id == log.id))  # its records go with them (cascade)
    session.execute(delete(WorkoutLog).where(WorkoutLog.id == log.id))
    session.expunge(log)
    for exercise_id in sorted(exercise_ids):
        _replay(session, actor, log.client_id, exercise_id)
    audit.record(
        session,
        actor,
        "workout_log.delete",
        "client",
        log.client_id,
        {"workout_log_id": str(log.id), "performed_on": log.performed_on.isoformat(), "exercises": len(exercise_ids)},
    )


def complete_log(session: Session, *, actor: Actor, log: WorkoutLog) -> WorkoutLog:
    require_write_scope(actor)
    clients_service.require_client_not_archived(session, log.client_id)
    if log.status is WorkoutStatus.COMPLETED:
        return log
    _set_completed(log, True)
    log.updated_at = utcnow()
    session.flush()
    audit.record(session, actor, "workout_log.complete", "client", log.client_id, {"workout_log_id": str(log.id)})
    return log


# --- sets and personal records -----------------------------------------------------------------


def _exercise(session: Session, exercise_id: uuid.UUID) -> Exercise:
    exercise = session.get(Exercise, exercise_id)
    if exercise is None:
        raise ValidationFailed("exercise_id", "No exercise with this id.")
    return exercise


def _apply_set(row: SetLog, fields: dict[str, Any]) -> None:
    load, unit = fields.get("load"), fields.get("load_unit")
    row.exercise_id, row.position, row.set_number = fields["exercise_id"], fields["position"], fields["set_number"]
    row.reps, row.duration_seconds, row.distance_m = (
        fields.get("reps"),
        fields.get("duration_seconds"),
        fields.get("distance_m"),
    )
    unit = load_unit(unit) if load is not None else None
    row.load_kg = None if load is None or unit is None else to_kg(load, unit)
    row.load_unit = unit
    row.rpe, row.completed = fields.get("rpe"), fields.get("completed", True)


def _flush_sets(session: Session, conflict: str) -> None:
    """Write the pending sets; a set number already taken in the workout is a 409 with ``conflict``."""
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        raise Conflict(conflict) from exc


def _flush_set(session: Session, row: SetLog) -> None:
    _flush_sets(session, f"Set {row.set_number} of exercise {row.position} is already logged; edit that one.")


def _values(row: SetLog, exercise: Exercise) -> dict[Any, float]:
    if not row.completed:
        return {}
    return records.candidates(
        exercise.tracking, reps=row.reps, load_kg=row.load_kg, duration_seconds=row.duration_seconds
    )


def _record(row: SetLog, found: records.NewRecord) -> PersonalRecord:
    return PersonalRecord(
        id=uuid.uuid4(),
        client_id=row.client_id,
        exercise_id=row.exercise_id,
        kind=found.kind,
        value=found.value,
        previous_value=found.previous_value,
        set_log_id=row.id,
        achieved_at=row.performed_at,
    )


def _detect(session: Session, row: SetLog, exercise: Exercise) -> list[PersonalRecord]:
    """Compare one new set with the client's best of each kind on the exercise; store the records it sets."""
    values = _values(row, exercise)
    if not values:
        return []
    best = dict(
        session.execute(
            select(PersonalRecord.kind, func.max(PersonalRecord.value))
            .where(
                PersonalRecord.client_id == row.client_id,
                PersonalRecord.exercise_id == row.exercise_id,
                PersonalRecord.kind.in_(list(values)),
            )
            .group_by(PersonalRecord.kind)
        )
        .tuples()
        .all()
    )
    found = [_record(row, f) for f in records.new_records(values, best)]
    session.add_all(found)
    session.flush()
    return found


def _replay(session: Session, actor: Actor, client_id: uuid.UUID, exercise_id: uuid.UUID) -> None:
    """Rebuild a client's record history on one exercise from their sets, in the order they were done;
    goals on the exercise follow the corrected best."""
    session.execute(
        delete(PersonalRecord).where(PersonalRecord.client_id == client_id, PersonalRecord.exercise_id == exercise_id)
    )
    exercise = session.get(Exercise, exercise_id)
    assert exercise is not None  # foreign key
    best: dict[Any, float] = {}
    for row in session.scalars(
        select(SetLog)
        .where(SetLog.client_id == client_id, SetLog.exercise_id == exercise_id, SetLog.completed.is_(True))
        .order_by(SetLog.performed_at, SetLog.id)
    ):
        for found in records.new_records(_values(row, exercise), best):
            session.add(_record(row, found))
            best[found.kind] = found.value
    session.flush()
    # Progress's goals on the exercise follow the corrected best (a goal reached only through a typo reopens).
    domains.announce(
        "training.records_rebuilt", session=session, actor=actor, client_id=client_id, exercise_id=exercise_id
    )


AUDITED_SET_FIELDS = (
    "exercise_id",
    "position",
    "set_number",
    "reps",
    "load_kg",
    "load_unit",
    "duration_seconds",
    "distance_m",
    "rpe",
    "completed",
)


def _numbers(row: SetLog) -> dict[str, Any]:
    return {name: getattr(row, name) for name in AUDITED_SET_FIELDS}


def _planned_kg(log: WorkoutLog, exercise_id: uuid.UUID) -> float | None:
    """The heaviest weight the workout's plan prescribes for the exercise: a planned load is never a typo."""
    loads = [
        ex["load"]["value_kg"]
        for block in log.planned or []
        for ex in block.get("exercises", [])
        if ex.get("exercise_id") == str(exercise_id) and (ex.get("load") or {}).get("kind") == "weight"
    ]
    return max(loads, default=None)


def _check_set(
    session: Session, log: WorkoutLog, exercise: Exercise, fields: dict[str, Any], *, set_id: uuid.UUID | None = None
) -> None:
    """Refuse a set that cannot be right, and ask to confirm one that is probably a typo."""
    reps, load, unit = fields.get("reps"), fields.get("load"), fields.get("load_unit")
    if exercise.tracking in (Tracking.LOAD_REPS, Tracking.REPS) and load is not None and reps is None:
        raise ValidationFailed("reps", "Enter how many reps were done with this load.")
    if load is None or unit is None or fields.get("confirm_implausible"):
        return
    load_kg = to_kg(load, unit)
    planned = _planned_kg(log, exercise.id)
    if planned is not None and load_kg <= planned + records.TOLERANCE:
        return
    conditions = [
        SetLog.client_id == log.client_id,
        SetLog.exercise_id == exercise.id,
        SetLog.completed.is_(True),
        SetLog.reps >= 1,
        SetLog.load_kg > 0,
    ]
    if set_id is not None:
        conditions.append(SetLog.id != set_id)
    best = session.scalar(select(func.max(SetLog.load_kg)).where(*conditions))
    if best is None:
        if load_kg > FIRST_LOAD_LIMIT_KG:
            limit = round(display(FIRST_LOAD_LIMIT_KG, unit))  # 300 kg or 661 lb
            raise ImplausibleValue("load", f"That's more than almost anyone lifts (over {limit} {unit}).")
    elif load_kg > best * IMPLAUSIBLE_RATIO and load_kg - best >= IMPLAUSIBLE_STEP_KG:
        # Said of the client, not to them: a trainer logging for the client reads the same sentence.
        raise ImplausibleValue(
            "load", f"That's much more than the best of {display(best, unit):g} {unit} logged for this exercise."
        )


class LoggedSet(NamedTuple):
    """A set as entered or corrected, the personal records it newly holds, and its exercise's name (loaded
    anyway, so the answer needs no look-up of its own)."""

    row: SetLog
    new_records: list[PersonalRecord]
    exercise_name: str


def _performed_at(session: Session, log: WorkoutLog) -> tuple[datetime, bool]:
    """When a set entered now was done, and whether that is in the past: now in today's workout; in a back-dated
    one, its date at the time of day it is now where the business is (so its sets keep the order they were
    entered in, and charts and records put them on the workout's day)."""
    now = utcnow()
    zone = business_zone(session)
    local = now.astimezone(zone)
    if log.performed_on >= local.date():
        return now, False
    return local_to_utc(log.performed_on, local.time(), zone), True


def add_set(
    session: Session, *, actor: Actor, log: WorkoutLog, performed_at: datetime | None = None, **fields: Any
) -> LoggedSet:
    """Log one set. ``performed_at`` is for importers that add a history's sets in the order they were done (the
    demo studio); otherwise it is now, or the workout's day if it was back-dated."""
    require_write_scope(actor)
    clients_service.require_client_not_archived(session, log.client_id)
    exercise = _exercise(session, fields["exercise_id"])
    _check_set(session, log, exercise, fields)
    back_dated = False
    if performed_at is None:
        performed_at, back_dated = _performed_at(session, log)
    row = SetLog(id=uuid.uuid4(), workout_log_id=log.id, client_id=log.client_id, performed_at=performed_at)
    _apply_set(row, fields)
    session.add(row)
    _flush_set(session, row)
    if back_dated:  # records set since then may no longer be records: rebuild the history in order
        _replay(session, actor, log.client_id, row.exercise_id)
        found = _held(session, row.id)
    else:
        found = _detect(session, row, exercise)
    audit.record(
        session,
        actor,
        "workout_set.create",
        "client",
        log.client_id,
        {
            "workout_log_id": str(log.id),
            "set_id": str(row.id),
            "confirmed_implausible": bool(fields.get("confirm_implausible")),
        },
    )
    return LoggedSet(row, found, exercise.name)


def import_sets(session: Session, *, actor: Actor, log: WorkoutLog, sets: list[dict[str, Any]]) -> list[SetLog]:
    """Add a finished workout's sets as they were done, each at its own ``performed_at``: for importing a history
    (the demo studio). Loads are not questioned and records are not looked for set by set; the importer calls
    `rebuild_records` once the history is in, which finds the same records in one pass per exercise."""
    require_write_scope(actor)
    clients_service.require_client_not_archived(session, log.client_id)
    rows = []
    for fields in sets:
        exercise = _exercise(session, fields["exercise_id"])  # from the identity map after the first
        _check_set(session, log, exercise, {**fields, "confirm_implausible": True})
        row = SetLog(
            id=uuid.uuid4(), workout_log_id=log.id, client_id=log.client_id, performed_at=fields["performed_at"]
        )
        _apply_set(row, fields)
        rows.append(row)
    session.add_all(rows)
    _flush_sets(session, "Two of these sets have the same exercise position and set number.")
    audit.record(
        session,
        actor,
        "workout_set.import",
        "client",
        log.client_id,
        {"workout_log_id": str(log.id), "sets": len(rows)},
    )
    return rows


def rebuild_records(session: Session, *, actor: Actor, client_id: uuid.UUID, exercise_ids: set[uuid.UUID]) -> None:
    """Replay a client's record history on these exercises from their sets, after an import."""
    require_write_scope(actor)
    for exercise_id in sorted(exercise_ids):
        _replay(session, actor, client_id, exercise_id)


def _get_set(session: Session, log: WorkoutLog, set_id: uuid.UUID) -> SetLog:
    row = session.scalar(select(SetLog).where(SetLog.id == set_id, SetLog.workout_log_id == log.id))
    if row is None:
        raise NotFound("No such set in this workout.")
    return row


def _held(session: Session, set_id: uuid.UUID) -> list[PersonalRecord]:
    return list(session.scalars(select(PersonalRecord).where(PersonalRecord.set_log_id == set_id)))


def replace_set(session: Session, *, actor: Actor, log: WorkoutLog, set_id: uuid.UUID, **fields: Any) -> LoggedSet:
    """Correct a set; the records it newly holds afterwards are returned."""
    require_write_scope(actor)
    clients_service.require_client_not_archived(session, log.client_id)
    row = _get_set(session, log, set_id)
    exercise = _exercise(session, fields["exercise_id"])
    _check_set(session, log, exercise, fields, set_id=row.id)
    before = {(r.kind, r.value) for r in _held(session, row.id)}
    old = _numbers(row)
    _apply_set(row, fields)
    _flush_set(session, row)
    for exercise_id in {old["exercise_id"], row.exercise_id}:
        _replay(session, actor, log.client_id, exercise_id)
    new = _numbers(row)
    # Field names only: a set's numbers are health data and stay out of the audit trail.
    audit.record(
        session,
        actor,
        "workout_set.update",
        "client",
        log.client_id,
        {
            "workout_log_id": str(log.id),
            "set_id": str(row.id),
            "log_status": str(log.status),
            "fields": [name for name in AUDITED_SET_FIELDS if old[name] != new[name]],
            "confirmed_implausible": bool(fields.get("confirm_implausible")),
        },
    )
    return LoggedSet(row, [r for r in _held(session, row.id) if (r.kind, r.value) not in before], exercise.name)


def delete_set(session: Session, *, actor: Actor, log: WorkoutLog, set_id: uuid.UUID) -> None:
    require_write_scope(actor)
    clients_service.require_client_not_archived(session, log.client_id)
    row = _get_set(session, log, set_id)
    session.delete(row)
    session.flush()
    _replay(session, actor, log.client_id, row.exercise_id)
    audit.record(
        session,
        actor,
        "workout_set.delete",
        "client",
        log.client_id,
        {"workout_log_id": str(log.id), "set_id": str(set_id), "log_status": str(log.status)},
    )


def current_records(
    session: Session, *, client_id: uuid.UUID, exercise_id: uuid.UUID | None = None
) -> list[tuple[PersonalRecord, uuid.UUID]]:
    """The best record of each kind per exercise (earliest wins a tie), with the workout it was set in."""
    conditions = [PersonalRecord.client_id == client_id]
    if exercise_id is not None:
        conditions.append(PersonalRecord.exercise_id == exercise_id)
    rank = (
        func.row_number()
        .over(
            partition_by=(PersonalRecord.exercise_id, PersonalRecord.kind),
            order_by=(PersonalRecord.value.desc(), PersonalRecord.achieved_at, PersonalRecord.id),
        )
        .label("rank")
    )
    ranked = select(PersonalRecord.id.label("id"), rank).where(*conditions).subquery()
    rows = session.execute(
        select(PersonalRecord, SetLog.workout_log_id)
        .join(ranked, ranked.c.id == PersonalRecord.id)
        .join(SetLog, SetLog.id == PersonalRecord.set_log_id)
        .where(ranked.c.rank == 1)
        .order_by(PersonalRecord.exercise_id, PersonalRecord.kind)
    ).tuples()
    return list(rows)


def personal_records(
    session: Session, *, actor: Actor, client_id: uuid.UUID, exercise_id: uuid.UUID | None = None
) -> list[tuple[PersonalRecord, uuid.UUID]]:
    client_id = clients_service.visible_client_id(session, actor=actor, client_id=client_id)
    return current_records(session, client_id=client_id, exercise_id=exercise_id)


@dataclass(frozen=True)
class History:
    client_id: uuid.UUID
    exercise: Exercise
    last_log: WorkoutLog | None
    last_sets: list[SetLog]
    records: list[tuple[PersonalRecord, uuid.UUID]]


def exercise_history(
    session: Session,
    *,
    actor: Actor,
    client_id: uuid.UUID,
    exercise_id: uuid.UUID,
    exclude_log_id: uuid.UUID | None = None,
) -> History:
    """What the logger shows beside an exercise: last time's sets and the client's records on it."""
    client_id = clients_service.visible_client_id(session, actor=actor, client_id=client_id)
    exercise = session.get(Exercise, exercise_id)
    if exercise is None:
        raise NotFound("No such exercise.")
    stmt = select(WorkoutLog).where(
        WorkoutLog.client_id == client_id,
        exists().where(SetLog.workout_log_id == WorkoutLog.id, SetLog.exercise_id == exercise_id),
    )
    if exclude_log_id is not None:
        stmt = stmt.where(WorkoutLog.id != exclude_log_id)
    last = session.scalar(stmt.order_by(WorkoutLog.performed_on.desc(), WorkoutLog.created_at.desc()).limit(1))
    sets = (
        list(
            session.scalars(
                select(SetLog)
                .where(SetLog.workout_log_id == last.id, SetLog.exercise_id == exercise_id)
                .order_by(SetLog.position, SetLog.set_number)
            )
        )
        if last
        else []
    )
    return History(
        client_id, exercise, last, sets, current_records(session, client_id=client_id, exercise_id=exercise_id)
    )


def load_unit(value: str | None) -> LoadUnit | None:
    return "lb" if value == "lb" else "kg" if value == "kg" else None
