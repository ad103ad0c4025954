"""`fitnesscrm bench seed` and `bench explain` on a tiny dataset in a throwaway PostgreSQL database."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner
from sqlalchemy.engine import make_url

from fitnesscrm import cli
from fitnesscrm.accounts import passwords
from fitnesscrm.app import create_app
from fitnesscrm.benchdata import explain, load
from fitnesscrm.benchdata.shape import DEFAULT_PASSWORD, PASSWORD_ENV

from ..conftest import FAST_HASHER, make_settings

SCALE, SEED = "0.01", "7"
SECRET = "test-secret-key-that-is-long-enough-0123456789"  # the key ring the test app decrypts with
ENV = {
    "FITNESSCRM_ENV": "test",
    "FITNESSCRM_SECRET_KEY": SECRET,
    "FITNESSCRM_LOG_LEVEL": "WARNING",
    "FITNESSCRM_REDIS_URL": "",
    PASSWORD_ENV: "",
}


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(_dsn(url)) as conn:
        return conn.execute(sql).fetchall()


def _one(conn: psycopg.Connection[Any], sql: str, *parameters: Any) -> Any:
    row = conn.execute(sql, parameters).fetchone()
    assert row is not None
    return row[0]


# Every seed of this module at one moment: which sessions are past shapes the rows, so a re-seed a minute later
# could differ when a session ends in between (it did, in CI).
NOW = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _seed(url: str, manifest: Path, *extra: str) -> Any:
    return CliRunner().invoke(
        cli.main,
        [
            *("bench", "seed", "--scale", SCALE, "--seed", SEED, "--now", NOW),
            *("--database-url", url, "--manifest", str(manifest), *extra),
        ],
        env=ENV,
    )


@pytest.fixture(scope="module")
def seeded(pg_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A tiny dataset in <test database>_seed (replaced if an interrupted run left one), dropped afterwards."""
    url = make_url(pg_url)
    seed_url = url.set(database=f"{url.database}_seed").render_as_string(hide_password=False)
    manifest = tmp_path_factory.mktemp("bench") / "dataset.json"
    with pytest.MonkeyPatch.context() as patch:  # the suite's cheap argon2 parameters (see conftest._fast_argon2)
        patch.setattr(passwords, "_hasher", FAST_HASHER)
        result = _seed(seed_url, manifest, "--replace")
    assert result.exit_code == 0, result.output
    yield seed_url, manifest
    with psycopg.connect(
        _dsn(url.set(database="postgres").render_as_string(hide_password=False)), autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.database}_seed" WITH (FORCE)')


def _sample(url: str) -> list[Any]:
    """Ids and e-mails that must come out the same from the same seed."""
    return [
        _rows(url, "SELECT id, email, sort_name FROM clients ORDER BY email LIMIT 20"),
        _rows(url, "SELECT id, email FROM trainers ORDER BY email"),
        _rows(url, "SELECT id, client_id, status FROM bookings ORDER BY id LIMIT 20"),
        _rows(url, "SELECT id, exercise_id, reps, load_kg FROM set_logs ORDER BY id LIMIT 20"),
        _rows(url, "SELECT count(*) FROM set_logs"),
        _rows(url, "SELECT count(*) FROM appointments"),
    ]


