"""Cheap argon2 parameters for API tests that create many accounts.

Production parameters cost ~0.3 s per hash; tests that sign in a handful of people per case would spend
most of their time hashing. Hashes carry their own parameters, so verification is unaffected.
Import ``cheap_password_hashing`` into a test module to use it (it is autouse).
"""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from fitnesscrm.accounts import passwords


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
