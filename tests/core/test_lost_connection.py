"""A connection the server or PgBouncer dropped mid-conversation is a lost connection: replaced, answered 503."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError

from fitnesscrm.core.db import database_unavailable, make_engine


def test_a_reply_out_of_step_is_a_lost_connection_the_pool_replaces(pg_url: str) -> None:
    # What a PostgreSQL restart behind PgBouncer produced under load: psycopg read a stale message as the reply to
    # the next BEGIN. Injected here at the driver call, where the real one is raised.
    engine = make_engine(pg_url)
    with engine.connect() as conn:
        first_backend = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()

    def out_of_step(*_args: object) -> None:
        raise psycopg.InternalError("received 2 results from command 'BEGIN'")

    event.listen(engine, "do_execute", out_of_step, once=True)
    with pytest.raises(DBAPIError) as caught, engine.connect() as conn:
        conn.execute(text("SELECT :n"), {"n": 1})
    assert caught.value.connection_invalidated
    assert database_unavailable(caught.value)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT pg_backend_pid()")).scalar_one() != first_backend
    # A mistake in a statement is still a bug (500), not an outage.
    with pytest.raises(DBAPIError) as mistake, engine.connect() as conn:
        conn.execute(text("SELECT no_such_column FROM clients"))
    assert not database_unavailable(mistake.value)
    engine.dispose()
