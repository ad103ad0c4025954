"""A throwaway target for the smoke run and for local measurements: its own PostgreSQL database (migrated,
demo studio seeded) and one gunicorn instance (the project's gunicorn_conf.py, 2 workers) on a port of its own,
with sign-in rate limits raised so one address may sign a thousand users in.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

VENV_BIN = Path(sys.executable).parent
# One address signs every simulated user in: the per-address limits would answer 429 long before the test ends.
LOAD_TEST_LIMITS = {
    "FITNESSCRM_LOGIN_LIMIT_PER_IP": "100000 per minute",
    "FITNESSCRM_LOGIN_LIMIT_PER_ACCOUNT": "100000 per minute",
    "FITNESSCRM_DEFAULT_RATE_LIMIT": "1000000 per minute",
}


@dataclass
class LocalTarget:
    database_url: str
    redis_url: str
    port: int
    workers: int = 2
    log_file: Path | None = None
    extra_env: dict[str, str] = field(default_factory=dict)  # FITNESSCRM_* settings over the ones below

    keys_dir: Path = Path(__file__).resolve().parent.parent / "var" / "loadtest" / "keys"

    def __post_init__(self) -> None:
        from fitnesscrm.core.crypto import generate_key

        # The database's health data is encrypted with these: kept beside it, so a reused database stays readable.
        path = self.keys_dir / f"{make_url(self.database_url).database}.json"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            path.write_text(json.dumps({"secret_key": secrets.token_urlsafe(48), "encryption_keys": generate_key()}))
            path.chmod(0o600)
        keys = json.loads(path.read_text())
        self._secret_key, self._encryption_keys = keys["secret_key"], keys["encryption_keys"]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("FITNESSCRM_")}
        env.update(
            {
                "FITNESSCRM_ENV": "development",
                "FITNESSCRM_BASE_URL": self.url,
                "FITNESSCRM_DATABASE_URL": self.database_url,
                "FITNESSCRM_REDIS_URL": self.redis_url,
                "FITNESSCRM_SECRET_KEY": self._secret_key,
                "FITNESSCRM_ENCRYPTION_KEYS": self._encryption_keys,
                "FITNESSCRM_DRAIN_SECONDS": "0",
                "FITNESSCRM_WEB_WORKERS": str(self.workers),
                "FITNESSCRM_LOG_LEVEL": "WARNING",
                **LOAD_TEST_LIMITS,
                **self.extra_env,
            }
        )
        return env

    def prepare_database(self, *, fresh: bool, seed: str = "demo", manifest: Path | None = None) -> None:
        """Create (or with `fresh`, recreate) the database and migrate it; then `seed` "demo" seeds the demo
        studio (idempotent; about 40 CPU-seconds), "small" a few bench-style accounts (seconds; see
        :func:`seed_small`), whose manifest goes to `manifest`."""
        url = make_url(self.database_url)
        admin = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (url.database,)).fetchone()
            if fresh and exists:
                conn.execute(f'DROP DATABASE "{url.database}" WITH (FORCE)')
            if fresh or not exists:
                conn.execute(f'CREATE DATABASE "{url.database}"')
        if seed == "demo":
            for args in (["db", "upgrade"], ["seed", "demo"]):
                subprocess.run(
                    [str(VENV_BIN / "fitnesscrm"), *args], env=self.env(), check=True, capture_output=True, timeout=900
                )
        elif seed == "small":
            assert manifest is not None, "the small seed writes a dataset manifest"
            seed_small(self.settings(), manifest)
        else:
            raise ValueError(f"unknown seed {seed!r}: demo or small")

    def settings(self) -> Any:
        """The target's settings, for work done in this process (the small seed)."""
        from fitnesscrm.settings import Settings

        return Settings(
            env="development",
            database_url=self.database_url,
            redis_url=self.redis_url,
            base_url=self.url,
            secret_key=self._secret_key,
            encryption_keys=self._encryption_keys,
            log_level="WARNING",
        )

    @contextmanager
    def serving(self, ready_timeout: float = 600) -> Iterator[subprocess.Popen[bytes]]:
        log = open(self.log_file, "ab") if self.log_file else subprocess.DEVNULL  # noqa: SIM115 - closed below
        process = subprocess.Popen(
            [
                str(VENV_BIN / "fitnesscrm"),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                str(self.workers),
            ],
            env=self.env(),
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        try:
            self._wait_ready(process, ready_timeout)
            yield process
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            if log is not subprocess.DEVNULL:
                log.close()  # type: ignore[union-attr]

    def _wait_ready(self, process: subprocess.Popen[bytes], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode} (log: {self.log_file})")
            try:
                with urllib.request.urlopen(f"{self.url}/readyz", timeout=5) as response:  # noqa: S310 - loopback
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"gunicorn on {self.url} was not ready within {timeout:.0f} s")


