"""Contact data normalisation: phone numbers to E.164, e-mail syntax, via well-kept libraries."""

from __future__ import annotations

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from .errors import ValidationFailed


def normalise_phone(raw: str | None, *, region: str, field: str = "phone") -> str | None:
    if raw is None or not raw.strip():
        return None
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        raise ValidationFailed(field, "This is not a phone number.") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationFailed(field, "This phone number is not valid; include the country code if abroad.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(raw: str | None, *, field: str = "email", required: bool = False) -> str | None:
    if raw is None or not raw.strip():
        if required:
            raise ValidationFailed(field, "An e-mail address is required.")
        return None
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise ValidationFailed(field, f"This e-mail address is not valid: {exc}") from exc


def sort_name(first: str, last: str) -> str:
    return f"{last.strip()} {first.strip()}".casefold()


def clean_labels(values: list[str] | None, *, field: str, max_items: int = 20, max_len: int = 40) -> list[str]:
    """Trim, drop blanks and duplicates (case-insensitively), keep the first spelling."""
    seen: dict[str, str] = {}
    for value in values or []:
        label = " ".join(value.split())
        if not label:
            continue
        if len(label) > max_len:
            raise ValidationFailed(field, f"Each entry must be at most {max_len} characters.")
        seen.setdefault(label.casefold(), label)
    if len(seen) > max_items:
        raise ValidationFailed(field, f"At most {max_items} entries.")
    return list(seen.values())
