"""Programmes, their assignment to clients, and the client's plan (assignments expanded into dated workouts).

Programmes follow the templates' ownership rule: a trainer's own are theirs to edit, an admin's are shared
and read-only for trainers. Assignments are scoped by client like everything about a client: trainers
handle their assigned clients, clients read their own.
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from ...clients import service as clients_service
from ...core import audit, search
from ...core.actor import Actor, Role
from ...core.business import business_today
from ...core.db import utcnow
from ...core.errors import Conflict, NotFound, ValidationFailed
from ...core.pagination import Page, paginate
from ...core.policy import require_role, require_write_scope
from ...scheduling.appointments import service as appointments_service
from .. import policy
from ..models import (
    AssignmentStatus,
    Program,
    ProgramAssignment,
    ProgramDay,
    WorkoutLog,
    WorkoutStatus,
    WorkoutTemplate,
)
from ..workouts import service as workouts_service

audit.register_subject_labels("program", audit.column_labels(Program.id, Program.name))

MAX_WEEKS = 52
MAX_PLAN_DAYS = 92


# --- progression -------------------------------------------------------------------------------


def progressed(blocks: list[dict[str, Any]], week: int, progression: dict[str, Any]) -> list[dict[str, Any]]:
    """A copy of ``blocks`` for programme week ``week``: weights + (week-1) x kg step, rep targets + (week-1) x step.

    Percent-of-1RM and RPE loads are already relative, so they are left alone; targets never drop below
    1 rep or 0 kg.
    """
    steps = max(week - 1, 0)
    load_step = float(progression.get("load_kg_per_week") or 0) * steps
    reps_step = int(progression.get("reps_per_week") or 0) * steps
    result = copy.deepcopy(blocks)
    if not load_step and not reps_step:
        return result
    for block in result:
        for ex in block.get("exercises", []):
            load = ex.get("load")
            if load_step and load is not None and load.get("kind") == "weight":
                load["value_kg"] = max(0.0, load["value_kg"] + load_step)
            if reps_step:
                for key in ("reps_min", "reps_max"):
                    if ex.get(key) is not None:
                        ex[key] = max(1, ex[key] + reps_step)
    return result


def program_day_for(start_date: date, on: date) -> tuple[int, int]:
    """(week, day) of ``on`` in a programme started on ``start_date`` (both 1-based)."""
    offset = (on - start_date).days
    return offset // 7 + 1, offset % 7 + 1


# --- programmes --------------------------------------------------------------------------------


def _clean_progression(progression: dict[str, Any] | None) -> dict[str, Any]:
    return {key: value for key, value in (progression or {}).items() if value}


def list_programs(
    session: Session,
    *,
    actor: Actor,
    q: str | None = None,
    archived: bool = False,
    limit: int = 25,
    cursor: str | None = None,
) -> Page[Program]:
    stmt = select(Program).where(*policy.staff_scope(actor, Program.owner_trainer_id))
    stmt = stmt.where(Program.archived_at.is_not(None) if archived else Program.archived_at.is_(None))
    if q and q.strip():
        stmt = stmt.where(search.matches(q, func.lower(Program.name)))
    return paginate(
        session, stmt, sort_column=Program.name, id_column=Program.id, descending=False, limit=limit, cursor=cursor
    )


def day_counts(session: Session, program_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    if not program_ids:
        return {}
    rows = (
        session.execute(
            select(ProgramDay.program_id, func.count())
            .where(ProgramDay.program_id.in_(program_ids))
            .group_by(ProgramDay.program_id)
        )
        .tuples()
        .all()
    )
    return dict(rows)


def template_names(session: Session, template_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not template_ids:
        return {}
    rows = (
        session.execute(select(WorkoutTemplate.id, WorkoutTemplate.name).where(WorkoutTemplate.id.in_(template_ids)))
        .tuples()
        .all()
    )
    return dict(rows)


def get_program(session: Session, *, actor: Actor, program_id: uuid.UUID) -> Program:
    program = session.scalar(
        select(Program).where(Program.id == program_id, *policy.staff_scope(actor, Program.owner_trainer_id))
    )
    if program is None:
        raise NotFound("No such programme.")
    return program


def _check_days(session: Session, actor: Actor, weeks: int, days: list[dict[str, Any]]) -> list[ProgramDay]:
    """Validate a grid: each (week, day) once, within the programme, of live templates the actor may use."""
    wanted = {d["template_id"] for d in days}
    usable = (
        set(
            session.scalars(
                select(WorkoutTemplate.id).where(
                    WorkoutTemplate.id.in_(wanted),
                    WorkoutTemplate.archived_at.is_(None),
                    *policy.staff_scope(actor, WorkoutTemplate.owner_trainer_id),
                )
            )
        )
        if wanted
        else set()
    )
    seen: set[tuple[int, int]] = set()
    rows = []
    for i, d in enumerate(days):
        slot = (d["week"], d["day"])
        if d["week"] > weeks:
            raise ValidationFailed(f"days[{i}].week", f"The programme has {weeks} week(s).")
        if slot in seen:
            raise ValidationFailed(f"days[{i}]", f"Week {slot[0]}, day {slot[1]} is given twice.")
        if d["template_id"] not in usable:
            raise ValidationFailed(f"days[{i}].template_id", "No live workout template with this id that you may use.")
        seen.add(slot)
        rows.append(ProgramDay(id=uuid.uuid4(), week=d["week"], day=d["day"], template_id=d["template_id"]))
    return sorted(rows, key=lambda row: (row.week, row.day))  # the relationship's order, before any reload


def _set_days(session: Session, program: Program, rows: list[ProgramDay]) -> None:
    program.days.clear()
    session.flush()  # delete the old grid before inserting the new one (unique week/day)
    program.days.extend(rows)


def create_program(
    session: Session,
    *,
    actor: Actor,
    name: str,
    weeks: int,
    description: str | None = None,
    progression: dict[str, Any] | None = None,
    days: list[dict[str, Any]] | None = None,
) -> Program:
    require_role(actor, Role.ADMIN, Role.TRAINER)
    require_write_scope(actor)
    name = name.strip()
    if not name:
        raise ValidationFailed("name", "This field is required.")
    program = Program(
        id=uuid.uuid4(),
        name=name,
        description=(description or "").strip() or None,
        weeks=weeks,
        progression=_clean_progression(progression),
        owner_trainer_id=policy.new_owner(actor),
        days=_check_days(session, actor, weeks, days or []),
    )
    session.add(program)
    session.flush()
    audit.record(session, actor, "program.create", "program", program.id)
    return program


def update_program(session: Session, *, actor: Actor, program: Program, **fields: Any) -> Program:
    policy.require_edit(actor, program.owner_trainer_id, "programme")
    if "name" in fields:
        name = (fields["name"] or "").strip()
        if not name:
            raise ValidationFailed("name", "This field is required.")
        program.name = name
    if "description" in fields:
        program.description = (fields["description"] or "").strip() or None
    if "progression" in fields:
        program.progression = _clean_progression(fields["progression"])
    if fields.get("weeks") is not None:
        last_used = max((d.week for d in program.days), default=0)
        if fields["weeks"] < last_used:
            raise ValidationFailed("weeks", f"Week {last_used} still has workouts; remove them before shortening.")
        program.weeks = fields["weeks"]
    program.updated_at = utcnow()
    session.flush()
    audit.record(session, actor, "program.update", "program", program.id, {"fields": sorted(fields)})
    return program


def replace_days(session: Session, *, actor: Actor, program: Program, days: list[dict[str, Any]]) -> Program:
    policy.require_edit(actor, program.owner_trainer_id, "programme")
    _set_days(session, program, _check_days(session, actor, program.weeks, days))
    program.updated_at = utcnow()
    session.flush()
    audit.record(session, actor, "program.days", "program", program.id, {"days": len(days)})
    return program


def duplicate_week(session: Session, *, actor: Actor, program: Program, week: int, to: int | None = None) -> Program:
    """Copy week ``week``'s workouts onto week ``to`` (replacing its days) or onto a new last week."""
    policy.require_edit(actor, program.owner_trainer_id, "programme")
    if not 1 <= week <= program.weeks:
        raise NotFound(f"The programme has no week {week}.")
    if to is None:
        if program.weeks >= MAX_WEEKS:
            raise Conflict(f"A programme has at most {MAX_WEEKS} weeks.")
        program.weeks += 1
        to = program.weeks
    elif to > program.weeks:
        raise ValidationFailed("to", f"The programme has {program.weeks} week(s); copy onto one of them or a new one.")
    elif to == week:
        raise ValidationFailed("to", "Copy a week onto a different week.")
    kept = [(d.week, d.day, d.template_id) for d in program.days if d.week != to]
    copied = [(to, d.day, d.template_id) for d in program.days if d.week == week]
    _set_days(
        session,
        program,
        [
            ProgramDay(id=uuid.uuid4(), week=w, day=dd, template_id=t)
            for w, dd, t in sorted(kept + copied, key=lambda x: (x[0], x[1]))
        ],
    )
    program.updated_at = utcnow()
    session.flush()
    audit.record(session, actor, "program.duplicate_week", "program", program.id, {"week": week, "to": to})
    return program


