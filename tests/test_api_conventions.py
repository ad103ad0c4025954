"""The API conventions of docs/api/conventions.md, checked once for every operation of the committed spec.

Like the authorisation matrix, a new endpoint inherits these checks by being in ``openapi.json``.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import pytest

from fitnesscrm.app import openapi_path

from .factories import Api, Factory
from .test_api_contract import OPENAPI_PATH

SPEC = json.loads(OPENAPI_PATH.read_text())
METHODS = ("get", "post", "put", "patch", "delete")
OPERATIONS = [
    (method.upper(), path, operation)
    for path, item in sorted(SPEC["paths"].items())
    for method, operation in item.items()
    if method in METHODS
]
PROTECTED = [
    pytest.param(method, path, id=f"{method} {path}")
    for method, path, operation in OPERATIONS
    if operation.get("security") != []
]


def _placeholder(parameter: dict[str, Any]) -> str:
    schema = parameter["schema"]
    if schema.get("format") == "uuid":
        return str(uuid.uuid4())
    if schema.get("type") == "integer":
        return "1"
    return "x"


def _url(path: str, operation: dict[str, Any]) -> str:
    values = {p["name"]: _placeholder(p) for p in operation.get("parameters", []) if p["in"] == "path"}
    return re.sub(r"{([^}]+)}", lambda m: values[m.group(1)], path)


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_an_anonymous_caller_is_asked_to_sign_in_before_the_body_is_read(anon: Api, method: str, path: str) -> None:
    """401 (with a challenge), not a 422 listing the fields of a form the caller may not send at all."""
    operation = SPEC["paths"][path][method.lower()]
    response = anon.request(method, _url(path, operation), json={} if method != "GET" else None)
    assert response.status_code == 401, response.get_json()
    assert response.mimetype == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer ")
    assert "Retry-After" not in response.headers
    assert "401" in operation["responses"]


def test_public_operations_are_the_ones_that_declare_it(app: Any) -> None:
    """``security: []`` in the spec comes from ``web.public`` on the view, nothing else."""
    declared = set()
    for rule in app.url_map.iter_rules():
        if getattr(app.view_functions[rule.endpoint], "public", False):
            path = openapi_path(rule.rule)
            declared |= {(m, path) for m in rule.methods - {"HEAD", "OPTIONS"} if path in SPEC["paths"]}
    documented = {(method, path) for method, path, operation in OPERATIONS if operation.get("security") == []}
    assert documented == declared
    assert ("POST", "/api/v1/auth/login") in documented
    assert ("GET", "/api/v1/clients") not in documented


def test_ids_in_paths_are_typed_as_uuids_like_ids_in_bodies() -> None:
    untyped = [
        f"{method} {path} {p['name']}"
        for method, path, operation in OPERATIONS
        for p in operation.get("parameters", [])
        if p["in"] == "path" and p["name"].endswith("_id") and p["schema"].get("format") != "uuid"
    ]
    assert not untyped


def test_retry_after_is_only_sent_with_429_and_503(anon: Api, factory: Factory) -> None:
    person = factory.client(account=True)
    accepted = anon.post("/api/v1/auth/password-reset", json={"email": person.email})  # a route with its own limit
    assert accepted.status_code == 202
    assert "X-RateLimit-Remaining" in accepted.headers
    assert "Retry-After" not in accepted.headers
    while (answer := anon.post("/api/v1/auth/password-reset", json={"email": person.email})).status_code == 202:
        pass
    assert answer.status_code == 429
    assert int(answer.headers["Retry-After"]) > 0


def test_a_204_has_no_content_type(factory: Factory) -> None:
    api = factory.api(factory.client(account=True))
    response = api.post("/api/v1/auth/logout")
    assert response.status_code == 204
    assert "Content-Type" not in response.headers
    assert response.data == b""


def test_a_413_says_the_connection_closes(app: Any, factory: Factory) -> None:
    api = factory.api(factory.admin())
    too_large = app.extensions["fitnesscrm"].settings.max_request_bytes + 1
    response = api.post(
        "/api/v1/clients", data=b"{" + b" " * too_large + b"}", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    assert response.headers["Connection"] == "close"


def _resolved(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = SPEC["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def test_collections_are_paginated_or_say_why_not() -> None:
    """A list answers {items, next_cursor} and takes ?limit= and ?cursor=, unless it is bounded by nature and its
    description starts with "Not paginated:" and the bound."""
    unexplained = []
    for method, path, operation in OPERATIONS:
        body = operation["responses"].get("200", {}).get("content", {}).get("application/json")
        if method != "GET" or body is None or "items" not in _resolved(body["schema"]).get("properties", {}):
            continue
        query = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        if not {"limit", "cursor"} <= query and not operation.get("description", "").startswith("Not paginated:"):
            unexplained.append(path)
    assert not unexplained


def test_every_body_states_its_size_limit() -> None:
    """Each operation that takes a body documents the 413 it answers beyond the limit, with the limit: the setting
    that holds it, or a fixed size."""
    unstated = []
    for method, path, operation in OPERATIONS:
        limit = operation["responses"].get("413", {}).get("description", "")
        if "requestBody" in operation and not re.search(r"FITNESSCRM_\w+|\d+ MB", limit):
            unstated.append(f"{method} {path}")
    assert not unstated
