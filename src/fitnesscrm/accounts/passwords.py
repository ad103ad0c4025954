"""Password hashing (argon2id) and strength rules."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from ..core.errors import ValidationFailed

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified against when the account does not exist, so both paths cost the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password-for-timing")
MAX_LENGTH = 256


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


def check_strength(password: str, *, min_length: int, user_inputs: list[str], field: str = "password") -> None:
    """Reject short, over-long, common and guessable passwords (common lists via zxcvbn)."""
    if len(password) < min_length:
        raise ValidationFailed(field, f"Use at least {min_length} characters.")
    if len(password) > MAX_LENGTH:
        raise ValidationFailed(field, f"Use at most {MAX_LENGTH} characters.")
    result = zxcvbn(password[:100], user_inputs=[u for u in user_inputs if u])
    if result["score"] < 3:
        hint = result["feedback"].get("warning") or "This password is too easy to guess."
        raise ValidationFailed(field, f"{hint} Try a longer phrase of unrelated words.".strip())
