"""Who must sign in with a second factor: nobody (the default), admins, or all staff (admins and trainers).

Revision ID: 3c5e8a1f7b20
Revises: 7f3a2c9d1e04
Create Date: 2026-12-08 00:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "3c5e8a1f7b20"
down_revision = "7f3a2c9d1e04"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("business_settings") as batch:
        batch.add_column(sa.Column("two_factor_required_for", sa.String(10), nullable=False, server_default="nobody"))
        batch.create_check_constraint(
            "two_factor_required_for", "two_factor_required_for IN ('nobody', 'admins', 'staff')"
        )


def downgrade() -> None:
    with op.batch_alter_table("business_settings") as batch:
        batch.drop_constraint(op.f("ck_business_settings_two_factor_required_for"), type_="check")
        batch.drop_column("two_factor_required_for")
