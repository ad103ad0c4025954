"""Business settings: name, time zone, currency, locale and logo in their own row, read by every domain.

The time zone and currency move out of ``booking_rules``, where scheduling kept them although training read
them too. The row is copied over (values and the time of the last change), so an install keeps its settings;
an install that never saved its rules gets the row with defaults on first read, as before. Downgrade copies
them back.

Revision ID: 1d8531b33edd
Revises: 0006
Create Date: 2026-12-07 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "1d8531b33edd"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "business_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("locale", sa.String(length=35), nullable=False),
        sa.Column("logo_key", sa.String(length=200), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_business_settings_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_business_settings")),
    )
    op.execute(
        "INSERT INTO business_settings (id, name, timezone, currency, locale, logo_key, updated_at) "
        "SELECT 1, 'My fitness business', timezone, currency, 'en-GB', NULL, updated_at FROM booking_rules WHERE id = 1"
    )
    with op.batch_alter_table("booking_rules") as batch:
        batch.drop_column("currency")
        batch.drop_column("timezone")


def downgrade() -> None:
    with op.batch_alter_table("booking_rules") as batch:
        batch.add_column(sa.Column("timezone", sa.String(length=64), nullable=False, server_default="Europe/London"))
        batch.add_column(sa.Column("currency", sa.String(length=3), nullable=False, server_default="EUR"))
    op.execute(
        "UPDATE booking_rules SET "
        "timezone = (SELECT timezone FROM business_settings WHERE id = 1), "
        "currency = (SELECT currency FROM business_settings WHERE id = 1) "
        "WHERE EXISTS (SELECT 1 FROM business_settings WHERE id = 1)"
    )
    with op.batch_alter_table("booking_rules") as batch:
        batch.alter_column("timezone", server_default=None)
        batch.alter_column("currency", server_default=None)
    op.drop_table("business_settings")
