from alembic import command

from fitnesscrm.migrations import alembic_config


def test_migrations_match_the_models_on_postgresql(pg_url):
    # pg_url has already run `upgrade head` on an empty database; the models must add nothing.
    command.check(alembic_config(pg_url))


def test_migrations_upgrade_an_empty_sqlite_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    command.upgrade(alembic_config(url), "head")
    command.check(alembic_config(url))
