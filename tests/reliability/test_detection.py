"""Mean time to detection: Prometheus and Alertmanager with the shipped rules, routes and intervals scrape the
local stack; PostgreSQL becomes unreachable; the test measures how long until the page reaches the on-call
webhook. Only addresses are changed from deploy/monitoring (loopback ports, a webhook in the test)."""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.request import urlopen

import pytest
import yaml

from ops.stack import wait_until

from ..conftest import require_binary
from .conftest import LiveStack, _free_ports

MONITORING = Path(__file__).resolve().parents[2] / "deploy" / "monitoring"
TARGET_SECONDS = 300  # the seed's mean time to detection: under 5 minutes


class Pager:
    """The on-call webhook: records when each alert first arrives firing."""

    def __init__(self) -> None:
        self.firing: dict[str, float] = {}
        pager = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                for alert in body["alerts"]:
                    if alert["status"] == "firing":
                        pager.firing.setdefault(alert["labels"]["alertname"], time.monotonic())
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/page"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def pager() -> Iterator[Pager]:
    receiver = Pager()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


def _prometheus_config(live: LiveStack, alertmanager_port: int) -> dict[str, Any]:
    config = yaml.safe_load((MONITORING / "prometheus.yml").read_text())
    web = next(job for job in config["scrape_configs"] if job["job_name"] == "fitnesscrm-web")
    web["static_configs"] = [{"targets": [f"127.0.0.1:{port}" for port in live.stack.ports.apps]}]
    web["authorization"]["credentials_file"] = str(live.stack.metrics_token_file)
    worker = {
        "job_name": "fitnesscrm-worker",
        "static_configs": [{"targets": [f"127.0.0.1:{live.stack.ports.worker_metrics}"]}],
    }
    config["scrape_configs"] = [web, worker]  # the exporters of the compose profile are not part of the stack
    config["rule_files"] = [str(MONITORING / "rules" / "*.yml")]
    config["alerting"]["alertmanagers"] = [{"static_configs": [{"targets": [f"127.0.0.1:{alertmanager_port}"]}]}]
    return config


def _alertmanager_config(webhook_url: str, dead_port: int) -> dict[str, Any]:
    config = yaml.safe_load((MONITORING / "alertmanager.yml").read_text())
    config["global"]["smtp_smarthost"] = f"127.0.0.1:{dead_port}"  # mail fails (logged); the webhook pages
    for receiver in config["receivers"]:
        for webhook in receiver.get("webhook_configs", []):
            webhook["url"] = webhook_url
    return config


def _get_json(url: str) -> Any:
    with urlopen(url, timeout=5) as response:  # noqa: S310 - loopback URL built here
        return json.loads(response.read())


def _targets_up(port: int) -> bool:
    try:
        result = _get_json(f"http://127.0.0.1:{port}/api/v1/query?query=up")["data"]["result"]
    except OSError:
        return False
    return len(result) >= 3 and all(sample["value"][1] == "1" for sample in result)


def test_database_outage_pages_on_call_within_five_minutes(live: LiveStack, pager: Pager, tmp_path: Path) -> None:
    prometheus = require_binary("prometheus", "prometheus")
    alertmanager = require_binary("prometheus-alertmanager", "prometheus-alertmanager", "alertmanager")
    live.ensure_all_up()
    prom_port, am_port, am_cluster, dead = _free_ports(4)
    (tmp_path / "prometheus.yml").write_text(yaml.safe_dump(_prometheus_config(live, am_port)))
    (tmp_path / "alertmanager.yml").write_text(yaml.safe_dump(_alertmanager_config(pager.url, dead)))
    logs = (tmp_path / "alertmanager.log").open("w"), (tmp_path / "prometheus.log").open("w")
    processes = [
        subprocess.Popen(
            [
                alertmanager,
                f"--config.file={tmp_path / 'alertmanager.yml'}",
                f"--storage.path={tmp_path / 'am'}",
                f"--web.listen-address=127.0.0.1:{am_port}",
                f"--cluster.listen-address=127.0.0.1:{am_cluster}",
            ],
            stdout=logs[0],
            stderr=logs[0],
        ),
        subprocess.Popen(
            [
                prometheus,
                f"--config.file={tmp_path / 'prometheus.yml'}",
                f"--storage.tsdb.path={tmp_path / 'tsdb'}",
                f"--web.listen-address=127.0.0.1:{prom_port}",
            ],
            stdout=logs[1],
            stderr=logs[1],
        ),
    ]
    try:
        wait_until(lambda: _targets_up(prom_port), 90, "Prometheus to scrape both app instances and the worker")
        assert "FitnessCRMDependencyDown" not in pager.firing
        live.stack.stop_postgres(mode="immediate")  # as abrupt as a crashed or unreachable database
        stopped_at = time.monotonic()
        wait_until(
            lambda: "FitnessCRMDependencyDown" in pager.firing,
            TARGET_SECONDS + 30,
            "the database alert to reach the webhook",
            interval=1,
        )
        detection = pager.firing["FitnessCRMDependencyDown"] - stopped_at
        paged = sorted((name, round(at - stopped_at)) for name, at in pager.firing.items())
        print(
            f"\n[detection] database unreachable → FitnessCRMDependencyDown at the on-call webhook after "
            f"{detection:.0f}s (target < {TARGET_SECONDS}s); everything paged: {paged}"
        )
        assert detection < TARGET_SECONDS
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        for log in logs:
            log.close()
        live.ensure_all_up()
