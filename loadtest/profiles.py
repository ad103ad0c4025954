"""The load profiles: how many users over time (a Locust load shape), which phases are measured, and the
thresholds that decide the exit code.

Every profile signs its users in as they arrive, so any ramp is also a stream of sign-ins (argon2, deliberately
expensive); the percentiles checked are those of the browsing requests in the profile's measured phases, the
errors are those of the whole run.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any, ClassVar

from locust import User

from . import PROFILE_NAMES
from .measure import SIGN_IN_GROUP, Recorder, ResourceSampler
from .personas import PERSONAS, StormUser

BROWSE = ["browse"]


@dataclass(frozen=True)
class Stage:
    seconds: float
    users: int
    rate: float
    phase: str
    classes: tuple[type[User], ...] | None = None


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    detail: str


@dataclass
class Outcome:
    """What the checks look at once the run has ended."""

    requests: int
    failures: int
    recorder: Recorder
    sampler: ResourceSampler


class Profile:
    name: ClassVar[str]
    summary: ClassVar[str]
    measured: ClassVar[list[str]] = ["hold"]

    def __init__(self, options: argparse.Namespace, recorder: Recorder) -> None:
        self.options = options
        self.recorder = recorder
        self.plan = self.stages()

    def stages(self) -> list[Stage]:
        raise NotImplementedError

    def _pick(self, value: float | None, default: float) -> float:
        return default if value is None else value

    def tick(self, run_time: float) -> tuple[int, float] | tuple[int, float, list[type[User]]] | None:
        elapsed = 0.0
        for stage in self.plan:
            elapsed += stage.seconds
            if run_time < elapsed:
                self.recorder.enter(stage.phase)
                if stage.classes is not None:
                    return stage.users, stage.rate, list(stage.classes)
                return stage.users, stage.rate
        return None

    @property
    def planned_seconds(self) -> float:
        return sum(stage.seconds for stage in self.plan)

    def p95_limit_ms(self) -> float:
        return float(self.options.p95_ms)

    def checks(self, outcome: Outcome) -> list[Check]:
        api = outcome.recorder.merged(self.measured, BROWSE)
        limit = self.p95_limit_ms()
        return [
            Check("requests were made", api.count > 0, f"{api.count} browsing requests in {'+'.join(self.measured)}"),
            Check("no errors", outcome.failures == 0, f"{outcome.failures} of {outcome.requests} requests failed"),
            Check(
                f"API p95 <= {limit:g} ms",
                api.count > 0 and api.percentile(0.95) <= limit,
                f"p95 {api.percentile(0.95):g} ms over {'+'.join(self.measured)} (sign-ins excluded)",
            ),
        ]

    def extra(self) -> dict[str, Any]:
        return {}


class RampAndHold(Profile):
    default_users: ClassVar[int]
    default_ramp: ClassVar[float]
    default_hold: ClassVar[float]

    def users(self) -> int:
        return int(self.options.peak_users)

    def stages(self) -> list[Stage]:
        users = self.users()
        ramp = self._pick(self.options.ramp_seconds, self.default_ramp)
        hold = self._pick(self.options.hold_seconds, self.default_hold)
        rate = users / ramp if ramp > 0 else float(users)
        return [Stage(ramp, users, rate, "ramp"), Stage(hold, users, rate, "hold")]


class Baseline(RampAndHold):
    name = "baseline"
    summary = "50 users (--baseline-users), ramped over 25 s, held 2 min: the quiet reference"
    default_ramp, default_hold = 25, 120

    def users(self) -> int:
        return int(self.options.baseline_users)


class Peak(RampAndHold):
    name = "peak"
    summary = "1,000 users (--peak-users), ramped over 5 min (sign-ins ≈ 3.3/s), held 5 min"
    default_ramp, default_hold = 300, 300


class Spike(RampAndHold):
    name = "spike"
    summary = "0 → 1,000 users in 30 s, held 3 min: no errors, p95 within --spike-p95-ms over the whole run"
    default_ramp, default_hold = 30, 180
    measured = ["ramp", "hold"]

    def p95_limit_ms(self) -> float:
        return float(self.options.spike_p95_ms)


class Soak(RampAndHold):
    name = "soak"
    summary = (
        "60 % of peak for an hour: no errors, API p95, and each gunicorn worker's memory and PostgreSQL's "
        "connection count flat within 10 % after the warm-up"
    )
    default_ramp, default_hold = 300, 3600

    def users(self) -> int:
        return round(0.6 * int(self.options.peak_users))

    def checks(self, outcome: Outcome) -> list[Check]:
        checks = super().checks(outcome)
        tolerance = float(self.options.flat_tolerance)
        warmup = self.plan[0].seconds + float(self.options.soak_warmup_seconds)
        flat = outcome.sampler.flatness(after_seconds=warmup)
        for key, what, unit in (
            ("rss_spread", "worker memory (largest worker)", "rss_range_mb"),
            ("pg_connections_spread", "PostgreSQL connections", "pg_connections_range"),
        ):
            spread = flat[key]
            checks.append(
                Check(
                    f"{what} flat within {tolerance:.0%}",
                    spread is not None and spread <= tolerance,
                    "not measured: pass --gunicorn-pid/--stack-dir and --pg-dsn"
                    if spread is None
                    else f"spread {spread:.1%} over {flat['samples']} samples after {warmup:.0f} s, range {flat[unit]}",
                )
            )
        return checks


class Stress(Profile):
    """Steps of users until a step has errors or its browsing p95 passes --stress-p95-ms; the last good step
    is the knee. Each step first lets its new users arrive (spawn time plus --stress-settle-seconds: their
    sign-ins are load like any other, and their errors count), then measures --stress-step-seconds of steady
    browsing at that many users."""

    name = "stress"
    summary = (
        "steps of +100 users from 100, each measured for a minute once its users arrived, until errors or "
        "p95 > 1 s; reports the knee"
    )
    measured = []

    def __init__(self, options: argparse.Namespace, recorder: Recorder) -> None:
        super().__init__(options, recorder)
        self.users = int(options.stress_start)
        self.step_started: float | None = None
        self.steps: list[dict[str, Any]] = []
        self.knee: dict[str, Any] | None = None
        self.broke: dict[str, Any] | None = None

    def stages(self) -> list[Stage]:
        return []

    def _arrival_seconds(self) -> float:
        added = int(self.options.stress_start) if not self.steps else int(self.options.stress_step)
        return added / float(self.options.stress_spawn_rate) + float(self.options.stress_settle_seconds)

    def tick(self, run_time: float) -> tuple[int, float] | None:
        if self.step_started is None:
            self.step_started = run_time
        in_step = run_time - self.step_started
        arrival = self._arrival_seconds()
        if in_step >= arrival + float(self.options.stress_step_seconds):
            step = self._judge(self.users)
            self.steps.append(step)
            if not step["ok"]:
                self.broke = step
                return None
            self.knee = step
            self.users += int(self.options.stress_step)
            self.step_started = run_time
            if self.users > int(self.options.stress_max_users):
                return None
            in_step, arrival = 0.0, self._arrival_seconds()
        self.recorder.enter(f"step-{self.users}-arriving" if in_step < arrival else f"step-{self.users}")
        return self.users, float(self.options.stress_spawn_rate)

    def _judge(self, users: int) -> dict[str, Any]:
        steady = [f"step-{users}"]
        both = [f"step-{users}-arriving", *steady]
        browse = self.recorder.report(steady, BROWSE)
        errors = self.recorder.merged(both).failures
        limit = float(self.options.stress_p95_ms)
        reasons = [f"{errors} errors"] if errors else []
        if browse["p95_ms"] > limit:
            reasons.append(f"p95 {browse['p95_ms']:g} ms > {limit:g} ms")
        if not browse["requests"]:
            reasons.append("no browsing requests answered")
        return {
            "users": users,
            "ok": not reasons,
            "reason": "; ".join(reasons),
            "rps": browse["rps"],
            "p50_ms": browse["p50_ms"],
            "p95_ms": browse["p95_ms"],
            "p99_ms": browse["p99_ms"],
            "errors": errors,
        }

    def checks(self, outcome: Outcome) -> list[Check]:
        # A step still running when the run was stopped (e.g. by --run-time) is judged too.
        if self.broke is None and (not self.steps or self.steps[-1]["users"] != self.users):
            last = self._judge(self.users)
            if last["rps"]:
                self.steps.append(last)
                self.broke = None if last["ok"] else last
                self.knee = last if last["ok"] else self.knee
        wanted = int(self.options.stress_min_users)
        knee_users = self.knee["users"] if self.knee else 0
        return [
            Check("requests were made", outcome.requests > 0, f"{outcome.requests} requests"),
            Check(
                f"knee at >= {wanted} users",
                knee_users >= wanted,
                f"last good step {knee_users} users"
                + (f" at {self.knee['rps']} req/s, p95 {self.knee['p95_ms']:g} ms" if self.knee else "")
                + (
                    f"; broke at {self.broke['users']} users ({self.broke['reason']})"
                    if self.broke
                    else "; never broke"
                ),
            ),
        ]

    def extra(self) -> dict[str, Any]:
        return {"steps": self.steps, "knee": self.knee, "broke_at": self.broke}


class SigninStorm(Profile):
    """500 signed-in users browse (the quiet minutes are measured first), then 1,000 more sign in over two
    minutes; the browsing users' p95 during the storm must stay within --storm-factor of the quiet one."""

    name = "signin-storm"
    summary = (
        "500 users sign in and browse; quiet 2 min measured; then 1,000 sign in over 2 min: 0 errors, "
        "browsing p95 within 2x of quiet"
    )
    measured = ["storm", "storm-tail"]

    def stages(self) -> list[Stage]:
        o = self.options
        browsers, signins = int(o.storm_browsers), int(o.storm_signins)
        browsing = tuple(PERSONAS)
        # Only storm users are added once the storm begins; the browsers already running stay (Locust removes
        # users only when the count goes down). A fixed_count class added later would never be spawned.
        everyone = (StormUser,)
        warmup = browsers / float(o.storm_browser_rate) + float(o.storm_settle_seconds)
        storm_rate = signins / float(o.storm_seconds)
        return [
            Stage(warmup, browsers, float(o.storm_browser_rate), "warm-up", browsing),
            Stage(float(o.storm_quiet_seconds), browsers, float(o.storm_browser_rate), "quiet", browsing),
            Stage(float(o.storm_seconds), browsers + signins, storm_rate, "storm", everyone),
            Stage(float(o.storm_tail_seconds), browsers + signins, storm_rate, "storm-tail", everyone),
        ]

    def checks(self, outcome: Outcome) -> list[Check]:
        recorder = outcome.recorder
        quiet = recorder.merged(["quiet"], BROWSE)
        storm = recorder.merged(self.measured, BROWSE)
        signins = recorder.merged(self.measured, [SIGN_IN_GROUP])
        factor = float(self.options.storm_factor)
        wanted = int(self.options.storm_signins)
        quiet_p95, storm_p95 = quiet.percentile(0.95), storm.percentile(0.95)
        return [
            Check("quiet browsing was measured", quiet.count > 0, f"{quiet.count} requests, p95 {quiet_p95:g} ms"),
            Check("no errors", outcome.failures == 0, f"{outcome.failures} of {outcome.requests} requests failed"),
            Check(
                f"all {wanted} storm sign-ins succeeded",
                signins.count - signins.failures >= wanted,
                f"{signins.count - signins.failures} succeeded, {signins.failures} failed, "
                f"{max(0, wanted - signins.count)} unanswered when the run ended; "
                f"sign-in p50 {signins.percentile(0.5):g} ms, p95 {signins.percentile(0.95):g} ms, "
                f"max {signins.max_ms:.0f} ms",
            ),
            Check(
                f"browsing p95 during the storm <= {factor:g}x quiet",
                quiet.count > 0 and storm.count > 0 and storm_p95 <= factor * quiet_p95,
                f"storm p95 {storm_p95:g} ms vs quiet {quiet_p95:g} ms "
                f"({storm_p95 / quiet_p95 if quiet_p95 else float('inf'):.2f}x)",
            ),
        ]


