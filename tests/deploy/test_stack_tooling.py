"""ops/: the local stack names missing Debian packages, and the nginx rendering it reloads with takes instances
out of rotation. (The stack itself runs in tests/reliability/.)"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest

from loadtest.local import LOAD_TEST_LIMITS
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
    rendered = nginx_render.render(
        tmp_path, upstream_ports=(18001, 18002, 18003), http_port=8080, https_port=8443, down={1}
    )
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


def test_load_test_rendering_changes_only_the_keys_of_the_per_address_zones(tmp_path: Path) -> None:
    def rendered(loopback_unlimited: bool) -> list[str]:
        conf = nginx_render.render(
            tmp_path,
            upstream_ports=(18001, 18002),
            http_port=8080,
            https_port=8443,
            loopback_unlimited=loopback_unlimited,
        ).conf
        return [*conf.read_text().splitlines(), *(conf.parent / "snippets" / "tls.conf").read_text().splitlines()]

    production, load_test = rendered(False), rendered(True)
    changed = [
        line
        for line in difflib.unified_diff(production, load_test, lineterm="", n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert changed == [
        "+    geo $fitnesscrm_loopback {",
        "+        default 0;",
        "+        127.0.0.0/8 1;",
        "+        ::1 1;",
        "+    }",
        "+    map $fitnesscrm_loopback $limit_addr {",
        '+        1 "";',
        "+        default $binary_remote_addr;",
        "+    }",
        "-        POST $binary_remote_addr;",
        "+        POST $limit_addr;",
        "-    limit_req_zone $binary_remote_addr zone=fitnesscrm_api:20m rate=20r/s;",
        "+    limit_req_zone $limit_addr zone=fitnesscrm_api:20m rate=20r/s;",
    ]
    # The limits themselves (zones, rates, bursts, where they apply) are the production ones.
    assert [line for line in load_test if "limit_req " in line] == [line for line in production if "limit_req " in line]
    assert "limit_addr" not in (nginx_render.NGINX_DIR / "nginx.conf").read_text()


def test_only_the_load_test_stack_raises_the_apps_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stack, "find_binaries", lambda: None)
    production = stack.Stack(tmp_path).env()
    load_test = stack.Stack(tmp_path, load_test=True).env()
    assert not set(LOAD_TEST_LIMITS) & set(production)
    assert {key: load_test[key] for key in LOAD_TEST_LIMITS} == LOAD_TEST_LIMITS
    assert {k: v for k, v in load_test.items() if k not in LOAD_TEST_LIMITS} == production
    assert stack.default_stack().load_test is False


def test_up_refuses_to_switch_a_running_stack_between_modes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stack, "find_binaries", lambda: None)
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "app1.pid").write_text(str(os.getpid()))  # a running instance, started in normal mode
    with pytest.raises(stack.StackError, match="running in normal mode"):
        stack.Stack(tmp_path, load_test=True)._check_mode()
    stack.Stack(tmp_path)._check_mode()
    assert not stack.Stack(tmp_path).load_test_marker.exists()

    (tmp_path / "run" / "app1.pid").unlink()  # stopped: either mode may start; load-test mode is remembered
    stack.Stack(tmp_path, load_test=True)._check_mode()
    (tmp_path / "run" / "app1.pid").write_text(str(os.getpid()))
    with pytest.raises(stack.StackError, match="running in load-test mode"):
        stack.Stack(tmp_path)._check_mode()
