"""Shared helpers: read a Prometheus text exposition, find a free port, check one with promtool."""

from __future__ import annotations

import json
import socket
import subprocess
from typing import Any

from prometheus_client.parser import text_string_to_metric_families

from ..conftest import require_binary

METRICS_TOKEN = "scrape-token-0123456789abcdef"


def samples(text: str) -> list[tuple[str, dict[str, str], float]]:
    """Every sample of an exposition as (name, labels, value), parsed by prometheus-client's own parser."""
    return [
        (s.name, dict(s.labels), s.value) for family in text_string_to_metric_families(text) for s in family.samples
    ]


def value(text: str, name: str, **labels: str) -> float:
    """The sum of the samples called ``name`` whose labels include ``labels`` (0 when there is none)."""
    return sum(v for n, ls, v in samples(text) if n == name and all(ls.get(k) == w for k, w in labels.items()))


def label_values(text: str, label: str) -> set[str]:
    return {ls[label] for _n, ls, _v in samples(text) if label in ls}


def promtool_check(text: str) -> subprocess.CompletedProcess[str]:
    promtool = require_binary("prometheus", "promtool")
    return subprocess.run(
        [promtool, "check", "metrics"], input=text, capture_output=True, text=True, timeout=60, check=False
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def json_lines(output: str) -> list[dict[str, Any]]:
    """Every non-empty line of ``output`` as JSON (fails on a line that is not)."""
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def access_lines(output: str) -> list[dict[str, Any]]:
    """The access-log lines (one per request) among a process's JSON log lines."""
    return [line for line in json_lines(output) if line.get("event") == "http.request"]
