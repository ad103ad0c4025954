"""Re-encrypt every encrypted column and stored file with the newest key (after adding a key to the ring)."""

from __future__ import annotations

from sqlalchemy import LargeBinary, MetaData, Table, select, type_coerce, update
from sqlalchemy.orm import Session

from .core.crypto import EncryptedText, active_ring
from .core.storage import Storage
from .models import Base
from .progress.models import ProgressPhoto


def encrypted_columns(metadata: MetaData = Base.metadata) -> list[tuple[Table, tuple[str, ...]]]:
    """Every column stored encrypted, found by its type: a domain that adds one needs no list here to have it
    rotated (a list once learned of the encrypted measurements several commits after they were)."""
    found = []
    for table in metadata.sorted_tables:
        names = tuple(column.name for column in table.columns if isinstance(column.type, EncryptedText))
        if names:
            found.append((table, names))
    return found


def rotate_all(session: Session, metadata: MetaData = Base.metadata) -> int:
    """Rotate raw ciphertexts (decrypt with any key, encrypt with the newest); returns the values rewritten."""
    ring = active_ring()
    count = 0
    for table, columns in encrypted_columns(metadata):
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
