"""Reads marked ``web.revalidated`` carry an ETag of their body and answer 304 to a matching If-None-Match; other
reads (health data, versioned resources) keep ``no-store`` and their own ETag semantics."""

from __future__ import annotations

from typing import Any

from ..factories import Factory

EXERCISES = "/api/v1/exercises"


def test_an_unchanged_list_is_answered_304_without_a_body(factory: Factory) -> None:
    trainer = factory.api(factory.trainer())
    search = EXERCISES + "?q=zercher"
    first = trainer.get(search)
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "private, no-cache"
    etag = first.headers["ETag"]

    again = trainer.get(search, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag

    created = trainer.post(
        EXERCISES,
        json={
            "name": "Zercher carry",
            "primary_muscles": ["glutes"],
            "equipment": ["barbell"],
            "category": "strength",
            "tracking": "load_reps",
        },
    )
    assert created.status_code == 201, created.json
    changed = trainer.get(search, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert "Zercher carry" in changed.text


def test_the_tag_is_the_same_on_every_instance_and_differs_per_caller_view(app: Any, factory: Factory) -> None:
    """A hash of the body: two sign-ins who see the same page get the same tag; a page that differs does not."""
    admin, other_admin = factory.api(factory.admin()), factory.api(factory.admin())
    assert (
        admin.post(
            EXERCISES,
            json={
                "name": "Sled push",
                "primary_muscles": ["quads"],
                "equipment": ["sled"],
                "category": "cardio",
                "tracking": "distance_time",
            },
        ).status_code
        == 201
    )
    assert admin.get(EXERCISES).headers["ETag"] == other_admin.get(EXERCISES).headers["ETag"]
    assert admin.get(EXERCISES + "?q=nothing-like-it").headers["ETag"] != admin.get(EXERCISES).headers["ETag"]


def test_health_data_and_versioned_resources_are_not_revalidated(factory: Factory) -> None:
    trainer_person = factory.trainer()
    client = factory.client(trainer=trainer_person)
    trainer = factory.api(trainer_person)
    listed = trainer.get("/api/v1/clients")
    assert listed.headers["Cache-Control"] == "no-store"
    assert "ETag" not in listed.headers
    detail = trainer.get(f"/api/v1/clients/{client.client_id}")
    assert detail.headers["Cache-Control"] == "no-store"
    version = detail.headers["ETag"]  # the version for If-Match edits, never a reason for 304
    assert trainer.get(f"/api/v1/clients/{client.client_id}", headers={"If-None-Match": version}).status_code == 200
