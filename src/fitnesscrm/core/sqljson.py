"""Child rows as a JSON column of their parent's row: a list page and what hangs off each of its rows in one
statement, on PostgreSQL and SQLite alike.

A page that also shows each row's tags, trainers or people used to cost one statement per kind of child, and each
statement costs more Python (building it, its round trip, its rows) than the database spends on it. With
``json_rows`` the children come back as one JSON array per parent row, built by the database from a correlated
subquery: ``json_agg(json_build_object(…) ORDER BY …)`` on PostgreSQL, ``json_group_array(json_object(…))`` over
an ordered subquery on SQLite (which takes the rows in the subquery's order; SQLite 3.40 has no ``ORDER BY`` inside
an aggregate). The drivers hand back lists of plain JSON values: ids as strings (on SQLite without dashes: read them
with ``uuid.UUID``), booleans as ``true``/``false`` on PostgreSQL and ``1``/``0`` on SQLite.

Put it on a page that is already limited (``core.pagination.paginate``'s ``decorate``): as a column of an unlimited
query, the planner may build it for every row the filter leaves.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ColumnElement, FromClause, Select, literal_column, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class _JsonObject(FunctionElement[Any]):
    """``{"key": value, …}`` of the columns given as alternating key literals and values."""

    type = JSON()
    inherit_cache = True
    name = "json_object"


class _JsonArrayAgg(FunctionElement[Any]):
    """The aggregated values as a JSON array (``[]`` for none); the first clause is the value, the rest its order."""

    type = JSON()
    inherit_cache = True
    name = "json_array_agg"


@compiles(_JsonObject, "postgresql")
def _json_object_pg(element: _JsonObject, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_build_object({compiler.process(element.clauses, **kw)})"


@compiles(_JsonObject)
def _json_object_sqlite(element: _JsonObject, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_object({compiler.process(element.clauses, **kw)})"


@compiles(_JsonArrayAgg, "postgresql")
def _json_array_agg_pg(element: _JsonArrayAgg, compiler: SQLCompiler, **kw: Any) -> str:
    value, *order = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"coalesce(json_agg({value} ORDER BY {', '.join(order)}), '[]'::json)"


@compiles(_JsonArrayAgg)
def _json_array_agg_sqlite(element: _JsonArrayAgg, compiler: SQLCompiler, **kw: Any) -> str:
    value = compiler.process(next(iter(element.clauses)), **kw)
    return f"json_group_array({value})"  # in the order of the subquery it reads (json_rows orders it)


def json_rows(
    stmt: Select[Any],
    *order_by: ColumnElement[Any] | InstrumentedAttribute[Any],
    parent: FromClause,
    values: bool = False,
) -> Any:
    """A scalar subquery: the rows of ``stmt`` (a SELECT of labelled columns whose WHERE refers to ``parent``, the
    outer query's FROM) as a JSON array of objects keyed by the labels, or with ``values`` of its only column's
    values, in ascending ``order_by`` order. Label it to name the outer column."""
    keys = [str(column.key) for column in stmt.selected_columns]
    ordering = [expression.label(f"_order_{i}") for i, expression in enumerate(order_by)]
    ordered = stmt.add_columns(*ordering).order_by(*order_by).correlate(parent).subquery()
    if values:
        [key] = keys
        item: Any = ordered.c[key]
    else:
        item = _JsonObject(*(part for key in keys for part in (_key_literal(key), ordered.c[key])))
    aggregate = _JsonArrayAgg(item, *(ordered.c[str(column.key)] for column in ordering))
    return select(aggregate).select_from(ordered).scalar_subquery()


def _key_literal(key: str) -> Any:
    if not key.isidentifier():  # keys are our own labels; never text from a request
        raise ValueError(f"not a plain name: {key!r}")
    return literal_column(f"'{key}'")
