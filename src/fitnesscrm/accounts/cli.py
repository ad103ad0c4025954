"""`fitnesscrm users …`: accounts made from the command line (admins are never invited)."""

from __future__ import annotations

import os

import click

from ..core.errors import DomainError
from ..domains import command_app
from . import service


@click.group(help="User accounts.")
def users() -> None:
    pass


@users.command("create-admin", help="Create an admin (password from FITNESSCRM_ADMIN_PASSWORD, else prompted).")
@click.option("--email", required=True)
@click.option("--name", "full_name", default="Administrator", show_default=True)
def create_admin(email: str, full_name: str) -> None:
    password = os.environ.get("FITNESSCRM_ADMIN_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    app = command_app()
    try:
        with app.extensions["fitnesscrm"].database.session() as session:
            service.create_admin(
                session,
                email=email,
                full_name=full_name,
                password=password,
                min_length=app.extensions["fitnesscrm"].settings.password_min_length,
            )
    except DomainError as exc:
        raise click.ClickException(exc.detail) from exc
    click.echo(f"admin {email} created")
