import re

from alembic import command
from alembic.script import ScriptDirectory

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
