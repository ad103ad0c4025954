"""`fitnesscrm audit verify`: the hash chain of the audit trail checked from the command line (ASVS 7.3.3)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from ..factories import Factory

FITNESSCRM = str(Path(sys.executable).with_name("fitnesscrm"))


def _verify(pg_url: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FITNESSCRM_")}
    env.update(FITNESSCRM_DATABASE_URL=pg_url, FITNESSCRM_LOG_LEVEL="WARNING")
    return subprocess.run(
        [FITNESSCRM, "audit", "verify"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_verify_finds_an_edited_audit_event(pg_url: str, factory: Factory, sql: Any) -> None:
    factory.api(factory.admin())  # a sign-in: audit events
    factory.api(factory.trainer())
    intact = _verify(pg_url)
    assert intact.returncode == 0, intact.stderr
    assert "intact" in intact.stdout

    [first] = sql("SELECT min(seq) AS seq FROM audit_events")
    sql("UPDATE audit_events SET action = 'auth.logout' WHERE seq = :seq", seq=first.seq)
    broken = _verify(pg_url)
    assert broken.returncode == 1
    assert f"broken at event {first.seq}" in broken.stderr
