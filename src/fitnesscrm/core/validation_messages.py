"""Plain sentences for pydantic's validation errors, as people see them under a form field.

Pydantic's own texts ("String should have at most 100 characters", "Input should be a valid UUID, invalid
character: found `x` at 0") are written for developers; the 422 problem document carries these instead.
Messages our own validators raise (``ValueError("Use whole minutes, e.g. 07:30.")``) are kept, minus
pydantic's "Value error, " prefix.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


def _plural(count: Any, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _choices(ctx: Mapping[str, Any]) -> str:
    expected = str(ctx.get("expected", "")).replace("'", "")
    return f"Choose one of: {expected}." if expected else "Choose one of the listed values."


def _value_error(ctx: Mapping[str, Any], message: str) -> str:
    text = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if text.startswith("value is not a valid email address"):
        reason = text.partition(": ")[2].strip()
        return f"Enter a valid e-mail address. {reason}".strip()
    first_word = text.split(" ", 1)[0]
    # A sentence starts with a capital; a field name ("end_time …") or a quoted value keeps its spelling.
    return text[:1].upper() + text[1:] if first_word.isalpha() else text


_Render = Callable[[Mapping[str, Any]], str]

# By pydantic-core error type (https://docs.pydantic.dev/latest/errors/validation_errors/).
_BY_TYPE: dict[str, _Render] = {
    "missing": lambda _: "This field is required.",
    "extra_forbidden": lambda _: "This field is not accepted here.",
    "string_too_short": lambda c: (
        "This field is required."
        if c.get("min_length") == 1
        else f"Use at least {_plural(c.get('min_length'), 'character')}."
    ),
    "string_too_long": lambda c: f"Use at most {_plural(c.get('max_length'), 'character')}.",
    "string_type": lambda _: "Enter text.",
    "string_pattern_mismatch": lambda _: "This value is not in the expected format.",
    "too_short": lambda c: f"Add at least {_plural(c.get('min_length'), 'item')}.",
    "too_long": lambda c: f"Add at most {_plural(c.get('max_length'), 'item')}.",
    "int_parsing": lambda _: "Enter a whole number.",
    "int_type": lambda _: "Enter a whole number.",
    "int_from_float": lambda _: "Enter a whole number.",
    "float_parsing": lambda _: "Enter a number.",
    "float_type": lambda _: "Enter a number.",
    "decimal_parsing": lambda _: "Enter a number.",
    "decimal_type": lambda _: "Enter a number.",
    "finite_number": lambda _: "Enter a number.",
    "decimal_max_places": lambda c: f"Use at most {_plural(c.get('decimal_places'), 'decimal place')}.",
    "multiple_of": lambda c: f"Must be a multiple of {c.get('multiple_of')}.",
    "greater_than": lambda c: f"Must be more than {c.get('gt')}.",
    "greater_than_equal": lambda c: f"Must be at least {c.get('ge')}.",
    "less_than": lambda c: f"Must be less than {c.get('lt')}.",
    "less_than_equal": lambda c: f"Must be at most {c.get('le')}.",
    "bool_parsing": lambda _: "Choose yes or no.",
    "bool_type": lambda _: "Choose yes or no.",
    "uuid_parsing": lambda _: "Choose an item from the list.",
    "uuid_type": lambda _: "Choose an item from the list.",
    "enum": _choices,
    "literal_error": _choices,
    "date_parsing": lambda _: "Enter a date as YYYY-MM-DD.",
    "date_type": lambda _: "Enter a date as YYYY-MM-DD.",
    "date_from_datetime_parsing": lambda _: "Enter a date as YYYY-MM-DD.",
    "date_from_datetime_inexact": lambda _: "Enter a date without a time.",
    "time_parsing": lambda _: "Enter a time as HH:MM.",
    "time_type": lambda _: "Enter a time as HH:MM.",
    "datetime_parsing": lambda _: "Enter a date and time.",
    "datetime_type": lambda _: "Enter a date and time.",
    "datetime_from_date_parsing": lambda _: "Enter a date and time.",
    "timezone_aware": lambda _: "Include the time zone offset, e.g. 2026-01-31T09:00:00+01:00.",
    "timezone_naive": lambda _: "Give the time without a time zone offset.",
    "url_parsing": lambda _: "Enter a valid web address.",
    "url_type": lambda _: "Enter a valid web address.",
    "url_scheme": lambda _: "Enter a web address that starts with http:// or https://.",
    "list_type": lambda _: "Give a list of values.",
    "dict_type": lambda _: "Give an object of fields.",
    "model_type": lambda _: "Give an object of fields.",
    "model_attributes_type": lambda _: "Give an object of fields.",
}


def friendly_message(error: Mapping[str, Any]) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) as a sentence for a person."""
    kind = str(error.get("type", ""))
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    message = str(error.get("msg", ""))
    if kind in {"value_error", "assertion_error"}:
        return _value_error(ctx, message)
    render = _BY_TYPE.get(kind)
    return render(ctx) if render is not None else message


def field_path(location: tuple[Any, ...] | list[Any]) -> str:
    """Pydantic's ``loc`` as the dotted path the web app uses: ``("working_hours", 0, "end_time")`` →
    ``working_hours.0.end_time``; a model-level error has no path."""
    return ".".join(str(part) for part in location)
