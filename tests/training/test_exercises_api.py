"""The exercise library API: search, filters, pagination, and custom exercises with their permissions."""

from __future__ import annotations

from typing import Any

import pytest

from fitnesscrm.training.exercises.library import EQUIPMENT, LIBRARY, MUSCLES, sync_builtin_library

from ..factories import Api, Factory, Person
from .authz_exercises import CUSTOM

URL = "/api/v1/exercises"


@pytest.fixture
def library(factory: Factory) -> None:
    with factory.database.session() as s:
        sync_builtin_library(s)


@pytest.fixture
def admin(factory: Factory) -> Api:
    return factory.api(factory.admin())


def _search(api: Api, **params: Any) -> list[dict[str, Any]]:
    response = api.get(URL, query_string={"limit": 100, **params})
    assert response.status_code == 200, response.json
    return response.json["items"]


def _slugs(api: Api, **params: Any) -> set[str]:
    return {item["slug"] for item in _search(api, **params)}


def _create(api: Api, **fields: Any) -> Any:
    return api.post(URL, json={**CUSTOM, **fields})


def _edit(api: Api, exercise_id: str, body: dict[str, Any], *, if_match: str | None = None) -> Any:
    etag = if_match or api.get(f"{URL}/{exercise_id}").headers["ETag"]
    return api.patch(f"{URL}/{exercise_id}", json=body, headers={"If-Match": etag})


# --- reading and searching -----------------------------------------------------------------------


@pytest.mark.usefixtures("library")
@pytest.mark.parametrize(
    ("q", "slug"),
    [
        ("RDL", "romanian-deadlift"),
        ("press-up", "push-up"),
        ("press up", "push-up"),
        ("Farmers walk", "farmers-carry"),
        ("hex bar", "trap-bar-deadlift"),
        ("db bench", "dumbbell-bench-press"),
        ("bench dumbbell", "dumbbell-bench-press"),  # words in any order
        ("OHP", "overhead-press"),
    ],
)
def test_search_finds_exercises_by_alias_and_words(factory: Factory, q: str, slug: str) -> None:
    api = factory.api(factory.client(account=True))  # clients browse the library too
    assert slug in _slugs(api, q=q)


@pytest.mark.usefixtures("library")
def test_search_words_narrow_and_wildcards_are_literal(admin: Api) -> None:
    found = _search(admin, q="deadlift")
    assert {"romanian-deadlift", "conventional-deadlift", "sumo-deadlift"} <= {i["slug"] for i in found}
    assert _slugs(admin, q="deadlift sumo") == {"sumo-deadlift"}
    assert _search(admin, q="%") == []
    assert _search(admin, q="_") == []
    assert _search(admin, q="zzzz-no-such-thing") == []


@pytest.mark.usefixtures("library")
def test_filters_by_muscle_primary_or_secondary(admin: Api) -> None:
    items = _search(admin, muscle="hamstrings")
    slugs = {i["slug"] for i in items}
    assert "romanian-deadlift" in slugs  # primary mover
    assert "barbell-back-squat" in slugs  # secondary mover only
    assert "barbell-bench-press" not in slugs
    assert all("hamstrings" in i["primary_muscles"] + i["secondary_muscles"] for i in items)
    # "back" is not a muscle; "lower_back" must not leak into an "upper_back" search.
    assert all(
        "upper_back" in i["primary_muscles"] + i["secondary_muscles"] for i in _search(admin, muscle="upper_back")
    )


@pytest.mark.usefixtures("library")
def test_filters_by_equipment_category_difficulty_and_combined(admin: Api) -> None:
    kettlebell = _search(admin, equipment="kettlebell")
    assert kettlebell
    assert all("kettlebell" in i["equipment"] for i in kettlebell)
    assert {"kettlebell-swing", "turkish-get-up"} <= {i["slug"] for i in kettlebell}
    stretches = _search(admin, category="stretching")
    assert stretches
    assert {i["category"] for i in stretches} == {"stretching"}
    expected = {e.slug for e in LIBRARY if e.difficulty == "advanced" and "barbell" in e.equipment}
    assert _slugs(admin, difficulty="advanced", equipment="barbell") == expected
    assert _slugs(admin, category="core", muscle="obliques", q="carry") == {"suitcase-carry"}


