"""What the personas need from the run's configuration (filled in by the locustfile's init listener)."""

from __future__ import annotations

from .accounts import AccountPool

_pool: AccountPool | None = None


def configure(pool: AccountPool) -> None:
    global _pool
    _pool = pool


def pool() -> AccountPool:
    if _pool is None:
        raise RuntimeError("loadtest.settings.configure() has not run: start Locust with loadtest/locustfile.py")
    return _pool
