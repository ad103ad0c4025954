"""The API contract: the committed spec is current, the app honours it under fuzzing, and lists have no N+1."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .factories import Api, Factory, Person, count_queries

OPENAPI_PATH = Path(__file__).resolve().parents[1] / "openapi.json"
EXAMPLES_PER_OPERATION = 15
# These would end the signed-in admin's session (or change its password) half-way through the run.
SKIPPED_OPERATIONS = {"POST /api/v1/auth/logout", "POST /api/v1/auth/password"}
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]


# --- (a) the committed spec is the one the code generates ------------------------------------------


def test_committed_openapi_matches_the_code(app: Any) -> None:
    with app.app_context():
        generated = json.dumps(app.spec, indent=2, sort_keys=True) + "\n"
    committed = OPENAPI_PATH.read_text()
    assert committed == generated, "openapi.json is out of date: run `fitnesscrm openapi -o openapi.json`"


def test_served_spec_is_the_committed_one(anon: Api) -> None:
    response = anon.get("/api/v1/openapi.json")
    assert response.status_code == 200
    served = response.json
    assert served == json.loads(OPENAPI_PATH.read_text())
    assert served["openapi"].startswith("3.1")


# --- (b) schemathesis against the committed spec ----------------------------------------------------

SCHEMA = schemathesis.openapi.from_path(OPENAPI_PATH)
OPERATIONS = sorted(f"{op.method.upper()} {op.path}" for op in (result.ok() for result in SCHEMA.get_all_operations()))


# Who fuzzes, and how many cases per operation: every role, so that a route that fails only for a trainer or a
# client (a scope filter, a schema that does not fit a client's answer) is found; admins reach the most handlers.
EXAMPLES_PER_ROLE = {"admin": EXAMPLES_PER_OPERATION, "trainer": 5, "client": 5}


def fuzz_world(factory: Factory, role: str) -> dict[str, Any]:
    """A small business, signed in as ``role``: the trainer's client, an invitation and an API token, whose ids
    are offered as real path parameters."""
    trainer = factory.trainer()
    client = factory.client(trainer=trainer, account=True, tags=["Strength"], phone="020 7946 0958")
    admin = factory.admin()
    admin_api = factory.api(admin)
    newcomer = factory.trainer(account=False)
    invitation = admin_api.post(
        "/api/v1/auth/invitations", json={"role": "trainer", "trainer_id": str(newcomer.trainer_id)}
    )
    assert invitation.status_code == 201, invitation.json
    person = {"admin": admin, "trainer": trainer, "client": client}[role]
    api = admin_api if role == "admin" else factory.api(person)
    token = api.post("/api/v1/auth/tokens", json={"name": "fuzz", "scopes": ["read"]})
    assert token.status_code == 201, token.json
    cookie = api.client.get_cookie(factory.app.extensions["fitnesscrm"].settings.session_cookie_name)
    return {
        "cookies": {cookie.key: cookie.value},
        "headers": {"X-CSRF-Token": api.csrf or "", "If-Match": "*"},
        "path": {
            "client_id": str(client.client_id),
            "trainer_id": str(trainer.trainer_id),
            "invitation_id": invitation.json["id"],
            "token_id": token.json["id"],
        },
        "person": person,
    }


def test_every_operation_is_fuzzed_except_the_session_enders() -> None:
    assert set(OPERATIONS) >= SKIPPED_OPERATIONS, "a skipped operation no longer exists: update the list"
    assert len(OPERATIONS) - len(SKIPPED_OPERATIONS) >= 20


@pytest.mark.parametrize("role", list(EXAMPLES_PER_ROLE))
@pytest.mark.parametrize("label", [label for label in OPERATIONS if label not in SKIPPED_OPERATIONS])
def test_schemathesis(app: Any, factory: Factory, label: str, role: str) -> None:
    """Positive and negative cases, a third aimed at real records, as each role: no 5xx, responses (403s and
    scoped answers included) match the spec, and the caller's session survives."""
    world = fuzz_world(factory, role)
    method, path = label.split(" ", 1)
    operation = SCHEMA[path][method]
    runtime = app.extensions["fitnesscrm"]
    runtime.redis.flushdb()  # the default per-IP rate limit would otherwise cap a long run with 429s
    names = re.findall(r"{(\w+)}", path)
    # Ids of real records where the world has them, so some cases get past the 404 into the handler.
    real = {name: world["path"][name] for name in names if name in world["path"]}
    strategies = [operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)]
    if real and len(real) == len(names):
        strategies.append(operation.as_strategy(GenerationMode.POSITIVE, path_parameters=real))

    @settings(
        max_examples=EXAMPLES_PER_ROLE[role],
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
    )
    @given(case=st.one_of(strategies))
    def fuzz(case: Any) -> None:
        response = case.call(app=app, headers=world["headers"], cookies=world["cookies"])
        case.validate_response(response, checks=CHECKS)
        # A generated (bogus) bearer token overrides the cookie; otherwise 401 means the session was lost.
        if label != "POST /api/v1/auth/login" and "Authorization" not in (case.headers or {}):
            assert response.status_code != 401, response.text

    fuzz()
    # The session survived the run, so the cases above were really made as the signed-in role.
    client = app.test_client()
    for key, value in world["cookies"].items():
        client.set_cookie(key, value)
    me = client.get("/api/v1/auth/me")
    assert me.status_code == 200
    assert me.json["user"]["id"] == str(world["person"].user_id)


