"""The authentication cache and the default per-caller rate limit (accounts.admission, accounts.cache).

A cached sign-in saves the database lookup, and nothing a user or an admin does to a sign-in or its rights is ever
answered from a stale entry; the default limit counts each caller in one Redis round trip, per sign-in when there
is one, per address otherwise."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest

from fitnesscrm.accounts.cache import GENERATION_KEY, CachedCaller, entry_key
from fitnesscrm.accounts.models import User
from fitnesscrm.core.actor import Role
from fitnesscrm.core.crypto import token_hash
from fitnesscrm.core.db import utcnow

from ..factories import PASSWORD, Api, Factory
from ..ops.status_support import app_with
from ..test_api_contract import count_queries

ME = "/api/v1/auth/me"


def _cookie(api: Api, app: Any) -> str:
    cookie = api.client.get_cookie(app.extensions["fitnesscrm"].settings.session_cookie_name)
    assert cookie is not None
    return str(cookie.value)


def test_a_signed_in_request_is_answered_from_the_cache_without_sql(app: Any, factory: Factory) -> None:
    api = factory.api(factory.admin())
    assert api.get(ME).status_code == 200  # fills the cache
    with count_queries(app, sign_in=True) as statements:
        response = api.get(ME)
    assert response.status_code == 200
    assert statements == []
    assert response.json["user"]["role"] == "admin"
    assert response.json["csrf_token"]


def test_sign_out_ends_the_session_at_once_for_every_copy_of_the_cookie(app: Any, factory: Factory) -> None:
    person = factory.admin()
    api = factory.api(person)
    stolen = app.test_client()
    stolen.set_cookie(app.extensions["fitnesscrm"].settings.session_cookie_name, _cookie(api, app))
    assert stolen.get(ME).status_code == 200  # cached now
    assert api.post("/api/v1/auth/logout").status_code == 204
    assert stolen.get(ME).status_code == 401


def test_a_password_change_ends_the_other_sessions_at_once(app: Any, factory: Factory) -> None:
    person = factory.trainer()
    laptop, phone = factory.api(person), factory.api(person)
    assert phone.get(ME).status_code == 200
    changed = laptop.post(
        "/api/v1/auth/password", json={"current_password": PASSWORD, "new_password": "a much longer passphrase 42"}
    )
    assert changed.status_code == 200
    assert phone.get(ME).status_code == 401
    assert laptop.get(ME).status_code == 200  # the session that changed it stays signed in


def test_a_revoked_api_token_stops_working_at_once(app: Any, factory: Factory) -> None:
    owner = factory.api(factory.admin())
    created = owner.post("/api/v1/auth/tokens", json={"name": "sync", "scopes": ["read"]}).json
    integration = app.test_client()
    bearer = {"Authorization": f"Bearer {created['token']}"}
    assert integration.get("/api/v1/clients", headers=bearer).status_code == 200
    assert integration.get("/api/v1/clients", headers=bearer).status_code == 200  # from the cache
    assert owner.delete(f"/api/v1/auth/tokens/{created['id']}").status_code == 204
    assert integration.get("/api/v1/clients", headers=bearer).status_code == 401


def test_any_change_to_the_user_through_the_orm_drops_the_cached_sign_ins(app: Any, factory: Factory) -> None:
    person = factory.trainer()
    api = factory.api(person)
    assert api.get(ME).json["user"]["role"] == "trainer"
    with app.extensions["fitnesscrm"].database.session() as session:
        session.query(User).filter_by(email=person.email).one().full_name = "Renamed Trainer"
    assert api.get(ME).json["user"]["full_name"] == "Renamed Trainer"
    with app.extensions["fitnesscrm"].database.session() as session:
        session.query(User).filter_by(email=person.email).one().is_active = False
    assert api.get(ME).status_code == 401


def test_a_rolled_back_change_drops_nothing(app: Any, factory: Factory) -> None:
    api = factory.api(factory.admin())
    api.get(ME)
    key = entry_key(token_hash(_cookie(api, app)))
    redis = app.extensions["fitnesscrm"].redis
    assert redis.exists(key)
    session = app.extensions["fitnesscrm"].database.sessionmaker()
    user = session.query(User).filter_by(role=Role.ADMIN).first()
    user.full_name = "Never saved"
    session.flush()
    session.rollback()
    session.close()
    assert redis.exists(key)


def test_an_answer_read_before_an_invalidation_is_not_stored(app: Any, factory: Factory) -> None:
    """The race: a request misses, reads the database, a revocation commits, then the request stores what it read."""
    gate = app.extensions["fitnesscrm"].gate
    redis = app.extensions["fitnesscrm"].redis
    now = utcnow()
    caller = CachedCaller(
        kind="session",
        record_id=uuid.uuid4(),
        user_id=uuid.uuid4(),
        role=Role.CLIENT,
        email="c@example.com",
        full_name="C",
        trainer_id=None,
        client_id=uuid.uuid4(),
        unit_system="metric",
        csrf_token="x",
        scopes=None,
        expires_at=now + timedelta(hours=1),
        touched_at=now,
        two_factor_setup_required=False,
    )
    started_at_generation = redis.get(GENERATION_KEY)
    gate.cache.forget_users({uuid.uuid4()})  # someone else's change commits meanwhile
    lifetimes = {"now": now, "touch_interval": timedelta(seconds=60), "idle": timedelta(minutes=60)}
    assert not gate.cache.store("h1", caller, generation=started_at_generation, **lifetimes)
    assert redis.get(entry_key("h1")) is None
    assert gate.cache.store("h1", caller, generation=redis.get(GENERATION_KEY), **lifetimes)
    assert CachedCaller.loads(redis.get(entry_key("h1"))) == caller
    assert 55 <= redis.ttl(entry_key("h1")) <= 60  # until the next "last seen" touch is due


def test_a_cached_session_still_expires_when_idle(app: Any, factory: Factory, sql: Any) -> None:
    api = factory.api(factory.client(account=True))
    assert api.get(ME).status_code == 200
    sql("UPDATE login_sessions SET last_seen_at = now() - interval '61 minutes'")  # (clears the cache)
    assert api.get(ME).status_code == 401


# --- the default per-caller rate limit ---------------------------------------------------------------------


@pytest.fixture
def strict_app(pg_url: str, redis_url: str, mailer: Any) -> Any:
    with app_with(pg_url, redis_url, mailer, default_rate_limit="5 per minute") as app:
        app.extensions["fitnesscrm"].redis.flushdb()  # no counts left by an earlier test from this address
        yield app
        app.extensions["fitnesscrm"].database.engine.dispose()


def test_the_default_limit_counts_each_signed_in_caller_apart(strict_app: Any, factory: Factory) -> None:
    """Members behind one gym Wi-Fi share an address: each sign-in has its own budget."""
    strict_factory = Factory(strict_app)
    first = strict_factory.api(factory.admin())  # signing in is counted against the address, not the sign-in
    second = strict_factory.api(factory.trainer())
    statuses = [first.get("/api/v1/clients").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    refused = first.get("/api/v1/clients")
    assert refused.headers["Content-Type"].startswith("application/problem+json")
    assert refused.json["status"] == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    answered = second.get("/api/v1/clients")
    assert answered.status_code == 200
    assert answered.headers["X-RateLimit-Limit"] == "5"
    assert answered.headers["X-RateLimit-Remaining"] == "4"


def test_one_user_shares_one_budget_across_sessions_and_tokens(strict_app: Any, factory: Factory) -> None:
    strict_factory = Factory(strict_app)
    person = factory.admin()
    laptop = strict_factory.api(person)
    phone = strict_factory.api(person)
    assert laptop.get(ME).status_code == phone.get(ME).status_code == 200  # read from the database, then cached
    statuses = [(laptop if n % 2 else phone).get(ME).status_code for n in range(4)]
    assert statuses == [200] * 3 + [429]  # 5 per minute for the user, whichever sign-in asks


def test_guessed_credentials_are_counted_against_the_address_and_refused_before_sql(strict_app: Any) -> None:
    client = strict_app.test_client()
    statuses = [
        client.get("/api/v1/clients", headers={"Authorization": f"Bearer fcrm_guess{n}"}).status_code for n in range(5)
    ]
    # A new guess is a new key with a fresh budget, so each is counted against the address too (5 per minute).
    assert statuses == [401] * 5
    with count_queries(strict_app, sign_in=True) as statements:
        refused = client.get("/api/v1/clients", headers={"Authorization": "Bearer fcrm_guess-next"})
    assert refused.status_code == 429
    assert statements == []  # the address is over its limit: no lookup for yet another guess


def test_routes_with_their_own_limit_announce_only_that_one(strict_app: Any) -> None:
    answer = strict_app.test_client().post(
        "/api/v1/auth/login", json={"email": "nobody@example.com", "password": "not the password"}
    )
    assert answer.status_code == 401
    assert len(answer.headers.getlist("X-RateLimit-Limit")) == 1
    assert len(answer.headers.getlist("X-RateLimit-Reset")) == 1


def test_an_unreadable_cache_entry_is_a_miss_not_an_error(app: Any, factory: Factory) -> None:
    api = factory.api(factory.admin())
    assert api.get(ME).status_code == 200
    app.extensions["fitnesscrm"].redis.set(entry_key(token_hash(_cookie(api, app))), b"{not json")
    assert api.get(ME).status_code == 200


def test_health_checks_and_metrics_are_outside_the_limit(strict_app: Any) -> None:
    client = strict_app.test_client()
    assert {client.get("/healthz").status_code for _ in range(8)} == {200}


def test_without_redis_limits_are_kept_per_instance_and_sign_ins_read_the_database(
    pg_url: str, mailer: Any, factory: Factory
) -> None:
    # (app_with puts the process-wide Flask-Limiter back on the session app's Redis afterwards: left on the dead
    # one, it would keep sign-in limits in memory for every later test.)
    with app_with(pg_url, "redis://127.0.0.1:1/0", mailer, default_rate_limit="5 per minute") as app:
        api = Factory(app).api(factory.admin())
        statuses = [api.get(ME).status_code for _ in range(6)]
        app.extensions["fitnesscrm"].database.engine.dispose()
    assert statuses == [200] * 5 + [429]


def test_cache_hits_and_misses_are_counted_in_metrics(app: Any, factory: Factory) -> None:
    from fitnesscrm.observability.metrics import CACHE_REQUESTS

    hits, misses = CACHE_REQUESTS.labels(cache="auth", result="hit"), CACHE_REQUESTS.labels(cache="auth", result="miss")
    before = (hits._value.get(), misses._value.get())
    api = factory.api(factory.admin())
    api.get(ME)
    api.get(ME)
    assert (hits._value.get() - before[0], misses._value.get() - before[1]) == (1, 1)  # filled, then read
