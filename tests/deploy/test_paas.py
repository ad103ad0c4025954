"""The PaaS path: Railway runs the image (web, worker, beat services), Vercel serves the web app and proxies
/api/ to Railway. Neither platform is reachable from here, so these check the files against what they drive:
entrypoint roles, app routes, and the same security headers and CSP nginx sends."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAILWAY = ROOT / "deploy" / "railway"
NGINX_SNIPPETS = ROOT / "deploy" / "nginx" / "snippets"


def _railway(service: str) -> dict:
    return json.loads((RAILWAY / f"{service}.json").read_text())


def _entrypoint_roles() -> set[str]:
    script = (ROOT / "deploy" / "docker-entrypoint.sh").read_text()
    return set(re.findall(r"^    ([a-z]+)\)$", script, flags=re.MULTILINE))


def _nginx_headers(snippet: str) -> dict[str, str]:
    text = (NGINX_SNIPPETS / snippet).read_text()
    return dict(re.findall(r'^add_header ([A-Za-z-]+) "([^"]*)" always;$', text, flags=re.MULTILINE))


def test_railway_services_run_the_image_roles() -> None:
    roles = _entrypoint_roles()
    assert {"web", "worker", "beat", "migrate"} <= roles
    for service in ("web", "worker", "beat"):
        config = _railway(service)
        assert config["build"]["builder"] == "DOCKERFILE"
        assert (ROOT / config["build"]["dockerfilePath"]).is_file()
        entrypoint, role = config["deploy"]["startCommand"].split()
        assert entrypoint == "/usr/local/bin/docker-entrypoint.sh"
        assert role == service
        assert role in roles
    assert _railway("beat")["deploy"]["numReplicas"] == 1  # a second beat would enqueue every job twice


def test_railway_web_migrates_before_serving_and_gates_on_readiness() -> None:
    deploy = _railway("web")["deploy"]
    assert deploy["preDeployCommand"] == ["/usr/local/bin/docker-entrypoint.sh migrate"]
    assert deploy["healthcheckPath"] == "/readyz"
    assert deploy["numReplicas"] >= 2
    # Railway sends SIGTERM, then SIGKILL after drainingSeconds: leave room for the drain and the graceful stop.
    gunicorn_conf = (ROOT / "src" / "fitnesscrm" / "gunicorn_conf.py").read_text()
    graceful = int(re.search(r"^graceful_timeout = (\d+)$", gunicorn_conf, flags=re.MULTILINE).group(1))  # type: ignore[union-attr]
    drain = float(re.search(r'"FITNESSCRM_DRAIN_SECONDS", "([\d.]+)"', gunicorn_conf).group(1))  # type: ignore[union-attr]
    assert int(deploy["drainingSeconds"]) >= graceful + drain


def test_vercel_serves_the_build_and_proxies_the_api() -> None:
    config = json.loads((ROOT / "frontend" / "vercel.json").read_text())
    assert config["outputDirectory"] == "dist"
    api, spa = config["rewrites"]
    assert api["source"] == "/api/:path*"
    assert api["destination"].startswith("https://")
    assert api["destination"].endswith("/api/:path*")
    assert spa["destination"] == "/index.html"
    assert re.fullmatch(spa["source"].lstrip("/"), "clients/42")
    assert not re.fullmatch(spa["source"].lstrip("/"), "api/v1/clients")
    assert not re.fullmatch(spa["source"].lstrip("/"), "assets/index-abc.js")
    # Files Vercel does not have (/favicon.ico, /wp-login.php) are its 404, not the app's page.
    assert not re.fullmatch(spa["source"].lstrip("/"), "favicon.ico")
    assert not re.fullmatch(spa["source"].lstrip("/"), "clients/report.pdf")


def test_vercel_sends_the_same_security_headers_and_csp_as_nginx() -> None:
    config = json.loads((ROOT / "frontend" / "vercel.json").read_text())
    rules = {rule["source"]: {h["key"]: h["value"] for h in rule["headers"]} for rule in config["headers"]}
    assets = rules["/assets/(.*)"]
    assert assets["Cache-Control"] == "public, max-age=31536000, immutable"
    pages = rules["/((?!api/|assets/).*)"]
    assert pages["Cache-Control"] == "no-cache"
    assert pages["Content-Security-Policy"] == _nginx_headers("csp.conf")["Content-Security-Policy"]
    expected = _nginx_headers("security-headers.conf")
    for name, value in expected.items():
        assert pages[name] == value, name