# --- (c) lists issue a constant number of queries ----------------------------------------------------


def _statements_for(app: Any, api: Api, url: str, limit: int, **query: str) -> list[str]:
    with count_queries(app) as statements:
        response = api.get(url, query_string={"limit": limit, **query})
    assert response.status_code == 200, response.json
    assert len(response.json["items"]) == limit
    return statements


def _assert_constant(app: Any, api: Api, url: str, **query: str) -> None:
    api.get(url, query_string={"limit": 1, **query})  # warm up: session touch, caches
    small = _statements_for(app, api, url, 5, **query)
    large = _statements_for(app, api, url, 50, **query)
    assert len(small) == len(large), "\n".join(["page of 5:", *small, "page of 50:", *large])
    assert len(large) <= 12, "\n".join(large)


def test_client_list_query_count_does_not_grow_with_page_size(app: Any, factory: Factory) -> None:
    trainers = [factory.trainer() for _ in range(3)]
    for i in range(55):
        factory.client(trainer=trainers[i % 3], account=i % 4 == 0, tags=["Strength", f"group-{i % 5}"])
    admin_api = factory.api(factory.admin())
    # A second trainer per client, so each item carries several assignments and trainer names.
    ids = [str(t.trainer_id) for t in trainers]
    for item in admin_api.get("/api/v1/clients", query_string={"limit": 100}).json["items"]:
        extra = trainers[(ids.index(item["primary_trainer_id"]) + 1) % 3]
        assert (
            admin_api.put(
                f"/api/v1/clients/{item['id']}/trainers/{extra.trainer_id}", json={"is_primary": False}
            ).status_code
            == 200
        )
    _assert_constant(app, admin_api, "/api/v1/clients")
    # Searching, by a fragment (trigram-served on PostgreSQL) or by a surname's start, changes nothing.
    _assert_constant(app, admin_api, "/api/v1/clients", q="example.com")
    _assert_constant(app, admin_api, "/api/v1/clients", q="cl")
    # A trainer's scoped list is no different.
    trainer_api = factory.api(trainers[0])
    trainer_api.get("/api/v1/clients", query_string={"limit": 1})
    small = _statements_for(app, trainer_api, "/api/v1/clients", 5)
    large = _statements_for(app, trainer_api, "/api/v1/clients", 30)
    assert len(small) == len(large)


def test_trainer_list_query_count_does_not_grow_with_page_size(app: Any, factory: Factory) -> None:
    people: list[Person] = [factory.trainer(account=i % 2 == 0) for i in range(55)]
    for i in range(20):
        factory.client(trainer=people[i])
    _assert_constant(app, factory.api(factory.admin()), "/api/v1/trainers")
    # Trainers see the directory (rates hidden per row): still constant.
    _assert_constant(app, factory.api(people[0]), "/api/v1/trainers")


def test_workout_and_programme_lists_query_count_does_not_grow_with_page_size(app: Any, factory: Factory) -> None:
    """The pickers page through these (programme grid, Assign dialog): each row's exercises, day counts and
    editability come from one query per page, not one per row."""
    from .training.authz_workouts import make_exercise, make_program, make_template, single

    trainer = factory.trainer()
    exercises = [make_exercise(factory.database, name=f"Exercise {i}") for i in range(3)]
    for i in range(55):
        owner = None if i % 5 == 0 else trainer  # some shared (admin-made) ones among the trainer's own
        template = make_template(
            factory.database,
            owner=owner,
            name=f"Workout {i:02}",
            blocks=[single(exercises[i % 3], sets=3), single(exercises[(i + 1) % 3], sets=2)],
        )
        make_program(factory.database, owner=owner, template_id=template, weeks=1, slots=((1, 1), (1, 4)))
    for url in ("/api/v1/workout-templates", "/api/v1/programs"):
        _assert_constant(app, factory.api(trainer), url)
        _assert_constant(app, factory.api(factory.admin()), url)


def test_schema_class_names_are_unique(app: Any) -> None:
    """The spec names components after their class: two models with one name would silently overwrite each
    other and the documented response would be the wrong one."""
    from pydantic import BaseModel

    seen: dict[str, str] = {}
    pending = list(BaseModel.__subclasses__())
    while pending:
        model = pending.pop()
        pending.extend(model.__subclasses__())
        if not model.__module__.startswith("fitnesscrm."):
            continue
        other = seen.setdefault(model.__name__, model.__module__)
        assert other == model.__module__, f"{model.__name__} is defined in both {other} and {model.__module__}"


def test_local_times_are_declared_as_what_is_sent() -> None:
    """Wall-clock times ("07:00") were declared `format: time`, RFC 3339's full-time, which needs an offset they
    never carry: response-conformance checks flagged every series and availability answer (issue 14, finding 11)."""
    spec = json.loads(OPENAPI_PATH.read_text())
    text = json.dumps(spec)
    assert '"format": "time"' not in text
    declared = {
        name: prop
        for schema in spec["components"]["schemas"].values()
        for name, prop in schema.get("properties", {}).items()
        if name in {"start_time", "end_time"}
    }
    assert declared
    for name, prop in declared.items():
        options = prop.get("anyOf", [prop])
        patterns = [option["pattern"] for option in options if option.get("type") == "string"]
        assert patterns, (name, prop)
        assert all(re.fullmatch(pattern, "07:00") and not re.fullmatch(pattern, "07:00+01:00") for pattern in patterns)
