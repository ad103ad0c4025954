"""Where simulated users get their sign-ins: the demo studio or the bench dataset's manifest.

A source answers "the n-th account of this role"; :class:`AccountPool` hands each simulated user the next one,
so users hold distinct accounts until a role runs out (then accounts are shared, each user with its own
session, and the pool counts how often that happened).
"""

from __future__ import annotations

import itertools
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

ROLES = ("admin", "trainer", "client")
DEFAULT_DATASET = Path("var/bench/dataset.json")
DEFAULT_BENCH_PASSWORD = "bench-password-not-secret-42"  # noqa: S105 - the generated dataset's published password


@dataclass(frozen=True)
class Account:
    email: str
    password: str
    role: str


class AccountSource(Protocol):
    name: str

    def count(self, role: str) -> int:
        """How many distinct accounts of this role exist (0: none)."""
        ...

    def account(self, role: str, index: int) -> Account:
        """The account with this 0-based index, ``0 <= index < count(role)``."""
        ...


class DemoAccounts:
    """`fitnesscrm seed demo`: one admin, four trainers with sign-ins, one client with a portal sign-in."""

    name = "demo"

    def __init__(self) -> None:
        from fitnesscrm import demo

        self._password = os.environ.get("FITNESSCRM_DEMO_PASSWORD", demo.DEMO_PASSWORD)
        trainers = [f"{first.lower()}@{demo.DEMO_DOMAIN}" for first, *_ in demo.TRAINERS]
        self._emails = {"admin": [demo.ADMIN_EMAIL], "trainer": trainers, "client": [demo.CLIENT_EMAIL]}

    def count(self, role: str) -> int:
        return len(self._emails[role])

    def account(self, role: str, index: int) -> Account:
        return Account(self._emails[role][index], self._password, role)


class BenchAccounts:
    """The manifest `fitnesscrm bench seed` writes. Counts are read defensively: the generator may name them
    ``admins``/``trainers``/``clients`` at the top level or under ``counts``/``users``/``accounts``, with or
    without a ``_count`` suffix, or give the e-mail pattern itself (``{role}_email`` / ``email_patterns``)."""

    name = "bench"
    DEFAULT_PATTERNS = {role: f"{role}-{{n}}@bench.example" for role in ROLES}

    def __init__(self, manifest: Path) -> None:
        try:
            data = json.loads(manifest.read_text())
        except FileNotFoundError:
            raise SystemExit(
                f"dataset manifest {manifest} not found: run `fitnesscrm bench seed` first or pass --users-from demo"
            ) from None
        if not isinstance(data, dict):
            raise SystemExit(f"dataset manifest {manifest} is not a JSON object")
        self._counts = {role: _find_count(data, role) for role in ROLES}
        if not any(self._counts.values()):
            raise SystemExit(f"dataset manifest {manifest} names no admin, trainer or client count")
        found = data.get("email_patterns")
        patterns: dict[str, object] = found if isinstance(found, dict) else {}
        self._patterns = {
            role: str(patterns.get(role) or data.get(f"{role}_email") or self.DEFAULT_PATTERNS[role]) for role in ROLES
        }
        self._password = os.environ.get("FITNESSCRM_BENCH_PASSWORD", DEFAULT_BENCH_PASSWORD)

    def count(self, role: str) -> int:
        return self._counts[role]

    def account(self, role: str, index: int) -> Account:
        return Account(self._patterns[role].format(n=index + 1), self._password, role)


def _find_count(data: dict[str, object], role: str) -> int:
    keys = [f"{role}s", role, f"{role}_count", f"{role}s_count", f"n_{role}s"]
    places = [data, *(data[k] for k in ("counts", "users", "accounts", "sign_ins") if isinstance(data.get(k), dict))]
    for place in places:
        assert isinstance(place, dict)
        for key in keys:
            value = place.get(key)
            if isinstance(value, dict):  # e.g. {"clients": {"count": 100000, ...}}
                value = value.get("count")
            if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                return value
    return 0


def open_source(kind: str, dataset: Path = DEFAULT_DATASET) -> AccountSource:
    if kind == "demo":
        return DemoAccounts()
    if kind == "bench":
        return BenchAccounts(dataset)
    raise SystemExit(f"unknown user source {kind!r}: demo or bench")


class AccountPool:
    """Hands out accounts of each role in order. With several Locust worker processes each takes every
    ``stride``-th account starting at its own ``offset``, so processes never pick the same account."""

    def __init__(self, source: AccountSource, *, offset: int = 0, stride: int = 1) -> None:
        self.source = source
        self._counters = {role: itertools.count(offset, stride) for role in ROLES}
        self._lock = threading.Lock()
        self.shared = dict.fromkeys(ROLES, 0)

    def take(self, role: str) -> Account:
        total = self.source.count(role)
        if total == 0:
            raise SystemExit(f"the {self.source.name} user source has no {role} accounts")
        with self._lock:
            index = next(self._counters[role])
            if index >= total:
                self.shared[role] += 1
        return self.source.account(role, index % total)