def _normalised(definitions: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Definitions without casts and brackets: PostgreSQL deparses a re-added IN (…) with its casts elsewhere."""
    return [(table, name, re.sub(r"::[a-z ]+(\[\])?|[()]", "", definition)) for table, name, definition in definitions]


def test_counts_match_the_manifest_and_the_shape(seeded: tuple[str, Path]) -> None:
    url, path = seeded
    manifest = json.loads(path.read_text())
    assert manifest["scale"] == 0.01
    assert manifest["seed"] == 7
    assert manifest["password_env"] == PASSWORD_ENV
    assert manifest["database_url"] == load.hidden(url)
    # pragma: allowlist nextline secret
    assert load.hidden("postgresql+psycopg://bench:s3cret@db/x") == "postgresql+psycopg://bench:***@db/x"
    for table, count in manifest["counts"].items():
        assert _rows(url, f"SELECT count(*) FROM {table}") == [(count,)], table  # noqa: S608
    counts = manifest["counts"]
    assert counts["clients"] == 100
    assert counts["appointments"] == 2000
    assert counts["trainer_assignments"] == counts["clients"]
    assert counts["users"] == 2 + manifest["accounts"]["trainers"]["count"] + 100
    for table in ("bookings", "workout_logs", "set_logs", "personal_records", "measurements", "goals"):
        assert counts[table] > 0, table
    assert manifest["accounts"]["clients"] == {"pattern": "client-{n}@bench.example", "count": 100}
    assert _rows(url, "SELECT email FROM users WHERE role = 'ADMIN' ORDER BY email") == [
        ("admin-1@bench.example",),
        ("admin-2@bench.example",),
    ]
    # every client has a portal account, numbered 1…C
    assert _rows(
        url,
        "SELECT count(*) FROM users u JOIN clients c ON c.id = u.client_id "
        "WHERE u.email = c.email AND c.email LIKE 'client-%@bench.example'",
    ) == [(100,)]


def test_rows_keep_the_app_rules(seeded: tuple[str, Path], pg_url: str) -> None:
    url, _ = seeded
    # The keys, indexes and constraints rebuilt after the load are exactly what the migrations create.
    schema = (
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE connamespace = 'public'::regnamespace UNION ALL "
        "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2, 3"
    )
    assert _normalised(_rows(url, schema)) == _normalised(_rows(pg_url, schema))
    assert ("appointments", "ex_appointments_trainer_overlap") in {r[:2] for r in _rows(url, schema)}
    # No class holds more places than its capacity; a 1:1 session has its one client.
    assert _rows(
        url,
        "SELECT count(*) FROM appointments a WHERE capacity < (SELECT count(*) FROM bookings b "
        "WHERE b.appointment_id = a.id AND b.status IN ('booked', 'attended'))",
    ) == [(0,)]
    assert _rows(
        url,
        "SELECT count(*) FROM appointments a WHERE kind = 'one_to_one' AND "
        "(SELECT count(*) FROM bookings b WHERE b.appointment_id = a.id) <> 1",
    ) == [(0,)]
    # A booking carries its appointment's span; attendance only in the past; a called-off 1:1 cancels it.
    assert _rows(
        url,
        "SELECT count(*) FROM bookings b JOIN appointments a ON a.id = b.appointment_id "
        "WHERE b.starts_at <> a.starts_at OR b.blocked_until <> a.blocked_until",
    ) == [(0,)]
    assert _rows(
        url,
        "SELECT count(*) FROM bookings WHERE status IN ('attended', 'no_show') "
        "AND (starts_at > now() OR attendance_marked_at IS NULL)",
    ) == [(0,)]
    assert _rows(
        url,
        "SELECT count(*) FROM bookings b JOIN appointments a ON a.id = b.appointment_id "
        "WHERE a.kind = 'one_to_one' AND (b.status IN ('cancelled', 'late_cancelled')) "
        "<> (a.status = 'cancelled')",
    ) == [(0,)]
    assert _rows(url, "SELECT count(*) FROM clients WHERE sort_name <> lower(last_name || ' ' || first_name)") == [(0,)]
    # Time runs forwards: nothing is cancelled or checked in before it was booked, nor booked or trained
    # before the client joined.
    assert _rows(
        url,
        "SELECT count(*) FROM bookings WHERE cancelled_at < created_at OR checked_in_at < created_at "
        "OR updated_at < created_at OR created_at > starts_at",
    ) == [(0,)]
    assert _rows(
        url, "SELECT count(*) FROM bookings b JOIN clients c ON c.id = b.client_id WHERE b.created_at < c.created_at"
    ) == [(0,)]
    assert _rows(
        url,
        "SELECT count(*) FROM workout_logs w JOIN clients c ON c.id = w.client_id "
        "WHERE w.created_at < c.created_at OR w.performed_on > current_date",
    ) == [(0,)]
    # Personal records point at a set of the same client on the same exercise.
    assert _rows(
        url,
        "SELECT count(*) FROM personal_records r JOIN set_logs s ON s.id = r.set_log_id "
        "WHERE s.client_id <> r.client_id OR s.exercise_id <> r.exercise_id",
    ) == [(0,)]


def test_a_seeded_user_signs_in_and_reads_encrypted_data(seeded: tuple[str, Path]) -> None:
    url, path = seeded
    manifest = json.loads(path.read_text())
    app = create_app(make_settings(url, None, secret_key=SECRET))
    client_id = manifest["samples"]["long_history_client_id"]
    for email in ("admin-2@bench.example", manifest["samples"]["busy_trainer_email"], "client-100@bench.example"):
        http = app.test_client()
        assert (
            http.post("/api/v1/auth/login", json={"email": email, "password": "wrong-password-123"}).status_code == 401
        )
        response = http.post("/api/v1/auth/login", json={"email": email, "password": DEFAULT_PASSWORD})
        assert response.status_code == 200, (email, response.get_json())
    admin = app.test_client()
    admin.post("/api/v1/auth/login", json={"email": "admin-1@bench.example", "password": DEFAULT_PASSWORD})
    measurements = admin.get(f"/api/v1/clients/{client_id}/measurements?limit=5")
    assert measurements.status_code == 200  # values decrypt with the app's keys (a wrong key is a 500)
    assert len(items := measurements.get_json()["items"]) == 5
    assert all(m["value"] > 0 for m in items)
    logs = admin.get(f"/api/v1/workout-logs?client_id={client_id}&limit=5").get_json()["items"]
    assert len(logs) == 5
    assert all(log["set_count"] > 0 for log in logs)
    app.extensions["fitnesscrm"].database.engine.dispose()


def test_refuses_a_database_with_data_and_replace_gives_the_same_rows(seeded: tuple[str, Path], tmp_path: Path) -> None:
    url, _ = seeded
    before = _sample(url)
    refused = _seed(url, tmp_path / "refused.json")
    assert refused.exit_code != 0
    assert "already holds data" in refused.output
    assert "--replace" in refused.output
    assert not (tmp_path / "refused.json").exists()
    assert _sample(url) == before
    again = _seed(url, tmp_path / "again.json", "--replace")
    assert again.exit_code == 0, again.output
    assert _sample(url) == before  # same seed, same ids, e-mails and numbers


def test_sqlite_is_refused_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli.main,
        [
            "bench",
            "seed",
            "--scale",
            "0.01",
            "--database-url",
            f"sqlite:///{tmp_path / 'x.db'}",
            "--manifest",
            str(tmp_path / "m.json"),
        ],
        env=ENV,
    )
    assert result.exit_code != 0
    assert result.output.strip().count("\n") == 0
    assert "needs PostgreSQL" in result.output


def test_explain_finds_an_index_for_every_hot_query(seeded: tuple[str, Path]) -> None:
    url, path = seeded
    result = CliRunner().invoke(cli.main, ["bench", "explain", "--database-url", url, "--manifest", str(path)], env=ENV)
    assert result.exit_code == 0, result.output
    assert "enable_seqscan = off" in result.output  # a tiny dataset is checked with sequential scans disabled
    assert "ok     clients list, first page by name" in result.output


def test_explain_fails_on_a_sequential_scan(seeded: tuple[str, Path]) -> None:
    """The check itself can fail: drop the index a client's bookings are found by, and it names the table."""
    url, path = seeded
    manifest = load.Manifest.read(path)
    settings = make_settings(url, None, secret_key=SECRET)
    dropped = (
        "ix_bookings_client_starts_at",
        "uq_bookings_live_client",
    )  # its (appointment_id, client_id) could serve a client_id filter too
    with psycopg.connect(_dsn(url), autocommit=True) as conn:
        indexes = [_one(conn, "SELECT indexdef FROM pg_indexes WHERE indexname = %s", name) for name in dropped]
        exclusion = _one(
            conn, "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = %s", "ex_bookings_client_overlap"
        )
        conn.execute("ALTER TABLE bookings DROP CONSTRAINT ex_bookings_client_overlap")
        for name in dropped:
            conn.execute(f"DROP INDEX {name}")
        try:
            report = explain.check(settings, manifest, force_index=True)
        finally:
            for definition in indexes:
                conn.execute(definition)
            conn.execute(f"ALTER TABLE bookings ADD CONSTRAINT ex_bookings_client_overlap {exclusion}")
    assert not report.ok
    failed = {r.probe.name for r in report.results if not r.ok}
    assert "a client's upcoming bookings" in failed
    assert "FULL SCAN of bookings" in report.render()
