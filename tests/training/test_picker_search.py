"""What the pickers search (`?q=` on clients, trainers, workouts and programmes) matches the same on PostgreSQL
and on the embedded SQLite database: case-insensitively, also for letters beyond ASCII, with `%` and `_` taken
literally, past the first page, and one- or two-character searches by the start of a word (core.search)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command

from fitnesscrm.app import create_app
from fitnesscrm.clients import service as clients_service
from fitnesscrm.core.actor import Actor
from fitnesscrm.migrations import alembic_config

from ..conftest import make_settings
from ..factories import Factory
from .authz_workouts import TEMPLATES, make_program, make_template

WORKOUTS = ["Übungen Oberkörper", "Upper A", "upper B", "Lower 50%", "Lower_body", "Çekiş günü"]


def names(api: Any, url: str, q: str, **query: Any) -> list[str]:
    response = api.get(url, query_string={"q": q, **query})
    assert response.status_code == 200, response.json
    return [item.get("name") or item["full_name"] for item in response.json["items"]]


def check_picker_searches(factory: Factory) -> None:
    trainer = factory.trainer(first_name="Jonas")
    for name in WORKOUTS:
        make_template(factory.database, owner=trainer, name=name, blocks=[])
    for n in range(30):
        make_template(factory.database, owner=trainer, name=f"Workout {n:02}", blocks=[])
    api = factory.api(trainer)

    assert names(api, TEMPLATES, "UPPER") == ["Upper A", "upper B"]
    assert names(api, TEMPLATES, "übungen") == ["Übungen Oberkörper"]
    assert names(api, TEMPLATES, "ÜBUNGEN OBER") == ["Übungen Oberkörper"]
    assert names(api, TEMPLATES, "çekiş") == ["Çekiş günü"]
    assert names(api, TEMPLATES, "50%") == ["Lower 50%"]
    assert names(api, TEMPLATES, "r_b") == ["Lower_body"]
    # Past the first page: the 28th workout is found by its name.
    assert len(names(api, TEMPLATES, "", limit=25)) == 25
    assert names(api, TEMPLATES, "workout 28", limit=25) == ["Workout 28"]

    with factory.database.session() as s:
        for first, last in (("Örjan", "Ödegaard"), ("Ada", "Lovelace")):
            clients_service.create_client(
                s, actor=Actor.system(), first_name=first, last_name=last, primary_trainer_id=trainer.trainer_id
            )
    assert names(api, "/api/v1/clients", "ÖDEGAARD") == ["Örjan Ödegaard"]
    assert names(api, "/api/v1/clients", "örjan ö") == ["Örjan Ödegaard"]  # first name first
    # One or two characters: the start of the surname (the list's order), as in a phone book.
    assert names(api, "/api/v1/clients", "öd") == ["Örjan Ödegaard"]
    assert names(api, "/api/v1/clients", "LO") == ["Ada Lovelace"]
    assert names(api, "/api/v1/clients", "ad") == []
    assert names(api, "/api/v1/clients", "ada") == ["Ada Lovelace"]
    # Elsewhere one or two characters match the start of any word; from three on, anywhere.
    assert names(api, TEMPLATES, "a") == ["Upper A"]
    assert names(api, TEMPLATES, "ü") == ["Übungen Oberkörper"]
    assert names(api, TEMPLATES, "50") == ["Lower 50%"]
    assert names(api, TEMPLATES, "0%") == []
    assert names(api, TEMPLATES, "pper") == ["Upper A", "upper B"]

    make_program(factory.database, owner=trainer, template_id=None, weeks=1, slots=((1, 1),))
    assert names(api, "/api/v1/programs", "STRENGTH") == ["Strength block"]
    admin = factory.api(factory.admin())
    assert names(admin, "/api/v1/trainers", "JONAS") == [f"Jonas {trainer.email.split('@')[0].title()}"]


def test_picker_searches_on_postgresql(factory: Factory) -> None:
    check_picker_searches(factory)


@pytest.fixture
def sqlite_factory(tmp_path: Path, redis_url: str, mailer: Any) -> Iterator[Factory]:
    """The embedded default's database: a migrated SQLite file. The test Redis stays, because the rate limiter
    is one per process and an app without Redis would move every app's counters into memory."""
    url = f"sqlite:///{tmp_path / 'search.db'}"
    command.upgrade(alembic_config(url), "head")
    app = create_app(make_settings(url, redis_url, storage_dir=tmp_path / "storage"), mailer=mailer)
    yield Factory(app)
    app.extensions["fitnesscrm"].database.engine.dispose()


def test_picker_searches_on_sqlite(sqlite_factory: Factory) -> None:
    check_picker_searches(sqlite_factory)
