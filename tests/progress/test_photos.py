"""Progress photos: content-checked, metadata stripped, encrypted in storage, served by short-lived signed URLs."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from fitnesscrm.progress.models import ProgressPhoto

from .support import GPS_IFD, add_photo, content_url, jpeg_with_gps, png_bytes, storage


def _upload(api, client_id, data: bytes, name: str = "me.jpg", **fields):
    form = {"file": (io.BytesIO(data), name), "pose": "front", **fields}
    return api.post(f"/api/v1/clients/{client_id}/progress-photos", data=form, content_type="multipart/form-data")


def _stored(app, photo_id, *, thumb: bool = False) -> Image.Image:
    with app.extensions["fitnesscrm"].database.session() as s:
        photo = s.get(ProgressPhoto, photo_id)
        key = photo.thumbnail_key if thumb else photo.storage_key
    return Image.open(io.BytesIO(storage(app).get(key)))


def test_uploaded_photo_is_stored_without_exif_or_gps(factory, app) -> None:
    original = jpeg_with_gps((640, 480))
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the test photo does carry GPS
    client = factory.client(account=True)

    response = _upload(factory.api(client), client.client_id, original, taken_on="2026-11-01")

    assert response.status_code == 201, response.json
    assert response.json["content_type"] == "image/jpeg"
    assert (response.json["width"], response.json["height"]) == (640, 480)
    stored = _stored(app, response.json["id"])
    assert stored.format == "JPEG"
    assert not stored.getexif()
    assert not stored.getexif().get_ifd(GPS_IFD)
    assert "exif" not in stored.info
    assert "icc_profile" not in stored.info
    thumb = _stored(app, response.json["id"], thumb=True)
    assert max(thumb.size) <= 320
    assert not thumb.getexif()


def test_exif_orientation_is_applied_before_it_is_dropped(factory, app) -> None:
    # Orientation 6: the camera was rotated; viewers turn the 640x480 sensor image 90° clockwise.
    response = _upload(factory.api(factory.admin()), factory.client().client_id, jpeg_with_gps(orientation=6))

    assert (response.json["width"], response.json["height"]) == (480, 640)
    stored = _stored(app, response.json["id"])
    assert stored.size == (480, 640)
    # The blue marker band (top-left of the sensor image) ends up on the right after the turn.
    assert stored.getpixel((470, 20))[2] > 150
    assert stored.getpixel((10, 20))[2] < 100


def test_png_with_transparency_is_flattened_to_jpeg(factory, app) -> None:
    response = _upload(factory.api(factory.admin()), factory.client().client_id, png_bytes(), name="me.png")

    assert response.status_code == 201
    assert _stored(app, response.json["id"]).mode == "RGB"


def test_photo_bytes_are_encrypted_on_disk(factory, app) -> None:
    response = _upload(factory.api(factory.admin()), factory.client().client_id, jpeg_with_gps())
    with app.extensions["fitnesscrm"].database.session() as s:
        key = s.get(ProgressPhoto, response.json["id"]).storage_key

    raw = (storage(app).root / key).read_bytes()
    assert not raw.startswith(b"\xff\xd8")  # not a JPEG
    assert raw.startswith(b"gAAAA")  # a Fernet token


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"%PDF-1.7 this is a PDF pretending to be a photo", "holiday.jpg"),
        (
            b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x00\x00\x00\x00\x00,"
            b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
            "tiny.jpg",
        ),
        (jpeg_with_gps()[:300], "truncated.jpg"),
    ],
)
def test_a_non_photo_with_an_image_name_is_refused_clearly(factory, data, name) -> None:
    response = _upload(factory.api(factory.admin()), factory.client().client_id, data, name=name)

    assert response.status_code == 415
    assert response.mimetype == "application/problem+json"
    assert "JPEG, PNG or WebP" in response.json["detail"]
    assert response.json["errors"][0]["field"] == "file"


def test_oversize_photos_are_refused_with_413(factory, app, monkeypatch) -> None:
    monkeypatch.setattr(app.extensions["fitnesscrm"].settings, "photo_max_bytes", 20_000)
    api, client = factory.api(factory.admin()), factory.client()
    noisy = io.BytesIO()
    Image.effect_noise((180, 180), 80).convert("RGB").save(noisy, "JPEG", quality=95)
    assert 20_000 < len(noisy.getvalue()) < 20_000 + 64 * 1024  # within the multipart allowance: the service says no

    by_service = _upload(api, client.client_id, noisy.getvalue())
    by_request_size = _upload(api, client.client_id, b"\xff\xd8" + b"0" * 200_000)  # refused before it is read

    for response in (by_service, by_request_size):
        assert response.status_code == 413
        assert "larger than" in response.json["detail"]
    assert api.get(f"/api/v1/clients/{client.client_id}/progress-photos").json["items"] == []


def test_upload_still_needs_the_csrf_header_and_other_routes_stay_json_only(factory) -> None:
    api, client = factory.api(factory.admin()), factory.client()
    api.csrf = "wrong"
    assert _upload(api, client.client_id, jpeg_with_gps()).status_code == 403

    api = factory.api(factory.admin())
    form = api.post(
        "/api/v1/clients", data={"first_name": "Form", "last_name": "Post"}, content_type="multipart/form-data"
    )
    assert form.status_code == 400
    assert "application/json" in form.json["detail"]


def test_signed_url_serves_the_image_privately_and_audits_the_read(factory, app, sql) -> None:
    trainer = factory.trainer()
    client = factory.client(trainer=trainer)
    photo_id = add_photo(app, client.client_id)
    api = factory.api(trainer)

    link = api.get(f"/api/v1/progress-photos/{photo_id}/url?size=thumb").json
    expires_at = datetime.fromisoformat(link["expires_at"])
    assert timedelta(minutes=4) < expires_at - datetime.now(UTC) <= timedelta(minutes=5)
    image = api.get(link["url"])

    assert image.status_code == 200
    assert image.mimetype == "image/jpeg"
    assert image.headers["Cache-Control"] == "private, no-store"
    assert Image.open(io.BytesIO(image.data)).size == (120, 90)
    reads = sql("SELECT actor_id, object_id, details FROM audit_events WHERE action = 'progress_photo.read'")
    assert [(r.actor_id, r.object_id, r.details["size"]) for r in reads] == [
        (trainer.user_id, str(client.client_id), "thumb")
    ]


def test_a_signed_url_is_refused_to_another_user(factory, app) -> None:
    client = factory.client(account=True)
    photo_id = add_photo(app, client.client_id)
    link = factory.api(client).get(f"/api/v1/progress-photos/{photo_id}/url").json["url"]

    other_admin = factory.api(factory.admin())  # may see the client, but the link was not issued to them
    refused = other_admin.get(link)
    anonymous = factory.api().get(link)

    assert refused.status_code == 403
    assert refused.json["type"].endswith("/invalid-link")
    assert anonymous.status_code == 401
    tampered = link.replace("size=full", "size=thumb")
    assert factory.api(client).get(tampered).status_code == 403


def test_an_expired_signed_url_is_refused(factory, app) -> None:
    client = factory.client(account=True)
    photo_id = add_photo(app, client.client_id)
    past = int((datetime.now(UTC) - timedelta(seconds=1)).timestamp())

    response = factory.api(client).get(content_url(app, photo_id, client.user_id, expires=past))

    assert response.status_code == 403
    assert response.json["type"].endswith("/link-expired")
    assert "expired" in response.json["detail"]


def test_a_link_stops_working_when_the_trainer_loses_the_client(factory, app) -> None:
    trainer = factory.trainer()
    client = factory.client(trainer=trainer)
    photo_id = add_photo(app, client.client_id)
    api = factory.api(trainer)
    link = api.get(f"/api/v1/progress-photos/{photo_id}/url").json["url"]
    admin = factory.api(factory.admin())
    assert admin.delete(f"/api/v1/clients/{client.client_id}/trainers/{trainer.trainer_id}").status_code == 204

    assert api.get(link).status_code == 404


def test_list_and_delete_remove_the_files(factory, app, sql) -> None:
    api, client = factory.api(factory.admin()), factory.client()
    first = _upload(api, client.client_id, jpeg_with_gps(), pose="side").json
    _upload(api, client.client_id, jpeg_with_gps())

    listed = api.get(f"/api/v1/clients/{client.client_id}/progress-photos?pose=side").json["items"]
    assert [p["id"] for p in listed] == [first["id"]]
    assert sql("SELECT count(*) FROM audit_events WHERE action = 'progress_photo.list'")[0][0] == 1
    with app.extensions["fitnesscrm"].database.session() as s:
        photo = s.get(ProgressPhoto, first["id"])
        keys = (photo.storage_key, photo.thumbnail_key)

    assert api.delete(f"/api/v1/progress-photos/{first['id']}").status_code == 204
    assert not any(storage(app).exists(k) for k in keys)
    assert api.get(f"/api/v1/progress-photos/{first['id']}/url").status_code == 404


def test_uploads_are_limited_per_person_and_pictures_beyond_24_megapixels_refused(factory, app, monkeypatch) -> None:
    """Issue 14, finding 4: decoding is the dearest thing a request can ask for, so one person cannot ask for it
    without end, and a small file cannot decode to a huge picture."""
    monkeypatch.setattr(app.extensions["fitnesscrm"].settings, "photo_upload_rate_limit", "2 per 10 minutes")
    trainer = factory.trainer()
    client = factory.client(trainer=trainer)
    api = factory.api(trainer)

    huge = io.BytesIO()
    Image.new("RGB", (5000, 5000)).save(huge, "PNG")  # 25 MP in about 100 KB
    refused = _upload(api, client.client_id, huge.getvalue(), name="huge.png")
    assert refused.status_code == 413
    assert "at most 24 MP" in refused.json["detail"]
    assert _upload(api, client.client_id, png_bytes(), name="a.png").status_code == 201
    limited = _upload(api, client.client_id, png_bytes(), name="b.png")
    assert limited.status_code == 429
    assert limited.headers["Content-Type"].startswith("application/problem+json")
    other = factory.api(factory.admin())  # the limit is the person's, not the client's
    assert _upload(other, client.client_id, png_bytes(), name="c.png").status_code == 201
