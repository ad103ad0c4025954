"""The exercise routes under fuzzing (against the live spec, so it runs before openapi.json is regenerated), and
a list whose query count does not grow with the page size."""

from __future__ import annotations

import json
import re
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

from fitnesscrm.training.exercises.library import sync_builtin_library

from ..factories import Factory, count_queries
from .authz_exercises import CUSTOM

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]
EXAMPLES_PER_OPERATION = 25


def _operations(app: Any) -> list[str]:
    with app.app_context():
        spec = json.loads(json.dumps(app.spec))
    return sorted(
        f"{method.upper()} {path}"
        for path, item in spec["paths"].items()
        if path.startswith("/api/v1/exercises")
        for method in item
        if method != "parameters"
    )


@pytest.fixture
def world(factory: Factory) -> dict[str, Any]:
    with factory.database.session() as s:
        sync_builtin_library(s)
    admin = factory.admin()
    api = factory.api(admin)
    custom = api.post("/api/v1/exercises", json=CUSTOM)
    assert custom.status_code == 201, custom.json
    cookie = api.client.get_cookie(factory.app.extensions["fitnesscrm"].settings.session_cookie_name)
    return {
        "cookies": {cookie.key: cookie.value},
        "headers": {"X-CSRF-Token": api.csrf or "", "If-Match": "*"},
        "exercise_id": custom.json["id"],
    }


def test_every_exercise_operation_is_fuzzed(app: Any) -> None:
    assert len(_operations(app)) == 7


@pytest.mark.parametrize(
    "label",
    [
        "GET /api/v1/exercises",
        "POST /api/v1/exercises",
        "GET /api/v1/exercises/facets",
        "GET /api/v1/exercises/{exercise_id}",
        "PATCH /api/v1/exercises/{exercise_id}",
        "POST /api/v1/exercises/{exercise_id}/archive",
        "POST /api/v1/exercises/{exercise_id}/restore",
    ],
)
def test_schemathesis(app: Any, world: dict[str, Any], label: str) -> None:
    """Positive and negative cases, plus positive ones aimed at a real exercise: no 5xx, responses match."""
    assert label in _operations(app)
    with app.app_context():
        schema = schemathesis.openapi.from_dict(json.loads(json.dumps(app.spec)))
    method, path = label.split(" ", 1)
    operation = schema[path][method]
    app.extensions["fitnesscrm"].redis.flushdb()  # keep the per-IP rate limit out of the way
    strategies = [operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)]
    if re.search(r"{exercise_id}", path):
        strategies.append(
            operation.as_strategy(GenerationMode.POSITIVE, path_parameters={"exercise_id": world["exercise_id"]})
        )

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
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

    fuzz()


def test_list_query_count_does_not_grow_with_page_size(app: Any, factory: Factory) -> None:
    with factory.database.session() as s:
        sync_builtin_library(s)
    api = factory.api(factory.trainer())
    api.get("/api/v1/exercises", query_string={"limit": 1})  # warm up
    counts = []
    for limit in (5, 50):
        with count_queries(app) as statements:
            response = api.get("/api/v1/exercises", query_string={"limit": limit, "muscle": "glutes"})
        assert response.status_code == 200
        assert len(response.json["items"]) == limit
        counts.append(len(statements))
    assert counts[0] == counts[1]
    assert counts[1] <= 6
