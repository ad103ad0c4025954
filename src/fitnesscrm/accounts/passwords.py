"""Password hashing (argon2id), the per-process gate around it, and strength rules.

Parameters: argon2id with OWASP's Password Storage Cheat Sheet configuration m=19 MiB, t=2, p=1; the
measurements and the reasons are in docs/security.md#password-hashing (bench/argon2_params.py reproduces
them). Hashes made with other parameters (the library default used before: m=64 MiB, t=3, p=4) keep verifying
and are rehashed at the next successful sign-in (``needs_rehash``).

Hashing is the one CPU-heavy step of a request. A sign-in storm must not take every thread and core from the
reads, so each process lets at most ``slots`` hashes run at once and ``queue`` more wait, each for at most
``wait_seconds``; beyond that the request is answered 503 with Retry-After at once (``HashingBusy``), never
left to hang until a proxy times out.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from ..core.errors import DomainError, ValidationFailed
from ..observability.metrics import PASSWORD_HASH_BUSY

# p=1: one hash uses one core (argon2 runs a thread per lane), so a sign-in never takes both cores of a small
# machine; m and t are OWASP's first listed configuration.
TIME_COST, MEMORY_COST_KIB, PARALLELISM = 2, 19 * 1024, 1
_hasher = PasswordHasher(time_cost=TIME_COST, memory_cost=MEMORY_COST_KIB, parallelism=PARALLELISM)
# Verified against when the account does not exist, so both paths cost the same time (same parameters).
_DUMMY_HASH = _hasher.hash("not-a-real-password-for-timing")
MAX_LENGTH = 256
RETRY_AFTER_SECONDS = 2


class HashingBusy(DomainError):
    status, title, type_slug = 503, "Service unavailable", "busy"

    def __init__(self) -> None:
        super().__init__(
            "Many people are signing in right now; try again in a few seconds.",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )


class Gate:
    """At most `slots` callers inside at once; up to `queue` more wait, each at most `wait_seconds`.

    A caller that finds the queue full, or waits too long, gets ``HashingBusy``: the thread goes back to
    serving other requests instead of queueing behind the CPU."""

    def __init__(self, slots: int, queue: int, wait_seconds: float) -> None:
        self.slots, self.queue, self.wait_seconds = slots, queue, wait_seconds
        self.inside = self.waiting = 0
        self.changed = threading.Condition()  # notified whenever `inside` or `waiting` changes

    @contextmanager
    def enter(self) -> Iterator[None]:
        with self.changed:
            if self.inside >= self.slots or self.waiting:
                if self.waiting >= self.queue:
                    self._refuse()
                self.waiting += 1
                self.changed.notify_all()
                try:
                    admitted = self.changed.wait_for(lambda: self.inside < self.slots, self.wait_seconds)
                finally:
                    self.waiting -= 1
                if not admitted:
                    self.changed.notify_all()
                    self._refuse()
            self.inside += 1
            self.changed.notify_all()
        try:
            yield
        finally:
            with self.changed:
                self.inside -= 1
                self.changed.notify_all()

    @staticmethod
    def _refuse() -> None:
        PASSWORD_HASH_BUSY.inc()
        raise HashingBusy


_gate = Gate(slots=1, queue=2, wait_seconds=5.0)


def configure_gate(*, slots: int, queue: int, wait_seconds: float) -> None:
    """Set this process's hashing limits (the app factory calls it with the settings)."""
    global _gate  # one gate per process, by design
    _gate = Gate(slots=slots, queue=queue, wait_seconds=wait_seconds)


def hash_password(password: str) -> str:
    with _gate.enter():
        return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    if len(password) > MAX_LENGTH:
        return False
    with _gate.enter():
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
