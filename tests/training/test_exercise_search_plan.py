"""Exercise search is served by its trigram index on PostgreSQL (see tests/clients/test_search_plans.py)."""

from __future__ import annotations

from sqlalchemy import text

from fitnesscrm.benchdata.explain import recording

from ..factories import Factory
from .authz_workouts import make_exercise


def test_exercise_search_uses_its_trigram_index(factory: Factory) -> None:
    """The exercise library grows with every custom exercise; each searched word is a trigram-index lookup."""
    template = make_exercise(factory.database, name="Template lift")
    with factory.database.engine.begin() as conn:
        conn.execute(
            text("""
            INSERT INTO exercises (id, created_at, updated_at, name, category, primary_muscles, secondary_muscles,
                                   equipment, difficulty, mechanics, tracking, instructions, safety_cues, aliases,
                                   search_text, is_builtin)
            SELECT gen_random_uuid(), now(), now(), 'Lift ' || n, category, primary_muscles, secondary_muscles,
                   equipment, difficulty, mechanics, tracking, '', '', aliases, 'lift ' || n || ' | band ' || (n % 50),
                   false
            FROM exercises, generate_series(1, 5000) AS n WHERE exercises.id = :template"""),
            {"template": template},
        )
    with factory.database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE exercises"))
    engine = factory.database.engine
    with recording(engine) as statements:
        response = factory.api(factory.admin()).get("/api/v1/exercises", query_string={"q": "lift 4321"})
    assert [item["name"] for item in response.json["items"]] == ["Lift 4321"]
    [(search, parameters)] = [(s, p) for s, p in statements if "FROM exercises" in s and "ORDER BY" in s]
    with engine.begin() as conn:
        conn.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(conn.exec_driver_sql("EXPLAIN " + search, parameters).scalars())
    assert "ix_exercises_search_text_trgm" in plan, plan
