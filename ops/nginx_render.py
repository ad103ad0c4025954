"""Render deploy/nginx for loopback use: every path under one prefix directory, every port on 127.0.0.1.

The production file is the single source; this swaps its literal paths, ports and upstream servers, so the
local stack and the tests run exactly what operators install (`tests/deploy/test_nginx.py` checks that the
literals it replaces are still there).
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

NGINX_DIR = Path(__file__).resolve().parents[1] / "deploy" / "nginx"
NGINX_CANDIDATES = ("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx")
PRODUCTION_UPSTREAMS = (
    "server app1:8000 max_fails=3 fail_timeout=10s;",
    "server app2:8000 max_fails=3 fail_timeout=10s;",
    "server app1:8000 max_fails=0 backup;",
    "server app2:8000 max_fails=0 backup;",
)
# Load tests send every simulated user from 127.0.0.1: with `loopback_unlimited` the per-address zones key
# loopback clients on "" (never limited) and every other address as in production.
LOOPBACK_UNLIMITED_KEYS = """geo $fitnesscrm_loopback {
        default 0;
        127.0.0.0/8 1;
        ::1 1;
    }
    map $fitnesscrm_loopback $limit_addr {
        1 "";
        default $binary_remote_addr;
    }
"""


class RenderError(RuntimeError):
    pass


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in NGINX_CANDIDATES if os.access(p, os.X_OK)), None)


@dataclass(frozen=True)
class Rendered:
    conf: Path
    prefix: Path
    http_port: int
    https_port: int

    def command(self, nginx: str, *extra: str) -> list[str]:
        return [
            nginx,
            "-p",
            f"{self.prefix}/",
            "-c",
            str(self.conf),
            "-e",
            str(self.prefix / "logs" / "error.log"),
            *extra,
        ]


def self_signed_certificate(tls_dir: Path, openssl: str, *, days: int = 30) -> None:
    tls_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            str(days),
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout",
            str(tls_dir / "privkey.pem"),
            "-out",
            str(tls_dir / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )


def _replace(text: str, old: str, new: str) -> str:
    if old not in text:
        raise RenderError(f"deploy/nginx no longer contains {old!r}: update ops/nginx_render.py")
    return text.replace(old, new)


def render(
    prefix: Path,
    *,
    upstream_ports: Sequence[int],
    http_port: int,
    https_port: int,
    assets_dir: Path | None = None,
    down: Collection[int] = (),
    loopback_unlimited: bool = False,
) -> Rendered:
    """Write the config under `prefix` (conf/, logs/, temp/, acme/, www/; TLS files expected in prefix/tls).

    `down` holds indexes into `upstream_ports` to mark `down` (taken out of rotation before a restart).
    Rendering again over the same prefix rewrites only conf/ (for a reload). `loopback_unlimited` (load tests
    only) exempts loopback clients from the per-address `limit_req` zones; everything else stays as shipped."""
    conf_dir = prefix / "conf"
    if conf_dir.exists():
        shutil.rmtree(conf_dir)
    shutil.copytree(NGINX_DIR, conf_dir)
    mime = Path("/etc/nginx/mime.types")
    if mime.is_file():
        shutil.copy(mime, conf_dir / "mime.types")
    else:  # enough for the app's files when nginx's own mime.types is not installed
        (conf_dir / "mime.types").write_text(
            "types { text/html html; text/css css; application/javascript js; image/svg+xml svg;"
            " application/json json; text/plain txt; application/manifest+json webmanifest; }\n"
        )
    for name in ("logs", "temp", "acme/.well-known/acme-challenge", "www/assets"):
        (prefix / name).mkdir(parents=True, exist_ok=True)

    # As in production: each instance once as a checked primary, once as a never-failed backup; `down` on both.
    servers = "\n        ".join(
        [
            f"server 127.0.0.1:{port} max_fails=3 fail_timeout=10s{' down' if index in down else ''};"
            for index, port in enumerate(upstream_ports)
        ]
        + [
            f"server 127.0.0.1:{port} max_fails=0 backup{' down' if index in down else ''};"
            for index, port in enumerate(upstream_ports)
        ]
    )
    main = (conf_dir / "nginx.conf").read_text()
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
    temp_paths = "".join(
        f"    {kind}_temp_path {prefix}/temp/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    for old, new in [
        ("user www-data;", user),
        ("pid /run/nginx.pid;", f"pid {prefix}/nginx.pid;"),
        ("/var/log/nginx/", f"{prefix}/logs/"),
        ("listen 80 default_server;", f"listen 127.0.0.1:{http_port} default_server;"),
        ("listen [::]:80 default_server;", ""),
        ("listen 443 ssl http2 default_server;", f"listen 127.0.0.1:{https_port} ssl http2 default_server;"),
        ("listen [::]:443 ssl http2 default_server;", ""),
        ("/var/www/acme", f"{prefix}/acme"),
        ("/srv/fitnesscrm/assets", str(assets_dir or prefix / "www")),
        (PRODUCTION_UPSTREAMS[0], servers),
        *((line + "\n", "") for line in PRODUCTION_UPSTREAMS[1:]),
        ("http {\n", "http {\n" + temp_paths),
    ]:
        main = _replace(main, old, new)
    if loopback_unlimited:
        for old, new in [
            (
                "    map $request_method $auth_limit_key {\n",
                "    " + LOOPBACK_UNLIMITED_KEYS + "    map $request_method $auth_limit_key {\n",
            ),
            ("        POST $binary_remote_addr;\n", "        POST $limit_addr;\n"),
            (
                "limit_req_zone $binary_remote_addr zone=fitnesscrm_api",
                "limit_req_zone $limit_addr zone=fitnesscrm_api",
            ),
        ]:
            main = _replace(main, old, new)
    (conf_dir / "nginx.conf").write_text(main)
    tls = conf_dir / "snippets" / "tls.conf"
    tls.write_text(_replace(tls.read_text(), "/etc/nginx/tls/", f"{prefix}/tls/"))
    return Rendered(conf_dir / "nginx.conf", prefix, http_port, https_port)
