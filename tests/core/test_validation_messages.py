"""Validation errors reach people as plain sentences, on the field they belong to."""

from __future__ import annotations

import uuid
from datetime import time
from typing import Any

import pytest
from pydantic import BaseModel, EmailStr, Field, ValidationError, field_validator

from fitnesscrm.core.validation_messages import field_path, friendly_message


class _Row(BaseModel):
    weekday: int = Field(ge=0, le=6)
    start_time: time

    @field_validator("start_time")
    @classmethod
    def _whole_minutes(cls, value: time) -> time:
        if value.second:
            raise ValueError("use whole minutes, e.g. 07:30.")
        return value


class _Form(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    code: str = Field("AB", min_length=2, pattern=r"^[A-Z]+$")
    email: EmailStr | None = None
    weight: float = 0
    location_id: uuid.UUID | None = None
    rows: list[_Row] = Field(default_factory=list, max_length=2)


def _messages(**data: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        _Form.model_validate(data)
    return {field_path(e["loc"]): friendly_message(e) for e in caught.value.errors()}


@pytest.mark.parametrize(
    ("data", "field", "expected"),
    [
        ({}, "name", "This field is required."),
        ({"name": ""}, "name", "This field is required."),
        ({"name": "x" * 101}, "name", "Use at most 100 characters."),
        ({"name": "x", "code": "A"}, "code", "Use at least 2 characters."),
        ({"name": "x", "code": "ab"}, "code", "This value is not in the expected format."),
        (
            {"name": "x", "email": "nobody"},
            "email",
            "Enter a valid e-mail address. An email address must have an @-sign.",
        ),
        ({"name": "x", "weight": "heavy"}, "weight", "Enter a number."),
        ({"name": "x", "location_id": "x"}, "location_id", "Choose an item from the list."),
        ({"name": "x", "rows": [{"weekday": 9, "start_time": "07:00"}]}, "rows.0.weekday", "Must be at most 6."),
        ({"name": "x", "rows": [{"weekday": 1, "start_time": "25:00"}]}, "rows.0.start_time", "Enter a time as HH:MM."),
        (
            {"name": "x", "rows": [{"weekday": 1, "start_time": "07:00:30"}]},
            "rows.0.start_time",
            "Use whole minutes, e.g. 07:30.",
        ),
        ({"name": "x", "rows": [{"weekday": 1, "start_time": "07:00"}] * 3}, "rows", "Add at most 2 items."),
    ],
)
def test_pydantic_errors_become_plain_sentences(data: dict[str, Any], field: str, expected: str) -> None:
    assert _messages(**data)[field] == expected


def test_an_unknown_error_type_keeps_pydantic_text() -> None:
    assert friendly_message({"type": "something_new", "msg": "Something new happened"}) == "Something new happened"


def test_the_api_sends_the_sentences_with_field_paths(factory: Any) -> None:
    api = factory.api(factory.admin())
    trainer = factory.trainer()

    client = api.post("/api/v1/clients", json={"first_name": "a" * 300, "last_name": "b", "email": "nobody"})
    hours = api.put(
        f"/api/v1/trainers/{trainer.trainer_id}/working-hours",
        json={
            "working_hours": [
                {"location_id": str(uuid.uuid4()), "weekday": 9, "start_time": "10:00", "end_time": "09:00"}
            ]
        },
    )

    assert client.status_code == 422
    assert {e["field"]: e["message"] for e in client.json["errors"]} == {
        "first_name": "Use at most 100 characters.",
        "email": "Enter a valid e-mail address. An email address must have an @-sign.",
    }
    assert hours.status_code == 422
    assert {e["field"]: e["message"] for e in hours.json["errors"]} == {
        "working_hours.0.weekday": "Must be at most 6.",
        "working_hours.0.end_time": "The end time must be after the start time.",
    }
