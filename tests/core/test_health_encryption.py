"""Health notes are encrypted at rest and survive key rotation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cryptography.fernet import Fernet, InvalidToken

from fitnesscrm import keys
from fitnesscrm.core import crypto

CONDITIONS = "Type 1 diabetes; asthma (uses inhaler)"
INJURIES = "Torn left ACL, 2023"


@pytest.fixture
def restore_key_ring(app) -> Iterator[None]:
    original = crypto.active_ring()
    yield
    crypto.configure(original)


def _raw(sql, client_id) -> tuple[bytes, bytes]:
    [row] = sql("SELECT medical_conditions, injuries FROM client_health_records WHERE client_id = :id", id=client_id)
    return bytes(row.medical_conditions), bytes(row.injuries)


def _put(api, client_id):
    return api.put(f"/api/v1/clients/{client_id}/health", json={"medical_conditions": CONDITIONS, "injuries": INJURIES})


def test_health_notes_are_unreadable_in_the_raw_row(factory, sql):
    api = factory.api(factory.admin())
    client = factory.client()

    saved = _put(api, client.client_id)

    assert saved.status_code == 200
    assert saved.json["medical_conditions"] == CONDITIONS
    for stored, plain in zip(_raw(sql, client.client_id), (CONDITIONS, INJURIES), strict=True):
        assert plain.encode() not in stored
        for word in (w for w in plain.split() if len(w) >= 5):
            assert word.encode() not in stored
    again = api.get(f"/api/v1/clients/{client.client_id}/health")
    assert (again.json["medical_conditions"], again.json["injuries"]) == (CONDITIONS, INJURIES)


def test_same_text_encrypts_differently_each_time(factory, sql):
    api = factory.api(factory.admin())
    first, second = factory.client(), factory.client()
    _put(api, first.client_id)
    _put(api, second.client_id)

    assert _raw(sql, first.client_id)[0] != _raw(sql, second.client_id)[0]


def test_rotation_re_encrypts_with_the_newest_key(factory, app, sql, restore_key_ring):
    old_key, new_key = crypto.generate_key(), crypto.generate_key()
    crypto.configure(crypto.KeyRing([old_key]))
    api = factory.api(factory.admin())
    client, partial = factory.client(), factory.client()
    assert _put(api, client.client_id).status_code == 200
    api.put(f"/api/v1/clients/{partial.client_id}/health", json={"medical_conditions": CONDITIONS})
    before = _raw(sql, client.client_id)
    assert Fernet(old_key.encode()).decrypt(before[0]).decode() == CONDITIONS

    crypto.configure(crypto.KeyRing([new_key, old_key]))  # new key first, old one kept for reading
    with app.extensions["fitnesscrm"].database.session() as session:
        assert keys.rotate_all(session) == 3  # two fields of one client, one of the other (None stays None)

    after = _raw(sql, client.client_id)
    assert after != before
    assert Fernet(new_key.encode()).decrypt(after[0]).decode() == CONDITIONS
    assert Fernet(new_key.encode()).decrypt(after[1]).decode() == INJURIES
    with pytest.raises(InvalidToken):
        Fernet(old_key.encode()).decrypt(after[0])
    # Once everything is rotated, the old key can be dropped from the ring and the data still reads.
    crypto.configure(crypto.KeyRing([new_key]))
    read = api.get(f"/api/v1/clients/{client.client_id}/health")
    assert read.status_code == 200
    assert (read.json["medical_conditions"], read.json["injuries"]) == (CONDITIONS, INJURIES)
    partial_read = api.get(f"/api/v1/clients/{partial.client_id}/health").json
    assert (partial_read["medical_conditions"], partial_read["injuries"]) == (CONDITIONS, None)
