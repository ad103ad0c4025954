"""Where the simulated users' sign-ins come from: the bench manifest read defensively, one account per user."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fitnesscrm import demo
from loadtest.accounts import AccountPool, BenchAccounts, DemoAccounts


def _manifest(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "dataset.json"
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize(
    "data",
    [
        {"admins": 2, "trainers": 50, "clients": 100000},
        {"counts": {"admin_count": 2, "trainer_count": 50, "client_count": 100000}},
        {"users": {"admins": {"count": 2}, "trainers": {"count": 50}, "clients": {"count": 100000}}, "seed": 7},
    ],
)
def test_the_bench_manifest_counts_are_found_under_any_of_the_usual_keys(tmp_path: Path, data: object) -> None:
    source = BenchAccounts(_manifest(tmp_path, data))

    assert [source.count(role) for role in ("admin", "trainer", "client")] == [2, 50, 100000]
    assert source.account("client", 0).email == "client-1@bench.example"
    assert source.account("trainer", 49).email == "trainer-50@bench.example"


def test_the_bench_password_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FITNESSCRM_BENCH_PASSWORD", "another-password-123")
    source = BenchAccounts(_manifest(tmp_path, {"clients": 3}))

    assert source.account("client", 2).password == "another-password-123"
    assert source.count("admin") == 0


def test_a_missing_or_empty_manifest_stops_with_a_message(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="bench seed"):
        BenchAccounts(tmp_path / "absent.json")
    with pytest.raises(SystemExit, match="names no admin, trainer or client count"):
        BenchAccounts(_manifest(tmp_path, {"rows": 5}))


def test_each_user_takes_its_own_account_until_a_role_runs_out(tmp_path: Path) -> None:
    pool = AccountPool(BenchAccounts(_manifest(tmp_path, {"trainers": 2, "clients": 3})))

    clients = [pool.take("client").email for _ in range(3)]
    assert len(set(clients)) == 3
    assert pool.shared["client"] == 0
    assert pool.take("client").email == clients[0]  # shared from now on, and counted
    assert pool.shared["client"] == 1


def test_worker_processes_never_pick_the_same_account(tmp_path: Path) -> None:
    source = BenchAccounts(_manifest(tmp_path, {"clients": 10}))
    first, second = AccountPool(source, offset=0, stride=2), AccountPool(source, offset=1, stride=2)

    taken = [pool.take("client").email for pool in (first, second) for _ in range(5)]
    assert len(set(taken)) == 10


def test_the_demo_source_signs_in_as_the_demo_studio() -> None:
    source = DemoAccounts()

    assert source.account("admin", 0).email == demo.ADMIN_EMAIL
    assert source.account("client", 0).email == demo.CLIENT_EMAIL
    assert source.count("trainer") == len(demo.TRAINERS)
    assert source.account("trainer", 0).password == demo.DEMO_PASSWORD
