"""The production-like local stack, from this machine's own binaries (no Docker):

    nginx (TLS, self-signed, HTTP/2) ──▶ 2 gunicorn app instances ──▶ PgBouncer ──▶ PostgreSQL (own data dir, port)
                                                                   └▶ Redis (own port, AOF, noeviction)
    + a Celery worker and exactly one beat; migrations go straight to PostgreSQL

    python -m ops.stack up [--no-demo] [--load-test] | down | status | rollout [--migrate]
                        (`make stack` / `make stack-load-test` / `make stack-down`)
    python -m ops.stack seed-bench --scale 1                                          (`make stack-bench-seed`)

Everything lives under var/stack/ (PostgreSQL's data dir under /tmp when run as root, since the server must run as
the `postgres` user, and PgBouncer's files next to it for the same reason); the developer's own PostgreSQL and
Redis are never touched. The app runs with
FITNESSCRM_ENV=production and generated secrets, behind the same nginx config operators install
(deploy/nginx, rendered by ops/nginx_render.py). The reliability tests (tests/reliability/) drive the same class.

`--load-test` (never the default) is for loadtest/: every simulated user comes from 127.0.0.1, so nginx is rendered
with loopback exempt from its per-address limit_req zones and the app instances get the raised sign-in and API
limits of loadtest/local.py. Everything else is the production-like stack.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import hashlib
import http.client
import json
import os
import pwd
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from loadtest.local import LOAD_TEST_LIMITS
from ops import nginx_render, pgbouncer

PROJECT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
# gthread threads per gunicorn worker (gunicorn_conf.py's default) and Celery worker processes.
WEB_THREADS = 4
CELERY_CONCURRENCY = 2
STATEMENT_TIMEOUT_MS = 15000  # set by PgBouncer on its server connections (the app's default, without SET LOCAL)


class StackError(RuntimeError):
    pass


@dataclass(frozen=True)
class Ports:
    https: int = 8443
    http: int = 8080
    apps: tuple[int, ...] = (18001, 18002)
    postgres: int = 55432
    redis: int = 56379
    worker_metrics: int = 19101
    pgbouncer: int = 56432


@dataclass(frozen=True)
class Binaries:
    nginx: str
    openssl: str
    redis_server: str
    initdb: str
    pg_ctl: str
    pgbouncer: str


# What to install when a binary is missing (Debian package names).
PACKAGES = {
    "nginx": "nginx",
    "openssl": "openssl",
    "redis-server": "redis-server",
    "initdb": "postgresql",
    "pg_ctl": "postgresql",
    "pgbouncer": "pgbouncer",
}


def _postgres_tool(name: str) -> str | None:
    # Debian keeps initdb/pg_ctl out of PATH, under /usr/lib/postgresql/<version>/bin; take the newest.
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return candidates[-1] if candidates else None


def find_binaries() -> Binaries:
    found = {
        "nginx": nginx_render.nginx_binary(),
        "openssl": shutil.which("openssl"),
        "redis-server": shutil.which("redis-server"),
        "initdb": _postgres_tool("initdb"),
        "pg_ctl": _postgres_tool("pg_ctl"),
        "pgbouncer": pgbouncer.binary(),
    }
    missing = sorted({PACKAGES[name] for name, path in found.items() if path is None})
    if missing:
        raise StackError(f"missing programs; install the Debian packages: apt-get install -y {' '.join(missing)}")
    return Binaries(**{name.replace("-", "_"): path for name, path in found.items()})  # type: ignore[arg-type]


def _proc_stat(pid: int) -> list[str] | None:
    """Fields of /proc/PID/stat after the command name (field 3, the state, first), or None."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, IndexError):
        return None


def _alive(pid: int) -> bool:
    fields = _proc_stat(pid)
    return fields is not None and fields[0] not in ("Z", "X")  # a zombie has exited


