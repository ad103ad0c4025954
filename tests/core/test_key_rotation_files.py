"""Key rotation reaches every piece of health data: measurement values and the stored photo files."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import select

from fitnesscrm import keys
from fitnesscrm.core import crypto
from fitnesscrm.progress.models import Measurement, ProgressPhoto

from ..factories import Factory
from ..progress.support import add_measurement, add_photo, storage


@pytest.fixture
def restore_key_ring(app: Any) -> Iterator[None]:
    original = crypto.active_ring()
    yield
    crypto.configure(original)


def test_rotation_re_encrypts_measurements_and_photos(factory: Factory, app: Any, sql: Any,
                                                      restore_key_ring: None) -> None:
    old_key, new_key = crypto.generate_key(), crypto.generate_key()
    crypto.configure(crypto.KeyRing([old_key]))
    client = factory.client()
    add_measurement(factory.database, client.client_id, "body_weight", 81.5, "kg")
    add_photo(app, client.client_id)

    crypto.configure(crypto.KeyRing([new_key, old_key]))
    with factory.database.session() as session:
        assert keys.rotate_all(session) == 2  # value and entered value; the note is empty
        assert keys.rotate_files(session, storage(app)) == 2  # the photo and its thumbnail

    [row] = sql("SELECT value FROM measurements")
    assert Fernet(new_key.encode()).decrypt(bytes(row.value)).decode().startswith("81.5")
    with factory.database.session() as session:
        photo = session.scalars(select(ProgressPhoto)).one()
    raw = storage(app)._get(photo.storage_key)
    with pytest.raises(InvalidToken):
        Fernet(old_key.encode()).decrypt(raw)
    # With only the new key left, everything still reads.
    crypto.configure(crypto.KeyRing([new_key]))
    assert storage(app).get(photo.thumbnail_key)[:2] == b"\xff\xd8"
    with factory.database.session() as session:
        assert float(session.scalars(select(Measurement)).one().value) == 81.5
