"""Cursor pagination: stable pages, and a malformed cursor is a 400 problem, never a 500."""

from __future__ import annotations

import base64
import json

import pytest


def _cursor(values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


UUID = "9b2f2a8e-6a53-4b6e-8d0a-8f1f3c9f2d11"
BAD_CURSORS = {
    "not-base64": "%%%not a cursor%%%",
    "not-json": base64.urlsafe_b64encode(b"\xff\xfe{garbage").decode(),
    "json-object": _cursor({"a": 1}),
    "wrong-length": _cursor(["Lovelace"]),
    "wrong-types": _cursor([2, "x"]),
    "bad-uuid": _cursor(["Lovelace Ada", "not-a-uuid"]),
    "null-id": _cursor(["Lovelace Ada", None]),
    "nested": _cursor([["x"], {"y": 1}]),
    "nul-byte": _cursor(["Love\u0000lace", UUID]),
    "non-ascii": "ünïcode",
}
LISTS = [
    "/api/v1/clients",
    "/api/v1/clients?sort=-created_at",
    "/api/v1/clients?sort=status",
    "/api/v1/trainers",
    "/api/v1/auth/tokens",
    "/api/v1/auth/invitations",
    "/api/v1/audit-events",
]
DATE_CURSORS = {
    "bad-date": _cursor(["yesterday", UUID]),
    "naive-date": _cursor(["2026-01-01T10:00:00", UUID]),
    "huge-year": _cursor(["9999-12-31T23:59:59.999999-23:59", UUID]),
}
SEQ_CURSORS = {
    "bool": _cursor([True, True]),
    "float": _cursor([1.5, 1.5]),
    "huge-int": _cursor([10**30, 10**30]),
}


def _assert_bad_cursor(response, url: str = "") -> None:
    assert response.status_code == 400, (url, response.get_data(as_text=True))
    assert response.mimetype == "application/problem+json"
    assert response.json["status"] == 400
    assert "cursor" in response.json["detail"].lower() or "cursor" in response.json["title"].lower()


@pytest.mark.parametrize("cursor", list(BAD_CURSORS.values()), ids=list(BAD_CURSORS))
def test_malformed_cursor_is_a_400_problem_on_every_list(factory, cursor):
    api = factory.api(factory.admin())

    for url in LISTS:
        separator = "&" if "?" in url else "?"
        _assert_bad_cursor(api.get(f"{url}{separator}cursor={cursor}"), url)


@pytest.mark.parametrize("cursor", list(DATE_CURSORS.values()), ids=list(DATE_CURSORS))
def test_malformed_date_cursor_is_a_400_problem(factory, cursor):
    api = factory.api(factory.admin())

    _assert_bad_cursor(api.get(f"/api/v1/clients?sort=created_at&cursor={cursor}"))


@pytest.mark.parametrize("cursor", list(SEQ_CURSORS.values()), ids=list(SEQ_CURSORS))
def test_malformed_number_cursor_is_a_400_problem(factory, cursor):
    api = factory.api(factory.admin())

    _assert_bad_cursor(api.get(f"/api/v1/audit-events?cursor={cursor}"))


def test_over_long_cursor_is_rejected_as_invalid_input(factory):
    api = factory.api(factory.admin())

    response = api.get(f"/api/v1/clients?cursor={'A' * 600}")

    assert response.status_code in {400, 422}
    assert response.mimetype == "application/problem+json"


def test_pages_follow_each_other_without_gaps_or_repeats(factory):
    api = factory.api(factory.admin())
    for name in ("Ada", "Bea", "Cai", "Dov", "Eve"):
        factory.client(first_name=name)

    seen, url = [], "/api/v1/clients?limit=2&sort=name"
    while url:
        page = api.get(url)
        assert page.status_code == 200
        seen += [c["first_name"] for c in page.json["items"]]
        cursor = page.json["next_cursor"]
        url = f"/api/v1/clients?limit=2&sort=name&cursor={cursor}" if cursor else ""

    assert sorted(seen) == ["Ada", "Bea", "Cai", "Dov", "Eve"]
    assert len(seen) == 5
