"""Accounts: users, roles, sign-in sessions, invitations, password resets and API tokens."""

from ..domains import Domain

DOMAIN = Domain(name="accounts", blueprints=("api:bp",), models=("models",), commands=("cli:users",))
