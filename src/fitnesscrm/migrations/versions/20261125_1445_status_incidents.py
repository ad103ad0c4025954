"""Status page incidents with their timeline of updates, and the backup reports the System page reads.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 14:45:49.216272
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "backup_reports",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=True),
        sa.Column("detail", sa.String(length=500), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_backup_reports")),
    )
    op.create_index(op.f("ix_backup_reports_finished_at"), "backup_reports", ["finished_at"], unique=False)
    op.create_table(
        "status_incidents",
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("impact", sa.Enum("degraded", "outage", name="impact", native_enum=False, length=20), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "investigating",
                "identified",
                "monitoring",
                "resolved",
                name="incidentstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("components", sa.JSON(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_status_incidents_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_incidents")),
    )
    op.create_index(op.f("ix_status_incidents_resolved_at"), "status_incidents", ["resolved_at"], unique=False)
    op.create_index(op.f("ix_status_incidents_started_at"), "status_incidents", ["started_at"], unique=False)
    op.create_table(
        "status_incident_updates",
        sa.Column("incident_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "investigating",
                "identified",
                "monitoring",
                "resolved",
                name="incidentstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_status_incident_updates_author_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["status_incidents.id"],
            name=op.f("fk_status_incident_updates_incident_id_status_incidents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_incident_updates")),
        sa.UniqueConstraint("incident_id", "seq", name=op.f("uq_status_incident_updates_incident_id_seq")),
    )


def downgrade() -> None:
    op.drop_table("status_incident_updates")
    op.drop_index(op.f("ix_status_incidents_started_at"), table_name="status_incidents")
    op.drop_index(op.f("ix_status_incidents_resolved_at"), table_name="status_incidents")
    op.drop_table("status_incidents")
    op.drop_index(op.f("ix_backup_reports_finished_at"), table_name="backup_reports")
    op.drop_table("backup_reports")
