"""Run a load profile headless and keep its results: `python -m loadtest.run --profile peak --target URL`.

Results (Locust's CSV and HTML report, summary.json/.txt, resources.csv) go to
var/loadtest/<profile>-<UTC timestamp>/. The exit code is Locust's, which the profile's thresholds decide.
With `--local` the target is started here: its own PostgreSQL database with the demo studio and a 2-worker
gunicorn on --port (see loadtest/local.py); options after `--` go to Locust unchanged.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.engine import make_url

from . import PROFILE_NAMES

ROOT = Path(__file__).resolve().parent.parent
LOCUSTFILE = ROOT / "loadtest" / "locustfile.py"
VENV_BIN = Path(sys.executable).parent


def results_dir(base: Path, profile: str) -> Path:
    return base / f"{profile}-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}"


def locust_command(profile: str, target: str, results: Path, extra: list[str]) -> list[str]:
    return [
        str(VENV_BIN / "locust"),
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--only-summary",
        "-H",
        target,
        "--load-profile",
        profile,
        "--csv",
        str(results / profile),
        "--csv-full-history",
        "--html",
        str(results / "report.html"),
        "--loglevel",
        "WARNING",
        *extra,
    ]


def libpq_dsn(database_url: str) -> tuple[str, str]:
    url = make_url(database_url)
    return url.set(drivername="postgresql").render_as_string(hide_password=False), str(url.database)


def run(profile: str, target: str, results: Path, extra: list[str]) -> int:
    results.mkdir(parents=True, exist_ok=True)
    command = locust_command(profile, target, results, extra)
    print(f"results: {results}\n$ {' '.join(command)}", flush=True)
    env = {**os.environ, "PYTHONPATH": f"{ROOT}:{os.environ.get('PYTHONPATH', '')}".rstrip(":")}
    with _load_average_log(results / "loadavg.csv"):
        return subprocess.call(command, cwd=ROOT, env=env)


@contextlib.contextmanager
def _load_average_log(path: Path, every_seconds: float = 15) -> Iterator[None]:
    """The machine's 1-minute load average every 15 s while Locust runs, and its range at the end: on a shared
    machine the neighbours' load is part of every figure."""
    stop = threading.Event()
    samples: list[float] = []

    def sample() -> None:
        with path.open("w") as out:
            out.write("unix_time,load1\n")
            while True:
                samples.append(float(Path("/proc/loadavg").read_text().split()[0]))
                out.write(f"{time.time():.0f},{samples[-1]}\n")
                out.flush()
                if stop.wait(every_seconds):
                    return

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield
    finally:
        stop.set()
        sampler.join(timeout=5)
        if samples:
            print(
                f"machine load average (1 min) during the run: min {min(samples):.1f}, "
                f"mean {sum(samples) / len(samples):.1f}, max {max(samples):.1f} ({path})",
                flush=True,
            )


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in argv:
        extra = argv[argv.index("--") + 1 :]
        argv = argv[: argv.index("--")]
    parser = argparse.ArgumentParser(prog="python -m loadtest.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", choices=PROFILE_NAMES, default="baseline")
    parser.add_argument("--target", default="https://localhost:8443", help="base URL (TLS is not verified)")
    parser.add_argument("--results", type=Path, default=ROOT / "var" / "loadtest", help="parent of the results")
    local = parser.add_argument_group("--local: start a target of its own")
    local.add_argument("--local", action="store_true", help="serve the demo studio from a database of its own")
    local.add_argument("--port", type=int, default=18500)
    local.add_argument("--workers", type=int, default=2)
    local.add_argument(
        "--database-url",
        default=os.environ.get(
            "LOADTEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/fitnesscrm_loadtest"
        ),
    )
    local.add_argument("--redis-url", default=os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/12"))
    local.add_argument("--keep-db", action="store_true", help="reuse the database if it exists (else recreated)")
    local.add_argument(
        "--seed",
        choices=["demo", "small"],
        default="demo",
        help="demo: `fitnesscrm seed demo` (slow to seed); small: a few bench-style accounts",
    )
    args = parser.parse_args(argv)
    results = results_dir(args.results, args.profile)
    if not args.local:
        return run(args.profile, args.target, results, extra)

    from .local import LocalTarget

    results.mkdir(parents=True, exist_ok=True)
    target = LocalTarget(args.database_url, args.redis_url, args.port, args.workers, results / "gunicorn.log")
    print(f"preparing {args.database_url} ({args.seed} seed) …", flush=True)
    manifest = results / "dataset.json"
    target.prepare_database(fresh=not args.keep_db, seed=args.seed, manifest=manifest)
    users = ["--users-from", "bench", "--dataset", str(manifest)] if args.seed == "small" else []
    dsn, database = libpq_dsn(args.database_url)
    with target.serving() as server:
        sampling = ["--gunicorn-pid", str(server.pid), "--pg-dsn", dsn, "--pg-database", database]
        return run(args.profile, target.url, results, [*users, *sampling, *extra])


if __name__ == "__main__":
    sys.exit(main())
