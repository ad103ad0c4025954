"""Accounts: users, roles, sign-in sessions, invitations, password resets and API tokens."""

from ..domains import Domain

DOMAIN = Domain(
    name="accounts",
    blueprints=("api:bp", "users_api:bp"),
    models=("models",),
    commands=("cli:users",),
    reactions={"staff.trainer_activity_changed": "users:set_trainer_login_active"},
)
