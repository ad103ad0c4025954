"""Measurements beside Locust's own statistics.

- :class:`Recorder` keeps a latency histogram per (phase, group): the profiles compare phases of one run (the
  sign-in storm against the quiet minutes before it, a stress step against the next) and exclude sign-ins from
  the API percentiles; Locust's statistics are for the whole run.
- :class:`ResourceSampler` samples the app's gunicorn workers (resident memory, CPU) and PostgreSQL's
  connection count over time, for the soak's "flat within 10 %" and the capacity plan.
- :class:`CpuMeter` measures Locust's own CPU share: the generator shares the machine with the app here.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gevent
import psutil

SIGN_IN_GROUP = "signin"


def rounded_ms(ms: float) -> float:
    """Locust's rounding, so a histogram stays small: exact below 100 ms, 2 significant digits above."""
    if ms < 100:
        return round(ms)
    if ms < 1000:
        return round(ms, -1)
    return round(ms, -2)


@dataclass
class Histogram:
    times: Counter[float] = field(default_factory=Counter)
    count: int = 0
    failures: int = 0
    total_ms: float = 0.0
    max_ms: float = 0.0

    def add(self, ms: float, failed: bool) -> None:
        self.times[rounded_ms(ms)] += 1
        self.count += 1
        self.total_ms += ms
        self.max_ms = max(self.max_ms, ms)
        if failed:
            self.failures += 1

    def merge(self, other: Histogram) -> None:
        self.times.update(other.times)
        self.count += other.count
        self.failures += other.failures
        self.total_ms += other.total_ms
        self.max_ms = max(self.max_ms, other.max_ms)

    def percentile(self, fraction: float) -> float:
        """The response time below which `fraction` of the requests finished (0 when there were none)."""
        if not self.count:
            return 0.0
        rank = fraction * self.count
        seen = 0
        for ms in sorted(self.times):
            seen += self.times[ms]
            if seen >= rank:
                return float(ms)
        return float(max(self.times))

    def summary(self, seconds: float) -> dict[str, Any]:
        return {
            "requests": self.count,
            "failures": self.failures,
            "rps": round(self.count / seconds, 1) if seconds > 0 else 0.0,
            "p50_ms": self.percentile(0.50),
            "p95_ms": self.percentile(0.95),
            "p99_ms": self.percentile(0.99),
            "max_ms": round(self.max_ms),
            "mean_ms": round(self.total_ms / self.count, 1) if self.count else 0,
        }


class Recorder:
    """Histograms per phase and group; the load shape names the current phase."""

    def __init__(self) -> None:
        self.phase = "start"
        self.started = time.monotonic()
        self.phase_spans: dict[str, list[float]] = {"start": [self.started, self.started]}
        self.histograms: dict[tuple[str, str], Histogram] = {}

    def enter(self, phase: str) -> None:
        if phase == self.phase:
            return
        now = time.monotonic()
        self.phase_spans[self.phase][1] = now
        self.phase = phase
        self.phase_spans.setdefault(phase, [now, now])[1] = now

    def close(self) -> None:
        self.phase_spans[self.phase][1] = time.monotonic()

    def record(self, group: str, ms: float, failed: bool) -> None:
        key = (self.phase, group)
        histogram = self.histograms.get(key)
        if histogram is None:
            histogram = self.histograms[key] = Histogram()
        histogram.add(ms, failed)
        self.phase_spans[self.phase][1] = time.monotonic()

    def seconds(self, phases: list[str]) -> float:
        return sum(end - start for name, (start, end) in self.phase_spans.items() if name in phases)

    def merged(self, phases: list[str] | None = None, groups: list[str] | None = None) -> Histogram:
        result = Histogram()
        for (phase, group), histogram in self.histograms.items():
            if (phases is None or phase in phases) and (groups is None or group in groups):
                result.merge(histogram)
        return result

    def phases(self) -> list[str]:
        return list(self.phase_spans)

    def report(self, phases: list[str], groups: list[str]) -> dict[str, Any]:
        return self.merged(phases, groups).summary(self.seconds(phases))


def _rss_bytes(pid: int) -> int | None:
    try:
        return psutil.Process(pid).memory_info().rss
    except psutil.Error:
        return None


class CpuMeter:
    """CPU seconds a set of processes used between start() and stop(), as a share of one core and of the machine."""

    def __init__(self, pids: list[int]) -> None:
        self.pids = pids
        self._start: dict[int, float] = {}
        self.wall = 0.0
        self.cpu_seconds = 0.0
        self._t0 = 0.0

    @staticmethod
    def _cpu(pid: int) -> float | None:
        try:
            times = psutil.Process(pid).cpu_times()
        except psutil.Error:
            return None
        return times.user + times.system

    def start(self) -> None:
        self._t0 = time.monotonic()
        self._start = {pid: cpu for pid in self.pids if (cpu := self._cpu(pid)) is not None}

    def stop(self) -> None:
        self.wall = time.monotonic() - self._t0
        self.cpu_seconds = sum(max(0.0, (self._cpu(pid) or start) - start) for pid, start in self._start.items())

    def summary(self) -> dict[str, Any]:
        cores = os.cpu_count() or 1
        per_core = self.cpu_seconds / self.wall if self.wall else 0.0
        return {
            "cpu_seconds": round(self.cpu_seconds, 2),
            "wall_seconds": round(self.wall, 1),
            "share_of_one_core": round(per_core, 3),
            "share_of_machine": round(per_core / cores, 3),
            "cores": cores,
        }


