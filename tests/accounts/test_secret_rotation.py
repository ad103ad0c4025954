"""A new secret key signs nobody out and breaks no link (M9.4: the signing secret rotated with a key ring).

Sessions are random tokens stored hashed, so they never depended on the secret key; what it signs are photo
links (minutes) and known-device cookies (months). After a rotation the previous key, kept in
FITNESSCRM_PREVIOUS_SECRET_KEYS, still verifies them; without it they would stop working."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fitnesscrm.accounts import service
from fitnesscrm.core.crypto import generate_key

from ..factories import Api, Factory
from ..progress.support import add_photo

OLD_KEY = "the-secret-key-before-the-rotation-0123456789"
NEW_KEY = "the-secret-key-after-the-rotation-9876543210"


def test_rotating_the_secret_key_keeps_sessions_links_and_known_devices(
    factory: Factory, make_app: Any, tmp_path: Path
) -> None:
    shared = {"storage_dir": tmp_path, "encryption_keys": generate_key()}  # the files and their keys stay
    before = make_app(secret_key=OLD_KEY, **shared)
    trainer = factory.trainer()
    photo = add_photo(before, factory.client(trainer=trainer).client_id)
    browser = Api(before.test_client())
    assert browser.login(trainer.email).status_code == 200
    link = browser.get(f"/api/v1/progress-photos/{photo}/url").json["url"]
    device = browser.client.get_cookie("fcrm_device", path="/api/v1/auth/login")
    assert device is not None

    after = make_app(secret_key=NEW_KEY, previous_secret_keys=OLD_KEY, **shared)
    browser.client.application = after  # the same browser (cookies), the app restarted with the new key
    assert browser.get("/api/v1/auth/me").status_code == 200
    assert browser.get(link).status_code == 200
    assert service.is_known_device(
        after.extensions["fitnesscrm"].settings.verifying_secrets, trainer.email, device.value
    )

    forgotten = make_app(secret_key=NEW_KEY, **shared)  # the previous key dropped: its signatures end
    browser.client.application = forgotten
    assert browser.get("/api/v1/auth/me").status_code == 200  # sessions never depended on it
    assert browser.get(link).status_code == 403
