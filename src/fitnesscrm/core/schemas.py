"""Schema pieces shared by every domain API."""

from __future__ import annotations

from datetime import time
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema, field_validator

from . import money
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


class Money(_NoNul):
    """An amount as ``core.money`` keeps it: whole minor units of an ISO 4217 currency (see docs/api/conventions.md)."""

    model_config = ConfigDict(extra="forbid")

    amount_minor: int = Field(
        ge=-money.MAX_MINOR,
        le=money.MAX_MINOR,
        description="Whole minor units of the currency: cents for EUR, yen for JPY (no decimals), fils for KWD "
        "(three). Negative for refunds and credits.",
    )
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code, one of the Currency schema's.")

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, code: str | None) -> str | None:
        return None if code is None else money.check_currency(code)

    def value(self) -> money.Money:
        return money.Money(self.amount_minor, self.currency)


class Price(Money):
    """An amount that cannot be negative (a price, a rate, a fee)."""

    amount_minor: int = Field(
        ge=0, le=money.MAX_MINOR, description="Whole minor units of the currency: cents for EUR, yen for JPY."
    )


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


def _wall_clock(value: time) -> time:
    if value.tzinfo is not None:
        raise ValueError("Give a local wall-clock time without an offset, e.g. 07:00.")
    if value.second or value.microsecond:
        raise ValueError("Use whole minutes, e.g. 07:30.")
    return value


# "07:00" in and out: a local wall-clock time in the business time zone. The spec says so with a pattern: JSON
# Schema's `format: time` is RFC 3339's full-time, which needs an offset these times never carry.
WallTime = Annotated[
    time,
    AfterValidator(_wall_clock),
    PlainSerializer(lambda value: value.strftime("%H:%M"), return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$",
            "examples": ["07:00"],
            "description": "Local wall-clock time in the business time zone, HH:MM, without an offset.",
        }
    ),
]
