"""CPU seconds of each part of `make stack` (nginx, app instances, PgBouncer, PostgreSQL, Redis, Celery), to split
a load run's cost by tier. Snapshot before and after a run, then divide the difference by the requests served:

    .venv/bin/python -m loadtest.stack_cpu > before.json
    … run …
    .venv/bin/python -m loadtest.stack_cpu --since before.json --requests N
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import psutil

from ops.stack import default_stack

PARTS = ("nginx", "app1", "app2", "pgbouncer", "redis", "worker", "beat")


def _tree_cpu(pid: int) -> float:
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        # children_*: children that exited and were reaped (PostgreSQL backends PgBouncer closed, recycled workers)
        total += times.user + times.system + times.children_user + times.children_system
    return total


def snapshot() -> dict[str, float]:
    stack = default_stack()
    cpu = {name: _tree_cpu(pid) for name in PARTS if (pid := stack.pid(name)) is not None}
    postmaster = stack.pg_home / "data" / "postmaster.pid"
    if postmaster.exists():
        cpu["postgres"] = _tree_cpu(int(postmaster.read_text().split()[0]))
    return cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--since", type=Path, help="an earlier snapshot: print the CPU seconds spent since")
    parser.add_argument("--requests", type=int, help="with --since: also CPU ms per request")
    args = parser.parse_args()
    now = snapshot()
    if args.since is None:
        json.dump(now, sys.stdout)
        return 0
    before = json.loads(args.since.read_text())
    spent = {name: round(now[name] - before.get(name, 0.0), 2) for name in now}
    print(json.dumps({"cpu_seconds": spent, "total": round(sum(spent.values()), 2)}))
    if args.requests:
        per = {name: round(1000 * value / args.requests, 2) for name, value in spent.items()}
        print(json.dumps({"cpu_ms_per_request": per, "total": round(1000 * sum(spent.values()) / args.requests, 2)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
