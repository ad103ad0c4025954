"""Business settings through the HTTP API, on PostgreSQL and on the embedded SQLite default."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import text

from fitnesscrm.core.business import get_business

from ..factories import Api, Factory, count_queries
from ..progress.support import jpeg_with_gps, png_bytes
from .authz_business import BODY

URL = "/api/v1/business"
LOGO = "/api/v1/business/logo"


def _audit(factory: Factory) -> list[str]:
    with factory.database.session() as s:
        rows = s.execute(text("SELECT action FROM audit_events WHERE object_type = 'business' ORDER BY seq"))
        return [row.action for row in rows]


def test_anyone_reads_the_defaults_and_an_admin_replaces_them(either_app: Any) -> None:
    factory = Factory(either_app)
    anon, admin = factory.api(), factory.api(factory.admin())
    first = anon.get(URL)
    assert first.status_code == 200
    assert first.json == {
        "name": "My fitness business",
        "timezone": "Europe/London",
        "currency": "EUR",
        "currency_exponent": 2,
        "locale": "en-GB",
        "logo_url": None,
        "updated_at": None,
    }
    assert admin.put(URL, json=BODY).status_code == 428  # If-Match, as for every edit

    saved = admin.put(
        URL, json={**BODY, "name": "  Harbour   Gym ", "locale": "en_ie"}, headers={"If-Match": first.headers["ETag"]}
    )
    assert saved.status_code == 200, saved.json
    assert {k: saved.json[k] for k in BODY} == BODY  # name tidied, locale normalised to the BCP 47 form
    assert saved.json["updated_at"] is not None
    assert anon.get(URL).json == saved.json
    assert anon.get(URL, headers={"If-None-Match": saved.headers["ETag"]}).status_code == 304
    assert _audit(factory) == ["business.update"]

    stale = admin.put(URL, json={**BODY, "name": "Other"}, headers={"If-Match": first.headers["ETag"]})
    assert stale.status_code == 409
    assert anon.get(URL).json["name"] == "Harbour Gym"


def test_the_exponent_follows_the_currency(factory: Factory) -> None:
    admin = factory.api(factory.admin())
    for currency, exponent in (("JPY", 0), ("GBP", 2), ("KWD", 3)):
        saved = admin.put(URL, json={**BODY, "currency": currency}, headers={"If-Match": "*"})
        assert (saved.json["currency"], saved.json["currency_exponent"]) == (currency, exponent)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"timezone": "../../etc/passwd"}, "timezone"),
        ({"currency": "eur"}, "currency"),
        ({"currency": "XXX"}, "currency"),  # ISO's "no currency": not something a studio charges in
        ({"currency": "BTC"}, "currency"),
        ({"locale": "xx-QQ"}, "locale"),
        ({"locale": "e"}, "locale"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_bad_settings_are_refused_field_by_field_and_nothing_changes(
    factory: Factory, change: dict[str, Any], field: str
) -> None:
    admin = factory.api(factory.admin())
    response = admin.put(URL, json={**BODY, **change}, headers={"If-Match": "*"})
    assert response.status_code == 422, response.json
    assert field in {e["field"] for e in response.json["errors"]}
    assert admin.get(URL).json["updated_at"] is None
    assert _audit(factory) == []


def test_every_domain_reads_the_time_zone_from_the_business(factory: Factory) -> None:
    """The availability answer (scheduling) and the booking rules no longer carry their own copy."""
    admin = factory.api(factory.admin())
    admin.put(URL, json={**BODY, "timezone": "Asia/Tokyo"}, headers={"If-Match": "*"})
    trainer = factory.trainer()
    assert admin.get(f"/api/v1/trainers/{trainer.trainer_id}/availability").json["timezone"] == "Asia/Tokyo"
    assert "timezone" not in admin.get("/api/v1/booking-rules").json


def test_reading_the_settings_costs_one_statement(factory: Factory) -> None:
    anon = factory.api()
    anon.get(URL)  # the first read creates the row
    with count_queries(factory.database) as statements:
        assert anon.get(URL).status_code == 200
    assert len(statements) == 1, statements


# --- the logo ----------------------------------------------------------------------------------


def _upload(api: Api, data: bytes, name: str = "logo.png") -> Any:
    return api.put(LOGO, data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_an_admin_uploads_a_logo_that_everyone_can_load(either_app: Any) -> None:
    factory = Factory(either_app)
    admin, anon = factory.api(factory.admin()), factory.api()
    assert anon.get(LOGO).status_code == 404

    uploaded = _upload(admin, png_bytes((1600, 400)))
    assert uploaded.status_code == 200, uploaded.json
    url = uploaded.json["logo_url"]
    assert url.startswith(f"{LOGO}?v=")
    assert anon.get(URL).json["logo_url"] == url

    image = anon.get(url)
    assert image.status_code == 200
    assert image.mimetype == "image/png"
    assert image.headers["Cache-Control"] == "public, max-age=31536000, immutable"  # the URL names the content
    logo = Image.open(io.BytesIO(image.data))
    assert (logo.format, logo.size, logo.mode) == ("PNG", (512, 128), "RGBA")  # shrunk, transparency kept
    assert anon.get(LOGO).headers["Cache-Control"] == "no-cache"  # the unversioned URL is revalidated
    assert anon.get(LOGO, headers={"If-None-Match": image.headers["ETag"]}).status_code == 304
    revalidated = anon.get(url, headers={"If-None-Match": image.headers["ETag"]})
    assert (revalidated.status_code, revalidated.data, revalidated.headers.get("Content-Type")) == (304, b"", None)
    assert revalidated.headers["Cache-Control"] == "public, max-age=31536000, immutable"

    # A new logo gets a new URL; the old file goes once the change is committed.
    storage = either_app.extensions["fitnesscrm"].storage
    with factory.database.session() as s:
        old_key = get_business(s).logo_key
    replaced = _upload(admin, jpeg_with_gps((200, 200)), "logo.jpg")
    assert replaced.status_code == 200
    assert replaced.json["logo_url"] != url
    assert not storage.exists(old_key)

    assert admin.delete(LOGO).status_code == 204
    assert anon.get(URL).json["logo_url"] is None
    assert anon.get(LOGO).status_code == 404
    assert _audit(factory) == ["business.logo.set", "business.logo.set", "business.logo.remove"]


def test_a_logo_keeps_no_metadata(factory: Factory) -> None:
    admin = factory.api(factory.admin())
    _upload(admin, jpeg_with_gps((100, 100)), "logo.jpg")
    data = factory.api().get(LOGO).data
    assert b"PhoneMaker" not in data
    assert b"GPS" not in data


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (b"%PDF-1.4 not an image", 415),
        (b"GIF89a" + b"\x00" * 64, 415),
    ],
)
def test_a_file_that_is_not_a_supported_image_is_refused(factory: Factory, data: bytes, status: int) -> None:
    admin = factory.api(factory.admin())
    response = _upload(admin, data)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    assert factory.api().get(URL).json["logo_url"] is None


def test_a_logo_beyond_the_size_limit_is_refused_before_it_is_read(factory: Factory) -> None:
    admin = factory.api(factory.admin())
    response = _upload(admin, b"\x89PNG" + b"\x00" * (3 * 1024 * 1024))
    assert response.status_code == 413
    assert "2 MB" in response.json["detail"]


def test_saving_the_settings_costs_a_bounded_number_of_statements(factory: Factory) -> None:
    admin = factory.api(factory.admin())
    etag = admin.get(URL).headers["ETag"]
    with count_queries(factory.database) as statements:
        assert admin.put(URL, json=BODY, headers={"If-Match": etag}).status_code == 200
    # the row, the update, the audit chain's head and its new entry
    assert len(statements) <= 5, statements
