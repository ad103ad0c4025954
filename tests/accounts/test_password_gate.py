"""Password hashing under a sign-in storm: a per-process gate bounds how many hashes run and wait at once; a
caller beyond it is answered 503 with Retry-After straight away (never a 500, never a hung request), counted in
/metrics. Driven with threads and events: no sleeps, no timing."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from argon2 import PasswordHasher
from prometheus_client import REGISTRY

from fitnesscrm.accounts import passwords
from fitnesscrm.accounts.passwords import Gate, HashingBusy

from ..factories import PASSWORD

WAIT = 60.0  # generous: only reached if the code under test is broken


def _refused() -> float:
    return REGISTRY.get_sample_value("fitnesscrm_password_hash_busy_total") or 0.0


def _until(gate: Gate, predicate: Callable[[], bool]) -> None:
    with gate.changed:
        assert gate.changed.wait_for(predicate, WAIT)


@contextmanager
def _held(gate: Gate) -> Iterator[None]:
    """A thread sits inside the gate (as a running hash would) until the block ends."""
    release = threading.Event()

    def hold() -> None:
        with gate.enter():
            release.wait(WAIT)

    holder = threading.Thread(target=hold)
    holder.start()
    _until(gate, lambda: gate.inside == 1)
    try:
        yield
    finally:
        release.set()
        holder.join(WAIT)


def test_a_full_gate_queues_up_to_its_bound_and_refuses_the_rest_at_once() -> None:
    gate = Gate(slots=1, queue=1, wait_seconds=WAIT)
    order: list[str] = []
    refused_before = _refused()

    def queued() -> None:
        with gate.enter():
            order.append("queued caller ran")

    with _held(gate):
        waiter = threading.Thread(target=queued)
        waiter.start()
        _until(gate, lambda: gate.waiting == 1)
        with pytest.raises(HashingBusy), gate.enter():  # slot taken, queue full: refused, not queued
            order.append("never")
        assert order == []
        order.append("holder left")
    waiter.join(WAIT)

    assert order == ["holder left", "queued caller ran"]
    assert (gate.inside, gate.waiting) == (0, 0)
    assert _refused() - refused_before == 1


def test_a_caller_that_waits_past_the_bound_is_refused_and_leaves_the_queue() -> None:
    gate = Gate(slots=1, queue=4, wait_seconds=0)  # no waiting at all: the wait runs out at once
    refused_before = _refused()

    with _held(gate):
        with pytest.raises(HashingBusy) as refused, gate.enter():
            pass
        assert gate.waiting == 0
    with gate.enter():  # free again
        assert gate.inside == 1

    assert refused.value.status == 503
    assert refused.value.headers["Retry-After"] == str(passwords.RETRY_AFTER_SECONDS)
    assert _refused() - refused_before == 1


def test_two_slots_let_two_hashes_run_at_once() -> None:
    gate = Gate(slots=2, queue=0, wait_seconds=0)
    with _held(gate), gate.enter():
        assert gate.inside == 2
        with pytest.raises(HashingBusy), gate.enter():
            pass


def test_sign_in_answers_503_problem_with_retry_after_while_hashing_is_saturated(factory, anon, monkeypatch):
    admin = factory.admin()
    signed_in = factory.api(admin)
    gate = Gate(slots=1, queue=0, wait_seconds=0)
    monkeypatch.setattr(passwords, "_gate", gate)
    refused_before = _refused()

    with _held(gate):
        busy = anon.login(admin.email)
        reads = signed_in.get("/api/v1/auth/me")  # reads need no hashing and keep flowing

    assert busy.status_code == 503
    assert busy.mimetype == "application/problem+json"
    assert int(busy.headers["Retry-After"]) >= 1  # ours, or later when the rate limiter's window says so
    assert busy.json["status"] == 503
    assert busy.json["type"].endswith("/busy")
    assert "try again" in busy.json["detail"]
    assert reads.status_code == 200
    assert _refused() - refused_before == 1
    assert anon.login(admin.email).status_code == 200  # and once the slot is free, the same sign-in works


def test_hashes_with_older_parameters_verify_and_are_rehashed_at_sign_in(factory, anon, sql):
    admin = factory.admin()
    before = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4)  # argon2-cffi's default, used until now
    sql("UPDATE users SET password_hash = :h WHERE id = :id", h=before.hash(PASSWORD), id=admin.user_id)

    assert anon.login(admin.email, "not-the-password-123").status_code == 401
    [row] = sql("SELECT password_hash FROM users WHERE id = :id", id=admin.user_id)
    assert row.password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")  # a failed attempt changes nothing

    assert anon.login(admin.email).status_code == 200
    [row] = sql("SELECT password_hash FROM users WHERE id = :id", id=admin.user_id)
    assert not passwords.needs_rehash(row.password_hash)  # now stored with the current parameters
    assert anon.login(admin.email).status_code == 200


def test_a_rehash_that_finds_hashing_busy_is_left_for_the_next_sign_in(factory, anon, sql, monkeypatch):
    admin = factory.admin()
    old_hash = PasswordHasher(time_cost=1, memory_cost=2048, parallelism=2).hash(PASSWORD)
    sql("UPDATE users SET password_hash = :h WHERE id = :id", h=old_hash, id=admin.user_id)
    verify = passwords.verify_password

    def verify_then_fill_the_gate(stored: str | None, password: str) -> bool:
        result = verify(stored, password)
        monkeypatch.setattr(passwords, "_gate", Gate(slots=1, queue=0, wait_seconds=0))
        passwords._gate.inside = 1  # another sign-in is hashing now
        return result

    monkeypatch.setattr(passwords, "verify_password", verify_then_fill_the_gate)
    assert anon.login(admin.email).status_code == 200
    [row] = sql("SELECT password_hash FROM users WHERE id = :id", id=admin.user_id)
    assert row.password_hash == old_hash