def _started_at(pid: int) -> float | None:
    """When the process started (Unix time): boot time + its start in clock ticks (field 22 of stat)."""
    fields = _proc_stat(pid)
    if fields is None:
        return None
    boot = next(
        float(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines() if line.startswith("btime ")
    )
    return boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")


def wait_until(predicate: Callable[[], bool], timeout: float, what: str, interval: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise StackError(f"timed out after {timeout:.0f} s waiting for {what}")


@dataclass
class Stack:
    root: Path
    ports: Ports = field(default_factory=Ports)
    drain_seconds: float = 2.0
    web_workers: int = 2
    extra_env: dict[str, str] = field(default_factory=dict)
    load_test: bool = False  # loopback exempt from nginx's per-address limits; the app's limits raised

    def __post_init__(self) -> None:
        self.root = self.root.resolve()
        if self.load_test:
            self.extra_env = {**LOAD_TEST_LIMITS, **self.extra_env}
        self.binaries = find_binaries()
        self._children: dict[str, subprocess.Popen[bytes]] = {}

    # --- paths -------------------------------------------------------------------------------------------
    @property
    def run_dir(self) -> Path:
        return self.root / "run"

    @property
    def log_dir(self) -> Path:
        return self.root / "logs"

    @property
    def nginx_prefix(self) -> Path:
        return self.root / "nginx"

    @property
    def pg_home(self) -> Path:
        """Data dir, socket and log of PostgreSQL. The server refuses to run as root, so under root it runs as
        `postgres`, in a directory that user owns and can reach (a pytest tmp dir is mode 0700)."""
        if os.geteuid() != 0:
            return self.root / "postgres"
        digest = hashlib.sha256(str(self.root).encode()).hexdigest()[:10]
        return Path(tempfile.gettempdir()) / f"fitnesscrm-stack-{digest}"

    @property
    def url(self) -> str:
        return f"https://localhost:{self.ports.https}"

    @property
    def ca_file(self) -> Path:
        return self.nginx_prefix / "tls" / "fullchain.pem"

    def log_file(self, name: str) -> Path:
        return self.log_dir / f"{name}.log"

    @property
    def load_test_marker(self) -> Path:
        """Present while the stack runs in load-test mode, so `rollout` restarts the instances the same way."""
        return self.run_dir / "load-test"

    # --- configuration -----------------------------------------------------------------------------------
    def _secret(self, name: str, make: Callable[[], str]) -> str:
        path = self.root / "secrets" / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            path.write_text(make())
            path.chmod(0o600)
        return path.read_text().strip()

    @property
    def db_password(self) -> str:
        return self._secret("db_password", lambda: secrets.token_urlsafe(24))

    @property
    def database_url(self) -> str:
        """What the app instances, the worker and beat use: PgBouncer, in transaction mode."""
        return f"postgresql+psycopg://fitnesscrm:{self.db_password}@127.0.0.1:{self.ports.pgbouncer}/fitnesscrm"

    @property
    def direct_database_url(self) -> str:
        """PostgreSQL itself: migrations (`fitnesscrm db upgrade`)."""
        return f"postgresql+psycopg://fitnesscrm:{self.db_password}@127.0.0.1:{self.ports.postgres}/fitnesscrm"

    @property
    def metrics_token(self) -> str:
        return self._secret("metrics_token", lambda: secrets.token_urlsafe(32))

    @property
    def metrics_token_file(self) -> Path:
        self.metrics_token  # noqa: B018 - created on first use
        return self.root / "secrets" / "metrics_token"

    @property
    def superuser_dsn(self) -> str:
        """libpq DSN for the `postgres` superuser over the stack's own socket (trust for local connections)."""
        return f"host={self.pg_home} port={self.ports.postgres} user=postgres dbname=postgres"

    def env(self) -> dict[str, str]:
        from fitnesscrm.core.crypto import generate_key

        env = {key: value for key, value in os.environ.items() if not key.startswith("FITNESSCRM_")}
        env.update(
            {
                "FITNESSCRM_ENV": "production",
                "FITNESSCRM_BASE_URL": self.url,
                "FITNESSCRM_DATABASE_URL": self.database_url,
                "FITNESSCRM_DATABASE_DIRECT_URL": self.direct_database_url,
                "FITNESSCRM_DB_TRANSACTION_POOLING": "true",
                # PgBouncer sets the statement timeout on its server connections: no SET LOCAL per transaction.
                "FITNESSCRM_DB_STATEMENT_TIMEOUT_MS": "0",
                "FITNESSCRM_REDIS_URL": f"redis://127.0.0.1:{self.ports.redis}/0",
                "FITNESSCRM_SECRET_KEY": self._secret("secret_key", lambda: secrets.token_urlsafe(48)),
                "FITNESSCRM_ENCRYPTION_KEYS": self._secret("encryption_keys", generate_key),
                "FITNESSCRM_STORAGE_DIR": str(self.root / "storage"),
                "FITNESSCRM_TRUSTED_PROXIES": "1",
                "FITNESSCRM_DRAIN_SECONDS": str(self.drain_seconds),
                "FITNESSCRM_WEB_WORKERS": str(self.web_workers),
                "FITNESSCRM_LOG_LEVEL": "INFO",
                # /metrics for a local Prometheus: bearer token in secrets/metrics_token; the worker's port on loopback.
                "FITNESSCRM_METRICS_TOKEN": self.metrics_token,
                "FITNESSCRM_WORKER_METRICS_HOST": "127.0.0.1",
                "FITNESSCRM_WORKER_METRICS_PORT": str(self.ports.worker_metrics),
                "PATH": f"{VENV_BIN}:{env.get('PATH', '/usr/bin:/bin')}",
            }
        )
        env.update(self.extra_env)
        return env

    # --- process helpers ---------------------------------------------------------------------------------
    def _pid_file(self, name: str) -> Path:
        return self.run_dir / f"{name}.pid"

    def pid(self, name: str) -> int | None:
        """The live process this stack started as `name`. A process that started after the pid file was written
        only reuses the number (after a reboot or a crash): never ours, never signalled."""
        path = self._pid_file(name)
        try:
            pid, written = int(path.read_text()), path.stat().st_mtime
        except (FileNotFoundError, ValueError):
            return None
        started = _started_at(pid)
        if not _alive(pid) or started is None or started > written + 1:
            return None
        return pid

    def _spawn(self, name: str, argv: list[str]) -> int:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        with self.log_file(name).open("ab") as log:
            # A session of its own: the process group (gunicorn master + workers) can be signalled as one.
            proc = subprocess.Popen(
                argv,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=self.env(),
                cwd=PROJECT,
                start_new_session=True,
            )
        self._children[name] = proc
        self._pid_file(name).write_text(str(proc.pid))
        return proc.pid

    def _reap(self, name: str) -> None:
        proc = self._children.pop(name, None)
        if proc is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=0.1)

    def _stop(
        self, name: str, *, sig: signal.Signals = signal.SIGTERM, timeout: float = 30, group: bool = False
    ) -> None:
        pid = self.pid(name)
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, sig) if group else os.kill(pid, sig)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and _alive(pid):
                proc = self._children.get(name)
                if proc is not None:
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        proc.wait(timeout=0.1)
                else:
                    time.sleep(0.1)
            if _alive(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGKILL)
        self._reap(name)
        self._pid_file(name).unlink(missing_ok=True)

    def _run(
        self, argv: list[str], *, as_postgres: bool = False, timeout: float = 300, env: dict[str, str] | None = None
    ) -> str:
        if as_postgres and os.geteuid() == 0:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        result = subprocess.run(
            argv,
            capture_output=True,
            text=True,
            env={**self.env(), **(env or {})},
            cwd=PROJECT,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise StackError(f"{' '.join(argv[:4])} … failed ({result.returncode}):\n{result.stderr[-3000:]}")
        return result.stdout

    def cli(self, *args: str, env: dict[str, str] | None = None, timeout: float = 600) -> str:
        """Run `fitnesscrm ARGS` against the stack's database and settings."""
        return self._run([str(VENV_BIN / "fitnesscrm"), *args], timeout=timeout, env=env)

    # --- PostgreSQL --------------------------------------------------------------------------------------
    def _pg_data(self) -> Path:
        return self.pg_home / "data"

    def _init_postgres(self) -> None:
        home = self.pg_home
        home.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            postgres = pwd.getpwnam("postgres")
            os.chown(home, postgres.pw_uid, postgres.pw_gid)
        home.chmod(0o700)
        # Local socket connections (this tooling, as `postgres`) are trusted; TCP needs a password (the app's).
        self._run(
            [
                self.binaries.initdb,
                "-D",
                str(self._pg_data()),
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "--no-sync",
            ],
            as_postgres=True,
        )
        settings = {
            "port": self.ports.postgres,
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{home}'",
            "max_connections": 200,
            "shared_buffers": "'128MB'",
            "wal_level": "replica",
            "fsync": "on",
            "synchronous_commit": "on",
            "log_min_duration_statement": 500,
            "log_line_prefix": "'%m [%p] %u@%d '",
            # The working set is in memory (or on SSD): a random read costs about what a sequential one does.
            # With the default 4, PostgreSQL hashed all 10,000 clients to list a trainer's 200 (docs/deployment.md).
            "random_page_cost": 1.1,
        }
        with (self._pg_data() / "postgresql.conf").open("a") as conf:
            conf.write("\n# FitnessCRM local stack (ops/stack.py)\n")
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())

    def start_postgres(self) -> None:
        if not (self._pg_data() / "PG_VERSION").exists():
            self._init_postgres()
        if self.postgres_running():
            return
        self._run(
            [
                self.binaries.pg_ctl,
                "-D",
                str(self._pg_data()),
                "-l",
                str(self.pg_home / "postgres.log"),
                "-w",
                "-t",
                "60",
                "start",
            ],
            as_postgres=True,
        )

    def stop_postgres(self, mode: str = "fast") -> None:
        if self.postgres_running():
            self._run(
                [self.binaries.pg_ctl, "-D", str(self._pg_data()), "-m", mode, "-w", "-t", "60", "stop"],
                as_postgres=True,
            )

    def postgres_running(self) -> bool:
        pid_file = self._pg_data() / "postmaster.pid"
        try:
            return _alive(int(pid_file.read_text().split()[0]))
        except (FileNotFoundError, ValueError, IndexError):
            return False

    def _create_database(self) -> None:
        import psycopg

        password = self.db_password
        with psycopg.connect(self.superuser_dsn, autocommit=True) as conn:
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = 'fitnesscrm'").fetchone() is None:
                # The app's role owns its database but is no superuser (btree_gist is a trusted extension).
                conn.execute(f"CREATE ROLE fitnesscrm LOGIN PASSWORD '{password}'")
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = 'fitnesscrm'").fetchone() is None:
                conn.execute("CREATE DATABASE fitnesscrm OWNER fitnesscrm")

    # --- PgBouncer ---------------------------------------------------------------------------------------
    @property
    def pool_size(self) -> int:
        """PostgreSQL connections PgBouncer may open: one per app thread and Celery process, plus beat. A request
        keeps its transaction (and so its server connection) open while the app works on it, not only while SQL
        runs (under load 70-90 % of the stack's server connections are `idle in transaction`), so a pool smaller than
        the threads queues requests in PgBouncer while the database idles (docs/capacity.md)."""
        return len(self.ports.apps) * self.web_workers * WEB_THREADS + CELERY_CONCURRENCY + 1

    def start_pgbouncer(self) -> None:
        if self.pid("pgbouncer"):
            return
        config = pgbouncer.write(
            self.pg_home / "pgbouncer",
            port=self.ports.pgbouncer,
            server_port=self.ports.postgres,
            databases={"fitnesscrm": "fitnesscrm"},
            users={"fitnesscrm": self.db_password},
            stats_users=("fitnesscrm",),
            pool_size=self.pool_size,
            statement_timeout_ms=STATEMENT_TIMEOUT_MS,
        )
        self._spawn("pgbouncer", config.command(self.binaries.pgbouncer))
        wait_until(lambda: self._tcp_open(self.ports.pgbouncer), 20, "PgBouncer")

    def stop_pgbouncer(self) -> None:
        self._stop("pgbouncer", group=True)  # with runuser in front (under root), the group is both

    # --- Redis -------------------------------------------------------------------------------------------
    def start_redis(self) -> None:
        if self.pid("redis"):
            return
        data = self.root / "redis"
        data.mkdir(parents=True, exist_ok=True)
        # The broker/limits instance: append-only file, and refuse writes when full rather than evict keys.
        self._spawn(
            "redis",
            [
                self.binaries.redis_server,
                "--port",
                str(self.ports.redis),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(data),
                "--appendonly",
                "yes",
                "--save",
                "",
                "--maxmemory",
                "256mb",
                "--maxmemory-policy",
                "noeviction",
                "--daemonize",
                "no",
            ],
        )
        wait_until(lambda: self._tcp_open(self.ports.redis), 20, "Redis")

    def stop_redis(self) -> None:
        self._stop("redis")

    # --- app, worker, beat -------------------------------------------------------------------------------
    def app_name(self, index: int) -> str:
        return f"app{index + 1}"

    def start_app(self, index: int, *, wait: bool = True) -> None:
        name = self.app_name(index)
        if self.pid(name):
            return
        self._spawn(
            name,
            [
                str(VENV_BIN / "fitnesscrm"),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.ports.apps[index]),
                "--workers",
                str(self.web_workers),
            ],
        )
        if wait:
            wait_until(lambda: self.app_ready(index), 60, f"{name} to be ready")

    def stop_app(self, index: int, *, timeout: float = 60) -> None:
        """SIGTERM: the instance drains (readyz 503, connections closed), then finishes in-flight requests."""
        self._stop(self.app_name(index), timeout=timeout)

    def kill_app(self, index: int) -> None:
        """kill -9 of the whole instance (gunicorn master and workers), as a crash or OOM kill would."""
        self._stop(self.app_name(index), sig=signal.SIGKILL, group=True, timeout=10)

    def app_ready(self, index: int) -> bool:
        status, _ = self.probe(self.ports.apps[index], "/readyz")
        return status == 200

    def start_workers(self) -> None:
        if not self.pid("worker"):
            self._spawn(
                "worker",
                [
                    str(VENV_BIN / "celery"),
                    "-A",
                    "fitnesscrm.jobs",
                    "worker",
                    "--concurrency",
                    str(CELERY_CONCURRENCY),
                    "--loglevel",
                    "INFO",
                    "--hostname",
                    "stack-worker@%h",
                ],
            )
        if not self.pid("beat"):  # exactly one beat
            self._spawn(
                "beat",
                [
                    str(VENV_BIN / "celery"),
                    "-A",
                    "fitnesscrm.jobs",
                    "beat",
                    "--loglevel",
                    "INFO",
                    "--schedule",
                    str(self.run_dir / "celerybeat-schedule"),
                ],
            )

    # --- nginx -------------------------------------------------------------------------------------------
    def render_nginx(self, down: Collection[int] = ()) -> nginx_render.Rendered:
        return nginx_render.render(
            self.nginx_prefix,
            upstream_ports=self.ports.apps,
            http_port=self.ports.http,
            https_port=self.ports.https,
            assets_dir=PROJECT / "frontend" / "dist",
            down=down,
            loopback_unlimited=self.load_test,
        )

    def start_nginx(self) -> None:
        if not (self.nginx_prefix / "tls" / "fullchain.pem").exists():
            nginx_render.self_signed_certificate(self.nginx_prefix / "tls", self.binaries.openssl)
        rendered = self.render_nginx()
        self._run(rendered.command(self.binaries.nginx, "-t"))
        if not self.pid("nginx"):
            self._spawn("nginx", rendered.command(self.binaries.nginx, "-g", "daemon off;"))
            wait_until(lambda: self._tcp_open(self.ports.https), 20, "nginx")

    def reload_nginx(self, down: Collection[int] = ()) -> None:
        """Take instances out of (or back into) rotation: graceful reload, in-flight requests finish."""
        rendered = self.render_nginx(down)
        self._run(rendered.command(self.binaries.nginx, "-s", "reload"))

    # --- whole stack -------------------------------------------------------------------------------------
    def up(self, *, demo: bool = True) -> str:
        """Start what is not running; returns what the demo seed printed (its sign-ins), if it ran."""
        if not (PROJECT / "frontend" / "dist" / "index.html").exists():
            raise StackError("frontend/dist is missing: run `make build` first")
        self._check_mode()
        self.start_postgres()
        self._create_database()
        self.start_pgbouncer()
        self.start_redis()
        self.cli("db", "upgrade")  # the one-off migration step, before any instance serves (direct to PostgreSQL)
        self.cli("seed", "exercises")
        seeded = self.cli("seed", "demo") if demo else ""
        for index in range(len(self.ports.apps)):
            self.start_app(index, wait=False)
        wait_until(
            lambda: all(self.app_ready(i) for i in range(len(self.ports.apps))), 90, "the app instances to be ready"
        )
        self.start_workers()
        self.start_nginx()
        wait_until(lambda: self.probe(self.ports.https, "/readyz", tls=True)[0] == 200, 30, "nginx → app")
        return seeded

    def _check_mode(self) -> None:
        """`up` only starts what is not running: a running nginx or instance of the other mode would keep its
        limits, so switching modes needs a `down` first."""
        running = self.pid("nginx") is not None or any(self.pid(self.app_name(i)) for i in range(len(self.ports.apps)))
        if running and self.load_test_marker.exists() != self.load_test:
            mode = "load-test" if self.load_test_marker.exists() else "normal"
            raise StackError(f"the stack is running in {mode} mode: `make stack-down` first to switch")
        self.run_dir.mkdir(parents=True, exist_ok=True)
        if self.load_test:
            self.load_test_marker.touch()
        else:
            self.load_test_marker.unlink(missing_ok=True)

    def seed_bench(self, scale: float, manifest: Path) -> str:
        """Replace the stack's database with a `fitnesscrm bench seed` dataset: straight to PostgreSQL (a bulk
        load, not app traffic), with the stack's key ring so the instances can decrypt the health data. The
        instances are stopped meanwhile (their caches would outlive the old data) and started again."""
        import psycopg

        running = [index for index in range(len(self.ports.apps)) if self.pid(self.app_name(index))]
        for index in running:
            self.stop_app(index)
        self.start_postgres()
        with psycopg.connect(self.superuser_dsn, autocommit=True) as conn:  # the seed wants an empty database
            conn.execute("DROP DATABASE IF EXISTS fitnesscrm WITH (FORCE)")
        self._create_database()
        seeded = self.cli(
            "bench",
            "seed",
            "--scale",
            str(scale),
            "--manifest",
            str(manifest),
            env={"FITNESSCRM_DATABASE_URL": self.direct_database_url},
            timeout=7200,
        )
        for index in running:
            self.start_app(index)
        return seeded

    def down(self) -> None:
        self._stop("nginx", sig=signal.SIGQUIT)  # SIGQUIT: nginx's graceful shutdown
        self.load_test_marker.unlink(missing_ok=True)
        self._stop("beat")
        self._stop("worker")
        for index in range(len(self.ports.apps)):
            self.stop_app(index)
        self.stop_redis()
        self.stop_pgbouncer()
        self.stop_postgres()

    def status(self) -> dict[str, bool]:
        names = [
            "nginx",
            *(self.app_name(i) for i in range(len(self.ports.apps))),
            "worker",
            "beat",
            "redis",
            "pgbouncer",
        ]
        report = {name: self.pid(name) is not None for name in names}
        report["postgres"] = self.postgres_running()
        return report

    def rollout(self, *, migrate: bool = False) -> float:
        """Zero-downtime release of the code on disk; returns the seconds it took. docs/deployment.md explains
        why each step is there."""
        started = time.monotonic()
        if migrate:
            self.cli("db", "upgrade")  # expand-only migrations: old and new code both run on the result
        for index in range(len(self.ports.apps)):
            self.reload_nginx(down={index})  # 1. no new requests reach the instance
            time.sleep(0.5)  #    (the old nginx workers finish what they were proxying)
            self.stop_app(index)  # 2. SIGTERM: drain, finish in-flight requests, exit
            self.start_app(index)  # 3. new code, ready on /readyz (database, migrations at head)
            self.reload_nginx()  # 4. back in rotation
        self._stop("worker")  # Celery: warm shutdown finishes running tasks
        self._stop("beat")
        self.start_workers()
        return time.monotonic() - started

    # --- probes ------------------------------------------------------------------------------------------
    @staticmethod
    def _tcp_open(port: int) -> bool:
        import socket

        with socket.socket() as sock:
            sock.settimeout(0.5)
            return sock.connect_ex(("127.0.0.1", port)) == 0

    def probe(self, port: int, path: str, *, tls: bool = False) -> tuple[int, dict[str, object]]:
        conn: http.client.HTTPConnection
        if tls:
            context = ssl.create_default_context(cafile=str(self.ca_file))
            conn = http.client.HTTPSConnection("localhost", port, context=context, timeout=5)
        else:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
        except OSError:
            return 0, {}
        finally:
            conn.close()
        try:
            return response.status, json.loads(body)
        except ValueError:
            return response.status, {}