@pytest.mark.usefixtures("library")
def test_the_whole_library_pages_by_name_without_gaps(admin: Api, sql: Any) -> None:
    names: list[str] = []
    cursor = None
    while True:
        response = admin.get(URL, query_string={"limit": 40, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200
        names += [i["name"] for i in response.json["items"]]
        cursor = response.json["next_cursor"]
        if cursor is None:
            break
    assert len(names) == len(LIBRARY)
    assert len(set(names)) == len(names)
    assert names == [row.name for row in sql("SELECT name FROM exercises ORDER BY name, id")]


@pytest.mark.usefixtures("library")
def test_one_exercise_in_full(factory: Factory) -> None:
    api = factory.api(factory.client(account=True))
    [rdl] = _search(api, q="romanian deadlift barbell")
    response = api.get(f"{URL}/{rdl['id']}")
    assert response.status_code == 200
    body = response.json
    assert body["slug"] == "romanian-deadlift"
    assert body["source"] == "builtin"
    assert body["can_edit"] is False
    assert body["category"] == "strength"
    assert body["tracking"] == "load_reps"
    assert "RDL" in body["aliases"]
    assert body["instructions"]
    assert body["safety_cues"]
    assert response.headers["ETag"]
    assert api.get(f"{URL}/00000000-0000-0000-0000-000000000000").status_code == 404


def test_facets_list_the_vocabularies(factory: Factory) -> None:
    api = factory.api(factory.client(account=True))
    body = api.get(f"{URL}/facets").json
    assert [m["value"] for m in body["muscles"]] == list(MUSCLES)
    assert [m["value"] for m in body["equipment"]] == list(EQUIPMENT)
    assert {"value": "upper_back", "label": "Upper back"} in body["muscles"]
    assert {c["value"] for c in body["categories"]} == {
        "strength",
        "cardio",
        "plyometric",
        "mobility",
        "core",
        "stretching",
    }
    assert [d["value"] for d in body["difficulties"]] == ["beginner", "intermediate", "advanced"]
    assert {t["value"] for t in body["tracking"]} == {"load_reps", "reps", "time", "distance_time"}


def test_anonymous_callers_are_refused(anon: Api) -> None:
    assert anon.get(URL).status_code == 401
    assert anon.get(f"{URL}/facets").status_code == 401


# --- custom exercises ----------------------------------------------------------------------------


def test_a_trainer_creates_a_custom_exercise_everyone_can_find(factory: Factory) -> None:
    trainer = factory.trainer()
    api = factory.api(trainer)

    response = _create(
        api,
        aliases=["resisted sprint", "band sprint"],
        instructions="Sprint against a band.",
        secondary_muscles=["calves", "quads"],
    )

    assert response.status_code == 201, response.json
    body = response.json
    assert body["source"] == "custom"
    assert body["slug"] is None
    assert body["can_edit"] is True
    assert body["created_by_id"] == str(trainer.user_id)
    assert body["secondary_muscles"] == ["calves"]  # quads is already a primary mover
    assert body["difficulty"] == "beginner"
    assert response.headers["ETag"]
    client_api = factory.api(factory.client(trainer=trainer, account=True))
    found = _search(client_api, q="band sprint", source="custom")
    assert [i["id"] for i in found] == [body["id"]]
    assert found[0]["can_edit"] is False
    assert _search(client_api, q="band sprint", source="builtin") == []


def test_trainers_edit_only_their_own_custom_exercises_and_admins_any(factory: Factory) -> None:
    owner, other = factory.trainer(), factory.trainer()
    owner_api, other_api = factory.api(owner), factory.api(other)
    admin_api = factory.api(factory.admin())
    exercise_id = _create(owner_api).json["id"]

    assert other_api.get(f"{URL}/{exercise_id}").json["can_edit"] is False
    denied = _edit(other_api, exercise_id, {"name": "Mine now"})
    assert denied.status_code == 403
    assert "created" in denied.json["detail"]
    assert other_api.post(f"{URL}/{exercise_id}/archive").status_code == 403

    renamed = _edit(owner_api, exercise_id, {"name": "Band sprint", "aliases": ["parachute run"]})
    assert renamed.status_code == 200, renamed.json
    assert [i["id"] for i in _search(owner_api, q="parachute")] == [exercise_id]
    by_admin = _edit(admin_api, exercise_id, {"difficulty": "advanced", "equipment": ["band", "sled"]})
    assert by_admin.status_code == 200
    assert by_admin.json["equipment"] == ["band", "sled"]
    assert by_admin.json["name"] == "Band sprint"


@pytest.mark.usefixtures("library")
def test_built_in_exercises_are_read_only_even_for_admins(admin: Api) -> None:
    [squat] = _search(admin, q="high-bar squat")
    assert squat["can_edit"] is False

    for response in (
        _edit(admin, squat["id"], {"name": "My squat"}),
        _edit(admin, squat["id"], {"name": "My squat"}, if_match="*"),
        admin.patch(f"{URL}/{squat['id']}", json={"name": "My squat"}),  # no If-Match: still 403
        admin.post(f"{URL}/{squat['id']}/archive"),
        admin.post(f"{URL}/{squat['id']}/restore"),
    ):
        assert response.status_code == 403
        assert "Built-in exercises are read-only" in response.json["detail"]
    assert admin.get(f"{URL}/{squat['id']}").json["name"] == "Barbell back squat"


def test_clients_cannot_add_exercises(factory: Factory) -> None:
    api = factory.api(factory.client(account=True))
    response = _create(api)
    assert response.status_code == 403
    assert response.mimetype == "application/problem+json"


def test_edits_need_the_current_version(factory: Factory) -> None:
    api = factory.api(factory.trainer())
    created = _create(api)
    exercise_id, first_etag = created.json["id"], created.headers["ETag"]

    assert api.patch(f"{URL}/{exercise_id}", json={"difficulty": "advanced"}).status_code == 428
    assert _edit(api, exercise_id, {"difficulty": "advanced"}, if_match=first_etag).status_code == 200
    stale = _edit(api, exercise_id, {"difficulty": "beginner"}, if_match=first_etag)
    assert stale.status_code == 409
    assert api.get(f"{URL}/{exercise_id}").json["difficulty"] == "advanced"


def test_archived_exercises_leave_the_picker_and_can_come_back(factory: Factory) -> None:
    api = factory.api(factory.trainer())
    exercise_id = _create(api).json["id"]

    archived = api.post(f"{URL}/{exercise_id}/archive")
    assert archived.status_code == 200
    assert archived.json["archived_at"] is not None
    assert _search(api, q="band-resisted") == []
    assert [i["id"] for i in _search(api, q="band-resisted", include_archived="true")] == [exercise_id]
    assert api.get(f"{URL}/{exercise_id}").status_code == 200  # templates and logs still resolve it

    restored = api.post(f"{URL}/{exercise_id}/restore")
    assert restored.status_code == 200
    assert restored.json["archived_at"] is None
    assert [i["id"] for i in _search(api, q="band-resisted")] == [exercise_id]


@pytest.mark.usefixtures("library")
def test_names_are_unique_among_active_exercises(factory: Factory) -> None:
    trainer = factory.trainer()
    api = factory.api(trainer)
    clash = _create(api, name="romanian DEADLIFT")
    assert clash.status_code == 409
    assert "already exists" in clash.json["detail"]

    first = _create(api, name="Sled sprint").json["id"]
    assert api.post(f"{URL}/{first}/archive").status_code == 200
    second = _create(api, name="Sled sprint")  # the name is free while the first is archived
    assert second.status_code == 201
    assert api.post(f"{URL}/{first}/restore").status_code == 409
    assert _edit(api, second.json["id"], {"name": "Deadlift"}).status_code == 409


# --- validation ----------------------------------------------------------------------------------


def _errors(response: Any) -> str:
    assert response.status_code == 422, response.json
    assert response.mimetype == "application/problem+json"
    return " ".join(f"{e['field']}: {e['message']}" for e in response.json["errors"])


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"primary_muscles": ["bicep"]}, "'bicep' is not a known muscle"),
        ({"secondary_muscles": ["chest", "wings"]}, "'wings' is not a known muscle"),
        ({"equipment": ["spaceship"]}, "'spaceship' is not a known equipment"),
        ({"primary_muscles": []}, "primary_muscles"),
        ({"equipment": []}, "equipment"),
        ({"category": "yoga"}, "category"),
        ({"tracking": "vibes"}, "tracking"),
        ({"name": "   "}, "name"),
        ({"name": "Nul\u0000char"}, "NUL characters"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_input_is_a_422_naming_the_problem(factory: Factory, fields: dict[str, Any], expected: str) -> None:
    api = factory.api(factory.trainer())
    assert expected in _errors(_create(api, **fields))


def test_required_fields_and_nulls_in_edits(factory: Factory) -> None:
    api = factory.api(factory.trainer())
    assert "name" in _errors(api.post(URL, json={"category": "core"}))
    exercise_id = _create(api).json["id"]
    for field in ("name", "category", "primary_muscles", "equipment", "tracking"):
        assert field in _errors(_edit(api, exercise_id, {field: None}))
    assert "'elbows' is not a known muscle" in _errors(_edit(api, exercise_id, {"primary_muscles": ["elbows"]}))


@pytest.mark.usefixtures("library")
def test_bad_filters_are_a_422_naming_the_value(admin: Api) -> None:
    assert "'back' is not a known muscle" in _errors(admin.get(URL, query_string={"muscle": "back"}))
    assert "'rope' is not a known equipment" in _errors(admin.get(URL, query_string={"equipment": "rope"}))
    assert "source" in _errors(admin.get(URL, query_string={"source": "someone"}))
    assert admin.get(URL, query_string={"q": "a\u0000b"}).status_code == 422
    assert admin.get(URL, query_string={"cursor": "not-a-cursor"}).status_code == 400


def test_a_read_only_api_token_cannot_add_exercises(factory: Factory) -> None:
    trainer: Person = factory.trainer()
    api = factory.api(trainer)
    token = api.post("/api/v1/auth/tokens", json={"name": "reporting", "scopes": ["read"]}).json["token"]
    bearer = Api(factory.app.test_client())
    bearer.headers["Authorization"] = f"Bearer {token}"
    assert bearer.get(URL).status_code == 200
    response = _create(bearer)
    assert response.status_code == 403
    assert "read-only" in response.json["detail"]
