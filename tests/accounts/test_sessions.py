"""Login sessions: logout revokes, password change ends other sessions, idle and absolute expiry."""

from __future__ import annotations

from ..factories import PASSWORD, Factory
from .conftest import COOKIE, session_cookie

ME = "/api/v1/auth/me"
NEW_PASSWORD = "granite-orchard-velvet-19"


def test_logout_revokes_the_session_server_side(factory, sql):
    admin = factory.admin()
    api = factory.api(admin)
    token = session_cookie(api)

    response = api.post("/api/v1/auth/logout")

    assert response.status_code == 204
    cleared = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{COOKIE}=")]
    assert cleared
    assert "Max-Age=0" in cleared[0]
    assert api.get(ME).status_code == 401
    # Replaying the old cookie (e.g. copied before logout) no longer works either.
    api.client.set_cookie(COOKIE, token)
    assert api.get(ME).status_code == 401
    [row] = sql("SELECT revoked_at FROM login_sessions WHERE user_id = :id", id=admin.user_id)
    assert row.revoked_at is not None


def test_logout_ends_only_that_session(factory):
    admin = factory.admin()
    laptop, phone = factory.api(admin), factory.api(admin)

    assert laptop.post("/api/v1/auth/logout").status_code == 204

    assert laptop.get(ME).status_code == 401
    assert phone.get(ME).status_code == 200


def test_password_change_ends_other_sessions_but_keeps_this_one(factory, anon):
    trainer = factory.trainer()
    here, elsewhere = factory.api(trainer), factory.api(trainer)

    response = here.post("/api/v1/auth/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD})

    assert response.status_code == 200
    assert here.get(ME).status_code == 200
    assert elsewhere.get(ME).status_code == 401
    assert anon.login(trainer.email, PASSWORD).status_code == 401
    assert anon.login(trainer.email, NEW_PASSWORD).status_code == 200


def test_password_change_needs_the_current_password(factory):
    admin = factory.admin()
    here, elsewhere = factory.api(admin), factory.api(admin)

    response = here.post(
        "/api/v1/auth/password", json={"current_password": "not-the-password", "new_password": NEW_PASSWORD}
    )

    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "current_password"
    assert elsewhere.get(ME).status_code == 200
    assert factory.api().login(admin.email, PASSWORD).status_code == 200


def test_idle_session_expires(factory, sql):
    admin = factory.admin()
    api = factory.api(admin)

    # Idle limit is 60 minutes by default: 59 minutes of silence is fine (and refreshes the session)...
    sql("UPDATE login_sessions SET last_seen_at = now() - interval '59 minutes' WHERE user_id = :id", id=admin.user_id)
    assert api.get(ME).status_code == 200
    [row] = sql(
        "SELECT now() - last_seen_at < interval '1 minute' AS fresh FROM login_sessions WHERE user_id = :id",
        id=admin.user_id,
    )
    assert row.fresh
    # ...61 minutes is not.
    sql("UPDATE login_sessions SET last_seen_at = now() - interval '61 minutes' WHERE user_id = :id", id=admin.user_id)
    response = api.get(ME)
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert any(h.startswith(f"{COOKIE}=;") for h in response.headers.getlist("Set-Cookie"))


def test_session_expires_at_its_absolute_limit_even_when_active(factory, sql):
    admin = factory.admin()
    api = factory.api(admin)
    [row] = sql("SELECT expires_at - created_at AS lifetime FROM login_sessions WHERE user_id = :id", id=admin.user_id)
    assert row.lifetime.total_seconds() == 12 * 3600

    sql(
        "UPDATE login_sessions SET last_seen_at = now(), expires_at = now() - interval '1 second' WHERE user_id = :id",
        id=admin.user_id,
    )

    assert api.get(ME).status_code == 401
    assert api.post("/api/v1/clients", json={"first_name": "A", "last_name": "B"}).status_code == 401


def test_signing_in_again_after_expiry_gives_a_working_session(factory, sql):
    admin = factory.admin()
    api = factory.api(admin)
    sql("UPDATE login_sessions SET expires_at = now() - interval '1 second' WHERE user_id = :id", id=admin.user_id)

    # The browser still holds the dead cookie when the user signs in again.
    assert api.login(admin.email).status_code == 200

    assert api.get(ME).status_code == 200


def test_a_user_sets_their_unit_system(factory: Factory) -> None:
    person = factory.client(account=True)
    api = factory.api(person)
    assert api.get("/api/v1/auth/me").json["user"]["unit_system"] == "metric"
    changed = api.patch("/api/v1/auth/me", json={"unit_system": "imperial"})
    assert changed.status_code == 200
    assert changed.json["user"]["unit_system"] == "imperial"
    assert api.get("/api/v1/auth/me").json["user"]["unit_system"] == "imperial"
    refused = api.patch("/api/v1/auth/me", json={"unit_system": "furlongs"})
    assert refused.status_code == 422
    assert api.get("/api/v1/auth/me").json["user"]["unit_system"] == "imperial"
