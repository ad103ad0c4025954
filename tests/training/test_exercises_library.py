"""The built-in exercise library: its content, and the idempotent sync that loads it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select

from fitnesscrm.core.actor import Actor, Role
from fitnesscrm.core.audit import AuditEvent
from fitnesscrm.core.db import utcnow
from fitnesscrm.training.exercises.library import (
    EQUIPMENT,
    LIBRARY,
    MUSCLES,
    SEARCH_TEXT_MAX,
    SLUG_RE,
    sync_builtin_library,
)
from fitnesscrm.training.models import Exercise, ExerciseCategory

from .authz_exercises import make_custom

FITNESSCRM = str(Path(sys.executable).with_name("fitnesscrm"))
SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
BY_SLUG = {e.slug: e for e in LIBRARY}


# --- content -------------------------------------------------------------------------------------


def test_at_least_150_exercises_with_unique_slugs_and_names() -> None:
    assert len(LIBRARY) >= 150
    assert len({e.slug for e in LIBRARY}) == len(LIBRARY)
    assert len({e.name.casefold() for e in LIBRARY}) == len(LIBRARY)
    assert all(SLUG_RE.match(e.slug) and len(e.slug) <= 120 for e in LIBRARY)
    assert all(0 < len(e.name) <= 120 for e in LIBRARY)


def test_every_entry_uses_the_vocabularies() -> None:
    for e in LIBRARY:
        assert e.primary_muscles, e.slug
        assert e.equipment, e.slug
        assert set(e.primary_muscles + e.secondary_muscles) <= set(MUSCLES), e.slug
        assert set(e.equipment) <= set(EQUIPMENT), e.slug
        assert not set(e.primary_muscles) & set(e.secondary_muscles), f"{e.slug}: a muscle listed twice"
        assert len(set(e.aliases)) == len(e.aliases), e.slug
        assert all(0 < len(a) <= 60 for a in e.aliases), e.slug


def test_every_entry_has_short_instructions_and_safety_cues() -> None:
    for e in LIBRARY:
        assert 2 <= len(SENTENCE_END.findall(e.instructions)) <= 4, f"{e.slug}: {e.instructions!r}"
        assert e.safety_cues.strip(), e.slug
        assert len(e.instructions) <= 2000
        assert len(e.safety_cues) <= 2000
        assert len(e.columns()["search_text"]) < SEARCH_TEXT_MAX, e.slug  # nothing cut off


def test_the_library_covers_every_category_and_the_usual_names() -> None:
    assert {e.category for e in LIBRARY} == set(ExerciseCategory)
    assert "RDL" in BY_SLUG["romanian-deadlift"].aliases
    assert "press-up" in BY_SLUG["push-up"].aliases
    used = {m for e in LIBRARY for m in e.primary_muscles + e.secondary_muscles}
    assert used == set(MUSCLES), f"muscles no exercise works: {set(MUSCLES) - used}"
    assert {q for e in LIBRARY for q in e.equipment} == set(EQUIPMENT)


# --- sync ----------------------------------------------------------------------------------------


def _snapshot(database: Any) -> dict[str, tuple[Any, ...]]:
    with database.session() as s:
        return {
            row.slug or row.name: (
                row.name,
                row.primary_muscles,
                row.instructions,
                row.search_text,
                row.archived_at,
                row.updated_at,
            )
            for row in s.scalars(select(Exercise))
        }


def test_first_sync_loads_the_library_and_a_second_changes_nothing(factory: Any) -> None:
    database = factory.database
    with database.session() as s:
        first = sync_builtin_library(s)
    assert (first.created, first.updated, first.archived) == (len(LIBRARY), 0, 0)
    before = _snapshot(database)

    with database.session() as s:
        second = sync_builtin_library(s)

    assert (second.created, second.updated, second.archived, second.unchanged) == (0, 0, 0, len(LIBRARY))
    assert _snapshot(database) == before  # not even updated_at moved
    with database.session() as s:
        assert s.scalar(select(Exercise).where(Exercise.slug == "push-up")).search_text.count("press up") == 1
        syncs = s.scalars(select(AuditEvent).where(AuditEvent.action == "exercise.library_sync")).all()
        assert len(syncs) == 1  # only the run that changed something is audited
        assert all(row.is_builtin and row.created_by_id is None for row in s.scalars(select(Exercise)))


def test_sync_restores_an_edited_built_in_and_leaves_custom_exercises_alone(factory: Any) -> None:
    database = factory.database
    with database.session() as s:
        sync_builtin_library(s)
    trainer = factory.trainer()
    custom_id = make_custom(database, Actor(user_id=trainer.user_id, role=Role.TRAINER, trainer_id=trainer.trainer_id))
    with database.session() as s:
        rdl = s.scalar(select(Exercise).where(Exercise.slug == "romanian-deadlift"))
        rdl.name, rdl.primary_muscles, rdl.aliases, rdl.archived_at = "Renamed", ["neck"], [], utcnow()
    custom_before = _snapshot(database)["Band-resisted sprint"]

    with database.session() as s:
        result = sync_builtin_library(s)

    assert (result.created, result.updated, result.archived) == (0, 1, 0)
    with database.session() as s:
        rdl = s.scalar(select(Exercise).where(Exercise.slug == "romanian-deadlift"))
        assert rdl.name == "Romanian deadlift"
        assert rdl.primary_muscles == ["hamstrings", "glutes"]
        assert "rdl" in rdl.search_text
        assert rdl.archived_at is None
        assert s.get(Exercise, custom_id) is not None
    assert _snapshot(database)["Band-resisted sprint"] == custom_before


def test_a_built_in_dropped_from_the_release_is_archived_and_comes_back_when_shipped_again(factory: Any) -> None:
    database = factory.database
    with database.session() as s:
        sync_builtin_library(s)
    smaller = tuple(e for e in LIBRARY if e.slug != "good-morning")

    with database.session() as s:
        result = sync_builtin_library(s, library=smaller)
    assert (result.created, result.updated, result.archived) == (0, 0, 1)
    with database.session() as s:
        assert s.scalar(select(Exercise).where(Exercise.slug == "good-morning")).archived_at is not None
        assert sync_builtin_library(s, library=smaller).changed is False  # retiring is idempotent too

    with database.session() as s:
        result = sync_builtin_library(s)
    assert (result.created, result.updated, result.archived) == (0, 1, 0)
    with database.session() as s:
        assert s.scalar(select(Exercise).where(Exercise.slug == "good-morning")).archived_at is None


def test_the_seed_exercises_command_loads_the_library(app: Any, pg_url: str, sql: Any) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FITNESSCRM_")}
    env.update(FITNESSCRM_DATABASE_URL=pg_url, FITNESSCRM_LOG_LEVEL="WARNING")

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [FITNESSCRM, "seed", "exercises"],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            stdin=subprocess.DEVNULL,
            check=False,
        )

    first, second = run(), run()

    assert first.returncode == 0, first.stderr
    assert f"{len(LIBRARY)} added" in first.stdout
    assert second.returncode == 0, second.stderr
    assert "0 added, 0 updated, 0 retired" in second.stdout
    assert sql("SELECT count(*) AS n FROM exercises WHERE is_builtin")[0].n == len(LIBRARY)
