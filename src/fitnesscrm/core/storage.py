"""File storage behind one interface: a local directory (embedded default) or an S3-compatible bucket.

Both backends encrypt every object with the application's key ring before it leaves the process, so a
copied disk or a leaked bucket holds only Fernet tokens. Keys are relative paths such as
``progress-photos/<client>/<photo>.jpg``; anything that could climb out of the root is refused.
"""

from __future__ import annotations

import os
import re
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.fernet import InvalidToken
from sqlalchemy import String
from sqlalchemy.types import TypeDecorator

from .crypto import KeyRing, active_ring

if TYPE_CHECKING:
    from ..settings import Settings

KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$")
MAX_KEY_LENGTH = 200


class StoredFile(TypeDecorator[str]):
    """A column holding the storage key of a file. Key rotation finds such columns by this type, so a domain that
    stores files needs no list elsewhere to have them re-encrypted."""

    impl = String(MAX_KEY_LENGTH)
    cache_ok = True

    def __init__(self, content_type: str) -> None:
        super().__init__()
        self.content_type = content_type


class StorageError(RuntimeError):
    """The storage backend failed or holds something unreadable."""


class ObjectNotFound(StorageError):
    pass


class InvalidKey(StorageError, ValueError):
    pass


def check_key(key: str) -> str:
    """Relative, slash-separated names only: no absolute paths, no ``..``, no backslashes, no empty parts."""
    if len(key) > MAX_KEY_LENGTH or not KEY_RE.match(key) or any(part in {".", ".."} for part in key.split("/")):
        raise InvalidKey(f"invalid storage key: {key!r}")
    return key


class Storage(ABC):
    """Encrypting object store. Subclasses move opaque (already encrypted) bytes."""

    def __init__(self, ring: KeyRing | Callable[[], KeyRing] | None = None) -> None:
        self._ring = ring or active_ring

    @property
    def ring(self) -> KeyRing:
        return self._ring if isinstance(self._ring, KeyRing) else self._ring()

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        self._put(check_key(key), self.ring.fernet.encrypt(data), content_type)

    def get(self, key: str) -> bytes:
        token = self._get(check_key(key))
        try:
            return self.ring.fernet.decrypt(token)
        except InvalidToken as exc:
            raise StorageError(f"{key} cannot be decrypted with the configured keys") from exc

    def rotate(self, key: str, content_type: str = "application/octet-stream") -> None:
        """Re-encrypt one object with the newest key (after a key was added to the ring)."""
        key = check_key(key)
        try:
            token = self.ring.rotate(self._get(key))
        except InvalidToken as exc:
            raise StorageError(f"{key} cannot be decrypted with the configured keys") from exc
        self._put(key, token, content_type)

    def delete(self, key: str) -> None:
        """Deleting a missing object is not an error (retries and half-finished deletes stay safe)."""
        self._delete(check_key(key))

    def exists(self, key: str) -> bool:
        return self._exists(check_key(key))

    @abstractmethod
    def _put(self, key: str, token: bytes, content_type: str) -> None: ...

    @abstractmethod
    def _get(self, key: str) -> bytes: ...

    @abstractmethod
    def _delete(self, key: str) -> None: ...

    @abstractmethod
    def _exists(self, key: str) -> bool: ...


class LocalStorage(Storage):
    def __init__(self, root: Path | str, ring: KeyRing | Callable[[], KeyRing] | None = None) -> None:
        super().__init__(ring)
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        root = self.root.resolve()
        path = (root / key).resolve()
        if root not in path.parents:  # belt and braces after check_key (symlinks inside the root)
            raise InvalidKey(f"storage key escapes the root: {key!r}")
        return path

    def _put(self, key: str, token: bytes, content_type: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write beside the target and rename: readers see the old object or the new one, never half of one.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(token)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError as exc:
            raise ObjectNotFound(key) from exc

    def _delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def _exists(self, key: str) -> bool:
        return self._path(key).is_file()


class S3Storage(Storage):
    def __init__(
        self,
        *,
        bucket: str,
        endpoint_url: str | None = None,
        region: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        ring: KeyRing | Callable[[], KeyRing] | None = None,
        client: Any = None,
    ) -> None:
        super().__init__(ring)
        self.bucket = bucket
        if client is None:
            import boto3
            from botocore.config import Config

            client = boto3.client(
                "s3",
                endpoint_url=endpoint_url,
                region_name=region,
                aws_access_key_id=access_key_id,
                aws_secret_access_key=secret_access_key,
                config=Config(connect_timeout=5, read_timeout=30, retries={"max_attempts": 3, "mode": "standard"}),
            )
        self.client = client

    def _put(self, key: str, token: bytes, content_type: str) -> None:
        # Ciphertext whatever it holds: the real content type is kept by the owner (e.g. the photo row).
        self._call(
            self.client.put_object, Bucket=self.bucket, Key=key, Body=token, ContentType="application/octet-stream"
        )

    def _get(self, key: str) -> bytes:
        from botocore.exceptions import ClientError

        try:
            response = self.client.get_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if _error_code(exc) in {"NoSuchKey", "404", "NotFound"}:
                raise ObjectNotFound(key) from exc
            raise StorageError(f"S3 get failed: {_error_code(exc)}") from exc
        body: bytes = response["Body"].read()
        return body

    def _delete(self, key: str) -> None:
        self._call(self.client.delete_object, Bucket=self.bucket, Key=key)

    def _exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if _error_code(exc) in {"404", "NoSuchKey", "NotFound"}:
                return False
            raise StorageError(f"S3 head failed: {_error_code(exc)}") from exc
        return True

    @staticmethod
    def _call(method: Callable[..., Any], **kwargs: Any) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            method(**kwargs)
        except (ClientError, BotoCoreError) as exc:
            raise StorageError(f"S3 request failed: {exc}") from exc


def _error_code(exc: Any) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def build_storage(settings: Settings) -> Storage:
    """The backend the settings ask for. Nothing is contacted until the first read or write."""
    if settings.storage_backend == "s3":
        if not settings.s3_bucket:
            raise ValueError("FITNESSCRM_S3_BUCKET is required when FITNESSCRM_STORAGE_BACKEND=s3")
        return S3Storage(
            bucket=settings.s3_bucket,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
            access_key_id=settings.s3_access_key_id,
            secret_access_key=settings.s3_secret_access_key.get_secret_value() or None,
        )
    return LocalStorage(settings.storage_dir)