def gunicorn_workers(masters: list[int]) -> list[int]:
    workers: list[int] = []
    for master in masters:
        try:
            workers += [child.pid for child in psutil.Process(master).children()]
        except psutil.Error:
            continue
    return workers


@dataclass
class Sample:
    at: float  # seconds since the sampler started
    worker_rss_mb: list[float]
    pg_connections: int | None


class ResourceSampler:
    """Every `interval` seconds: each gunicorn worker's resident memory (children of the given masters, so
    recycled workers are followed) and PostgreSQL's client connections to `pg_database`. The PostgreSQL query
    runs in gevent's thread pool, so a slow answer never stalls the simulated users."""

    def __init__(self, masters: list[int], pg_dsn: str | None, pg_database: str | None, interval: float) -> None:
        self.masters = masters
        self.pg_dsn = pg_dsn
        self.pg_database = pg_database
        self.interval = interval
        self.samples: list[Sample] = []
        self.errors: list[str] = []
        self._greenlet: gevent.Greenlet | None = None
        self._t0 = 0.0
        self._app_cpu = CpuMeter([])

    @property
    def enabled(self) -> bool:
        return bool(self.masters or self.pg_dsn)

    def start(self) -> None:
        if not self.enabled:
            return
        self._t0 = time.monotonic()
        self._app_cpu = CpuMeter(self.masters + gunicorn_workers(self.masters))
        self._app_cpu.start()
        self._greenlet = gevent.spawn(self._loop)

    def stop(self) -> None:
        if self._greenlet is not None:
            self._greenlet.kill(block=False)
            self._app_cpu.stop()

    def _loop(self) -> None:
        while True:
            self.sample()
            gevent.sleep(self.interval)

    def sample(self) -> None:
        rss = [r / 2**20 for pid in gunicorn_workers(self.masters) if (r := _rss_bytes(pid)) is not None]
        connections = None
        if self.pg_dsn:
            try:
                connections = gevent.get_hub().threadpool.apply(self._pg_connections)
            except Exception as exc:  # a sampler never ends the run; the soak's check reports missing samples
                self.errors.append(f"{type(exc).__name__}: {exc}"[:200])
        self.samples.append(Sample(round(time.monotonic() - self._t0, 1), [round(r, 1) for r in rss], connections))

    def _pg_connections(self) -> int:
        import psycopg

        assert self.pg_dsn is not None
        with psycopg.connect(self.pg_dsn, connect_timeout=5, autocommit=True) as conn:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "
                "AND pid <> pg_backend_pid() AND (%(db)s::text IS NULL OR datname = %(db)s)",
                {"db": self.pg_database},
            ).fetchone()
        return int(row[0]) if row else 0

    def summary(self) -> dict[str, Any]:
        rss = [max(s.worker_rss_mb) for s in self.samples if s.worker_rss_mb]
        connections = [s.pg_connections for s in self.samples if s.pg_connections is not None]
        return {
            "samples": len(self.samples),
            "max_worker_rss_mb": {"first": rss[0], "last": rss[-1], "min": min(rss), "max": max(rss)} if rss else None,
            "pg_connections": (
                {"first": connections[0], "last": connections[-1], "min": min(connections), "max": max(connections)}
                if connections
                else None
            ),
            "app_cpu": self._app_cpu.summary() if self.masters else None,
            "errors": self.errors[:5],
        }

    def write_csv(self, path: Path) -> None:
        lines = ["seconds,workers,max_worker_rss_mb,total_worker_rss_mb,pg_connections"]
        for s in self.samples:
            lines.append(
                f"{s.at},{len(s.worker_rss_mb)},{max(s.worker_rss_mb, default=0)},"
                f"{round(sum(s.worker_rss_mb), 1)},{'' if s.pg_connections is None else s.pg_connections}"
            )
        path.write_text("\n".join(lines) + "\n")

    def flatness(self, after_seconds: float) -> dict[str, Any]:
        """Spread of each series after the warm-up, as (max - min) / min."""
        kept = [s for s in self.samples if s.at >= after_seconds]
        rss = [max(s.worker_rss_mb) for s in kept if s.worker_rss_mb]
        connections = [s.pg_connections for s in kept if s.pg_connections is not None]

        def spread(values: list[float] | list[int]) -> float | None:
            if len(values) < 2 or min(values) <= 0:
                return None
            return round((max(values) - min(values)) / min(values), 3)

        return {
            "samples": len(kept),
            "rss_spread": spread(rss),
            "pg_connections_spread": spread(connections),
            "rss_range_mb": [min(rss), max(rss)] if rss else None,
            "pg_connections_range": [min(connections), max(connections)] if connections else None,
        }
