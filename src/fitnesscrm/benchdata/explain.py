"""The EXPLAIN check: do the app's hot queries use indexes on a seeded dataset?

The SQL is not written here: each hot request (the clients list, a trainer's week, a client's history…) is
sent through the real app as a seeded user, the statements it runs are recorded, and each one is EXPLAINed
with the parameters it ran with. A sequential scan of a table that grows with the business fails the check.

On a small dataset the planner rightly prefers a sequential scan of a few pages, so the check can plan with
``enable_seqscan = off`` ("forced"): a Seq Scan that remains means no index can serve the query at all.
From scale 1 the plain plan is checked, as production would run it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import event

from ..settings import Settings
from .load import Manifest
from .shape import password

# Tables whose size grows with clients and history; a sequential scan of one makes a request grow with them.
BIG_TABLES = frozenset({"clients", "users", "trainer_assignments", "client_tags", "appointments", "bookings",
                        "workout_logs", "set_logs", "personal_records", "measurements", "goals",
                        "program_assignments", "login_sessions", "domain_events", "audit_events"})


@dataclass(frozen=True)
class Probe:
    name: str
    role: str  # admin | trainer | client: who asks
    path: str


@dataclass
class Statement:
    sql: str
    plan: list[dict[str, Any]]
    seq_scans: list[str]
    indexes: list[str]


@dataclass
class ProbeResult:
    probe: Probe
    status: int
    statements: list[Statement] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == 200 and not any(s.seq_scans for s in self.statements)


@dataclass
class Report:
    forced: bool
    results: list[ProbeResult]

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    def render(self, *, verbose: bool = False) -> str:
        mode = "enable_seqscan = off (does an index exist?)" if self.forced else "plain plans"
        lines = [f"EXPLAIN check, {mode}:"]
        for result in self.results:
            scans = sorted({t for s in result.statements for t in s.seq_scans})
            used = sorted({i for s in result.statements for i in s.indexes})
            verdict = ("ok" if result.ok else f"HTTP {result.status}" if result.status != 200
                       else f"SEQ SCAN on {', '.join(scans)}")
            lines.append(f"  {verdict:<6} {result.probe.name} ({len(result.statements)} statements; "
                         f"indexes: {', '.join(used) or '-'})")
            for statement in result.statements:
                if verbose or statement.seq_scans:
                    lines.append("      " + " ".join(statement.sql.split())[:400])
                    lines.extend("        " + line for line in _plan_lines(statement.plan[0]["Plan"]))
        return "\n".join(lines)


def probes(manifest: Manifest, today: datetime) -> list[Probe]:
    samples = manifest.samples
    client, trainer = samples["long_history_client_id"], samples["busy_trainer_id"]
    monday = (today - timedelta(days=today.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    week = f"from={_z(monday)}&to={_z(monday + timedelta(days=7))}"
    year = f"from={(today - timedelta(days=364)).date()}&to={today.date()}"
    return [
        Probe("clients list, first page by name", "admin", "/api/v1/clients?sort=name&limit=50"),
        Probe("a trainer's clients, first page by name", "trainer", "/api/v1/clients?sort=name&limit=50"),
        Probe("a client's record", "admin", f"/api/v1/clients/{client}"),
        Probe("trainers list", "admin", "/api/v1/trainers?limit=50"),
        Probe("a trainer's week (their own calendar)", "trainer", f"/api/v1/calendar?{week}"),
        Probe("one trainer's week (admin)", "admin", f"/api/v1/calendar?{week}&trainer_id={trainer}"),
        Probe("a client's week (their own calendar)", "client", f"/api/v1/calendar?{week}"),
        Probe("a client's upcoming bookings", "admin", f"/api/v1/bookings?client_id={client}&when=upcoming"),
        Probe("a client's past bookings", "admin", f"/api/v1/bookings?client_id={client}&when=past"),
        Probe("my upcoming bookings (client)", "client", "/api/v1/bookings?when=upcoming"),
        Probe("a client's progress, a year by week", "admin", f"/api/v1/clients/{client}/progress?{year}&bucket=week"),
        Probe("a client's workout history", "trainer", f"/api/v1/workout-logs?client_id={client}&limit=25"),
        Probe("my workout history (client)", "client", "/api/v1/workout-logs?limit=25"),
        Probe("a client's personal records", "trainer", f"/api/v1/clients/{client}/personal-records"),
        Probe("a client's measurements", "admin", f"/api/v1/clients/{client}/measurements"),
        Probe("a client's history on one exercise", "trainer",
              f"/api/v1/clients/{client}/exercises/{samples['exercise_id']}/history"),
    ]


def check(settings: Settings, manifest: Manifest, *, force_index: bool | None = None) -> Report:
    """Run every probe through the app and EXPLAIN what it ran; ``force_index`` None: forced below scale 1."""
    from ..app import create_app

    forced = manifest.scale < 1 if force_index is None else force_index
    # No Redis: every read reaches the database, so its plan is seen; limits out of the way of the probes.
    app = create_app(settings.model_copy(update={
        "redis_url": None, "default_rate_limit": "1000000 per minute", "login_limit_per_ip": "1000 per minute",
        "login_limit_per_account": "1000 per minute", "db_statement_timeout_ms": 60_000, "log_level": "WARNING"}))
    engine = app.extensions["fitnesscrm"].database.engine
    accounts = manifest.accounts
    emails = {role: accounts[plural]["pattern"].format(n=1)
              for role, plural in (("admin", "admins"), ("trainer", "trainers"), ("client", "clients"))}
    http = {}
    for role, email in emails.items():
        http[role] = app.test_client()
        response = http[role].post("/api/v1/auth/login", json={"email": email, "password": password()})
        if response.status_code != 200:
            raise RuntimeError(f"{email} cannot sign in with the bench password: HTTP {response.status_code}")
    results = []
    for probe in probes(manifest, datetime.now(UTC)):
        with _recording(engine) as recorded:
            status = http[probe.role].get(probe.path).status_code
        result = ProbeResult(probe, status)
        for sql, parameters in recorded:
            if sql.lstrip().upper().startswith(("SELECT", "WITH")):
                result.statements.append(_explain(engine, sql, parameters, forced=forced))
        results.append(result)
    engine.dispose()
    return Report(forced=forced, results=results)


@contextmanager
def _recording(engine: Any) -> Iterator[list[tuple[str, Any]]]:
    statements: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _explain(engine: Any, sql: str, parameters: Any, *, forced: bool) -> Statement:
    with engine.connect() as conn:
        cursor = conn.connection.driver_connection.cursor()
        if forced:
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, parameters)
        raw = cursor.fetchone()[0]
        conn.rollback()
    plan = raw if isinstance(raw, list) else json.loads(raw)
    nodes = list(_nodes(plan[0]["Plan"]))
    return Statement(sql=sql, plan=plan,
                     seq_scans=sorted({n["Relation Name"] for n in nodes
                                       if n["Node Type"] == "Seq Scan" and n.get("Relation Name") in BIG_TABLES}),
                     indexes=sorted({n["Index Name"] for n in nodes if "Index Name" in n}))


def _nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)


def _plan_lines(node: dict[str, Any], depth: int = 0) -> Iterator[str]:
    target = node.get("Index Name") or node.get("Relation Name") or ""
    yield f"{'  ' * depth}{node['Node Type']} {target}".rstrip() + f"  (rows≈{node.get('Plan Rows', '?')})"
    for child in node.get("Plans", []):
        yield from _plan_lines(child, depth + 1)


def _z(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
