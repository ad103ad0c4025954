"""`fitnesscrm seed exercises`: the built-in exercise library, kept up to date after an upgrade."""

from __future__ import annotations

import click

from ...domains import command_app
from .library import sync_builtin_library


@click.command("exercises", help="Add or update the built-in exercise library (run after migrations; idempotent).")
def exercises() -> None:
    with command_app().extensions["fitnesscrm"].database.session() as session:
        result = sync_builtin_library(session)
    click.echo(result)
