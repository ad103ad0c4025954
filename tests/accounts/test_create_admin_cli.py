"""`fitnesscrm users create-admin --email E`: the only way to make an admin besides the demo seed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

FITNESSCRM = str(Path(sys.executable).with_name("fitnesscrm"))
STRONG = "copper-lantern-meadow-58"


def _run(pg_url: str, *args: str, password: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FITNESSCRM_")}
    env.update(FITNESSCRM_DATABASE_URL=pg_url, FITNESSCRM_ADMIN_PASSWORD=password, FITNESSCRM_LOG_LEVEL="WARNING")
    return subprocess.run(
        [FITNESSCRM, "users", "create-admin", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_create_admin_then_sign_in_through_the_api(app, pg_url, anon, sql):
    result = _run(pg_url, "--email", "Olive.Owner@Studio.example.com", "--name", "Olive Owner", password=STRONG)

    assert result.returncode == 0, result.stderr
    assert "created" in result.stdout
    signed_in = anon.login("olive.owner@studio.example.com", STRONG)
    assert signed_in.status_code == 200
    assert signed_in.json["user"]["role"] == "admin"
    assert signed_in.json["user"]["full_name"] == "Olive Owner"
    [row] = sql("SELECT password_hash FROM users")
    assert row.password_hash.startswith("$argon2id$")


def test_create_admin_refuses_a_weak_password(app, pg_url, sql):
    result = _run(pg_url, "--email", "olive.owner@studio.example.com", password="password1234")

    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error:")
    assert "Traceback" not in result.stderr
    assert sql("SELECT count(*) AS n FROM users")[0].n == 0


def test_create_admin_refuses_an_existing_email(app, pg_url, factory):
    admin = factory.admin()

    result = _run(pg_url, "--email", admin.email, password=STRONG)

    assert result.returncode != 0
    assert "already exists" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
