"""Who may do what in training.

- Workout logs and programme assignments are client data: ``core.policy.client_scope`` (admins all, trainers
  their assigned clients, clients their own).
- Templates and programmes are staff tools: admins see and edit all; a trainer sees their own and the shared ones
  (made by admins) and edits only their own; clients see none (403). What a trainer creates is theirs.
- Custom exercises: staff create them; admins edit any, a trainer those they created; built-in ones nobody edits.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import or_

from ..core.actor import Actor, Role
from ..core.errors import PermissionDenied
from ..core.policy import client_rows, require_role, require_write_scope
from ..staff import service as staff_service
from .models import Exercise, ProgramAssignment, WorkoutLog


def visible_logs(actor: Actor) -> list[Any]:
    return client_rows(actor, WorkoutLog.client_id, staff_service.clients_of_trainer_filter)


def visible_assignments(actor: Actor) -> list[Any]:
    return client_rows(actor, ProgramAssignment.client_id, staff_service.clients_of_trainer_filter)


def staff_scope(actor: Actor, owner_column: Any) -> list[Any]:
    """Staff only (clients: 403). Admins see everything; trainers their own rows and the shared ones."""
    require_role(actor, Role.ADMIN, Role.TRAINER)
    if actor.is_admin:
        return []
    return [or_(owner_column == actor.trainer_id, owner_column.is_(None))]


def can_edit(actor: Actor, owner_trainer_id: uuid.UUID | None) -> bool:
    return actor.is_admin or (
        actor.is_trainer and owner_trainer_id is not None and owner_trainer_id == actor.trainer_id
    )


def require_edit(actor: Actor, owner_trainer_id: uuid.UUID | None, what: str = "template") -> None:
    require_write_scope(actor)
    if not can_edit(actor, owner_trainer_id):
        raise PermissionDenied(f"Shared {what}s are read-only for trainers; duplicate it to make your own.")


def new_owner(actor: Actor) -> uuid.UUID | None:
    """What a staff member creates is theirs; an admin's creations are shared."""
    return actor.trainer_id if actor.is_trainer else None


def require_exercise_editable(actor: Actor, exercise: Exercise) -> None:
    require_role(actor, Role.ADMIN, Role.TRAINER)
    require_write_scope(actor)
    if exercise.is_builtin:
        raise PermissionDenied("Built-in exercises are read-only. Create a custom exercise to use your own version.")
    if not actor.is_admin and (exercise.created_by_id is None or exercise.created_by_id != actor.user_id):
        raise PermissionDenied("Trainers can change only the custom exercises they created; ask an admin.")


def can_edit_exercise(actor: Actor, exercise: Exercise) -> bool:
    """For the UI: the same rule as ``require_exercise_editable``, as a yes/no."""
    try:
        require_exercise_editable(actor, exercise)
    except PermissionDenied:
        return False
    return True
