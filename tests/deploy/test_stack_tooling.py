"""ops/: the local stack names missing Debian packages, and the nginx rendering it reloads with takes instances
out of rotation. (The stack itself runs in tests/reliability/.)"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ops import nginx_render, pgbouncer, stack


def test_missing_programs_are_named_by_their_debian_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    present = {"openssl": "/usr/bin/openssl"}
    monkeypatch.setattr(shutil, "which", lambda name: present.get(name))
    monkeypatch.setattr(nginx_render, "NGINX_CANDIDATES", ())
    monkeypatch.setattr(pgbouncer, "CANDIDATES", ())
    monkeypatch.setattr(stack.glob, "glob", lambda pattern: [])
    with pytest.raises(stack.StackError) as raised:
        stack.find_binaries()
    assert str(raised.value).endswith("apt-get install -y nginx pgbouncer postgresql redis-server")


def test_postgres_tools_are_found_outside_path_newest_version_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(stack.glob, "glob", lambda pattern: [pattern.replace("*", v) for v in ("9", "15", "13")])
    assert stack._postgres_tool("pg_ctl") == "/usr/lib/postgresql/15/bin/pg_ctl"


def test_rendered_upstream_lists_every_instance_and_marks_the_drained_one_down(tmp_path: Path) -> None:
    rendered = nginx_render.render(tmp_path, upstream_ports=(18001, 18002, 18003), http_port=8080, https_port=8443,
                                   down={1})
    conf = rendered.conf.read_text()
    assert "server 127.0.0.1:18001 max_fails=3 fail_timeout=10s;" in conf
    assert "server 127.0.0.1:18002 max_fails=3 fail_timeout=10s down;" in conf
    assert "server 127.0.0.1:18003 max_fails=3 fail_timeout=10s;" in conf
    # The never-failed backups, as in production: the drained instance is down there too.
    assert "server 127.0.0.1:18001 max_fails=0 backup;" in conf
    assert "server 127.0.0.1:18002 max_fails=0 backup down;" in conf
    assert "server 127.0.0.1:18003 max_fails=0 backup;" in conf
    assert "server app1:8000" not in conf
    assert "server app2:8000" not in conf
    assert "listen 127.0.0.1:8443 ssl http2 default_server;" in conf
    assert f"{tmp_path}/tls/" in (rendered.conf.parent / "snippets" / "tls.conf").read_text()


def test_render_refuses_a_config_it_no_longer_understands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    changed = tmp_path / "nginx"
    shutil.copytree(nginx_render.NGINX_DIR, changed)
    conf = changed / "nginx.conf"
    conf.write_text(conf.read_text().replace("server app2:8000", "server backend2:8000"))
    monkeypatch.setattr(nginx_render, "NGINX_DIR", changed)
    with pytest.raises(nginx_render.RenderError, match="app2:8000"):
        nginx_render.render(tmp_path / "out", upstream_ports=(1, 2), http_port=3, https_port=4)


def test_a_reused_pid_is_not_taken_for_the_stacks_process(tmp_path: Path) -> None:
    local = stack.Stack.__new__(stack.Stack)  # only the pid bookkeeping: no binaries needed
    local.root = tmp_path
    pid_file = tmp_path / "run" / "app1.pid"
    pid_file.parent.mkdir()
    pid_file.write_text(str(os.getpid()))  # this test's own process: started before the file was written
    assert local.pid("app1") == os.getpid()
    os.utime(pid_file, (0, 0))  # a pid file from long before this process started (a reboot since)
    assert local.pid("app1") is None
    pid_file.write_text("999999999")
    assert local.pid("app1") is None
