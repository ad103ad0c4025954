"""deploy/pgbouncer: the config Compose and Kubernetes run is the one the local stack and the tests use
(ops/pgbouncer.py), Debian's PgBouncer accepts it as it is, its image lints clean, and Compose puts PgBouncer
between every app process and PostgreSQL while migrations go straight to PostgreSQL."""

from __future__ import annotations

import configparser
import os
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import yaml

from fitnesscrm.settings import Settings
from ops import pgbouncer

from ..conftest import _unavailable
from .test_container import PROD, PROD_ENV, _resolved, _run, _tool

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
INI = DEPLOY / "pgbouncer" / "pgbouncer.ini"


def _settings(text: str) -> dict[str, str]:
    parser = configparser.ConfigParser(comment_prefixes=(";",), interpolation=None)
    parser.read_string(text)
    return dict(parser["pgbouncer"])


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_deployed_pool_settings_are_the_ones_the_stack_and_tests_run() -> None:
    deployed = _settings(INI.read_text())
    assert {key: deployed[key] for key in pgbouncer.POOL_SETTINGS} == {
        key: str(value) for key, value in pgbouncer.POOL_SETTINGS.items()
    }
    assert deployed["auth_type"] == "scram-sha-256"
    # The statement timeout behind PgBouncer is PgBouncer's (connect_query), the app's default; the app sends none.
    timeout_ms = Settings.model_fields["db_statement_timeout_ms"].default
    assert f"connect_query='SET statement_timeout = {timeout_ms}'" in INI.read_text()
    configmap = yaml.safe_load((DEPLOY / "k8s" / "base" / "pgbouncer-configmap.yaml").read_text())
    assert configmap["data"]["pgbouncer.ini"] == INI.read_text()  # Kubernetes runs the very same file


def test_hadolint_is_clean_on_the_pgbouncer_image() -> None:
    result = _run([_tool("hadolint"), str(DEPLOY / "pgbouncer" / "Dockerfile")])
    assert result.returncode == 0, result.stdout + result.stderr


def test_debian_pgbouncer_runs_the_deployed_config(tmp_path: Path) -> None:
    binary = pgbouncer.binary()
    if binary is None:
        _unavailable("PgBouncer", "binary not found; Debian package `pgbouncer`")
    assert binary is not None
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    with tempfile.TemporaryDirectory(prefix="fitnesscrm-pgbouncer-") as tmp:  # reachable by `postgres`
        Path(tmp).chmod(0o755)
        # The deployed file, with only its addresses and the userlist's path made local.
        config = pgbouncer.write(
            Path(tmp) / "conf", port=port, server_port=5432, databases={}, users={"fitnesscrm": "local-test-password"}
        )
        text = INI.read_text()
        for old, new in (
            ("listen_addr = 0.0.0.0", "listen_addr = 127.0.0.1"),
            ("listen_port = 6432", f"listen_port = {port}"),
            ("auth_file = /run/pgbouncer/userlist.txt", f"auth_file = {config.directory}/userlist.txt"),
        ):
            assert old in text
            text = text.replace(old, new)
        config.ini.write_text(text)
        log = Path(tmp) / "pgbouncer.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                config.command(binary), stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        try:
            deadline = time.monotonic() + 30
            while not _listening(port):
                assert proc.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.05)
            with psycopg.connect(
                host="127.0.0.1",
                port=port,
                user="fitnesscrm",
                password="local-test-password",
                dbname="pgbouncer",
                autocommit=True,
            ) as console:
                shown = {row[0]: row[1] for row in console.execute("SHOW CONFIG").fetchall()}
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        output = log.read_text()
    assert shown["pool_mode"] == "transaction"
    assert shown["default_pool_size"] == "20"
    assert shown["server_login_retry"] == "1"
    assert "unknown parameter" not in output.lower()
    assert "FATAL" not in output


def test_compose_runs_every_app_process_through_pgbouncer_and_migrates_direct() -> None:
    services = _resolved(PROD, PROD_ENV)["services"]
    bouncer = services["pgbouncer"]
    assert bouncer["build"]["context"] == str(DEPLOY / "pgbouncer")
    assert bouncer["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert [s["source"] for s in bouncer["secrets"]] == ["db_password"]
    assert bouncer["read_only"] is True
    assert {"backend"} == set(bouncer["networks"])
    for name in ("app1", "app2", "worker", "beat", "migrate"):
        env = services[name]["environment"]
        assert env["FITNESSCRM_DATABASE_URL"] == "postgresql+psycopg://fitnesscrm@pgbouncer:6432/fitnesscrm", name
        assert env["FITNESSCRM_DB_TRANSACTION_POOLING"] == "true", name
        assert env["FITNESSCRM_DB_STATEMENT_TIMEOUT_MS"] == "0", name  # PgBouncer sets it
        # `fitnesscrm db upgrade` (the migrate role) connects here: PostgreSQL itself.
        assert env["FITNESSCRM_DATABASE_DIRECT_URL"] == "postgresql+psycopg://fitnesscrm@postgres:5432/fitnesscrm"
    for name in ("app1", "app2", "worker", "beat"):
        assert services[name]["depends_on"]["pgbouncer"]["condition"] == "service_healthy", name
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
