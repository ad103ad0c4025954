"""Keyset (cursor) pagination: stable order on (sort column, id), opaque cursors, bounded pages."""

from __future__ import annotations

import base64
import enum
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import Integer, Select, String, Subquery, and_, bindparam, literal_column, or_
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.types import TypeDecorator

from .errors import DomainError

T = TypeVar("T")
DEFAULT_LIMIT = 25
MAX_LIMIT = 100


class InvalidCursor(DomainError):
    status, title, type_slug = 400, "Invalid cursor", "invalid-cursor"


@dataclass
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def _encode(values: list[Any]) -> str:
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, expected_len: int) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:  # RecursionError: brackets nested deep
        raise InvalidCursor("The cursor is not one this server issued.") from exc
    if not isinstance(values, list) or len(values) != expected_len:
        raise InvalidCursor("The cursor is not one this server issued.")
    return values


def _to_json(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date):  # datetime too (a subclass)
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _from_json(value: Any, column: InstrumentedAttribute[Any]) -> Any:
    column_type = column.type
    python_type: Any = (column_type.impl if isinstance(column_type, TypeDecorator) else column_type).python_type
    try:
        if value is None or isinstance(value, bool):
            raise TypeError  # sort and id columns are never null, and none of them is boolean
        if issubclass(python_type, enum.Enum):
            return python_type(value)
        if python_type is datetime:
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is None:
                raise ValueError("naive datetime")
            return moment.astimezone(UTC)  # OverflowError near year 1/9999
        if python_type is date:
            return date.fromisoformat(value)
        if python_type is uuid.UUID:
            return uuid.UUID(value)
        if not isinstance(value, python_type):
            raise TypeError
        if isinstance(value, int) and not -(2**63) <= value < 2**63:
            raise ValueError("integer out of the database's range")
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("NUL characters cannot be stored or compared")
        return value
    except (TypeError, ValueError, OverflowError) as exc:
        raise InvalidCursor("The cursor is not one this server issued.") from exc


def _order_key(sort_column: InstrumentedAttribute[Any], *, selective: bool) -> Any:
    """What a page is ordered by: the sort column, or for a search on a text column the same values as an
    expression no index holds.

    With ``ORDER BY sort_column LIMIT n`` PostgreSQL may walk the sort column's index and test each row, betting
    that matches are spread evenly; a name search's matches sit together in name order (every "Langwood" after
    every "K…"), so the walk reads the table up to them. Ordering by ``sort_column || ''`` (the same order) leaves
    it the search's own indexes and a sort of the matches.
    """
    if selective and isinstance(sort_column.type, String):
        return sort_column.op("||", return_type=String)(literal_column("''"))
    return sort_column


def paginate(
    session: Session,
    stmt: Select[Any],
    *,
    sort_column: InstrumentedAttribute[Any],
    id_column: InstrumentedAttribute[Any],
    descending: bool,
    limit: int,
    cursor: str | None,
    selective: bool = False,
    columns: bool = False,
    decorate: Callable[[Subquery], Select[Any]] | None = None,
) -> Page[Any]:
    """Return one page of ``stmt`` ordered by (sort_column, id), both in the same direction: its entities, or with
    ``columns`` (a list that selects only the columns it shows) its rows, whose fields include both columns.
    ``decorate`` (with ``columns``) selects more from the page, given as a subquery, for the same statement: what
    hangs off each row, as ``core.sqljson.json_rows`` columns, computed for the page's rows only.

    The sort column must be non-null so that the keyset comparison is total. ``selective``: ``stmt`` is a search
    served by its own indexes (core.search); see ``_order_key``.
    """
    limit = max(1, min(limit, MAX_LIMIT))
    if cursor:
        raw_sort, raw_id = _decode(cursor, 2)
        last_sort, last_id = _from_json(raw_sort, sort_column), _from_json(raw_id, id_column)
        if descending:
            stmt = stmt.where(or_(sort_column < last_sort, and_(sort_column == last_sort, id_column < last_id)))
        else:
            stmt = stmt.where(or_(sort_column > last_sort, and_(sort_column == last_sort, id_column > last_id)))
    key = _order_key(sort_column, selective=selective)
    order = (key.desc(), id_column.desc()) if descending else (key.asc(), id_column.asc())
    # The page size is written into the statement, not bound: once psycopg has prepared a statement, PostgreSQL
    # may plan it for any LIMIT, and it then assumes a tenth of the matches is wanted, which turns a search served
    # by its index into a walk through the whole table in sort order (core.search).
    page = bindparam("page_size", limit + 1, type_=Integer, literal_execute=True)
    stmt = stmt.order_by(*order).limit(page)
    if decorate is not None:
        rows_of_page = stmt.subquery("page")
        sort, ids = rows_of_page.c[sort_column.key], rows_of_page.c[id_column.key]
        stmt = decorate(rows_of_page).order_by(*((sort.desc(), ids.desc()) if descending else (sort, ids)))
    result = session.execute(stmt)
    rows = list(result if columns else result.scalars())
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = _encode(
            [
                _to_json(getattr(last, sort_column.key)),
                _to_json(getattr(last, id_column.key)),
            ]
        )
    return Page(items=rows, next_cursor=next_cursor)
