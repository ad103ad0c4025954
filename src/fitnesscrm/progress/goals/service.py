"""Goals: a target on a metric or on an exercise's estimated 1RM. Progress is computed, never stored.

progress_percent = (current - start) / (target - start), clamped to 0..100: a weight-loss goal from 90 kg
to 80 kg at 85 kg is 50 %. A *reach* goal must land on the target (within 1 % of it); overshooting lowers
its progress again. A goal becomes ``achieved`` the first time its current value reaches the target.
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import Select, bindparam, func, select, update
from sqlalchemy.orm import Session

from ...core import audit
from ...core.actor import Actor
from ...core.db import utcnow
from ...core.errors import NotFound, ValidationFailed
from ...core.pagination import Page, paginate
from ...training import read as training_read
from ...training.read import ExerciseNames
from .. import units
from ..metrics import service as metrics_service
from ..models import Goal, GoalDirection, GoalStatus, Measurement, MetricDefinition, Quantity
from ..policy import visible_client, writable_client
from ..units import unit_system

audit.register_subject_labels("goal", audit.column_labels(Goal.id, Goal.title))

REACH_TOLERANCE = 0.01  # a reach goal counts as reached within 1 % of its target
MAX_MILESTONES = 20


# --- pure progress arithmetic ------------------------------------------------------------------


def is_reached(direction: GoalDirection, start: float, target: float, current: float | None) -> bool:
    if current is None:
        return False
    if direction is GoalDirection.INCREASE:
        return current >= target
    if direction is GoalDirection.DECREASE:
        return current <= target
    return abs(current - target) <= max(abs(target) * REACH_TOLERANCE, 1e-9)


def progress_percent(direction: GoalDirection, start: float, target: float, current: float | None) -> float:
    if current is None:
        return 0.0
    if is_reached(direction, start, target, current):
        return 100.0
    span = target - start
    if span == 0:
        return 0.0
    # A reach goal counts distance to the target, so overshooting it lowers the progress again.
    reach = direction is GoalDirection.REACH
    fraction = 1 - abs(target - current) / abs(span) if reach else (current - start) / span
    return round(max(0.0, min(1.0, fraction)) * 100, 1)


def milestone_reached(start: float, target: float, milestone: float, current: float | None) -> bool:
    """A milestone on the way from start to target is passed once the current value is beyond it."""
    if current is None:
        return False
    return current >= milestone if target >= start else current <= milestone


# --- views -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalView:
    goal: Goal
    quantity: Quantity
    unit: str
    metric: MetricDefinition | None
    exercise_name: str | None
    current: float | None  # canonical
    progress_percent: float
    reached: bool

    def show(self, canonical: float | None) -> float | None:
        if canonical is None:
            return None
        return units.shown(units.from_canonical(self.quantity, canonical, self.unit))

    def milestones(self) -> list[dict[str, Any]]:
        g = self.goal
        return [
            {
                "value": self.show(m["value"]),
                "label": m.get("label") or "",
                "reached": milestone_reached(g.start_value, g.target_value, m["value"], self.current),
            }
            for m in g.milestones or []
        ]


def current_values(session: Session, *, client_id: uuid.UUID, goals: list[Goal]) -> dict[uuid.UUID, float | None]:
    """Latest measurement per metric and best estimated 1RM per exercise: two queries for any number of goals."""
    metric_ids = {g.metric_id for g in goals if g.metric_id}
    exercise_ids = {g.exercise_id for g in goals if g.exercise_id}
    latest: dict[uuid.UUID, float] = {}
    if metric_ids:
        ranked = (
            select(
                Measurement.metric_id,
                Measurement.value,
                func.row_number()
                .over(
                    partition_by=Measurement.metric_id, order_by=(Measurement.measured_at.desc(), Measurement.id.desc())
                )
                .label("rn"),
            )
            .where(Measurement.client_id == client_id, Measurement.metric_id.in_(metric_ids))
            .subquery()
        )
        # The value column is encrypted: select it through the mapped type so it is decrypted on load.
        rows = session.execute(select(ranked.c.metric_id, ranked.c.value).where(ranked.c.rn == 1))
        latest = {metric_id: float(value) for metric_id, value in rows}
    best = training_read.best_estimated_1rms(session, client_id, exercise_ids)
    return {
        g.id: latest.get(g.metric_id) if g.metric_id else best.get(g.exercise_id)  # type: ignore[arg-type]
        for g in goals
    }


def describe(session: Session, *, actor: Actor, client_id: uuid.UUID, goals: list[Goal]) -> list[GoalView]:
    """Progress for a page of one client's goals in a constant number of queries; marks newly reached goals."""
    if not goals:
        return []
    currents = current_values(session, client_id=client_id, goals=goals)
    metric_ids = {g.metric_id for g in goals if g.metric_id}
    metrics = {m.id: m for m in session.scalars(select(MetricDefinition).where(MetricDefinition.id.in_(metric_ids)))}
    exercise_ids = {g.exercise_id for g in goals if g.exercise_id}
    names = training_read.exercise_names(session, exercise_ids)
    described = [
        (
            goal,
            metrics.get(goal.metric_id) if goal.metric_id else None,
            names.get(goal.exercise_id) if goal.exercise_id else None,
            currents.get(goal.id),
        )
        for goal in goals
    ]
    return _views(session, actor=actor, system=unit_system(session, actor), described=described)


