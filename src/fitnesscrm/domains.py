"""What each domain adds to the application, declared once in the domain's own package.

A domain package (``fitnesscrm/<name>/``) sets ``DOMAIN = Domain(...)`` in its ``__init__.py``: its blueprints, the
modules holding its tables and Celery tasks, its scheduled jobs, its CLI commands and its demo data, as
``"module:attribute"`` references inside the package (imported only when used, so reading the declarations costs
nothing). The app factory, the model registry, Celery, the CLI and the demo seed loop over ``installed()``; a new
domain is found by being there, and nothing central lists domains by hand.

Three declarations let a lower layer use a higher one without importing it: ``invitees`` (accounts links a new
login to a trainer's or client's profile), ``gauges`` (observability exports a domain's business figures) and
``reactions`` (a domain follows a change another announces, in the same transaction).
"""

from __future__ import annotations

import importlib
import pkgutil
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import click

PACKAGE = __name__.rsplit(".", 1)[0]  # "fitnesscrm"


@dataclass(frozen=True)
class Job:
    """A job Celery beat runs on a schedule, which ``fitnesscrm jobs run <name>`` also runs now."""

    name: str
    task: str  # the Celery task's name
    cron: Mapping[str, Any] | None = None  # celery.schedules.crontab keywords, e.g. {"hour": 2, "minute": 30}
    every_seconds: float | None = None
    expires_seconds: float | None = None  # a run still queued after this long is dropped


@dataclass(frozen=True)
class Gauge:
    """A business figure the metrics scrape reads, in its one database statement, for Prometheus."""

    metric: str  # e.g. "fitnesscrm_active_clients"
    help: str
    query: Callable[[], Any]  # builds a scalar subquery (called per scrape, so models load only when needed)
    timestamp: bool = False  # a datetime, exported as Unix time and left out while there is none


@dataclass(frozen=True)
class Invitee:
    """The profile an invitation links a new login to (a trainer's, a client's)."""

    profile_id: uuid.UUID
    email: str
    full_name: str


@dataclass(frozen=True)
class Domain:
    name: str
    blueprints: tuple[str, ...] = ()
    models: tuple[str, ...] = ()  # modules whose import registers tables on Base
    tasks: tuple[str, ...] = ()  # modules whose import registers Celery tasks
    jobs: tuple[Job, ...] = ()
    commands: tuple[str, ...] = ()  # click commands or groups added to `fitnesscrm`
    seed_commands: tuple[str, ...] = ()  # click commands added to `fitnesscrm seed`
    # ``seed(session, *, storage) -> str | None``: adds the domain's demo data once (the people exist by then) and
    # says what it added, or None when there was nothing to add.
    demo: str | None = None
    after: tuple[str, ...] = ()  # domains whose demo data this one's builds on
    unlimited_blueprints: tuple[str, ...] = ()  # of ``blueprints``: exempt from the per-caller rate limit
    # role → ``resolve(session, *, actor, profile_id, email, full_name) -> Invitee``: the profile an invitation to
    # that role links to, so accounts invites people without knowing what a trainer or a client is.
    invitees: Mapping[str, str] = field(default_factory=dict)
    # signal → function run, in the same transaction, when another domain announces it with ``announce`` (a domain
    # that builds on another follows its changes without the other importing it)
    reactions: Mapping[str, str] = field(default_factory=dict)
    gauges: tuple[str, ...] = ()  # each a tuple of Gauge: figures observability exports without knowing the domain
    package: str = field(default="", compare=False)

    def load(self, ref: str) -> Any:
        """``"api:bp"`` → the object ``bp`` of ``fitnesscrm.<domain>.api``."""
        module, _, attribute = ref.partition(":")
        loaded = importlib.import_module(f"{self.package}.{module}")
        return getattr(loaded, attribute) if attribute else loaded


@cache
def installed() -> tuple[Domain, ...]:
    """Every domain package, each after those it builds on (``after``), otherwise by name."""
    found: dict[str, Domain] = {}
    root = importlib.import_module(PACKAGE)
    for info in sorted(pkgutil.iter_modules(root.__path__), key=lambda i: i.name):
        if not info.ispkg:
            continue
        declared = getattr(importlib.import_module(f"{PACKAGE}.{info.name}"), "DOMAIN", None)
        if isinstance(declared, Domain):
            found[declared.name] = Domain(**{**declared.__dict__, "package": f"{PACKAGE}.{info.name}"})
    ordered: list[Domain] = []

    def place(domain: Domain, path: tuple[str, ...]) -> None:
        if domain in ordered:
            return
        if domain.name in path:
            raise RuntimeError(f"domains build on each other in a circle: {' → '.join((*path, domain.name))}")
        for name in domain.after:
            if name not in found:
                raise RuntimeError(f"domain {domain.name!r} builds on {name!r}, which is not installed")
            place(found[name], (*path, domain.name))
        ordered.append(domain)

    for domain in found.values():
        place(domain, ())
    return tuple(ordered)


def invitee_resolver(role: str) -> Any:
    for domain in installed():
        if role in domain.invitees:
            return domain.load(domain.invitees[role])
    raise LookupError(f"no installed domain links {role} accounts to a profile")


def gauges() -> tuple[Gauge, ...]:
    return tuple(gauge for domain in installed() for ref in domain.gauges for gauge in domain.load(ref))


def announce(signal: str, **arguments: Any) -> list[Any]:
    """Tell the domains that react to ``signal`` (``Domain.reactions``); each runs now, in the caller's session.
    What each reaction returns comes back, in domain order (a signal's docs say what that is)."""
    return [domain.load(domain.reactions[signal])(**arguments) for domain in installed() if signal in domain.reactions]


def command_app() -> Any:
    """The Flask app, for a domain's CLI command: ``fitnesscrm`` (cli.main) builds it on first use, from the
    settings, refusing unsafe ones as every command does."""
    return click.get_current_context().find_root().obj()


def import_models() -> None:
    for domain in installed():
        for module in domain.models:
            domain.load(module)
