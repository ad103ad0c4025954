"""The EXPLAIN check: do the app's hot queries use indexes on a seeded dataset?

The SQL is not written here: each hot request (the clients list, a trainer's week, a client's history…) is
sent through the real app as a seeded user, the statements it runs are recorded, and each one is EXPLAINed
with the parameters it ran with. A full scan of a table that grows with the business fails the check: a Seq
Scan, or an index scan with no index condition that is not cut short by a LIMIT (with sequential scans
disabled, that is what the planner falls back to when no index fits).

On a small dataset the planner rightly prefers a sequential scan of a few pages, so the check can plan with
``enable_seqscan = off`` ("forced"): a Seq Scan of a big table that remains means no index can serve the
query at all. From scale 1 the plain plan is checked, as production would run it; there a full scan fails
the check when the table holds at least ``min_rows`` rows (reading a few megabytes whole is the
planner's right call, and tables the seed leaves nearly empty, such as sessions, say nothing at this size).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import event, text

from ..settings import Settings
from .load import Manifest
from .shape import password

# Tables whose size grows with clients and history; a sequential scan of one makes a request grow with them.
DEFAULT_MIN_ROWS = 50_000
BIG_TABLES = frozenset(
    {
        "clients",
        "users",
        "trainer_assignments",
        "client_tags",
        "appointments",
        "bookings",
        "workout_logs",
        "set_logs",
        "personal_records",
        "measurements",
        "goals",
        "program_assignments",
        "login_sessions",
        "domain_events",
        "audit_events",
    }
)


@dataclass(frozen=True)
class Probe:
    name: str
    role: str  # admin | trainer | client: who asks
    path: str


@dataclass
class Statement:
    sql: str
    plan: list[dict[str, Any]]
    full_scans: list[str]  # big tables read whole: a failure
    tolerated: list[str]  # big tables read whole, but only because they are still small: reported
    indexes: list[str]


@dataclass
class ProbeResult:
    probe: Probe
    status: int
    statements: list[Statement] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == 200 and not any(s.full_scans for s in self.statements)


@dataclass
class Report:
    forced: bool
    min_rows: int
    results: list[ProbeResult]

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    def render(self, *, verbose: bool = False) -> str:
        mode = (
            "enable_seqscan = off (does an index exist?)"
            if self.forced
            else f"plain plans; a full scan fails on a big table of {self.min_rows:,} rows or more"
        )
        lines = [f"EXPLAIN check, {mode}:"]
        for result in self.results:
            scans = sorted({t for s in result.statements for t in s.full_scans})
            used = sorted({i for s in result.statements for i in s.indexes})
            verdict = (
                "ok"
                if result.ok
                else f"HTTP {result.status}"
                if result.status != 200
                else f"FULL SCAN of {', '.join(scans)}"
            )
            small = sorted({t for s in result.statements for t in s.tolerated})
            lines.append(
                f"  {verdict:<6} {result.probe.name} ({len(result.statements)} statements; "
                f"indexes: {', '.join(used) or '-'})"
                + (f"; read whole while small: {', '.join(small)}" if small else "")
            )
            for statement in result.statements:
                if verbose or statement.full_scans:
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
        Probe(
            "a client's history on one exercise",
            "trainer",
            f"/api/v1/clients/{client}/exercises/{samples['exercise_id']}/history",
        ),
    ]


def check(
    settings: Settings, manifest: Manifest, *, force_index: bool | None = None, min_rows: int = DEFAULT_MIN_ROWS
) -> Report:
    """Run every probe through the app and EXPLAIN what it ran; ``force_index`` None: forced below scale 1."""
    from ..app import create_app

    forced = manifest.scale < 1 if force_index is None else force_index
    # No Redis: every read reaches the database, so its plan is seen; limits out of the way of the probes.
    app = create_app(
        settings.model_copy(
            update={
                "redis_url": None,
                "default_rate_limit": "1000000 per minute",
                "login_limit_per_ip": "1000 per minute",
                "login_limit_per_account": "1000 per minute",
                "db_statement_timeout_ms": 60_000,
                "log_level": "WARNING",
            }
        )
    )
    engine = app.extensions["fitnesscrm"].database.engine
    accounts = manifest.accounts
    emails = {
        role: accounts[plural]["pattern"].format(n=1)
        for role, plural in (("admin", "admins"), ("trainer", "trainers"), ("client", "clients"))
    }
    http = {}
    for role, email in emails.items():
        http[role] = app.test_client()
        response = http[role].post("/api/v1/auth/login", json={"email": email, "password": password()})
        if response.status_code != 200:
            raise RuntimeError(f"{email} cannot sign in with the bench password: HTTP {response.status_code}")
    rules = _Rules.read(engine, forced=forced, min_rows=min_rows)
    results = []
    for probe in probes(manifest, datetime.now(UTC)):
        with recording(engine) as recorded:
            status = http[probe.role].get(probe.path).status_code
        result = ProbeResult(probe, status)
        for sql, parameters in recorded:
            if sql.lstrip().upper().startswith(("SELECT", "WITH")):
                result.statements.append(_explain(engine, sql, parameters, rules))
        results.append(result)
    engine.dispose()
    return Report(forced=forced, min_rows=min_rows, results=results)


@contextmanager
def recording(engine: Any) -> Iterator[list[tuple[str, Any]]]:
    """Every statement ``engine`` runs inside the block, with its parameters (to EXPLAIN it afterwards)."""
    statements: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


@dataclass
class _Rules:
    """Which full scans fail: forced plans, those of every big table; plain ones, of big tables past min_rows."""

    forced: bool
    checked: set[str]
    # table → leading columns of its plain (non-partial) indexes: what a filter on the table could be served by
    leading: dict[str, set[str]]

    @classmethod
    def read(cls, engine: Any, *, forced: bool, min_rows: int) -> _Rules:
        with engine.connect() as conn:
            rows = dict(
                conn.execute(
                    text(
                        "SELECT relname, reltuples FROM pg_class WHERE relkind = 'r' "
                        "AND relnamespace = 'public'::regnamespace"
                    )
                )
                .tuples()
                .all()
            )
            leading: dict[str, set[str]] = {}
            for table, column in conn.execute(
                text(
                    "SELECT c.relname, a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
                    "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
                    "WHERE i.indpred IS NULL AND c.relnamespace = 'public'::regnamespace"
                )
            ).tuples():
                leading.setdefault(table, set()).add(column)
        return cls(
            forced=forced, checked={t for t in BIG_TABLES if forced or rows.get(t, 0) >= min_rows}, leading=leading
        )

    def fails(self, table: str, node: dict[str, Any]) -> bool:
        if table not in self.checked:
            return False
        if self.forced and node["Node Type"] != "Seq Scan":
            # Scans are disabled, so the planner walks some index whole instead. On a tiny table that is its
            # cheapest plan even when an index on the filtered column exists; only when none does is it a miss.
            filtered = set(re.findall(r"[a-z_][a-z0-9_]*", node.get("Filter", "")))
            return not filtered & self.leading.get(table, set())
        return True


def _explain(engine: Any, sql: str, parameters: Any, rules: _Rules) -> Statement:
    with engine.connect() as conn:
        cursor = conn.connection.driver_connection.cursor()
        if rules.forced:
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, parameters)
        raw = cursor.fetchone()[0]
        conn.rollback()
    plan = raw if isinstance(raw, list) else json.loads(raw)
    scans = [(table, node) for table, node in _full_scans(plan[0]["Plan"]) if table in BIG_TABLES]
    failed = {table for table, node in scans if rules.fails(table, node)}
    return Statement(
        sql=sql,
        plan=plan,
        full_scans=sorted(failed),
        tolerated=sorted({table for table, _ in scans} - failed),
        indexes=sorted({n["Index Name"] for n in _nodes(plan[0]["Plan"]) if "Index Name" in n}),
    )


def _nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)


# Nodes that read all their input before returning a row: a LIMIT above them does not shorten the scan below.
BLOCKING = frozenset({"Sort", "Hash", "Aggregate", "Materialize", "SetOp", "WindowAgg"})


def _full_scans(node: dict[str, Any], limited: bool = False) -> Iterator[tuple[str, dict[str, Any]]]:
    """Tables a plan reads whole: Seq Scans, and index scans with no condition unless a LIMIT stops them early
    (the first page of a list read in index order is the efficient plan, not a full scan)."""
    kind = node["Node Type"]
    relation = node.get("Relation Name")
    if relation and (
        kind == "Seq Scan" or (kind in ("Index Scan", "Index Only Scan") and "Index Cond" not in node and not limited)
    ):
        yield relation, node
    limited = (limited or kind == "Limit") and kind not in BLOCKING
    for child in node.get("Plans", []):
        yield from _full_scans(child, limited)


def _plan_lines(node: dict[str, Any], depth: int = 0) -> Iterator[str]:
    target = node.get("Index Name") or node.get("Relation Name") or ""
    yield f"{'  ' * depth}{node['Node Type']} {target}".rstrip() + f"  (rows≈{node.get('Plan Rows', '?')})"
    for child in node.get("Plans", []):
        yield from _plan_lines(child, depth + 1)


def _z(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