def set_archived(session: Session, *, actor: Actor, program: Program, archived: bool) -> Program:
    policy.require_edit(actor, program.owner_trainer_id, "programme")
    if archived == (program.archived_at is not None):
        return program
    program.archived_at = utcnow() if archived else None
    program.updated_at = utcnow()
    session.flush()
    audit.record(session, actor, "program.archive" if archived else "program.restore", "program", program.id)
    return program


# --- assignments -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentView:
    assignment: ProgramAssignment
    title: str
    end_date: date


def list_assignments(
    session: Session,
    *,
    actor: Actor,
    client_id: uuid.UUID | None = None,
    status: AssignmentStatus | None = None,
    limit: int = 25,
    cursor: str | None = None,
) -> Page[ProgramAssignment]:
    stmt = select(ProgramAssignment).where(*policy.visible_assignments(actor))
    if client_id is not None:
        stmt = stmt.where(ProgramAssignment.client_id == client_id)
    if status is not None:
        stmt = stmt.where(ProgramAssignment.status == status)
    return paginate(
        session,
        stmt,
        sort_column=ProgramAssignment.created_at,
        id_column=ProgramAssignment.id,
        descending=True,
        limit=limit,
        cursor=cursor,
    )


def get_assignment(session: Session, *, actor: Actor, assignment_id: uuid.UUID) -> ProgramAssignment:
    assignment = session.scalar(
        select(ProgramAssignment).where(ProgramAssignment.id == assignment_id, *policy.visible_assignments(actor))
    )
    if assignment is None:
        raise NotFound("No such assignment.")
    return assignment


