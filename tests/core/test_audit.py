"""Audit log: who/what/when/where for logins, client writes and health reads; hash chain; admin-only API."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from fitnesscrm.core import audit
from fitnesscrm.core.actor import Actor
from fitnesscrm.core.audit import AuditEvent, verify_chain
from fitnesscrm.core.db import Database

from ..factories import PASSWORD
from ..test_api_contract import count_queries

SYSTEM = Actor.system("test")


def _events(db, action: str) -> list[AuditEvent]:
    db.expire_all()
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)))


def _rid() -> str:
    return f"test-{uuid.uuid4().hex[:16]}"


def test_login_is_audited_with_actor_ip_and_request_id(factory, anon, db):
    admin = factory.admin()
    rid = _rid()

    response = anon.post(
        "/api/v1/auth/login",
        json={"email": admin.email, "password": PASSWORD},
        headers={"X-Request-ID": rid},
        environ_base={"REMOTE_ADDR": "198.51.100.23"},
    )

    assert response.status_code == 200
    assert response.headers["X-Request-ID"] == rid
    [event] = _events(db, "auth.login")
    assert event.actor_id == admin.user_id
    assert event.actor_email == admin.email
    assert (event.object_type, event.object_id) == ("user", str(admin.user_id))
    assert event.ip == "198.51.100.23"
    assert event.request_id == rid
    assert event.occurred_at is not None


def test_failed_login_is_audited_without_an_actor(factory, anon, db):
    admin = factory.admin()
    rid = _rid()

    wrong = anon.post(
        "/api/v1/auth/login",
        json={"email": admin.email, "password": "not-my-password-1"},
        headers={"X-Request-ID": rid},
        environ_base={"REMOTE_ADDR": "198.51.100.99"},
    )
    unknown = anon.post("/api/v1/auth/login", json={"email": "ghost@studio.example.com", "password": "x"})

    assert (wrong.status_code, unknown.status_code) == (401, 401)
    first, second = _events(db, "auth.login_failed")
    assert first.actor_id is None
    assert (first.object_type, first.object_id) == ("user", str(admin.user_id))
    assert (first.ip, first.request_id) == ("198.51.100.99", rid)
    assert second.object_id is None  # no account: nothing to point at
    assert _events(db, "auth.login") == []
    assert verify_chain(db) == (True, None)


def test_client_create_update_and_health_read_are_audited(factory, db):
    trainer = factory.trainer()
    api = factory.api(trainer)
    rids = {name: _rid() for name in ("create", "update", "health")}

    created = api.post(
        "/api/v1/clients", json={"first_name": "Ada", "last_name": "Lovelace"}, headers={"X-Request-ID": rids["create"]}
    )
    client_id = created.json["id"]
    updated = api.patch(
        f"/api/v1/clients/{client_id}",
        json={"goals_summary": "Run 10k"},
        headers={"X-Request-ID": rids["update"], "If-Match": created.headers["ETag"]},
    )
    health = api.get(f"/api/v1/clients/{client_id}/health", headers={"X-Request-ID": rids["health"]})

    assert (created.status_code, updated.status_code, health.status_code) == (201, 200, 200)
    for action, rid in (
        ("client.create", rids["create"]),
        ("client.update", rids["update"]),
        ("health.read", rids["health"]),
    ):
        [event] = _events(db, action)
        assert event.actor_id == trainer.user_id, action
        assert event.actor_email == trainer.email
        assert (event.object_type, event.object_id) == ("client", client_id)
        assert event.ip == "127.0.0.1"
        assert event.request_id == rid
    # Details name the fields touched, never their values.
    [update] = _events(db, "client.update")
    assert update.details == {"fields": ["goals_summary"]}


def test_every_health_read_is_audited(factory, db):
    admin_api = factory.api(factory.admin())
    client = factory.client()

    for _ in range(3):
        assert admin_api.get(f"/api/v1/clients/{client.client_id}/health").status_code == 200

    assert len(_events(db, "health.read")) == 3


def test_a_refused_write_leaves_no_audit_event(factory, db):
    api = factory.api(factory.admin())

    response = api.post("/api/v1/clients", json={"first_name": "Ada", "last_name": "Lovelace", "email": "nope"})

    assert response.status_code == 422
    assert _events(db, "client.create") == []


def test_chain_verifies_and_detects_an_edited_row(factory, db, sql):
    admin_api = factory.api(factory.admin())
    for n in range(3):
        admin_api.post("/api/v1/clients", json={"first_name": f"Ada{n}", "last_name": "Lovelace"})
    assert verify_chain(db) == (True, None)
    seqs = [row.seq for row in sql("SELECT seq FROM audit_events ORDER BY seq")]
    assert len(seqs) >= 4
    victim = seqs[2]

    sql("UPDATE audit_events SET action = 'client.view' WHERE seq = :seq", seq=victim)

    db.expire_all()
    assert verify_chain(db) == (False, victim)


def test_chain_detects_a_deleted_row(factory, db, sql):
    admin_api = factory.api(factory.admin())
    for n in range(3):
        admin_api.post("/api/v1/clients", json={"first_name": f"Ada{n}", "last_name": "Lovelace"})
    seqs = [row.seq for row in sql("SELECT seq FROM audit_events ORDER BY seq")]

    sql("DELETE FROM audit_events WHERE seq = :seq", seq=seqs[1])

    db.expire_all()
    assert verify_chain(db) == (False, seqs[2])


def test_empty_chain_verifies(app, db):
    assert verify_chain(db) == (True, None)


def test_audit_events_api_is_admin_only(factory, anon):
    admin = factory.admin()
    trainer = factory.trainer()
    client = factory.client(trainer=trainer, account=True)
    admin_api = factory.api(admin)

    assert anon.get("/api/v1/audit-events").status_code == 401
    assert factory.api(trainer).get("/api/v1/audit-events").status_code == 403
    assert factory.api(client).get("/api/v1/audit-events").status_code == 403
    response = admin_api.get("/api/v1/audit-events?limit=100")
    assert response.status_code == 200
    logins = [e["actor_email"] for e in response.json["items"] if e["action"] == "auth.login"]
    assert logins == [client.email, trainer.email, admin.email]  # newest first
    assert "hash" not in response.json["items"][0]


def test_audit_events_name_who_and_what_in_a_constant_number_of_queries(app, factory):
    admin = factory.admin()
    admin_api = factory.api(admin)
    trainer = factory.trainer(first_name="Maya")
    trainer_api = factory.api(trainer)

    def add_client(first_name: str) -> str:
        created = trainer_api.post("/api/v1/clients", json={"first_name": first_name, "last_name": "Lovelace"})
        assert created.status_code == 201
        assert trainer_api.get(f"/api/v1/clients/{created.json['id']}/health").status_code == 200
        return str(created.json["id"])

    def page() -> tuple[list[dict], list[str]]:
        with count_queries(app) as statements:
            response = admin_api.get("/api/v1/audit-events?limit=100")
        assert response.status_code == 200
        return response.json["items"], statements

    ada = add_client("Ada")
    location = admin_api.post("/api/v1/locations", json={"name": "Riverside", "rooms": []})
    assert location.status_code == 201
    items, statements = page()

    [created] = [e for e in items if e["action"] == "client.create"]
    assert created["actor_role"] == "trainer"
    assert created["actor_name"].startswith("Maya ")
    assert (created["object_id"], created["subject_label"]) == (ada, "Ada Lovelace")  # the id stays too
    [read] = [e for e in items if e["action"] == "health.read"]
    assert read["subject_label"] == "Ada Lovelace"
    [placed] = [e for e in items if e["action"] == "location.create"]
    assert (placed["subject_label"], placed["actor_role"]) == ("Riverside", "admin")
    [login] = [e for e in items if e["action"] == "auth.login" and e["actor_email"] == admin.email]
    assert login["subject_label"] == f"{login['actor_name']} ({admin.email})"
    # Names come from plain columns: health records are never read (nor decrypted) to label the log.
    assert not any("health_records" in s for s in statements)

    for first_name in ("Bea", "Cy", "Di"):  # more events of the same kinds: no more queries
        add_client(first_name)
    assert admin_api.post("/api/v1/locations", json={"name": "Harbour", "rooms": []}).status_code == 201
    more, more_statements = page()
    assert len(more) > len(items)
    assert len(more_statements) == len(statements)


def test_every_kind_of_subject_the_domains_name_is_labelled_by_a_working_query(app, db):
    from fitnesscrm.core import audit

    kinds = set(audit._labellers)
    assert {"client", "trainer", "user", "invitation", "location", "series", "program", "goal", "booking"} <= kinds
    unknown = str(uuid.uuid4())
    assert audit.subject_labels(db, [(kind, unknown) for kind in kinds] + [("client", "not-a-uuid")]) == {}


# --- when an event joins the chain ------------------------------------------------------------------


@pytest.fixture
def chain_database(either_database: Database) -> Iterator[Database]:
    """PostgreSQL, then SQLite; the test's events are removed afterwards."""
    database = either_database
    yield database
    with database.session() as session:
        session.execute(AuditEvent.__table__.delete())


