"""Voided bookings: who struck a booking out after its start, when and why.

The new ``voided`` status needs no schema change: booking statuses are a plain string column (non-native
enum, no CHECK constraint). SQLite cannot add a foreign key in place, so batch mode copies ``bookings``
there (its partial indexes are recreated with their WHERE clauses); PostgreSQL alters the table in place.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 18:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.add_column(sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("voided_by_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("void_reason", sa.String(length=500), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_bookings_voided_by_id_users"), "users", ["voided_by_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.drop_constraint("fk_bookings_voided_by_id_users", type_="foreignkey")
        batch.drop_column("void_reason")
        batch.drop_column("voided_by_id")
        batch.drop_column("voided_at")
