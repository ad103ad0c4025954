"""Authorisation rows for the exercise library: everyone signed in reads; staff add custom exercises; a trainer
changes only the ones they created (an admin any custom one)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from fitnesscrm.core.actor import Actor, Role
from fitnesscrm.training.exercises import service as exercise_service
from fitnesscrm.training.models import Exercise

from ..authz import ALLOW, E401, E403, Req, World, etag

CUSTOM = {
    "name": "Band-resisted sprint",
    "category": "cardio",
    "primary_muscles": ["quads", "glutes"],
    "secondary_muscles": ["calves"],
    "equipment": ["band"],
    "tracking": "distance_time",
}


def staff_actor(w: World, who: str) -> Actor:
    person = w.people[who]
    role = Role.ADMIN if who == "admin" else Role.TRAINER
    return Actor(user_id=person.user_id, role=role, email=person.email, trainer_id=person.trainer_id)


def make_custom(database: Any, actor: Actor, *, archived: bool = False, **fields: Any) -> uuid.UUID:
    with database.session() as s:
        exercise = exercise_service.create_exercise(s, actor=actor, **{**CUSTOM, **fields})
        if archived:
            exercise_service.set_archived(s, actor=actor, exercise=exercise, archived=True)
        return exercise.id


def _trainers_exercise(w: World, *, archived: bool = False) -> uuid.UUID:
    return make_custom(w.factory.database, staff_actor(w, "trainer"), archived=archived)


def _url(exercise_id: uuid.UUID, suffix: str = "") -> str:
    return f"/api/v1/exercises/{exercise_id}{suffix}"


def _patch(w: World, a: str) -> Req:
    exercise_id = _trainers_exercise(w)
    return Req("PATCH", _url(exercise_id), {"difficulty": "intermediate"}, etag(w, Exercise, exercise_id))


EVERYONE = (E401, ALLOW, ALLOW, ALLOW, ALLOW)
OWNER_OR_ADMIN = (E401, E403, ALLOW, E403, ALLOW)  # the exercise was created by `trainer`

MATRIX: dict[str, tuple[str, str, str, str, str]] = {
    # route                                                   anonymous client trainer other_tr admin
    "GET /api/v1/exercises": EVERYONE,
    "POST /api/v1/exercises": (E401, E403, ALLOW, ALLOW, ALLOW),
    "GET /api/v1/exercises/facets": EVERYONE,
    "GET /api/v1/exercises/<uuid:exercise_id>": EVERYONE,
    "PATCH /api/v1/exercises/<uuid:exercise_id>": OWNER_OR_ADMIN,
    "POST /api/v1/exercises/<uuid:exercise_id>/archive": OWNER_OR_ADMIN,
    "POST /api/v1/exercises/<uuid:exercise_id>/restore": OWNER_OR_ADMIN,
}

REQUESTS: dict[str, Callable[[World, str], Req]] = {
    "GET /api/v1/exercises": lambda w, a: Req("GET", "/api/v1/exercises?q=sprint"),
    "POST /api/v1/exercises": lambda w, a: Req("POST", "/api/v1/exercises", CUSTOM),
    "GET /api/v1/exercises/facets": lambda w, a: Req("GET", "/api/v1/exercises/facets"),
    "GET /api/v1/exercises/<uuid:exercise_id>": lambda w, a: Req("GET", _url(_trainers_exercise(w))),
    "PATCH /api/v1/exercises/<uuid:exercise_id>": _patch,
    "POST /api/v1/exercises/<uuid:exercise_id>/archive": lambda w, a: Req(
        "POST", _url(_trainers_exercise(w), "/archive")
    ),
    "POST /api/v1/exercises/<uuid:exercise_id>/restore": lambda w, a: Req(
        "POST", _url(_trainers_exercise(w, archived=True), "/restore")
    ),
}
