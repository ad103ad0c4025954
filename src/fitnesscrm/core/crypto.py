"""Field encryption for health data: Fernet keys in a MultiFernet ring (newest first) for rotation."""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import LargeBinary
from sqlalchemy.types import TypeDecorator


class KeyRing:
    def __init__(self, keys: list[str]) -> None:
        if not keys:
            raise ValueError("at least one encryption key is required")
        self.fernet = MultiFernet([Fernet(k.encode()) for k in keys])

    @classmethod
    def from_setting(cls, raw: str, *, fallback_secret: str) -> KeyRing:
        keys = [k.strip() for k in raw.split(",") if k.strip()]
        if not keys:
            # Development/test only (production refuses to start without keys): derive a stable key.
            digest = hashlib.sha256(b"fitnesscrm-field-key:" + fallback_secret.encode()).digest()
            keys = [base64.urlsafe_b64encode(digest).decode()]
        return cls(keys)

    def encrypt(self, plaintext: str) -> bytes:
        return self.fernet.encrypt(plaintext.encode())

    def decrypt(self, token: bytes) -> str:
        return self.fernet.decrypt(token).decode()

    def rotate(self, token: bytes) -> bytes:
        return self.fernet.rotate(token)


_active_ring: KeyRing | None = None


def configure(ring: KeyRing) -> None:
    """Install the key ring used by ``EncryptedText`` columns (set once by ``create_app``)."""
    global _active_ring
    _active_ring = ring


def active_ring() -> KeyRing:
    if _active_ring is None:
        raise RuntimeError("encryption keys are not configured")
    return _active_ring


def generate_key() -> str:
    return Fernet.generate_key().decode()


class EncryptedText(TypeDecorator[str]):
    """Text stored as a Fernet token: unreadable in the raw row, decrypted on load."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> bytes | None:
        return None if value is None else active_ring().encrypt(value)

    def process_result_value(self, value: bytes | None, dialect: Any) -> str | None:
        if value is None:
            return None
        try:
            return active_ring().decrypt(bytes(value))
        except InvalidToken as exc:
            raise RuntimeError("stored value cannot be decrypted with the configured keys") from exc


def new_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def token_hash(token: str) -> str:
    """Tokens (sessions, invitations, API tokens) are stored only as SHA-256 digests."""
    return hashlib.sha256(token.encode()).hexdigest()
