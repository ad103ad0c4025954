"""Text search that an index can serve, with the same matches on PostgreSQL and SQLite.

Every searched expression is lower-cased text (``lower(column)`` or a column stored lower-cased) compared with
``LIKE``. On PostgreSQL each such expression on a table that grows large (clients, exercises) carries a pg_trgm
GIN index (``gin_trgm_ops``), which serves ``LIKE '%term%'`` when the term holds a trigram:

- ``matches``: a term of three characters or more matches anywhere (``%term%``); a shorter one (which holds no
  trigram inside a word) matches the start of a word (``term%`` or ``% term%``): "jo" finds "John" and
  "Mary Jones", not "Major". pg_trgm pads word starts, so those patterns still hold a trigram.
- ``starts_with``: for name lists kept in ``sort_name`` order ("last first"), one or two characters jump to the
  surnames starting with them, as a phone book does. A range condition lets the database walk the very index
  the list is sorted by and stop after a page, whatever the table's size.

SQLite has no trigram index; it scans the (small, embedded) table with the same predicates and finds the same rows.
"""

from __future__ import annotations

import sys
from typing import Any

from sqlalchemy import ColumnElement, Index, String, and_, bindparam, or_

MIN_ANYWHERE = 3  # the shortest term a trigram index can find in the middle of a word


def _escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def normalise(q: str) -> str:
    # lower(), not casefold(): the column side is lower(column), and casefold() turns 'ß' into 'ss'.
    return q.strip().lower()


def patterns(term: str) -> tuple[str, ...]:
    """The LIKE patterns (escape character ``\\``) for one normalised search term."""
    escaped = _escape(term)
    if len(term) >= MIN_ANYWHERE:
        return (f"%{escaped}%",)
    return (f"{escaped}%", f"% {escaped}%")


def literal(pattern: str) -> Any:
    """A LIKE pattern rendered into the statement (escaped by SQLAlchemy), not bound.

    psycopg prepares a statement run five times, and PostgreSQL may then plan it once for any pattern: a plan
    that cannot use the trigram indexes (an unknown pattern may hold no trigram) and reads the whole table.
    """
    return bindparam(None, pattern, type_=String, literal_execute=True)


def matches(q: str, *expressions: Any) -> ColumnElement[bool]:
    """Any of the lower-cased ``expressions`` matches the search text ``q`` (see the module's rule)."""
    term = normalise(q)
    return or_(
        *(expression.like(literal(pattern), escape="\\") for expression in expressions for pattern in patterns(term))
    )


def is_short(q: str) -> bool:
    return len(normalise(q)) < MIN_ANYWHERE


def starts_with(column: Any, q: str) -> ColumnElement[bool]:
    """``column`` (lower-cased text) starts with the search text ``q``: it sorts from ``q`` up to the text after
    every text starting with ``q``.

    A range, not ``LIKE 'q%'``: the planner then walks the sort index and stops after a page (with LIKE it mis-
    estimates the combination and fetches every match). Exactly "starts with" in code-point order (SQLite, and
    PostgreSQL's C and C.UTF-8 collations); under a linguistic collation, the surnames that sort between them.
    """
    term = normalise(q)
    if ord(term[-1]) == sys.maxunicode:
        return column.like(f"{_escape(term)}%", escape="\\")
    return and_(column >= term, column < term[:-1] + chr(ord(term[-1]) + 1))


def trigram_index(name: str, expression: Any) -> Index:
    """A pg_trgm GIN index on ``expression``, created on PostgreSQL only (the migration creates the extension).

    ``info["postgresql_only"]`` tells Alembic's autogenerate to leave it out on SQLite (migrations/env.py).
    """
    # postgresql_ops finds an expression's operator class by its label.
    index = Index(
        name,
        expression.label(name),
        postgresql_using="gin",
        postgresql_ops={name: "gin_trgm_ops"},
        info={"postgresql_only": True},
    )
    return index.ddl_if(dialect="postgresql")
