"""PgBouncer in transaction mode for the local stack and the tests: its config files and how to run it.

deploy/pgbouncer/pgbouncer.ini is what Compose and Kubernetes run; this writes the same settings for loopback
use (own port, own files). PgBouncer refuses to run as root, so under root it runs as `postgres`, and its files
live in a directory that user owns (as PostgreSQL's data dir does, see ops/stack.py).
"""

from __future__ import annotations

import os
import pwd
import shutil
from dataclasses import dataclass
from pathlib import Path

# The transaction-mode settings every deployment of FitnessCRM shares (deploy/pgbouncer/pgbouncer.ini too):
# - a client waits at most query_wait_timeout for a server connection, then gets an error (the app answers 503)
#   rather than a request hanging until nginx gives up;
# - after a failed login to PostgreSQL (it is restarting) PgBouncer tries again after 1 s, not 15 s, and tells
#   waiting clients at once that the server is down;
# - server connections idle for a minute are closed, so the count follows the load.
POOL_SETTINGS = {
    "pool_mode": "transaction",
    "max_client_conn": 1000,
    "default_pool_size": 20,
    "min_pool_size": 0,
    "reserve_pool_size": 0,
    "server_idle_timeout": 60,
    "server_connect_timeout": 3,
    "server_login_retry": 1,
    "query_wait_timeout": 10,
    "server_lifetime": 3600,
}


CANDIDATES = ("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer")  # Debian installs it outside a user's PATH


def binary() -> str | None:
    return shutil.which("pgbouncer") or next((p for p in CANDIDATES if os.access(p, os.X_OK)), None)


@dataclass(frozen=True)
class Config:
    directory: Path
    port: int

    @property
    def ini(self) -> Path:
        return self.directory / "pgbouncer.ini"

    def command(self, pgbouncer: str) -> list[str]:
        argv = [pgbouncer, str(self.ini)]
        return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv

    def url(self, user: str, database: str, password: str | None = None) -> str:
        secret = f":{password}" if password else ""
        return f"postgresql+psycopg://{user}{secret}@127.0.0.1:{self.port}/{database}"


def write(
    directory: Path,
    *,
    port: int,
    server_port: int,
    databases: dict[str, str],
    users: dict[str, str],
    auth_type: str = "scram-sha-256",
    pool_size: int | None = None,
    stats_users: tuple[str, ...] = (),
    statement_timeout_ms: int | None = None,
) -> Config:
    """pgbouncer.ini and userlist.txt in `directory`, listening on 127.0.0.1:`port` for PostgreSQL on
    127.0.0.1:`server_port`. `databases`: name clients use → database on the server; `users`: name →
    password (plain: PgBouncer logs in to PostgreSQL with it, so it must know it); `stats_users` may read
    SHOW POOLS / SHOW STATS on the console (database `pgbouncer`); `statement_timeout_ms`: set on every server
    connection PgBouncer opens (connect_query), so the app needs no SET LOCAL per transaction."""
    directory.mkdir(parents=True, exist_ok=True)
    connect = f" connect_query='SET statement_timeout = {int(statement_timeout_ms)}'" if statement_timeout_ms else ""
    entries = "".join(
        f"{name} = host=127.0.0.1 port={server_port} dbname={target}{connect}\n" for name, target in databases.items()
    )
    settings = {
        **POOL_SETTINGS,
        "listen_addr": "127.0.0.1",
        "listen_port": port,
        "unix_socket_dir": "",
        "auth_type": auth_type,
        "auth_file": str(directory / "userlist.txt"),
        "stats_users": ",".join(stats_users),
    }
    if pool_size is not None:
        settings["default_pool_size"] = pool_size
    body = "".join(f"{key} = {value}\n" for key, value in settings.items())
    ini = directory / "pgbouncer.ini"
    ini.write_text(f"; written by ops/pgbouncer.py\n[databases]\n{entries}\n[pgbouncer]\n{body}")
    userlist = directory / "userlist.txt"
    userlist.write_text("".join(f'"{user}" "{password}"\n' for user, password in users.items()))
    for path in (directory, ini, userlist):
        path.chmod(0o700 if path.is_dir() else 0o600)
        if os.geteuid() == 0:
            postgres = pwd.getpwnam("postgres")
            os.chown(path, postgres.pw_uid, postgres.pw_gid)
    return Config(directory, port)
