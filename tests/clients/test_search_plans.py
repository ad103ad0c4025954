"""Client search is served by indexes on PostgreSQL: the statement the API runs can use the trigram indexes
(its expressions are the indexed ones, its patterns are literals the planner can read) and a short search is a
range of the surname index. The 100,000-client figures are in bench/README.md (bench/search_bench.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import text

from fitnesscrm.benchdata.explain import recording

from ..factories import Factory


@pytest.fixture
def many_clients(factory: Factory) -> None:
    """5,000 clients, written by PostgreSQL itself."""
    with factory.database.engine.begin() as conn:
        conn.execute(
            text("""
            INSERT INTO clients (id, created_at, updated_at, first_name, last_name, sort_name, email, phone, status)
            SELECT gen_random_uuid(), now(), now(), 'Person' || n, surname || (n / 8),
                   lower(surname || (n / 8) || ' person' || n), lower('person' || n || '.' || surname || '@mail')
                   || (n % 9) || '.example.org', '+447700' || (900000 + n), 'ACTIVE'
            FROM generate_series(1, 5000) AS n,
                 LATERAL (SELECT (ARRAY['Abbott', 'Baker', 'Carver', 'Dunn', 'Ellis', 'Fraser', 'Gill',
                                        'Hughes'])[n % 8 + 1] AS surname) AS pick""")
        )
    with factory.database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE clients"))  # VACUUM also moves the GIN pending lists into the indexes


def _plan(factory: Factory, api: Any, q: str) -> tuple[str, str]:
    """The search statement the API ran for ``q``, and its plan."""
    engine = factory.database.engine
    with recording(engine) as statements:
        response = api.get("/api/v1/clients", query_string={"q": q})
    assert response.status_code == 200, response.json
    assert response.json["items"], f"nothing found for {q!r}"
    [(search, parameters)] = [(s, p) for s, p in statements if "FROM clients" in s and "ORDER BY" in s]
    with engine.begin() as conn:
        # Whether an index CAN serve the statement: a table this small may well be cheaper to scan.
        conn.execute(text("SET LOCAL enable_seqscan = off"))
        return search, "\n".join(conn.exec_driver_sql("EXPLAIN " + search, parameters).scalars())


@pytest.mark.usefixtures("many_clients")
def test_search_uses_an_index(factory: Factory) -> None:
    api = factory.api(factory.admin())
    for q, index, pattern in [
        ("aker249", "ix_clients_sort_name_trgm", "%aker249%"),  # a surname fragment
        ("person19 dunn", "ix_clients_full_name_trgm", "%person19 dunn%"),  # first name first
        ("n19.dunn@", "ix_clients_email_trgm", "%n19.dunn@%"),  # an e-mail fragment
        ("07700 901 234", "ix_clients_phone_trgm", "%7700901234%"),  # phone digits, typed the national way
        ("ca", "ix_clients_sort_name", None),  # a surname's start: the sort index
    ]:
        search, plan = _plan(factory, api, q)
        assert re.search(rf"Index Scan on {index}\b|Index Scan using {index}\b", plan), f"{q!r}:\n{plan}"
        assert "Seq Scan" not in plan, plan
        if pattern:  # written into the statement, so that a prepared statement is still planned for it
            assert f"'{pattern}'" in search.replace("%%", "%"), search
