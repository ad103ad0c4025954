"""Authorisation rows for workout templates, programmes, assignments, plans and workout logs, plus the small
builders of training data that the training tests share (made through the services, as staff would)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from fitnesscrm.core.actor import Actor, Role
from fitnesscrm.core.db import utcnow
from fitnesscrm.training.logs import service as logs_service
from fitnesscrm.training.models import (
    Difficulty,
    Exercise,
    ExerciseCategory,
    Mechanics,
    Program,
    Tracking,
    WorkoutLog,
    WorkoutTemplate,
)
from fitnesscrm.training.programs import service as programs_service
from fitnesscrm.training.workouts import service as workouts_service

from ..authz import ALLOW, E401, E403, E404, Req, World, etag
from ..factories import Person
from ..factories import count_queries as count_queries  # re-exported for the workout tests

SYSTEM = Actor.system("test")
TEMPLATES, PROGRAMS, ASSIGNMENTS, LOGS = (
    "/api/v1/workout-templates",
    "/api/v1/programs",
    "/api/v1/program-assignments",
    "/api/v1/workout-logs",
)


# --- builders ----------------------------------------------------------------------------------


def actor_for(person: Person | None) -> Actor:
    """The service-level actor of a trainer (their own templates), or the system admin (shared ones)."""
    if person is None:
        return SYSTEM
    return Actor(user_id=person.user_id, role=Role.TRAINER, email=person.email, trainer_id=person.trainer_id)


def make_exercise(
    database: Any, *, name: str = "Back squat", tracking: Tracking = Tracking.LOAD_REPS, archived: bool = False
) -> uuid.UUID:
    with database.session() as s:
        exercise = Exercise(
            id=uuid.uuid4(),
            name=name,
            category=ExerciseCategory.STRENGTH,
            difficulty=Difficulty.INTERMEDIATE,
            mechanics=Mechanics.COMPOUND,
            tracking=tracking,
            search_text=name.lower(),
            archived_at=utcnow() if archived else None,
        )
        s.add(exercise)
        return exercise.id


def single(exercise_id: uuid.UUID | str, **targets: Any) -> dict[str, Any]:
    """One "single" block as the API takes it."""
    return {"kind": "single", "exercises": [{"exercise_id": str(exercise_id), **targets}]}


def _service_blocks(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {**b, "exercises": [{**e, "exercise_id": uuid.UUID(str(e["exercise_id"]))} for e in b["exercises"]]}
        for b in blocks
    ]


def make_template(
    database: Any,
    *,
    owner: Person | None,
    exercise_id: uuid.UUID | None = None,
    name: str = "Lower body A",
    blocks: list[dict[str, Any]] | None = None,
    archived: bool = False,
) -> uuid.UUID:
    if blocks is None:
        exercise_id = exercise_id or make_exercise(database)
        blocks = [
            single(exercise_id, sets=3, reps_min=5, reps_max=5, load={"kind": "weight", "value": 100, "unit": "kg"})
        ]
    with database.session() as s:
        actor = actor_for(owner)
        template = workouts_service.create_template(s, actor=actor, name=name, blocks=_service_blocks(blocks))
        if archived:
            workouts_service.set_archived(s, actor=actor, template=template, archived=True)
        return template.id


def make_program(
    database: Any,
    *,
    owner: Person | None,
    template_id: uuid.UUID | None = None,
    weeks: int = 2,
    slots: tuple[tuple[int, int], ...] = ((1, 1), (1, 3), (2, 1), (2, 3)),
    progression: dict[str, Any] | None = None,
    archived: bool = False,
) -> uuid.UUID:
    template_id = template_id or make_template(database, owner=owner)
    with database.session() as s:
        actor = actor_for(owner)
        program = programs_service.create_program(
            s,
            actor=actor,
            name="Strength block",
            weeks=weeks,
            progression=progression,
            days=[{"week": w, "day": d, "template_id": template_id} for w, d in slots],
        )
        if archived:
            programs_service.set_archived(s, actor=actor, program=program, archived=True)
        return program.id


def make_assignment(
    database: Any,
    *,
    client_id: uuid.UUID | None,
    start_date: date,
    program_id: uuid.UUID | None = None,
    template_id: uuid.UUID | None = None,
) -> uuid.UUID:
    assert client_id is not None
    with database.session() as s:
        return programs_service.create_assignment(
            s, actor=SYSTEM, client_id=client_id, start_date=start_date, program_id=program_id, template_id=template_id
        ).id


def make_log(database: Any, *, client_id: uuid.UUID | None, title: str = "Gym floor", **fields: Any) -> uuid.UUID:
    assert client_id is not None
    with database.session() as s:
        return logs_service.create_log(s, actor=SYSTEM, client_id=client_id, title=title, **fields).id


def make_set(database: Any, *, log_id: uuid.UUID, exercise_id: uuid.UUID, **fields: Any) -> uuid.UUID:
    values = {"position": 1, "set_number": 1, "reps": 5, "load": 100.0, "load_unit": "kg", **fields}
    with database.session() as s:
        log = s.get(WorkoutLog, log_id)
        return logs_service.add_set(s, actor=SYSTEM, log=log, exercise_id=exercise_id, **values).row.id


# --- matrix ------------------------------------------------------------------------------------

STAFF_LIST = (E401, E403, ALLOW, ALLOW, ALLOW)
OWNED = (E401, E403, ALLOW, E404, ALLOW)  # the trainer's own template/programme: others never see it
CLIENT_READ = (E401, ALLOW, ALLOW, E404, ALLOW)  # about the trainer's client: client reads, other trainer 404
CLIENT_STAFF_WRITE = (E401, E403, ALLOW, E404, ALLOW)
EVERYONE = (E401, ALLOW, ALLOW, ALLOW, ALLOW)  # lists, scoped to what each may see

MATRIX: dict[str, tuple[str, str, str, str, str]] = {
    # route                                                                  anonymous client trainer other admin
    "GET /api/v1/workout-templates": STAFF_LIST,
    "POST /api/v1/workout-templates": STAFF_LIST,
    "GET /api/v1/workout-templates/<uuid:template_id>": OWNED,
    "PATCH /api/v1/workout-templates/<uuid:template_id>": OWNED,
    "POST /api/v1/workout-templates/<uuid:template_id>/archive": OWNED,
    "POST /api/v1/workout-templates/<uuid:template_id>/restore": OWNED,
    "POST /api/v1/workout-templates/<uuid:template_id>/duplicate": OWNED,
    "GET /api/v1/programs": STAFF_LIST,
    "POST /api/v1/programs": STAFF_LIST,
    "GET /api/v1/programs/<uuid:program_id>": OWNED,
    "PATCH /api/v1/programs/<uuid:program_id>": OWNED,
    "PUT /api/v1/programs/<uuid:program_id>/days": OWNED,
    "POST /api/v1/programs/<uuid:program_id>/weeks/<int:week>/duplicate": OWNED,
    "POST /api/v1/programs/<uuid:program_id>/archive": OWNED,
    "POST /api/v1/programs/<uuid:program_id>/restore": OWNED,
    "GET /api/v1/program-assignments": EVERYONE,
    "POST /api/v1/program-assignments": CLIENT_STAFF_WRITE,
    "GET /api/v1/program-assignments/<uuid:assignment_id>": CLIENT_READ,
    "POST /api/v1/program-assignments/<uuid:assignment_id>/cancel": CLIENT_STAFF_WRITE,
    "GET /api/v1/clients/<uuid:client_id>/plan": CLIENT_READ,
    "GET /api/v1/workout-logs": EVERYONE,
    "POST /api/v1/workout-logs": CLIENT_READ,
    "GET /api/v1/workout-logs/<uuid:log_id>": CLIENT_READ,
    "PATCH /api/v1/workout-logs/<uuid:log_id>": CLIENT_READ,
    "DELETE /api/v1/workout-logs/<uuid:log_id>": CLIENT_READ,  # whoever may edit it
    "POST /api/v1/workout-logs/<uuid:log_id>/complete": CLIENT_READ,
    "POST /api/v1/workout-logs/<uuid:log_id>/sets": CLIENT_READ,
    "PUT /api/v1/workout-logs/<uuid:log_id>/sets/<uuid:set_id>": CLIENT_READ,
    "DELETE /api/v1/workout-logs/<uuid:log_id>/sets/<uuid:set_id>": CLIENT_READ,
    "GET /api/v1/clients/<uuid:client_id>/exercises/<uuid:exercise_id>/history": CLIENT_READ,
    "GET /api/v1/clients/<uuid:client_id>/personal-records": CLIENT_READ,
}


def _template(w: World, *, archived: bool = False) -> uuid.UUID:
    return make_template(w.factory.database, owner=w.people["trainer"], archived=archived)


def _program(w: World, *, archived: bool = False) -> uuid.UUID:
    return make_program(w.factory.database, owner=w.people["trainer"], archived=archived)


def _assignment(w: World) -> uuid.UUID:
    return make_assignment(
        w.factory.database, client_id=w.client_id, start_date=date(2026, 12, 7), program_id=_program(w)
    )


def _log(w: World) -> uuid.UUID:
    return make_log(w.factory.database, client_id=w.client_id)


def _set_url(w: World) -> str:
    log_id = _log(w)
    set_id = make_set(w.factory.database, log_id=log_id, exercise_id=make_exercise(w.factory.database))
    return f"{LOGS}/{log_id}/sets/{set_id}"


def _new_set(w: World) -> dict[str, Any]:
    return {
        "exercise_id": str(make_exercise(w.factory.database)),
        "position": 1,
        "set_number": 1,
        "reps": 8,
        "load": 135,
        "load_unit": "lb",
        "rpe": 8,
    }


def _edit(w: World, model: type, path: str, object_id: uuid.UUID, body: dict[str, Any], method: str = "PATCH") -> Req:
    return Req(method, f"{path}/{object_id}", body, etag(w, model, object_id))


def _program_days(w: World) -> Req:
    program_id = _program(w)
    template_id = _template(w)
    days = [{"week": 1, "day": 2, "template_id": str(template_id)}]
    return Req("PUT", f"{PROGRAMS}/{program_id}/days", {"days": days}, etag(w, Program, program_id))


REQUESTS: dict[str, Callable[[World, str], Req]] = {
    "GET /api/v1/workout-templates": lambda w, a: Req("GET", TEMPLATES),
    "POST /api/v1/workout-templates": lambda w, a: Req(
        "POST", TEMPLATES, {"name": "Upper A", "blocks": [single(make_exercise(w.factory.database), sets=3, reps=8)]}
    ),
    "GET /api/v1/workout-templates/<uuid:template_id>": lambda w, a: Req("GET", f"{TEMPLATES}/{_template(w)}"),
    "PATCH /api/v1/workout-templates/<uuid:template_id>": lambda w, a: _edit(
        w, WorkoutTemplate, TEMPLATES, _template(w), {"name": "Lower body B"}
    ),
    "POST /api/v1/workout-templates/<uuid:template_id>/archive": lambda w, a: Req(
        "POST", f"{TEMPLATES}/{_template(w)}/archive"
    ),
    "POST /api/v1/workout-templates/<uuid:template_id>/restore": lambda w, a: Req(
        "POST", f"{TEMPLATES}/{_template(w, archived=True)}/restore"
    ),
    "POST /api/v1/workout-templates/<uuid:template_id>/duplicate": lambda w, a: Req(
        "POST", f"{TEMPLATES}/{_template(w)}/duplicate", {}
    ),
    "GET /api/v1/programs": lambda w, a: Req("GET", PROGRAMS),
    "POST /api/v1/programs": lambda w, a: Req("POST", PROGRAMS, {"name": "Beginner 4 weeks", "weeks": 4}),
    "GET /api/v1/programs/<uuid:program_id>": lambda w, a: Req("GET", f"{PROGRAMS}/{_program(w)}"),
    "PATCH /api/v1/programs/<uuid:program_id>": lambda w, a: _edit(
        w, Program, PROGRAMS, _program(w), {"progression": {"load_kg_per_week": 2.5}}
    ),
    "PUT /api/v1/programs/<uuid:program_id>/days": lambda w, a: _program_days(w),
    "POST /api/v1/programs/<uuid:program_id>/weeks/<int:week>/duplicate": lambda w, a: Req(
        "POST", f"{PROGRAMS}/{_program(w)}/weeks/1/duplicate"
    ),
    "POST /api/v1/programs/<uuid:program_id>/archive": lambda w, a: Req("POST", f"{PROGRAMS}/{_program(w)}/archive"),
    "POST /api/v1/programs/<uuid:program_id>/restore": lambda w, a: Req(
        "POST", f"{PROGRAMS}/{_program(w, archived=True)}/restore"
    ),
    "GET /api/v1/program-assignments": lambda w, a: Req("GET", ASSIGNMENTS),
    "POST /api/v1/program-assignments": lambda w, a: Req(
        "POST", ASSIGNMENTS, {"client_id": str(w.client_id), "program_id": str(_program(w)), "start_date": "2026-12-07"}
    ),
    "GET /api/v1/program-assignments/<uuid:assignment_id>": lambda w, a: Req("GET", f"{ASSIGNMENTS}/{_assignment(w)}"),
    "POST /api/v1/program-assignments/<uuid:assignment_id>/cancel": lambda w, a: Req(
        "POST", f"{ASSIGNMENTS}/{_assignment(w)}/cancel"
    ),
    "GET /api/v1/clients/<uuid:client_id>/plan": lambda w, a: Req("GET", f"/api/v1/clients/{w.client_id}/plan"),
    "GET /api/v1/workout-logs": lambda w, a: Req("GET", LOGS),
    "POST /api/v1/workout-logs": lambda w, a: Req("POST", LOGS, {"client_id": str(w.client_id), "title": "Park run"}),
    "GET /api/v1/workout-logs/<uuid:log_id>": lambda w, a: Req("GET", f"{LOGS}/{_log(w)}"),
    "PATCH /api/v1/workout-logs/<uuid:log_id>": lambda w, a: _edit(
        w, WorkoutLog, LOGS, _log(w), {"notes": "Felt strong"}
    ),
    "DELETE /api/v1/workout-logs/<uuid:log_id>": lambda w, a: _edit(w, WorkoutLog, LOGS, _log(w), None, "DELETE"),
    "POST /api/v1/workout-logs/<uuid:log_id>/complete": lambda w, a: Req("POST", f"{LOGS}/{_log(w)}/complete"),
    "POST /api/v1/workout-logs/<uuid:log_id>/sets": lambda w, a: Req("POST", f"{LOGS}/{_log(w)}/sets", _new_set(w)),
    "PUT /api/v1/workout-logs/<uuid:log_id>/sets/<uuid:set_id>": lambda w, a: Req("PUT", _set_url(w), _new_set(w)),
    "DELETE /api/v1/workout-logs/<uuid:log_id>/sets/<uuid:set_id>": lambda w, a: Req("DELETE", _set_url(w)),
    "GET /api/v1/clients/<uuid:client_id>/exercises/<uuid:exercise_id>/history": lambda w, a: Req(
        "GET", f"/api/v1/clients/{w.client_id}/exercises/{make_exercise(w.factory.database)}/history"
    ),
    "GET /api/v1/clients/<uuid:client_id>/personal-records": lambda w, a: Req(
        "GET", f"/api/v1/clients/{w.client_id}/personal-records"
    ),
}
