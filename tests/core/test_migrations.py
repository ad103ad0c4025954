import re
from datetime import UTC, datetime

import psycopg
import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, make_url, text

from fitnesscrm.migrations import alembic_config


def test_migrations_match_the_models_on_postgresql(pg_url):
    # pg_url has already run `upgrade head` on an empty database; the models must add nothing.
    command.check(alembic_config(pg_url))


def test_migrations_upgrade_an_empty_sqlite_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    command.upgrade(alembic_config(url), "head")
    command.check(alembic_config(url))


# The first migrations were numbered by hand; they keep their ids (installed databases record them). Every later
# one has the id `fitnesscrm db revision` (Alembic) generates, so two branches can never pick the same number.
HAND_NUMBERED = {"0001", "0002", "0003", "0004", "0005", "0006"}


def test_migrations_form_one_line_with_generated_ids():
    scripts = ScriptDirectory.from_config(alembic_config())
    assert len(scripts.get_heads()) == 1, "more than one head: merge them (`alembic merge`) or rebase the newer one"
    ids = [script.revision for script in scripts.walk_revisions()]
    assert set(ids) >= HAND_NUMBERED
    assert all(re.fullmatch(r"[0-9a-f]{12}", rev) for rev in ids if rev not in HAND_NUMBERED), ids


def _scratch_postgres(pg_url: str, name: str) -> str:
    url = make_url(pg_url)
    admin_dsn = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    scratch = f"{url.database}_{name}"
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{scratch}"')
    return url.set(database=scratch).render_as_string(hide_password=False)


@pytest.mark.parametrize("dialect", ["postgresql", "sqlite"])
def test_business_settings_move_out_of_the_booking_rules_without_loss(dialect, pg_url, tmp_path):
    url = _scratch_postgres(pg_url, "business") if dialect == "postgresql" else f"sqlite:///{tmp_path / 'b.db'}"
    config = alembic_config(url)
    command.upgrade(config, "0006")
    engine = create_engine(url)
    saved = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO booking_rules (id, timezone, min_notice_minutes, max_advance_days,"
                " cancellation_window_hours, late_cancel_policy, late_cancel_fee_minor, no_show_policy,"
                " no_show_fee_minor, currency,"
                " slot_interval_minutes, updated_at) VALUES (1, 'Asia/Tokyo', 60, 30, 12, 'fee', 1500, 'none', 0,"
                " 'JPY', 15, :saved)"
            ),
            {"saved": saved},
        )
    try:
        command.upgrade(config, "head")
        with engine.connect() as conn:
            business = conn.execute(text("SELECT name, timezone, currency, locale FROM business_settings")).all()
            rules = conn.execute(text("SELECT late_cancel_fee_minor, min_notice_minutes FROM booking_rules")).one()
        assert business == [("My fitness business", "Asia/Tokyo", "JPY", "en-GB")]
        assert tuple(rules) == (1500, 60)  # the rest of the rules untouched

        command.downgrade(config, "0006")
        with engine.connect() as conn:
            back = conn.execute(text("SELECT timezone, currency, late_cancel_fee_minor FROM booking_rules")).one()
        assert tuple(back) == ("Asia/Tokyo", "JPY", 1500)
    finally:
        engine.dispose()
