"""Search served by indexes: pg_trgm GIN indexes on what client and exercise search match (PostgreSQL only).

``?q=`` compares lower-cased expressions with LIKE (core.search); a trigram GIN index on exactly those
expressions serves the pattern, so a search no longer reads the whole table. pg_trgm is a trusted extension
(PostgreSQL 13+): the database owner may create it without superuser rights. SQLite has no such index type;
its embedded databases stay small and are scanned, with the same matches.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 21:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_clients_sort_name_trgm": ("clients", "sort_name"),
    "ix_clients_full_name_trgm": ("clients", "lower((first_name || ' ') || last_name)"),
    "ix_clients_email_trgm": ("clients", "lower(email)"),
    "ix_clients_phone_trgm": ("clients", "phone"),
    "ix_exercises_search_text_trgm": ("exercises", "search_text"),
}


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # CONCURRENTLY: the clients table may be large, and the running release keeps writing to it meanwhile
    # (docs/deployment.md, "expand, then contract"). It cannot run inside a transaction.
    with op.get_context().autocommit_block():
        for name, (table, expression) in INDEXES.items():
            op.execute(
                f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {table} USING gin (({expression}) gin_trgm_ops)"
            )


def downgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    with op.get_context().autocommit_block():
        for name in INDEXES:
            op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
    # The extension stays: other objects may use it, and it costs nothing unused.
