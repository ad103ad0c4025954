"""FitnessCRM load test: `python -m loadtest.run --profile baseline --target URL` (or `make loadtest`).

Directly: `locust -f loadtest/locustfile.py --headless -H URL --load-profile peak --csv DIR/peak
--html DIR/report.html`.
The profile (loadtest/profiles.py) drives the number of users; when the run ends its thresholds decide the exit
code, and a summary (also summary.json in the results directory) reports the distributions per phase, Locust's
own CPU share and, when told where the app runs, its workers' memory, CPU and PostgreSQL connections.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from locust import LoadTestShape, events
from locust.env import Environment
from locust.runners import MasterRunner, WorkerRunner

# Locust puts this file's directory on the path; the package needs the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from loadtest import accounts, measure, personas, profiles, settings


def _profile_from_argv() -> str:
    """The user classes depend on the profile, and Locust collects them before it parses its options."""
    argv = sys.argv[1:]
    for i, arg in enumerate(argv):
        if arg == "--load-profile" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--load-profile="):
            return arg.split("=", 1)[1]
    return os.environ.get("LOCUST_LOAD_PROFILE", "baseline")


AdminUser, TrainerUser, ClientUser = personas.AdminUser, personas.TrainerUser, personas.ClientUser
if _profile_from_argv() == "signin-storm":
    StormUser = personas.StormUser


class _Run:
    profile: profiles.Profile
    recorder = measure.Recorder()
    sampler = measure.ResourceSampler([], None, None, 15)
    locust_cpu = measure.CpuMeter([os.getpid()])
    started_at = time.time()
    peak_users: dict[str, int] = {}


RUN = _Run()


class ProfileShape(LoadTestShape):
    def tick(self) -> Any:
        for name, count in (self.runner.user_classes_count if self.runner else {}).items():
            RUN.peak_users[name] = max(RUN.peak_users.get(name, 0), count)
        return RUN.profile.tick(self.get_run_time())


@events.init_command_line_parser.add_listener
def _arguments(parser: Any) -> None:
    profiles.add_arguments(parser)


def _masters(options: Any) -> list[int]:
    pids = [int(p) for p in str(options.gunicorn_pid).split(",") if p.strip()]
    if options.stack_dir:
        for pid_file in sorted(Path(options.stack_dir, "run").glob("app*.pid")):
            pids.append(int(pid_file.read_text().strip()))
    return pids


def _apply_weights(spec: str) -> None:
    classes = {cls.role: cls for cls in personas.PERSONAS}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        role, _, weight = part.partition(":")
        if role not in classes or not weight.isdigit():
            raise SystemExit(f"--weights: expected role:weight for admin, trainer, client; got {part!r}")
        classes[role].weight = int(weight)


@events.init.add_listener
def _init(environment: Environment, **_: Any) -> None:
    options = environment.parsed_options
    if options is None:
        raise SystemExit("run through the Locust command line (see loadtest/README.md)")
    runner = environment.runner
    if isinstance(runner, MasterRunner | WorkerRunner):
        # The per-phase histograms and the verdict live in the process that runs the users and the shape.
        raise SystemExit(
            "loadtest runs in one Locust process (no --processes, --master/--worker): its phase "
            "measurements are not shared between processes; at these rates Locust needs < 10 % of a core"
        )
    source = accounts.open_source(options.users_from, Path(options.dataset))
    settings.configure(accounts.AccountPool(source))
    _apply_weights(options.weights)
    RUN.profile = profiles.PROFILES[options.load_profile](options, RUN.recorder)
    RUN.sampler = measure.ResourceSampler(
        _masters(options), options.pg_dsn or None, options.pg_database or None, float(options.sample_seconds)
    )


@events.request.add_listener
def _request(
    name: str, response_time: float, exception: Exception | None, context: dict[str, Any] | None, **_: Any
) -> None:
    if name in (personas.STALE_CONNECTION, personas.SIGN_IN_BUSY):
        group = "resent"
    elif name == personas.SIGN_IN:
        group = "signin"
    else:
        group = (context or {}).get("group", "browse")
    RUN.recorder.record(group, response_time, exception is not None)


@events.test_start.add_listener
def _test_start(environment: Environment, **_: Any) -> None:
    RUN.started_at = time.time()
    RUN.locust_cpu.start()
    RUN.sampler.start()


@events.quitting.add_listener
def _quitting(environment: Environment, **_: Any) -> None:
    if not hasattr(RUN, "profile"):
        return
    RUN.locust_cpu.stop()
    RUN.sampler.stop()
    RUN.recorder.close()
    total = environment.stats.total
    outcome = profiles.Outcome(total.num_requests, total.num_failures, RUN.recorder, RUN.sampler)
    checks = RUN.profile.checks(outcome)
    summary = _summary(environment, checks)
    text = _render(summary)
    print(text, flush=True)
    results = _results_dir(environment.parsed_options)
    if results is not None:
        results.mkdir(parents=True, exist_ok=True)
        (results / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
        (results / "summary.txt").write_text(text + "\n")
        if RUN.sampler.samples:
            RUN.sampler.write_csv(results / "resources.csv")
    environment.process_exit_code = 0 if all(c.passed for c in checks) else 1


def _results_dir(options: Any) -> Path | None:
    if options.results_dir:
        return Path(options.results_dir)
    if options.csv_prefix:
        return Path(options.csv_prefix).parent
    return None


def _summary(environment: Environment, checks: list[profiles.Check]) -> dict[str, Any]:
    profile, recorder, total = RUN.profile, RUN.recorder, environment.stats.total
    phases = recorder.phases()
    everything = recorder.merged()
    measured = profile.measured or [p for p in phases if p != "start"]
    requests_total = max(1, total.num_requests)
    app_cpu = RUN.sampler.summary().get("app_cpu") if RUN.sampler.enabled else None
    summary: dict[str, Any] = {
        "profile": profile.name,
        "description": profile.summary,
        "target": environment.host,
        "users_from": environment.parsed_options.users_from if environment.parsed_options else None,
        "started_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(RUN.started_at)),
        "seconds": round(time.time() - RUN.started_at, 1),
        "all_requests": everything.summary(recorder.seconds(phases)),
        "browsing_measured": {"phases": measured, **recorder.report(measured, ["browse"])},
        "sign_ins": recorder.report(phases, ["signin"]),
        "phases": {
            phase: {
                group: recorder.report([phase], [group])
                for group in ("browse", "signin", "storm")
                if recorder.merged([phase], [group]).count
            }
            for phase in phases
            if recorder.merged([phase]).count
        },
        "peak_users_by_class": RUN.peak_users,
        "locust_cpu": RUN.locust_cpu.summary(),
        "accounts_shared": settings.pool().shared,
        "checks": [{"name": c.name, "passed": c.passed, "detail": c.detail} for c in checks],
        "passed": all(c.passed for c in checks),
        **profile.extra(),
    }
    if RUN.sampler.enabled:
        summary["resources"] = RUN.sampler.summary()
        if app_cpu:
            summary["app_cpu_ms_per_request"] = round(1000 * app_cpu["cpu_seconds"] / requests_total, 2)
    return summary


def _row(label: str, r: dict[str, Any]) -> str:
    return (
        f"  {label:<28} {r['requests']:>8} {r['failures']:>6} {r['rps']:>8} {r['p50_ms']:>7g} {r['p95_ms']:>7g} "
        f"{r['p99_ms']:>7g} {r['max_ms']:>7g}"
    )


def _render(s: dict[str, Any]) -> str:
    cpu = s["locust_cpu"]
    lines = [
        "",
        f"=== FitnessCRM load test: {s['profile']} against {s['target']} ({s['seconds']:.0f} s, users from "
        f"{s['users_from']}) ===",
        f"  {'':<28} {'requests':>8} {'fails':>6} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}",
        _row("all requests", s["all_requests"]),
        _row(f"browsing ({'+'.join(s['browsing_measured']['phases'])})"[:28], s["browsing_measured"]),
        _row("sign-ins", s["sign_ins"]),
        "  per phase:",
    ]
    for phase, groups in s["phases"].items():
        for group, report in groups.items():
            lines.append(_row(f"  {phase} / {group}"[:28], report))
    lines.append(
        f"  Locust's own CPU: {cpu['cpu_seconds']} s over {cpu['wall_seconds']} s = "
        f"{cpu['share_of_one_core']:.0%} of one core, {cpu['share_of_machine']:.0%} of the "
        f"{cpu['cores']}-core machine"
    )
    if "resources" in s:
        r = s["resources"]
        lines.append(
            f"  app: largest worker RSS {r['max_worker_rss_mb']} MB; PostgreSQL connections "
            f"{r['pg_connections']}; {r['samples']} samples"
        )
        if r.get("app_cpu"):
            a = r["app_cpu"]
            lines.append(
                f"  app CPU: {a['cpu_seconds']} s = {a['share_of_machine']:.0%} of the machine; "
                f"{s.get('app_cpu_ms_per_request')} CPU ms per request"
            )
    lines.append(f"  most users at once: {s['peak_users_by_class']}")
    if any(s["accounts_shared"].values()):
        lines.append(f"  accounts shared (the source had too few): {s['accounts_shared']}")
    for step in s.get("steps", []):
        lines.append(
            f"  stress step {step['users']:>5} users: {step['rps']:>6} req/s browsing, p50 {step['p50_ms']:g} "
            f"p95 {step['p95_ms']:g} p99 {step['p99_ms']:g} ms, {step['errors']} errors"
            + ("" if step["ok"] else f"  <- broke: {step['reason']}")
        )
    lines.append("  checks:")
    lines += [f"    [{'PASS' if c['passed'] else 'FAIL'}] {c['name']}: {c['detail']}" for c in s["checks"]]
    lines.append(f"=== {'PASSED' if s['passed'] else 'FAILED'} ===")
    return "\n".join(lines)
