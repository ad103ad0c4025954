"""Each domain registers itself once (fitnesscrm/<domain>/__init__.py); the app, Celery, the CLI, the schema and
the demo are built from those declarations, so a domain cannot be half-registered."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from fitnesscrm import cli, domains, jobs
from fitnesscrm.models import Base

SRC = Path(domains.__file__).parent
# Not domains: the core, the migrations, and observability, which wraps every request and installs itself first
# (observability.init_app) with its own two routes, /metrics and /api/v1/meta.
INFRASTRUCTURE = {"core", "migrations", "observability"}


def test_every_package_with_routes_or_tables_is_a_declared_domain() -> None:
    declared = {d.package.rsplit(".", 1)[1] for d in domains.installed()}
    assert declared == {"accounts", "business", "clients", "ops", "progress", "scheduling", "staff", "training"}
    for info in pkgutil.iter_modules([str(SRC)]):
        if info.ispkg and info.name not in declared | INFRASTRUCTURE:
            package = SRC / info.name
            assert not list(package.rglob("api.py")), f"{info.name} has routes but declares no DOMAIN"
            assert not list(package.rglob("models.py")), f"{info.name} has tables but declares no DOMAIN"


def test_the_app_serves_exactly_the_declared_blueprints(app: Any) -> None:
    declared = {d.load(ref).name for d in domains.installed() for ref in d.blueprints}
    assert set(app.blueprints) - {"openapi", "observability", "meta"} == declared
    # ...and every api.py module's blueprint is among them
    for path in SRC.rglob("api.py"):
        if path.relative_to(SRC).parts[0] in INFRASTRUCTURE:
            continue
        module = importlib.import_module(".".join(path.relative_to(SRC.parent).with_suffix("").parts))
        if hasattr(module, "bp"):
            assert module.bp.name in declared, f"{path} is not in its domain's blueprints"


def test_every_table_comes_from_core_or_a_declared_models_module() -> None:
    modules = {f"{d.package}.{m}" for d in domains.installed() for m in d.models}
    for mapper in Base.registry.mappers:
        module = mapper.class_.__module__
        assert module.startswith("fitnesscrm.core.") or module in modules, f"{mapper.class_} from {module}"


def test_domains_come_after_those_they_build_on() -> None:
    order = [d.name for d in domains.installed()]
    for domain in domains.installed():
        for earlier in domain.after:
            assert order.index(earlier) < order.index(domain.name)


def test_celery_beat_runs_every_declared_job() -> None:
    declared = {job.name: job.task for d in domains.installed() for job in d.jobs}
    assert declared.items() <= jobs.JOBS.items()
    assert set(jobs.BEAT_SCHEDULE) == set(jobs.JOBS) >= {"extend-series", "send-reminders", "heartbeat"}


def test_the_cli_carries_the_domains_commands() -> None:
    runner = CliRunner()
    assert "create-admin" in runner.invoke(cli.main, ["users", "--help"]).output
    assert "exercises" in runner.invoke(cli.main, ["seed", "--help"]).output


def test_each_invitable_role_has_one_domain_that_keeps_its_profiles() -> None:
    """Accounts invites trainers and clients without importing staff or clients: the domains resolve the profile."""
    owners = [(role, d.name) for d in domains.installed() for role in d.invitees]
    assert sorted(owners) == [("client", "clients"), ("trainer", "staff")]
    assert domains.invitee_resolver("trainer").__module__ == "fitnesscrm.staff.service"


def test_every_declared_reaction_and_demo_loads() -> None:
    for domain in domains.installed():
        for signal, ref in domain.reactions.items():
            assert callable(domain.load(ref)), (domain.name, signal)
        if domain.demo:
            assert callable(domain.load(domain.demo)), domain.name
    assert "training.records_rebuilt" in {s for d in domains.installed() for s in d.reactions}


def test_the_metrics_scrape_exports_the_domains_gauges() -> None:
    metrics = {gauge.metric for gauge in domains.gauges()}
    assert metrics == {"fitnesscrm_active_clients", "fitnesscrm_backup_last_success_timestamp_seconds"}