def describe_assignments(session: Session, assignments: list[ProgramAssignment]) -> list[AssignmentView]:
    """Titles and end dates for a page of assignments in two queries."""
    program_ids = {a.program_id for a in assignments if a.program_id}
    programs = (
        {
            row.id: row
            for row in session.execute(
                select(Program.id, Program.name, Program.weeks).where(Program.id.in_(program_ids))
            )
        }
        if program_ids
        else {}
    )
    templates = template_names(session, {a.template_id for a in assignments if a.template_id})
    views = []
    for a in assignments:
        if a.program_id is not None:
            program = programs[a.program_id]
            views.append(AssignmentView(a, program.name, a.start_date + timedelta(days=program.weeks * 7 - 1)))
        else:
            views.append(AssignmentView(a, templates.get(a.template_id, ""), a.start_date))  # type: ignore[arg-type]
    return views


def _check_booking(session: Session, *, client_id: uuid.UUID, appointment_id: uuid.UUID) -> None:
    """The session must be one the client holds a place on, and it must still be scheduled."""
    booked = appointments_service.holds_place(session, client_id=client_id, appointment_id=appointment_id)
    if not booked:
        raise ValidationFailed("appointment_id", "The client has no booking on this session.")
    taken = session.scalar(
        select(ProgramAssignment.id)
        .where(
            ProgramAssignment.appointment_id == appointment_id,
            ProgramAssignment.client_id == client_id,
            ProgramAssignment.status == AssignmentStatus.ACTIVE,
        )
        .limit(1)
    )
    if taken is not None:
        raise Conflict("This session already has a planned workout for the client; cancel that one first.")


