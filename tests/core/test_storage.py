"""The storage layer: both backends encrypt at rest; the local one writes atomically and stays in its root;
the S3 one is exercised against a real S3-compatible server (moto's, started on a free port)."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from cryptography.fernet import Fernet

from fitnesscrm.core.crypto import KeyRing
from fitnesscrm.core.storage import InvalidKey, LocalStorage, ObjectNotFound, S3Storage, build_storage
from fitnesscrm.settings import Settings

PAYLOAD = b"\xff\xd8\xff\xe0 pretend JPEG bytes with a name: Jane Doe \x00\x01"
KEY = "progress-photos/client-1/photo-1.jpg"


@pytest.fixture
def ring() -> KeyRing:
    return KeyRing([Fernet.generate_key().decode()])


@pytest.fixture
def local(tmp_path: Path, ring: KeyRing) -> LocalStorage:
    return LocalStorage(tmp_path / "files", ring)


def test_local_round_trip_and_ciphertext_on_disk(local: LocalStorage, ring: KeyRing) -> None:
    local.put(KEY, PAYLOAD, "image/jpeg")

    assert local.exists(KEY)
    assert local.get(KEY) == PAYLOAD
    raw = (local.root / KEY).read_bytes()
    assert b"Jane Doe" not in raw
    assert not raw.startswith(b"\xff\xd8")
    assert ring.fernet.decrypt(raw) == PAYLOAD  # a Fernet token under the app's keys, nothing else


def test_local_overwrite_leaves_no_temporary_files(local: LocalStorage) -> None:
    local.put(KEY, b"first", "text/plain")
    local.put(KEY, b"second", "text/plain")

    assert local.get(KEY) == b"second"
    assert sorted(p.name for p in (local.root / KEY).parent.iterdir()) == ["photo-1.jpg"]


def test_local_missing_object_and_idempotent_delete(local: LocalStorage) -> None:
    with pytest.raises(ObjectNotFound):
        local.get("progress-photos/nope.jpg")
    local.put(KEY, PAYLOAD)
    local.delete(KEY)
    local.delete(KEY)  # deleting twice is fine (retried deletes)
    assert not local.exists(KEY)


@pytest.mark.parametrize(
    "key", ["../escape.jpg", "a/../../escape", "/etc/passwd", "a//b", "a\\b", "", ".hidden", "a/./b", "x" * 201]
)
def test_local_refuses_keys_that_could_escape_the_root(local: LocalStorage, key: str) -> None:
    with pytest.raises(InvalidKey):
        local.put(key, PAYLOAD)
    with pytest.raises(InvalidKey):
        local.get(key)
    assert not (local.root.parent / "escape.jpg").exists()


def test_local_refuses_a_symlink_out_of_the_root(local: LocalStorage, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    local.root.mkdir(parents=True)
    (local.root / "link").symlink_to(outside, target_is_directory=True)

    with pytest.raises(InvalidKey):
        local.put("link/photo.jpg", PAYLOAD)
    assert list(outside.iterdir()) == []


def test_an_object_written_under_other_keys_is_refused(local: LocalStorage, tmp_path: Path) -> None:
    local.put(KEY, PAYLOAD)
    stranger = LocalStorage(local.root, KeyRing([Fernet.generate_key().decode()]))

    with pytest.raises(Exception, match="cannot be decrypted"):
        stranger.get(KEY)


# --- S3 against moto's server -----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3(s3_endpoint: str, ring: KeyRing) -> S3Storage:
    bucket = f"fcrm-photos-{uuid.uuid4().hex[:12]}"
    settings = Settings(
        storage_backend="s3",
        s3_endpoint_url=s3_endpoint,
        s3_bucket=bucket,
        s3_region="eu-west-1",
        s3_access_key_id="test",
        s3_secret_access_key="test",
    )
    boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name="eu-west-1", aws_access_key_id="test", aws_secret_access_key="test"
    ).create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    storage = build_storage(settings)
    assert isinstance(storage, S3Storage)
    storage._ring = ring
    return storage


def test_s3_round_trip_and_ciphertext_in_the_bucket(s3: S3Storage, ring: KeyRing) -> None:
    s3.put(KEY, PAYLOAD, "image/jpeg")

    assert s3.exists(KEY)
    assert s3.get(KEY) == PAYLOAD
    stored = s3.client.get_object(Bucket=s3.bucket, Key=KEY)
    raw = stored["Body"].read()
    assert b"Jane Doe" not in raw
    assert ring.fernet.decrypt(raw) == PAYLOAD
    assert stored["ContentType"] == "application/octet-stream"

    s3.delete(KEY)
    assert not s3.exists(KEY)
    with pytest.raises(ObjectNotFound):
        s3.get(KEY)
    s3.delete(KEY)  # idempotent


def test_s3_refuses_bad_keys_before_any_request(s3: S3Storage) -> None:
    with pytest.raises(InvalidKey):
        s3.put("../other-tenant/x.jpg", PAYLOAD)


def test_s3_backend_needs_a_bucket() -> None:
    with pytest.raises(ValueError, match="FITNESSCRM_S3_BUCKET"):
        build_storage(Settings(storage_backend="s3"))


def test_default_backend_is_a_local_directory(tmp_path: Path) -> None:
    storage = build_storage(Settings(storage_dir=tmp_path / "store"))
    assert isinstance(storage, LocalStorage)
    assert storage.root == tmp_path / "store"
    assert not (tmp_path / "store").exists()  # nothing is created until the first write
