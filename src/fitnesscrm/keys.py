"""Re-encrypt every encrypted column and stored file with the newest key (after adding a key to the ring)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import LargeBinary, select, type_coerce, update
from sqlalchemy.orm import Session

from .clients.models import HealthRecord
from .core.crypto import active_ring
from .core.storage import Storage
from .progress.models import Measurement, ProgressPhoto

ENCRYPTED_COLUMNS = [
    (HealthRecord, ("medical_conditions", "injuries")),
    (Measurement, ("value", "entered_value", "notes")),
]


def rotate_all(session: Session) -> int:
    """Rotate raw ciphertexts (decrypt with any key, encrypt with the newest), in batches."""
    ring = active_ring()
    count = 0
    for model, columns in ENCRYPTED_COLUMNS:
        table: Any = model.__table__
        pk = next(iter(table.primary_key.columns))
        # type_coerce bypasses EncryptedText so the ciphertext itself is read and written.
        raw_columns = [type_coerce(table.c[name], LargeBinary).label(name) for name in columns]
        rows = session.execute(select(pk.label("pk"), *raw_columns)).all()
        for row in rows:
            values = {}
            for name in columns:
                raw = getattr(row, name)
                if raw is not None:
                    values[name] = type_coerce(ring.rotate(bytes(raw)), LargeBinary)
            if values:
                session.execute(update(table).where(pk == row.pk).values(**values))
                count += len(values)
    return count


def rotate_files(session: Session, storage: Storage) -> int:
    """Re-encrypt every stored progress photo and thumbnail; returns the number of objects rewritten."""
    count = 0
    for photo_key, thumbnail_key in session.execute(select(ProgressPhoto.storage_key, ProgressPhoto.thumbnail_key)):
        for key in (photo_key, thumbnail_key):
            storage.rotate(key, "image/jpeg")
            count += 1
    return count