def create_assignment(
    session: Session,
    *,
    actor: Actor,
    client_id: uuid.UUID,
    start_date: date,
    program_id: uuid.UUID | None = None,
    template_id: uuid.UUID | None = None,
    appointment_id: uuid.UUID | None = None,
    notes: str | None = None,
) -> ProgramAssignment:
    require_role(actor, Role.ADMIN, Role.TRAINER)
    require_write_scope(actor)
    client = clients_service.get_client(session, actor=actor, client_id=client_id)
    if client.archived_at is not None:
        raise Conflict("Archived clients are read-only; restore the client first.")
    if (program_id is None) == (template_id is None):
        raise ValidationFailed("program_id", "Give exactly one of program_id and template_id.")
    if program_id is not None:
        if appointment_id is not None:
            raise ValidationFailed("appointment_id", "Only a single workout can be attached to a session.")
        if get_program(session, actor=actor, program_id=program_id).archived_at is not None:
            raise Conflict("This programme is archived; restore it before assigning it.")
    else:
        template = workouts_service.get_template(session, actor=actor, template_id=template_id)  # type: ignore[arg-type]
        if template.archived_at is not None:
            raise Conflict("This workout template is archived; restore it before assigning it.")
    if appointment_id is not None:
        _check_booking(session, client_id=client.id, appointment_id=appointment_id)
    assignment = ProgramAssignment(
        id=uuid.uuid4(),
        client_id=client.id,
        program_id=program_id,
        template_id=template_id,
        start_date=start_date,
        appointment_id=appointment_id,
        status=AssignmentStatus.ACTIVE,
        notes=(notes or "").strip() or None,
        assigned_by_id=actor.user_id,
    )
    session.add(assignment)
    session.flush()
    audit.record(
        session, actor, "program_assignment.create", "client", client.id, {"assignment_id": str(assignment.id)}
    )
    return assignment


def cancel_assignment(session: Session, *, actor: Actor, assignment: ProgramAssignment) -> ProgramAssignment:
    require_role(actor, Role.ADMIN, Role.TRAINER)
    require_write_scope(actor)
    if assignment.status is AssignmentStatus.CANCELLED:
        return assignment
    if assignment.status is AssignmentStatus.COMPLETED:
        raise Conflict("This assignment is already completed.")
    assignment.status = AssignmentStatus.CANCELLED
    assignment.updated_at = utcnow()
    session.flush()
    audit.record(
        session,
        actor,
        "program_assignment.cancel",
        "client",
        assignment.client_id,
        {"assignment_id": str(assignment.id)},
    )
    return assignment


# --- the client's plan -------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedWorkout:
    date: date
    assignment: ProgramAssignment
    template: WorkoutTemplate
    title: str
    week: int | None
    day: int | None
    blocks: list[dict[str, Any]]  # stored form, progression applied
    log: WorkoutLog | None


@dataclass(frozen=True)
class Planned:
    """What one assignment prescribes on one date (for snapshotting into a workout log)."""

    template: WorkoutTemplate
    title: str
    week: int | None
    day: int | None
    blocks: list[dict[str, Any]]