def client_goals(session: Session, *, actor: Actor, client_id: uuid.UUID, system: str, limit: int) -> list[GoalView]:
    """The client's goals that are not abandoned, newest first, with their progress: one statement (the metric and
    exercise joined, the current value as correlated sub-queries), for the progress charts."""
    rows = session.execute(_client_goals_statement(limit), {"client_id": client_id})
    described = [
        (goal, metric, exercise_name, (None if measured is None else float(measured)) if goal.metric_id else best)
        for goal, metric, exercise_name, measured, best in rows
    ]
    return _views(session, actor=actor, system=system, described=described)


@functools.cache
def _client_goals_statement(limit: int) -> Select[Any]:
    """Built once (the client is bound per request): building it costs more than running it."""
    latest_measurement = (
        # The value column is encrypted: the sub-query keeps its mapped type, so it is decrypted on load.
        select(Measurement.value)
        .where(Measurement.client_id == Goal.client_id, Measurement.metric_id == Goal.metric_id)
        .order_by(Measurement.measured_at.desc(), Measurement.id.desc())
        .limit(1)
        .correlate(Goal)
        .scalar_subquery()
    )
    best_1rm = training_read.best_estimated_1rm(Goal.client_id, Goal.exercise_id)
    return (
        select(Goal, MetricDefinition, ExerciseNames.name, latest_measurement, best_1rm)
        .outerjoin(MetricDefinition, MetricDefinition.id == Goal.metric_id)
        .outerjoin(ExerciseNames.table, ExerciseNames.id == Goal.exercise_id)
        .where(Goal.client_id == bindparam("client_id"), Goal.status != GoalStatus.ABANDONED)
        .order_by(Goal.created_at.desc(), Goal.id.desc())
        .limit(limit)
    )


def _views(
    session: Session,
    *,
    actor: Actor,
    system: str,
    described: list[tuple[Goal, MetricDefinition | None, str | None, float | None]],
) -> list[GoalView]:
    """Views of (goal, its metric, its exercise's name, its current value); marks the newly reached goals."""
    reached_ids = {
        g.id for g, _, _, current in described if is_reached(g.direction, g.start_value, g.target_value, current)
    }
    for goal in sorted((g for g, *_ in described if g.id in reached_ids), key=lambda g: g.id):
        _mark_achieved(session, actor, goal)  # in id order, as refresh_status does: two readers cannot deadlock
    views = []
    for goal, metric, exercise_name, current in described:
        quantity = metric.quantity if metric else Quantity.MASS
        views.append(
            GoalView(
                goal=goal,
                quantity=quantity,
                unit=units.display_unit(quantity, system),
                metric=metric,
                exercise_name=exercise_name,
                current=current,
                progress_percent=progress_percent(goal.direction, goal.start_value, goal.target_value, current),
                reached=goal.id in reached_ids,
            )
        )
    return views