PROFILES: dict[str, type[Profile]] = {p.name: p for p in (Baseline, Peak, Stress, Spike, Soak, SigninStorm)}
if tuple(PROFILES) != PROFILE_NAMES:
    raise RuntimeError("loadtest.PROFILE_NAMES (the runner's list) and loadtest.profiles.PROFILES differ")


def add_arguments(parser: Any) -> None:
    """Locust command-line options (also settable as LOCUST_* environment variables)."""
    group = parser.add_argument_group("FitnessCRM load profiles (loadtest/README.md)")
    group.add_argument("--load-profile", choices=sorted(PROFILES), default="baseline", help="load profile")
    group.add_argument(
        "--users-from",
        choices=["demo", "bench"],
        default="demo",
        help="sign-ins of `fitnesscrm seed demo` or of the bench dataset's manifest",
    )
    group.add_argument("--dataset", default="var/bench/dataset.json", help="bench dataset manifest (JSON)")
    group.add_argument("--weights", default="admin:5,trainer:25,client:70", help="persona mix")
    group.add_argument("--baseline-users", type=int, default=50)
    group.add_argument("--peak-users", type=int, default=1000, help="peak, spike; soak runs 60 %% of it")
    group.add_argument("--ramp-seconds", type=float, default=None, help="override the profile's ramp")
    group.add_argument("--hold-seconds", type=float, default=None, help="override the profile's hold")
    group.add_argument("--p95-ms", type=float, default=100, help="API p95 limit (baseline, peak, soak)")
    group.add_argument("--spike-p95-ms", type=float, default=1000)
    group.add_argument("--stress-start", type=int, default=100)
    group.add_argument("--stress-step", type=int, default=100)
    group.add_argument("--stress-step-seconds", type=float, default=60, help="measured, after the arrivals")
    group.add_argument("--stress-settle-seconds", type=float, default=10, help="after a step's users arrived")
    group.add_argument("--stress-spawn-rate", type=float, default=5)
    group.add_argument("--stress-p95-ms", type=float, default=1000)
    group.add_argument("--stress-max-users", type=int, default=5000)
    group.add_argument("--stress-min-users", type=int, default=1000, help="fail when the knee is below this")
    group.add_argument("--storm-browsers", type=int, default=500)
    group.add_argument("--storm-browser-rate", type=float, default=3, help="browsers signing in per second")
    group.add_argument("--storm-signins", type=int, default=1000)
    group.add_argument("--storm-seconds", type=float, default=120)
    group.add_argument("--storm-settle-seconds", type=float, default=30, help="after the browsers signed in")
    group.add_argument("--storm-quiet-seconds", type=float, default=120)
    group.add_argument("--storm-tail-seconds", type=float, default=30, help="storm sign-ins still queued")
    group.add_argument("--storm-factor", type=float, default=2.0)
    group.add_argument("--soak-warmup-seconds", type=float, default=300, help="after the ramp, before flatness")
    group.add_argument("--flat-tolerance", type=float, default=0.10)
    group.add_argument("--sample-seconds", type=float, default=15, help="resource sampling interval")
    group.add_argument("--gunicorn-pid", default="", help="gunicorn master pid(s), comma-separated, to sample")
    group.add_argument("--stack-dir", default="", help="a `make stack` directory (var/stack): sample its apps")
    group.add_argument("--pg-dsn", default="", help="libpq DSN to count PostgreSQL connections with")
    group.add_argument("--pg-database", default="", help="count only connections to this database")
    group.add_argument("--results-dir", default="", help="where summary.json goes (default: beside --csv)")