def _actions(database: Database) -> list[str]:
    with database.session() as session:
        return list(
            session.scalars(
                select(AuditEvent.action).where(AuditEvent.action.like("deferred.%")).order_by(AuditEvent.seq)
            )
        )


def _intact(database: Database) -> tuple[bool, int | None]:
    with database.session() as session:
        return verify_chain(session)


def test_events_join_the_chain_at_commit_in_the_order_they_were_recorded(chain_database):
    database = chain_database
    with count_queries(database) as statements, database.session() as session:
        for n in range(3):
            audit.record(session, SYSTEM, f"deferred.{n}", "test")
        session.execute(select(1))  # the request's own work goes on without the chain's lock
        assert not any("audit" in s or "advisory" in s for s in statements)
    # At commit, last: the lock (PostgreSQL only: SQLite has one writer at a time), the previous hash, the inserts.
    if database.engine.dialect.name == "postgresql":
        assert "pg_advisory_xact_lock" in statements[-3]
    assert "audit_events" in statements[-2]
    assert statements[-1].startswith("INSERT INTO audit_events")
    assert _actions(database) == ["deferred.0", "deferred.1", "deferred.2"]
    assert _intact(database) == (True, None)


def test_events_of_a_rolled_back_transaction_or_savepoint_are_not_appended(chain_database):
    database = chain_database
    session = database.sessionmaker()
    try:
        audit.record(session, SYSTEM, "deferred.gone", "test")
        session.rollback()
        audit.record(session, SYSTEM, "deferred.kept", "test")
        savepoint = session.begin_nested()
        audit.record(session, SYSTEM, "deferred.savepoint-gone", "test")
        savepoint.rollback()
        with session.begin_nested():
            audit.record(session, SYSTEM, "deferred.savepoint-kept", "test")
        session.commit()
        audit.record(session, SYSTEM, "deferred.closed", "test")
    finally:
        session.close()
    assert _actions(database) == ["deferred.kept", "deferred.savepoint-kept"]
    assert _intact(database) == (True, None)


def test_concurrent_appends_never_fork_the_chain(chain_database):
    database = chain_database
    barrier = threading.Barrier(6)
    errors: list[BaseException] = []

    def append(n: int) -> None:
        try:
            with database.session() as session:
                audit.record(session, SYSTEM, f"deferred.thread-{n}", "test")
                barrier.wait()  # all six commit at about the same time
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=append, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(_actions(database)) == 6
    assert _intact(database) == (True, None)
