"""Re-encrypt every encrypted column and stored file with the newest key (after adding a key to the ring)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, LargeBinary, MetaData, Table, select, type_coerce, update
from sqlalchemy.orm import Session

from .core.crypto import EncryptedText, active_ring
from .core.storage import Storage, StoredFile
from .models import Base


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


def file_columns(metadata: MetaData = Base.metadata) -> list[Column[Any]]:
    """Every column naming a stored file, found by its type (``StoredFile``), as encrypted columns are."""
    return [
        column for table in metadata.sorted_tables for column in table.columns if isinstance(column.type, StoredFile)
    ]


def rotate_files(session: Session, storage: Storage, metadata: MetaData = Base.metadata) -> int:
    """Re-encrypt every stored file (progress photos, thumbnails, the logo); returns the objects rewritten."""
    count = 0
    for column in file_columns(metadata):
        assert isinstance(column.type, StoredFile)
        for key in session.scalars(select(column).where(column.is_not(None))):
            storage.rotate(key, column.type.content_type)
            count += 1
    return count
