"""The per-instance cache of the public status: one refresh at a time, stale answers meanwhile."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from fitnesscrm.ops.status.service import StatusCache

READERS = 8
JOIN_SECONDS = 30  # a safety net so a broken cache fails the test instead of hanging it; never a measurement


class BlockingCompute:
    """A status computation that blocks until released, like a probe waiting on a dead dependency."""

    def __init__(self, value: str) -> None:
        self.value = value
        self.calls = 0
        self.entered = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()

    def __call__(self) -> str:
        with self._lock:
            self.calls += 1
        self.entered.set()
        assert self.release.wait(JOIN_SECONDS)
        return self.value


def _in_threads(count: int, target: Callable[[], str]) -> tuple[list[threading.Thread], list[str]]:
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(target())) for _ in range(count)]
    for thread in threads:
        thread.start()
    return threads, results


def _join(threads: list[threading.Thread]) -> None:
    for thread in threads:
        thread.join(JOIN_SECONDS)
        assert not thread.is_alive(), "a reader is stuck behind the refresh"


def test_while_one_thread_refreshes_an_expired_value_the_others_answer_with_the_stale_one() -> None:
    cache = StatusCache(ttl_seconds=0.0)  # every value is expired as soon as it is stored
    assert cache.get(lambda: "stale") == "stale"
    slow = BlockingCompute("fresh")
    refresher, refreshed = _in_threads(1, lambda: cache.get(slow))
    assert slow.entered.wait(JOIN_SECONDS)
    readers, answers = _in_threads(READERS, lambda: cache.get(slow))
    _join(readers)  # they return while the refresh is still blocked
    assert answers == ["stale"] * READERS
    assert slow.calls == 1
    slow.release.set()
    _join(refresher)
    assert refreshed == ["fresh"]


def test_the_first_fill_is_computed_once_and_shared_by_everyone_waiting() -> None:
    cache = StatusCache(ttl_seconds=60.0)
    slow = BlockingCompute("first")
    threads, answers = _in_threads(READERS, lambda: cache.get(slow))
    assert slow.entered.wait(JOIN_SECONDS)
    slow.release.set()
    _join(threads)
    assert answers == ["first"] * READERS
    assert slow.calls == 1


def test_a_failed_refresh_lets_the_next_caller_compute() -> None:
    cache = StatusCache(ttl_seconds=60.0)

    def broken() -> str:
        raise RuntimeError("probe crashed")

    with pytest.raises(RuntimeError):
        cache.get(broken)
    assert cache.get(lambda: "recovered") == "recovered"  # not stuck "refreshing"


def test_a_value_computed_across_a_clear_is_not_kept() -> None:
    cache = StatusCache(ttl_seconds=60.0)

    def computed_before_an_incident_changed() -> str:
        cache.clear()  # an incident was posted while this computation ran
        return "old"

    assert cache.get(computed_before_an_incident_changed) == "old"
    assert cache.get(lambda: "new") == "new"
