"""Every table's rows, copied once and put back before later tests.

A world that costs many service calls to build (the authorisation matrix builds the same five people for each of
its cells) is built once per worker, copied, and restored into the emptied tables before each test that needs it:
one INSERT per table instead of dozens of statements and password hashes. The copy goes through the column types,
so encrypted values are decrypted and encrypted again with the same key ring. Autoincrement keys (the audit
trail's `seq`) are left to the database, in their original order, so the database's sequence stays ahead of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, select

from fitnesscrm.models import Base


@dataclass(frozen=True)
class Snapshot:
    tables: tuple[tuple[Table, tuple[dict[str, Any], ...]], ...]  # parents first, only tables with rows


def take(database: Any) -> Snapshot:
    tables = []
    with database.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            generated = {column.name for column in table.primary_key.columns if column.autoincrement is True}
            columns = [column for column in table.columns if column.name not in generated]
            rows = tuple(dict(row._mapping) for row in conn.execute(select(*columns).order_by(*table.primary_key)))
            if rows:
                tables.append((table, rows))
    return Snapshot(tuple(tables))


def restore(database: Any, snapshot: Snapshot) -> None:
    with database.engine.begin() as conn:
        for table, rows in snapshot.tables:
            conn.execute(table.insert(), list(rows))