def _mark_achieved(session: Session, actor: Actor, goal: Goal) -> None:
    """Mark a reached goal achieved, once: reads that notice it at the same moment (a client's phone and their
    trainer's screen) race for the row, and only the one whose update still finds it active records the event."""
    if goal.status is not GoalStatus.ACTIVE:
        return
    now = utcnow()
    won = session.execute(
        update(Goal)
        .where(Goal.id == goal.id, Goal.status == GoalStatus.ACTIVE)
        .values(status=GoalStatus.ACHIEVED, achieved_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    session.refresh(goal, ["status", "achieved_at", "updated_at"])  # the stored version: its ETag matches
    if won:
        audit.record(session, actor, "goal.achieved", "goal", goal.id, {"client_id": str(goal.client_id)})


def refresh_status(
    session: Session,
    *,
    actor: Actor,
    client_id: uuid.UUID,
    metric_id: uuid.UUID | None = None,
    exercise_id: uuid.UUID | None = None,
) -> None:
    """Mark active goals on this metric or exercise that the newest value reaches (after a new measurement)."""
    stmt = select(Goal).where(Goal.client_id == client_id, Goal.status == GoalStatus.ACTIVE)
    if metric_id is not None:
        stmt = stmt.where(Goal.metric_id == metric_id)
    if exercise_id is not None:
        stmt = stmt.where(Goal.exercise_id == exercise_id)
    goals = list(session.scalars(stmt.order_by(Goal.id)))  # id order: concurrent markers lock rows alike
    if goals:
        currents = current_values(session, client_id=client_id, goals=goals)
        for goal in goals:
            if is_reached(goal.direction, goal.start_value, goal.target_value, currents.get(goal.id)):
                _mark_achieved(session, actor, goal)


def recheck_exercise_goals(session: Session, *, actor: Actor, client_id: uuid.UUID, exercise_id: uuid.UUID) -> None:
    """After a set is corrected or deleted: a goal reached only through the wrong value is active again."""
    goals = list(
        session.scalars(
            select(Goal).where(
                Goal.client_id == client_id, Goal.exercise_id == exercise_id, Goal.status == GoalStatus.ACHIEVED
            )
        )
    )
    if not goals:
        return
    currents = current_values(session, client_id=client_id, goals=goals)
    for goal in goals:
        if not is_reached(goal.direction, goal.start_value, goal.target_value, currents.get(goal.id)):
            goal.status, goal.achieved_at, goal.updated_at = GoalStatus.ACTIVE, None, utcnow()
            audit.record(
                session,
                actor,
                "goal.reopened",
                "goal",
                goal.id,
                {"client_id": str(goal.client_id), "reason": "record corrected"},
            )


# --- reads and writes --------------------------------------------------------------------------


def list_goals(
    session: Session,
    *,
    actor: Actor,
    client_id: uuid.UUID,
    status: GoalStatus | None = None,
    limit: int = 25,
    cursor: str | None = None,
) -> Page[Goal]:
    client = visible_client(session, actor=actor, client_id=client_id)
    stmt = select(Goal).where(Goal.client_id == client.id)
    if status is not None:
        stmt = stmt.where(Goal.status == status)
    return paginate(
        session, stmt, sort_column=Goal.created_at, id_column=Goal.id, descending=True, limit=limit, cursor=cursor
    )


def get_goal(session: Session, *, actor: Actor, goal_id: uuid.UUID) -> Goal:
    goal = session.get(Goal, goal_id)
    if goal is None:
        raise NotFound("No such goal.")
    try:
        visible_client(session, actor=actor, client_id=goal.client_id)
    except NotFound:
        raise NotFound("No such goal.") from None
    return goal


class _Exercise(NamedTuple):
    id: uuid.UUID
    name: str


def _subject(
    session: Session, metric_id: uuid.UUID | None, metric: str | None, exercise_id: uuid.UUID | None
) -> tuple[MetricDefinition | None, _Exercise | None]:
    if sum(x is not None for x in (metric_id, metric, exercise_id)) != 1:
        raise ValidationFailed("metric_id", "Send exactly one of metric_id, metric (a key) or exercise_id.")
    if exercise_id is not None:
        name = training_read.exercise_name(session, exercise_id)
        if name is None:
            raise ValidationFailed("exercise_id", "Unknown exercise.")
        return None, _Exercise(exercise_id, name)
    ref = metric_id or metric or ""
    return metrics_service.resolve_metric(session, ref=ref, field="metric_id" if metric_id else "metric"), None


def _check_shape(direction: GoalDirection, start: float, target: float) -> None:
    if direction is GoalDirection.INCREASE and not target > start:
        raise ValidationFailed("target_value", "An increase goal needs a target above the start value.")
    if direction is GoalDirection.DECREASE and not target < start:
        raise ValidationFailed("target_value", "A decrease goal needs a target below the start value.")


def _milestones(
    quantity: Quantity, unit: str, start: float, target: float, raw: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    if len(raw) > MAX_MILESTONES:
        raise ValidationFailed("milestones", f"At most {MAX_MILESTONES} milestones.")
    low, high = sorted((start, target))
    out = []
    for i, item in enumerate(raw):
        value = units.to_canonical(quantity, float(item["value"]), unit, field=f"milestones.{i}.value")
        if not low <= value <= high:
            raise ValidationFailed(f"milestones.{i}.value", "A milestone must lie between the start and the target.")
        out.append({"value": value, "label": (item.get("label") or "").strip()[:120]})
    # In the order they will be passed on the way to the target.
    return sorted(out, key=lambda m: m["value"], reverse=target < start)


def create_goal(
    session: Session,
    *,
    actor: Actor,
    client_id: uuid.UUID,
    direction: GoalDirection,
    target_value: float,
    unit: str | None = None,
    title: str | None = None,
    metric_id: uuid.UUID | None = None,
    metric: str | None = None,
    exercise_id: uuid.UUID | None = None,
    start_value: float | None = None,
    start_date: date | None = None,
    deadline: date | None = None,
    milestones: list[dict[str, Any]] | None = None,
) -> Goal:
    client = writable_client(session, actor=actor, client_id=client_id)
    definition, exercise = _subject(session, metric_id, metric, exercise_id)
    quantity = definition.quantity if definition else Quantity.MASS
    unit = units.check_unit(quantity, unit or units.display_unit(quantity, unit_system(session, actor)))
    direction = GoalDirection(direction)
    target = units.to_canonical(quantity, target_value, unit, field="target_value")
    if start_value is not None:
        start = units.to_canonical(quantity, start_value, unit, field="start_value")
    else:
        probe = Goal(
            id=uuid.uuid4(),
            metric_id=definition.id if definition else None,
            exercise_id=exercise.id if exercise else None,
        )
        current = current_values(session, client_id=client.id, goals=[probe])[probe.id]
        if current is None:
            raise ValidationFailed("start_value", "Nothing recorded yet to start from: send start_value.")
        start = current
    _check_shape(direction, start, target)
    start_date = start_date or utcnow().date()
    if deadline is not None and deadline < start_date:
        raise ValidationFailed("deadline", "The deadline must not be before the start date.")
    name = definition.name if definition else f"{exercise.name if exercise else ''} 1RM"
    goal = Goal(
        client_id=client.id,
        metric_id=definition.id if definition else None,
        exercise_id=exercise.id if exercise else None,
        direction=direction,
        start_value=start,
        target_value=target,
        display_unit=unit,
        start_date=start_date,
        deadline=deadline,
        title=(title or "").strip() or f"{name}: {units.shown(target_value)} {unit}",
        milestones=_milestones(quantity, unit, start, target, milestones or []),
        status=GoalStatus.ACTIVE,
        created_by_id=actor.user_id,
    )
    session.add(goal)
    session.flush()
    audit.record(session, actor, "goal.create", "goal", goal.id, {"client_id": str(client.id)})
    return goal


def update_goal(session: Session, *, actor: Actor, goal: Goal, **fields: Any) -> Goal:
    writable_client(session, actor=actor, client_id=goal.client_id)
    metric = session.get(MetricDefinition, goal.metric_id) if goal.metric_id else None
    quantity = metric.quantity if metric else Quantity.MASS
    unit = units.check_unit(quantity, fields.get("unit") or goal.display_unit)
    if "title" in fields:
        title = (fields["title"] or "").strip()
        if not title:
            raise ValidationFailed("title", "This field is required.")
        goal.title = title
    if fields.get("target_value") is not None:
        goal.target_value = units.to_canonical(quantity, fields["target_value"], unit, field="target_value")
        goal.display_unit = unit
    if fields.get("start_value") is not None:
        goal.start_value = units.to_canonical(quantity, fields["start_value"], unit, field="start_value")
    _check_shape(goal.direction, goal.start_value, goal.target_value)
    if "deadline" in fields:
        if fields["deadline"] is not None and fields["deadline"] < goal.start_date:
            raise ValidationFailed("deadline", "The deadline must not be before the start date.")
        goal.deadline = fields["deadline"]
    if fields.get("milestones") is not None:
        goal.milestones = _milestones(quantity, unit, goal.start_value, goal.target_value, fields["milestones"])
    elif any(
        not min(goal.start_value, goal.target_value) <= m["value"] <= max(goal.start_value, goal.target_value)
        for m in goal.milestones or []
    ):
        raise ValidationFailed("milestones", "Some milestones fall outside the new range: send the milestones too.")
    if fields.get("status") is not None:
        status = GoalStatus(fields["status"])
        if status is GoalStatus.ACHIEVED:
            raise ValidationFailed("status", "A goal is achieved when its value reaches the target.")
        goal.status = status
        goal.achieved_at = None
    goal.updated_at = utcnow()
    audit.record(session, actor, "goal.update", "goal", goal.id, {"fields": sorted(fields)})
    return goal


def delete_goal(session: Session, *, actor: Actor, goal: Goal) -> None:
    writable_client(session, actor=actor, client_id=goal.client_id)
    session.delete(goal)
    audit.record(session, actor, "goal.delete", "goal", goal.id, {"client_id": str(goal.client_id)})