def seed_small(settings: Any, manifest: Path, *, trainers: int = 2, clients: int = 6) -> None:
    """A migrated database with one admin, a few trainers and clients with sign-ins named as the bench dataset
    names them (admin-1@bench.example, …; its published password), the exercise library and the metric
    catalogue, and the manifest that lists them: enough for every persona's pages, in seconds."""
    from alembic import command
    from sqlalchemy import func, select

    from fitnesscrm.accounts import passwords
    from fitnesscrm.accounts.models import User
    from fitnesscrm.app import create_app
    from fitnesscrm.clients import service as clients_service
    from fitnesscrm.core.actor import Actor, Role
    from fitnesscrm.migrations import alembic_config
    from fitnesscrm.progress.metrics.service import sync_builtin_metrics
    from fitnesscrm.staff import service as staff_service
    from fitnesscrm.training.exercises.library import sync_builtin_library

    from .accounts import DEFAULT_BENCH_PASSWORD, BenchAccounts

    command.upgrade(alembic_config(settings.database_url), "head")
    app = create_app(settings)
    password = os.environ.get("FITNESSCRM_BENCH_PASSWORD", DEFAULT_BENCH_PASSWORD)
    password_hash = passwords.hash_password(password)  # one hash for all: argon2 is slow on purpose
    email = BenchAccounts.DEFAULT_PATTERNS
    system = Actor.system("loadtest")
    with app.extensions["fitnesscrm"].database.session() as session:
        if session.scalar(select(User.id).where(User.email == email["admin"].format(n=1))):
            # Seeded before (--keep-db): the accounts are there; count them for the manifest.
            counts = {
                role: session.scalar(
                    select(func.count()).select_from(User).where(User.email.like(email[role].replace("{n}", "%")))
                )
                or 0
                for role in ("admin", "trainer", "client")
            }
            trainers, clients = counts["trainer"], counts["client"]
            _write_manifest(manifest, counts["admin"], trainers, clients)
            return
        sync_builtin_library(session)
        sync_builtin_metrics(session)
        session.add(
            User(email=email["admin"].format(n=1), full_name="Load Admin", role=Role.ADMIN, password_hash=password_hash)
        )
        trainer_ids = []
        for n in range(1, trainers + 1):
            trainer = staff_service.create_trainer(
                session,
                actor=system,
                first_name="Load",
                last_name=f"Trainer{n}",
                email=f"trainer{n}@loadtest.example.com",
            )
            trainer_ids.append(trainer.id)
            session.add(
                User(
                    email=email["trainer"].format(n=n),
                    full_name=trainer.full_name,
                    role=Role.TRAINER,
                    password_hash=password_hash,
                    trainer_id=trainer.id,
                )
            )
        for n in range(1, clients + 1):
            client = clients_service.create_client(
                session,
                actor=system,
                first_name="Load",
                last_name=f"Client{n}",
                primary_trainer_id=trainer_ids[n % trainers],
            )
            session.add(
                User(
                    email=email["client"].format(n=n),
                    full_name=client.full_name,
                    role=Role.CLIENT,
                    password_hash=password_hash,
                    client_id=client.id,
                )
            )
    _write_manifest(manifest, 1, trainers, clients)


def _write_manifest(manifest: Path, admins: int, trainers: int, clients: int) -> None:
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(
        json.dumps(
            {
                "generator": "loadtest.local.seed_small",
                "counts": {"admins": admins, "trainers": trainers, "clients": clients},
            },
            indent=2,
        )
    )
