"""Who may see and change trainer profiles: staff see the whole directory, a client only their own trainers;
admins create and change any profile, a trainer a few fields of their own; the hourly rate is shown to admins and
the trainer themself only."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import exists

from ..core.actor import Actor
from ..core.errors import PermissionDenied
from ..core.policy import require_admin_writer, require_authenticated, require_write_scope
from .models import Trainer, TrainerAssignment

# What a trainer may change on their own profile.
SELF_EDITABLE = frozenset({"phone", "bio", "specialities", "certifications"})

require_manager = require_admin_writer  # create trainers, assign clients


def visible_trainers(actor: Actor) -> list[Any]:
    require_authenticated(actor)
    if actor.is_client:
        return [
            exists().where(TrainerAssignment.trainer_id == Trainer.id, TrainerAssignment.client_id == actor.client_id)
        ]
    return []


def require_profile_editor(actor: Actor, trainer_id: uuid.UUID, fields: Iterable[str]) -> None:
    require_write_scope(actor)
    if actor.is_admin:
        return
    if not (actor.is_trainer and actor.trainer_id == trainer_id):
        raise PermissionDenied("Only admins can change other trainers.")
    if not set(fields) <= SELF_EDITABLE:
        raise PermissionDenied("Trainers may change only their phone, bio, specialities and certifications.")


def sees_rate(actor: Actor, trainer_id: uuid.UUID) -> bool:
    return actor.is_admin or actor.trainer_id == trainer_id
