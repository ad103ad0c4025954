"""Schema pieces shared by every domain API."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .pagination import DEFAULT_LIMIT, MAX_LIMIT


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple | set):
        return any(_has_nul(item) for item in value)
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    return False


class _NoNul(BaseModel):
    """PostgreSQL text cannot hold NUL characters: refuse them as bad input (422), not a failed insert (500)."""

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_nul(cls, value: Any) -> Any:
        if _has_nul(value):
            raise ValueError("must not contain NUL characters")
        return value


class StrictIn(_NoNul):
    """Input models reject unknown fields, so typos are reported instead of silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class PageQuery(_NoNul):
    model_config = ConfigDict(extra="ignore")

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size (1-100).")
    cursor: str | None = Field(None, max_length=512, description="Opaque cursor from `next_cursor`.")


class Money(BaseModel):
    amount_minor: int = Field(ge=0, le=100_000_000, description="Amount in minor units (cents).")
    currency: str = Field("EUR", pattern=r"^[A-Z]{3}$", description="ISO 4217 code.")


PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "request_id": {"type": ["string", "null"]},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}
