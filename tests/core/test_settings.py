"""Production refuses unsafe settings, each with a one-line reason, in the app and on the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from fitnesscrm.app import create_app
from fitnesscrm.core.crypto import generate_key
from fitnesscrm.settings import Settings, UnsafeConfigurationError

FITNESSCRM = str(Path(sys.executable).with_name("fitnesscrm"))
SAFE: dict[str, Any] = {
    "env": "production",
    "database_url": "postgresql+psycopg://fitnesscrm@db.internal:5432/fitnesscrm",
    "redis_url": "redis://cache.internal:6379/0",
    "secret_key": "n7Jq2xVt9LmR4sWz8YbKc3HdPf6GaEu1",
    "debug": False,
    "encryption_keys": generate_key(),
    "base_url": "https://crm.example.com",
}
REASONS = {
    "sqlite": ({"database_url": "sqlite:///var/fitnesscrm.db"}, "SQLite"),
    "no-redis": ({"redis_url": None}, "FITNESSCRM_REDIS_URL"),
    "placeholder-secret": ({"secret_key": "change-me"}, "FITNESSCRM_SECRET_KEY"),
    "short-secret": ({"secret_key": "abc123"}, "FITNESSCRM_SECRET_KEY"),
    "debug": ({"debug": True}, "FITNESSCRM_DEBUG"),
}


@pytest.fixture(autouse=True)
def _no_fitnesscrm_env(monkeypatch):
    for name in list(os.environ):
        if name.startswith("FITNESSCRM_"):
            monkeypatch.delenv(name)


def test_safe_production_settings_pass():
    Settings(**SAFE).check_safe()


@pytest.mark.parametrize(("change", "reason"), list(REASONS.values()), ids=list(REASONS))
def test_each_unsafe_production_setting_is_refused_with_its_reason(change, reason):
    settings = Settings(**{**SAFE, **change})

    with pytest.raises(UnsafeConfigurationError) as raised:
        settings.check_safe()

    message = str(raised.value)
    assert reason in message
    assert "\n" not in message
    assert len(settings.production_problems()) == 1


def test_all_reasons_are_named_together():
    settings = Settings(
        env="production",
        database_url="sqlite:///var/x.db",
        redis_url=None,
        secret_key="change-me",
        debug=True,
        encryption_keys=SAFE["encryption_keys"],
        base_url=SAFE["base_url"],
    )

    with pytest.raises(UnsafeConfigurationError) as raised:
        settings.check_safe()

    for _, reason in REASONS.values():
        assert reason in str(raised.value)
    assert "\n" not in str(raised.value)


def test_the_same_settings_are_fine_outside_production():
    Settings(env="development", database_url="sqlite:///var/x.db", redis_url=None, debug=True).check_safe()


def test_the_app_refuses_to_start_with_unsafe_production_settings():
    with pytest.raises(UnsafeConfigurationError, match="SQLite"):
        create_app(Settings(**{**SAFE, "database_url": "sqlite:///var/x.db"}))


def test_production_reads_its_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("FITNESSCRM_ENV", "production")
    monkeypatch.setenv("FITNESSCRM_SECRET_KEY", "change-me")

    with pytest.raises(UnsafeConfigurationError, match="FITNESSCRM_SECRET_KEY"):
        Settings().check_safe()


def test_serve_in_production_with_bad_settings_exits_with_a_one_line_reason(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("FITNESSCRM_")}
    env.update(
        FITNESSCRM_ENV="production",
        FITNESSCRM_DATABASE_URL=f"sqlite:///{tmp_path}/x.db",
        FITNESSCRM_SECRET_KEY="change-me",
        FITNESSCRM_DEBUG="true",
    )

    result = subprocess.run(
        [FITNESSCRM, "serve", "--port", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
        check=False,
    )

    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "refusing to start" in lines[0]
    for reason in ("SQLite", "FITNESSCRM_REDIS_URL", "FITNESSCRM_SECRET_KEY", "FITNESSCRM_DEBUG"):
        assert reason in lines[0]
    assert not (tmp_path / "x.db").exists()  # refused before touching anything


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "http://127.0.0.1:8123"),  # links a development server hands out point at itself
        ({"FITNESSCRM_BASE_URL": "https://crm.example.com"}, "https://crm.example.com"),  # configured wins
    ],
)
def test_serve_names_its_own_address_unless_a_base_url_is_configured(monkeypatch, env, expected):
    from click.testing import CliRunner

    from fitnesscrm import cli

    monkeypatch.delenv("FITNESSCRM_BASE_URL", raising=False)
    monkeypatch.delenv("FITNESSCRM_ENV", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    seen: list[str] = []
    monkeypatch.setattr(cli.os, "execv", lambda *_args: seen.append(os.environ["FITNESSCRM_BASE_URL"]))
    result = CliRunner().invoke(cli.main, ["serve", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert seen == [expected]


def test_any_setting_can_come_from_a_file_and_not_from_both(monkeypatch, tmp_path):
    """M9.4: secrets from files (Docker and Kubernetes secrets), so none need sit in the environment."""
    secret, database = tmp_path / "secret_key", tmp_path / "database_url"
    secret.write_text("a-secret-read-from-a-file-0123456789abcdef\n")
    database.write_text("postgresql+psycopg://app:from-a-file@db.internal:5432/fitnesscrm")  # pragma: allowlist secret
    monkeypatch.setenv("FITNESSCRM_SECRET_KEY_FILE", str(secret))
    monkeypatch.setenv("FITNESSCRM_DATABASE_URL_FILE", str(database))

    settings = Settings()

    assert settings.secret_key.get_secret_value() == "a-secret-read-from-a-file-0123456789abcdef"  # newline dropped
    assert settings.database_url.endswith("from-a-file@db.internal:5432/fitnesscrm")
    monkeypatch.setenv("FITNESSCRM_SECRET_KEY", "also-in-the-environment-0123456789abcdef")
    with pytest.raises(UnsafeConfigurationError, match="both FITNESSCRM_SECRET_KEY and FITNESSCRM_SECRET_KEY_FILE"):
        Settings()
    monkeypatch.delenv("FITNESSCRM_SECRET_KEY")
    monkeypatch.setenv("FITNESSCRM_SECRET_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(UnsafeConfigurationError, match="FITNESSCRM_SECRET_KEY_FILE: cannot read"):
        Settings()
