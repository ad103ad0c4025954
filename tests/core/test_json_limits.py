"""Every JSON body has a depth limit (issue 14, finding 9): a few kilobytes of brackets used to exhaust the
recursive parser's stack, a 500 with a traceback per request, without signing in."""

from __future__ import annotations

import pytest

from fitnesscrm.web import MAX_JSON_DEPTH, json_too_deep

from ..factories import Api, Factory


def _nested(depth: int, *, kind: str = "array") -> str:
    if kind == "array":
        return "[" * depth + "]" * depth
    return '{"a":' * depth + "1" + "}" * depth


@pytest.mark.parametrize(
    ("depth", "kind"),
    [(MAX_JSON_DEPTH + 1, "array"), (5_000, "array"), (100_000, "array"), (5_000, "object")],
)
def test_a_body_nested_too_deep_is_a_400_problem_before_anyone_signs_in(anon: Api, depth: int, kind: str) -> None:
    response = anon.post("/api/v1/auth/login", data=_nested(depth, kind=kind), content_type="application/json")

    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/problem+json"
    assert response.json["detail"] == f"The JSON body nests more than {MAX_JSON_DEPTH} levels deep."


def test_a_signed_in_write_nested_too_deep_changes_nothing(factory: Factory, sql) -> None:
    api = factory.api(factory.admin())
    body = '{"first_name": "Ada", "last_name": "Lovelace", "tags": ' + _nested(4_000) + "}"

    response = api.post("/api/v1/clients", data=body, content_type="application/json")

    assert response.status_code == 400
    assert sql("SELECT count(*) AS n FROM clients")[0].n == 0


def test_nesting_up_to_the_limit_is_parsed_and_left_to_the_schema(anon: Api) -> None:
    response = anon.post("/api/v1/auth/login", data=_nested(MAX_JSON_DEPTH), content_type="application/json")

    assert response.status_code == 422  # parsed: the schema says what is wrong with it


def test_depth_is_counted_without_recursion() -> None:
    deep: list = []
    for _ in range(50_000):
        deep = [deep]
    assert json_too_deep(deep)
    assert not json_too_deep({"blocks": [{"exercises": [{"load": {"kind": "weight", "value_kg": 60}}]}]})
    assert json_too_deep([[[1]]], limit=2)
    assert not json_too_deep([[[1]]], limit=3)