def default_stack(*, load_test: bool = False) -> Stack:
    return Stack(PROJECT / "var" / "stack", load_test=load_test)


def _print_up(stack: Stack, seeded: str) -> None:
    print(f"FitnessCRM stack is up: {stack.url}  (self-signed certificate: {stack.ca_file})")
    print(f"  nginx :{stack.ports.https} (https) :{stack.ports.http} (http → https)")
    print(f"  app instances: {', '.join(f'127.0.0.1:{port}' for port in stack.ports.apps)}")
    print(
        f"  PgBouncer 127.0.0.1:{stack.ports.pgbouncer} (transaction pooling, config {stack.pg_home}/pgbouncer)"
        " → PostgreSQL"
    )
    print(
        f"  PostgreSQL 127.0.0.1:{stack.ports.postgres} (data {stack.pg_home}/data), "
        f"Redis 127.0.0.1:{stack.ports.redis}, Celery worker + beat"
    )
    print(f"  logs: {stack.log_dir}/   stop: make stack-down")
    if stack.load_test:
        print("  LOAD-TEST MODE: loopback clients are not rate-limited by nginx; the app's limits are raised")
    if seeded:
        print(seeded.rstrip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ops.stack", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("up", help="start everything (idempotent) and print the URL")
    up.add_argument("--no-demo", action="store_true", help="do not load the demo business")
    up.add_argument(
        "--load-test",
        action="store_true",
        help="for loadtest/ only: no per-address limits for loopback clients (nginx), raised app limits",
    )
    sub.add_parser("down", help="stop everything (data is kept under var/stack)")
    sub.add_parser("status", help="which parts are running")
    rollout = sub.add_parser("rollout", help="zero-downtime rolling restart onto the code on disk")
    rollout.add_argument("--migrate", action="store_true", help="run `fitnesscrm db upgrade` first")
    seed = sub.add_parser("seed-bench", help="`fitnesscrm bench seed` into the stack's database (for loadtest/)")
    seed.add_argument("--scale", type=float, default=1.0)
    seed.add_argument("--manifest", type=Path, default=PROJECT / "var" / "bench" / "dataset.json")
    args = parser.parse_args(argv)
    try:
        stack = default_stack(load_test=args.command == "up" and args.load_test)
        if args.command in ("rollout", "seed-bench"):  # (re)start the instances in the mode they run in
            stack = default_stack(load_test=stack.load_test_marker.exists())
        if args.command == "up":
            _print_up(stack, stack.up(demo=not args.no_demo))
        elif args.command == "seed-bench":
            print(stack.seed_bench(args.scale, args.manifest).rstrip())
        elif args.command == "down":
            stack.down()
            print("FitnessCRM stack stopped")
        elif args.command == "status":
            for name, running in stack.status().items():
                print(f"{name:10} {'running' if running else 'stopped'}")
        else:
            seconds = stack.rollout(migrate=args.migrate)
            print(f"rolled out to {len(stack.ports.apps)} instances in {seconds:.1f} s")
    except StackError as exc:
        print(f"stack: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