def planned_on(session: Session, *, assignment: ProgramAssignment, on: date) -> Planned:
    """The prescription of ``assignment`` on ``on``; 422 when it plans nothing that day."""
    if assignment.template_id is not None:
        template = session.get(WorkoutTemplate, assignment.template_id)
        assert template is not None  # foreign key
        return Planned(template, template.name, None, None, copy.deepcopy(template.blocks))
    program = session.get(Program, assignment.program_id)
    assert program is not None
    week, day = program_day_for(assignment.start_date, on)
    slot = next((d for d in program.days if (d.week, d.day) == (week, day)), None)
    if on < assignment.start_date or week > program.weeks or slot is None:
        raise ValidationFailed("performed_on", "The programme plans no workout on this date.")
    template = session.get(WorkoutTemplate, slot.template_id)
    assert template is not None
    return Planned(
        template,
        f"{template.name} · week {week}, day {day}",
        week,
        day,
        progressed(template.blocks, week, program.progression),
    )


def plan(
    session: Session, *, actor: Actor, client_id: uuid.UUID, start: date | None = None, end: date | None = None
) -> tuple[date, date, list[PlannedWorkout]]:
    """The client's active assignments expanded into dated workouts from ``start`` to ``end`` (inclusive).

    Defaults: from today (business time zone) for a week.
    """
    client_id = clients_service.visible_client_id(session, actor=actor, client_id=client_id)
    start = start or business_today(session)
    end = end or start + timedelta(days=6)
    if end < start:
        raise ValidationFailed("to", "`to` must not be before `from`.")
    if (end - start).days >= MAX_PLAN_DAYS:
        raise ValidationFailed("to", f"Ask for at most {MAX_PLAN_DAYS} days at a time.")
    assignments = list(
        session.scalars(
            select(ProgramAssignment)
            .where(
                ProgramAssignment.client_id == client_id,
                ProgramAssignment.status == AssignmentStatus.ACTIVE,
                ProgramAssignment.start_date <= end,
                or_(ProgramAssignment.program_id.is_not(None), ProgramAssignment.start_date >= start),
            )
            .order_by(ProgramAssignment.created_at, ProgramAssignment.id)
        )
    )
    program_ids = {a.program_id for a in assignments if a.program_id}
    programs = (
        {
            p.id: p
            for p in session.scalars(
                select(Program).where(Program.id.in_(program_ids)).options(selectinload(Program.days))
            )
        }
        if program_ids
        else {}
    )

    slots: list[tuple[date, ProgramAssignment, uuid.UUID, int | None, int | None]] = []
    for a in assignments:
        if a.template_id is not None:
            slots.append((a.start_date, a, a.template_id, None, None))
            continue
        for d in programs[a.program_id].days:  # type: ignore[index]
            on = a.start_date + timedelta(days=(d.week - 1) * 7 + d.day - 1)
            if start <= on <= end:
                slots.append((on, a, d.template_id, d.week, d.day))
    templates = (
        {t.id: t for t in session.scalars(select(WorkoutTemplate).where(WorkoutTemplate.id.in_({s[2] for s in slots})))}
        if slots
        else {}
    )
    logs: dict[tuple[uuid.UUID, date], WorkoutLog] = {}
    if slots:
        for log in session.scalars(
            select(WorkoutLog)
            .where(
                WorkoutLog.assignment_id.in_({a.id for a in assignments}), WorkoutLog.performed_on.between(start, end)
            )
            .order_by(WorkoutLog.created_at)
        ):
            logs.setdefault((log.assignment_id, log.performed_on), log)  # type: ignore[arg-type]

    result = []
    for on, a, template_id, week, day in sorted(slots, key=lambda s: s[0]):
        template = templates[template_id]
        if week is None:
            blocks, title = copy.deepcopy(template.blocks), template.name
        else:
            blocks = progressed(template.blocks, week, programs[a.program_id].progression)  # type: ignore[index]
            title = f"{template.name} · week {week}, day {day}"
        result.append(PlannedWorkout(on, a, template, title, week, day, blocks, logs.get((a.id, on))))
    return start, end, result


def plan_status(item: PlannedWorkout) -> str:
    if item.log is None:
        return "planned"
    return "completed" if item.log.status is WorkoutStatus.COMPLETED else "in_progress"
