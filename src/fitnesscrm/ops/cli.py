"""`fitnesscrm audit …`: checking the audit trail from the command line."""

from __future__ import annotations

import click

from ..core.audit import verify_chain
from ..domains import command_app


@click.group(help="The audit trail.")
def audit() -> None:
    pass


@audit.command(help="Check that no audit event was changed, removed or inserted (the hash chain); exit 1 if one was.")
def verify() -> None:
    with command_app().extensions["fitnesscrm"].database.session() as session:
        intact, broken_at = verify_chain(session)
    if not intact:
        raise click.ClickException(
            f"the audit trail is broken at event {broken_at}: it or the one before it was changed or removed"
        )
    click.echo("the audit trail is intact")
