"""Key rotation reaches every piece of health data: measurement values and the stored photo files."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import Column, Integer, LargeBinary, MetaData, String, Table, create_engine, select, type_coerce
from sqlalchemy.orm import Session

from fitnesscrm import keys
from fitnesscrm.business import service as business_service
from fitnesscrm.core import crypto
from fitnesscrm.core.actor import Actor
from fitnesscrm.core.business import get_business
from fitnesscrm.core.crypto import EncryptedText
from fitnesscrm.core.storage import StoredFile
from fitnesscrm.models import Base
from fitnesscrm.progress.models import Measurement, ProgressPhoto

from ..factories import Factory
from ..progress.support import add_measurement, add_photo, png_bytes, storage


@pytest.fixture
def restore_key_ring(app: Any) -> Iterator[None]:
    original = crypto.active_ring()
    yield
    crypto.configure(original)


def test_rotation_re_encrypts_measurements_and_photos(
    factory: Factory, app: Any, sql: Any, restore_key_ring: None
) -> None:
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


def test_a_new_encrypted_column_is_rotated_without_being_listed(restore_key_ring: None) -> None:
    """Rotation finds encrypted columns by their type: a domain adding one cannot forget to register it."""
    metadata = MetaData()
    notes = Table(
        "coach_notes",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("body", EncryptedText),
        Column("title", String(50)),
    )
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    old_key, new_key = crypto.generate_key(), crypto.generate_key()
    crypto.configure(crypto.KeyRing([old_key]))
    with Session(engine) as session, session.begin():
        session.execute(notes.insert().values(id=1, body="Prefers kettlebells", title="Plain"))

    crypto.configure(crypto.KeyRing([new_key, old_key]))
    assert [(table.name, names) for table, names in keys.encrypted_columns(metadata)] == [("coach_notes", ("body",))]
    with Session(engine) as session, session.begin():
        assert keys.rotate_all(session, metadata) == 1
    with Session(engine) as session:
        raw = session.execute(select(type_coerce(notes.c.body, LargeBinary))).scalar_one()
        assert Fernet(new_key.encode()).decrypt(raw).decode() == "Prefers kettlebells"
        crypto.configure(crypto.KeyRing([new_key]))  # the old key can go: the value still reads
        assert session.execute(select(notes.c.body)).scalar_one() == "Prefers kettlebells"


def test_every_encrypted_model_column_is_rotated() -> None:
    """The columns the models store encrypted are the ones rotation covers (health notes and measurements)."""
    encrypted = {
        (column.table.name, column.name)
        for mapper in Base.registry.mappers
        for column in mapper.columns
        if isinstance(column.type, EncryptedText)
    }
    rotated = {(table.name, name) for table, names in keys.encrypted_columns() for name in names}
    assert encrypted == rotated
    assert {("client_health_records", "medical_conditions"), ("measurements", "value")} <= rotated


def test_every_stored_file_column_is_rotated(factory: Factory, app: Any, restore_key_ring: None) -> None:
    """Files are found by their column type (StoredFile): the progress photos and the business logo."""
    found = {(column.table.name, column.name) for column in keys.file_columns()}
    assert found == {
        ("progress_photos", "storage_key"),
        ("progress_photos", "thumbnail_key"),
        ("business_settings", "logo_key"),
    }
    old_key, new_key = crypto.generate_key(), crypto.generate_key()
    crypto.configure(crypto.KeyRing([old_key]))
    with factory.database.session() as session:
        business_service.set_logo(
            session, actor=Actor.system("test"), storage=storage(app), data=png_bytes(), max_bytes=1_000_000
        )
    crypto.configure(crypto.KeyRing([new_key, old_key]))
    with factory.database.session() as session:
        assert keys.rotate_files(session, storage(app)) == 1  # the logo; no photos, and no NULL keys read
        logo_key = get_business(session).logo_key
    crypto.configure(crypto.KeyRing([new_key]))
    assert storage(app).get(logo_key)[:4] == b"\x89PNG"


def test_a_new_file_column_is_rotated_without_being_listed() -> None:
    metadata = MetaData()
    Table(
        "attachments", metadata, Column("id", Integer, primary_key=True), Column("key", StoredFile("application/pdf"))
    )
    assert [(c.table.name, c.name) for c in keys.file_columns(metadata)] == [("attachments", "key")]
