"""The public status (GET /api/v1/status): component states from the app's own checks, and incidents."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from fitnesscrm.app import __version__
from fitnesscrm.core.audit import AuditEvent
from fitnesscrm.core.db import utcnow
from fitnesscrm.core.errors import Conflict
from fitnesscrm.ops.status import service
from fitnesscrm.ops.status.models import ComponentState, Impact, Incident, IncidentStatus
from fitnesscrm.ops.status.service import Signals

from ..factories import Api, Factory
from .status_support import (
    DEAD_DATABASE_URL,
    DEAD_REDIS_URL,
    SYSTEM,
    add_incident,
    app_with,
    forget_cached_status,
    stamp_heartbeat,
)

OK, DEGRADED, OUTAGE = ComponentState.OPERATIONAL, ComponentState.DEGRADED, ComponentState.OUTAGE
STATUS = "/api/v1/status"


@pytest.fixture(autouse=True)
def _fresh_status(app: Any) -> None:
    forget_cached_status(app)


def _states(body: dict[str, Any]) -> dict[str, str]:
    return {c["key"]: c["status"] for c in body["components"]}


# --- the rules, as pure functions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seen", "expected"),
    [
        (Signals(True, True, True, 30), {"web": OK, "database": OK, "sign_in": OK, "background_jobs": OK}),
        (Signals(True, True, True, 240), {"web": OK, "database": OK, "sign_in": OK, "background_jobs": DEGRADED}),
        (Signals(True, True, True, 900), {"web": OK, "database": OK, "sign_in": OK, "background_jobs": OUTAGE}),
        (Signals(True, True, True, None), {"web": OK, "database": OK, "sign_in": OK, "background_jobs": OUTAGE}),
        (Signals(True, True, False, None), {"web": OK, "database": OK, "sign_in": DEGRADED, "background_jobs": OUTAGE}),
        (Signals(False, True, True, 30), {"web": OK, "database": OUTAGE, "sign_in": OUTAGE, "background_jobs": OK}),
        (
            Signals(False, True, False, None),
            {"web": OK, "database": OUTAGE, "sign_in": OUTAGE, "background_jobs": OUTAGE},
        ),
        # The embedded mode has no Redis and runs jobs inline: no background-jobs component at all.
        (Signals(True, False, False, None), {"web": OK, "database": OK, "sign_in": OK}),
    ],
    ids=[
        "all-well",
        "heartbeat-4-min",
        "heartbeat-15-min",
        "no-heartbeat",
        "redis-down",
        "database-down",
        "both-down",
        "embedded",
    ],
)
def test_component_states_follow_the_checks(seen: Signals, expected: dict[str, ComponentState]) -> None:
    assert service.component_states(seen) == expected


@pytest.mark.parametrize(
    ("age", "state"), [(0, OK), (180, OK), (181, DEGRADED), (600, DEGRADED), (601, OUTAGE), (None, OUTAGE)]
)
def test_heartbeat_age_thresholds(age: float | None, state: ComponentState) -> None:
    assert service.heartbeat_state(age) is state


def test_overall_state_is_an_outage_only_when_the_core_is_out() -> None:
    assert service.overall_state({"web": OK, "database": OK, "sign_in": OK}) is OK
    assert service.overall_state({"web": OK, "database": OK, "background_jobs": OUTAGE}) is DEGRADED
    assert service.overall_state({"web": OK, "database": OUTAGE, "background_jobs": OK}) is OUTAGE


def test_unresolved_incidents_worsen_the_components_they_name() -> None:
    states = {"web": OK, "database": OK, "sign_in": DEGRADED}
    open_outage = Incident(status=IncidentStatus.MONITORING, impact=Impact.OUTAGE, components=["database"])
    minor = Incident(status=IncidentStatus.INVESTIGATING, impact=Impact.DEGRADED, components=["sign_in", "web"])
    resolved = Incident(status=IncidentStatus.RESOLVED, impact=Impact.OUTAGE, components=["web"])
    assert service.apply_incidents(states, [open_outage, minor, resolved]) == {
        "web": DEGRADED,
        "database": OUTAGE,
        "sign_in": DEGRADED,
    }


# --- the endpoint, against real PostgreSQL and Redis -----------------------------------------------------


def test_all_operational_with_a_fresh_heartbeat(app: Any, anon: Api) -> None:
    stamp_heartbeat(app.extensions["fitnesscrm"].redis, seconds_ago=20)
    response = anon.get(STATUS)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=5"
    body = response.json
    assert body["status"] == "operational"
    assert _states(body) == {
        "web": "operational",
        "database": "operational",
        "sign_in": "operational",
        "background_jobs": "operational",
    }
    assert [c["name"] for c in body["components"]] == [
        "Web app & API",
        "Database",
        "Sign-in & rate limiting",
        "Background jobs",
    ]
    assert body["incidents"] == []
    assert body["incidents_available"] is True


@pytest.mark.parametrize(("seconds_ago", "expected"), [(240, "degraded"), (900, "outage"), (None, "outage")])
def test_a_stale_or_missing_heartbeat_shows_background_jobs_down(
    app: Any, anon: Api, seconds_ago: float | None, expected: str
) -> None:
    if seconds_ago is not None:
        stamp_heartbeat(app.extensions["fitnesscrm"].redis, seconds_ago=seconds_ago)
    body = anon.get(STATUS).json
    assert _states(body)["background_jobs"] == expected
    assert _states(body)["database"] == "operational"
    assert body["status"] == "degraded"  # the app works; scheduled work does not


def test_redis_down_degrades_sign_in_and_stops_background_jobs(pg_url: str, mailer: Any) -> None:
    with app_with(pg_url, DEAD_REDIS_URL, mailer) as down:
        response = down.test_client().get(STATUS)
    assert response.status_code == 200
    assert _states(response.json) == {
        "web": "operational",
        "database": "operational",
        "sign_in": "degraded",
        "background_jobs": "outage",
    }
    assert response.json["status"] == "degraded"


def test_database_down_still_answers_with_the_database_out(redis_url: str, mailer: Any) -> None:
    with app_with(DEAD_DATABASE_URL, redis_url, mailer) as down:
        client = down.test_client()
        # A signed-in visitor's cookie is not looked up (sessions live in the dead database)…
        client.set_cookie(down.extensions["fitnesscrm"].settings.session_cookie_name, "a-stale-session-token")
        response = client.get(STATUS)
        # … while any endpoint that needs the caller answers 503, as before.
        refused = client.get("/api/v1/auth/me")
    assert refused.status_code == 503
    assert response.status_code == 200, response.text
    body = response.json
    assert body["status"] == "outage"
    assert _states(body)["database"] == "outage"
    assert _states(body)["sign_in"] == "outage"
    assert _states(body)["web"] == "operational"
    assert body["incidents"] == []
    assert body["incidents_available"] is False


def test_never_reveals_internals(
    app: Any, anon: Api, factory: Factory, pg_url: str, redis_url: str, mailer: Any
) -> None:
    add_incident(factory.database)
    texts = [anon.get(STATUS).text]
    with app_with(DEAD_DATABASE_URL, redis_url, mailer) as down:
        texts.append(down.test_client().get(STATUS).text)
    with app_with(pg_url, DEAD_REDIS_URL, mailer) as down:
        texts.append(down.test_client().get(STATUS).text)
    for text in texts:
        lowered = text.lower()
        for secret in (
            "127.0.0.1",
            "localhost",
            "postgres",
            "psycopg",
            "redis",
            "operationalerror",
            "nowhere",
            "migration",
            "unreachable",
            __version__,
            "author",
            "status-tests",
        ):
            assert secret not in lowered, (secret, text)


def test_status_polling_does_not_keep_a_session_alive(factory: Factory, sql: Any) -> None:
    admin = factory.api(factory.admin())
    earlier = utcnow() - timedelta(minutes=10)
    sql("UPDATE login_sessions SET last_seen_at = :at", at=earlier)
    assert admin.get(STATUS).status_code == 200
    [(seen,)] = sql("SELECT last_seen_at FROM login_sessions")
    assert seen == earlier
    assert admin.get("/api/v1/auth/me").status_code == 200  # a real request does touch it
    [(seen,)] = sql("SELECT last_seen_at FROM login_sessions")
    assert seen > earlier


def test_the_public_status_is_cached_for_a_few_seconds(app: Any, anon: Api, factory: Factory) -> None:
    first = anon.get(STATUS).json
    add_incident(factory.database)  # written behind the API's back: the cached answer stands
    assert anon.get(STATUS).json == first
    forget_cached_status(app)
    assert len(anon.get(STATUS).json["incidents"]) == 1


# --- incidents -------------------------------------------------------------------------------------------


def _audit_actions(sql: Any) -> list[str]:
    return [row[0] for row in sql("SELECT action FROM audit_events WHERE object_type = 'status_incident' ORDER BY seq")]


def test_incident_lifecycle_through_the_api(app: Any, factory: Factory, anon: Api, sql: Any) -> None:
    stamp_heartbeat(app.extensions["fitnesscrm"].redis, seconds_ago=5)
    person = factory.admin()
    admin = factory.api(person)
    created = admin.post(
        "/api/v1/status/incidents",
        json={
            "title": "  Sign-in is slow  ",
            "impact": "outage",
            "components": ["sign_in", "web", "sign_in"],
            "message": "Some people cannot sign in; we are investigating.",
        },
    )
    assert created.status_code == 201, created.json
    incident = created.json
    assert incident["title"] == "Sign-in is slow"
    assert incident["components"] == ["web", "sign_in"]  # catalogue order, no duplicates
    assert incident["status"] == "investigating"
    assert incident["resolved_at"] is None
    [first] = incident["updates"]
    assert first["author_name"] == "Admin " + person.email.removeprefix("admin").split("@")[0]
    assert created.headers["ETag"]
    url = f"/api/v1/status/incidents/{incident['id']}"

    public = anon.get(STATUS).json
    assert public["status"] == "outage"  # the web app is named, with an outage impact
    assert _states(public)["sign_in"] == "outage"
    [shown] = public["incidents"]
    assert shown["title"] == "Sign-in is slow"
    assert "author_name" not in shown["updates"][0]

    for status, message in (
        ("identified", "A faulty release; rolling back."),
        ("monitoring", "Rolled back; watching sign-ins."),
    ):
        assert admin.post(f"{url}/updates", json={"status": status, "message": message}).status_code == 201
    resolved = admin.post(f"{url}/updates", json={"status": "resolved", "message": "All good since 14:05."})
    assert resolved.status_code == 201
    assert [u["status"] for u in resolved.json["updates"]] == ["resolved", "monitoring", "identified", "investigating"]
    assert resolved.json["resolved_at"] is not None

    forget_cached_status(app)
    public = anon.get(STATUS).json
    assert public["status"] == "operational"  # resolved: the checks alone decide again
    assert public["incidents"][0]["status"] == "resolved"  # still listed: resolved within 14 days
    assert len(public["incidents"][0]["updates"]) == 4

    again = admin.post(f"{url}/updates", json={"status": "resolved", "message": "Really resolved."})
    assert again.status_code == 409
    reopened = admin.post(f"{url}/updates", json={"status": "investigating", "message": "It is back."})
    assert reopened.status_code == 201
    assert reopened.json["resolved_at"] is None
    assert _audit_actions(sql) == [
        "status_incident.create",
        "status_incident.add_update",
        "status_incident.add_update",
        "status_incident.resolve",
        "status_incident.reopen",
    ]
    [row] = sql("SELECT actor_id, details FROM audit_events WHERE action = 'status_incident.create'")
    assert row[0] == person.user_id
    assert row[1]["components"] == ["web", "sign_in"]


def test_editing_an_incident_needs_the_current_etag(factory: Factory, sql: Any) -> None:
    admin = factory.api(factory.admin())
    incident_id = add_incident(factory.database)
    url = f"/api/v1/status/incidents/{incident_id}"
    assert admin.patch(url, json={"title": "Reminder e-mails delayed"}).status_code == 428
    etag = admin.get(url).headers["ETag"]
    assert admin.patch(url, json={"impact": "outage"}, headers={"If-Match": '"stale"'}).status_code == 409
    edited = admin.patch(
        url,
        json={"title": "Reminder e-mails delayed", "impact": "outage", "components": ["background_jobs", "database"]},
        headers={"If-Match": etag},
    )
    assert edited.status_code == 200, edited.json
    assert edited.json["title"] == "Reminder e-mails delayed"
    assert edited.json["components"] == ["database", "background_jobs"]
    assert edited.headers["ETag"] != etag
    assert len(edited.json["updates"]) == 1  # editing never rewrites the timeline
    assert admin.patch(url, json={"title": "Again"}, headers={"If-Match": etag}).status_code == 409
    [(details,)] = sql("SELECT details FROM audit_events WHERE action = 'status_incident.edit'")
    assert details == {"fields": ["components", "impact", "title"]}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"components": ["billing"]}, "components"),
        ({"components": []}, "components"),
        ({"title": "   "}, "title"),
        ({"message": ""}, "message"),
        ({"message": "x" * 2001}, "message"),
        ({"impact": "catastrophic"}, "impact"),
        ({"status": "fixed"}, "status"),
        ({"started_at": "2026-01-01T10:00:00"}, "started_at"),  # no offset
        ({"severity": "high"}, "severity"),  # unknown fields are refused, not ignored
    ],
)
def test_incident_validation(factory: Factory, body: dict[str, Any], field: str) -> None:
    admin = factory.api(factory.admin())
    valid = {
        "title": "Database maintenance",
        "impact": "degraded",
        "components": ["database"],
        "message": "Planned maintenance.",
    }
    response = admin.post("/api/v1/status/incidents", json={**valid, **body})
    assert response.status_code == 422, response.json
    assert response.mimetype == "application/problem+json"
    assert any(e["field"].split(".")[0] == field for e in response.json["errors"]), response.json
    with factory.database.session() as session:
        assert session.scalar(select(Incident)) is None


@pytest.mark.parametrize("days", [-1, 31])
def test_incident_start_is_not_in_the_future_nor_long_ago(factory: Factory, days: int) -> None:
    admin = factory.api(factory.admin())
    started = (utcnow() - timedelta(days=days)).isoformat()
    response = admin.post(
        "/api/v1/status/incidents",
        json={"title": "Outage", "impact": "outage", "components": ["web"], "message": "Down.", "started_at": started},
    )
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "started_at"


def test_unknown_incident_is_404(factory: Factory) -> None:
    admin = factory.api(factory.admin())
    url = "/api/v1/status/incidents/00000000-0000-4000-8000-000000000000"
    assert admin.get(url).status_code == 404
    assert admin.post(f"{url}/updates", json={"status": "resolved", "message": "x"}).status_code == 404


def test_public_list_keeps_unresolved_and_recently_resolved_incidents(factory: Factory, anon: Api, sql: Any) -> None:
    old_open = add_incident(factory.database, title="Long-running", started_at=utcnow() - timedelta(days=25))
    add_incident(factory.database, title="Resolved long ago", status=IncidentStatus.RESOLVED)
    add_incident(factory.database, title="Resolved last week", status=IncidentStatus.RESOLVED)
    sql(
        "UPDATE status_incidents SET started_at = now() - interval '21 days', resolved_at = now() - interval "
        "'20 days' WHERE title = 'Resolved long ago'"
    )
    sql(
        "UPDATE status_incidents SET started_at = now() - interval '7 days', resolved_at = now() - interval "
        "'6 days' WHERE title = 'Resolved last week'"
    )
    body = anon.get(STATUS).json
    assert [i["title"] for i in body["incidents"]] == ["Long-running", "Resolved last week"]
    assert body["incidents"][0]["id"] == str(old_open)
    assert _states(body)["background_jobs"] == "outage"  # no heartbeat; the open incident says degraded at least


def test_posting_an_incident_twice_with_one_idempotency_key_creates_one(factory: Factory) -> None:
    admin = factory.api(factory.admin())
    body = {
        "title": "Calendar sync delayed",
        "impact": "degraded",
        "components": ["background_jobs"],
        "message": "Investigating.",
    }
    first = admin.post("/api/v1/status/incidents", json=body, headers={"Idempotency-Key": "incident-0001"})
    second = admin.post("/api/v1/status/incidents", json=body, headers={"Idempotency-Key": "incident-0001"})
    assert first.status_code == second.status_code == 201
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert first.json["id"] == second.json["id"]
    with factory.database.session() as session:
        assert len(session.scalars(select(Incident)).all()) == 1
        assert session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "status_incident")).all() == [
            "status_incident.create"
        ]


def test_incident_list_for_admins_pages_newest_first(factory: Factory) -> None:
    for n in range(3):
        add_incident(factory.database, title=f"Incident {n}", started_at=utcnow() - timedelta(hours=3 - n))
    admin = factory.api(factory.admin())
    page = admin.get("/api/v1/status/incidents?limit=2").json
    assert [i["title"] for i in page["items"]] == ["Incident 2", "Incident 1"]
    rest = admin.get(f"/api/v1/status/incidents?limit=2&cursor={page['next_cursor']}").json
    assert [i["title"] for i in rest["items"]] == ["Incident 0"]
    assert rest["items"][0]["updates"][0]["author_name"] == "status-tests"
    assert json.dumps(rest).count("investigating") == 2  # the incident's status and its one update


def test_with_redis_down_sign_in_keeps_a_per_instance_limit(pg_url: str, mailer: Any, factory: Factory) -> None:
    """What "Sign-in & rate limiting: degraded" promises: limits fall back to each instance's memory."""
    factory.admin(email="target@studio.example.com")
    with app_with(pg_url, DEAD_REDIS_URL, mailer) as down:
        allowed = down.extensions["fitnesscrm"].settings.login_limit_per_ip  # "20 per minute"
        per_minute = int(allowed.split()[0])
        client = down.test_client()
        statuses = [
            client.post(
                "/api/v1/auth/login", json={"email": "target@studio.example.com", "password": "not-the-password"}
            ).status_code
            for _ in range(per_minute + 1)
        ]
    assert statuses == [401] * per_minute + [429]


def test_two_updates_racing_for_one_place_in_the_timeline_conflict(factory: Factory, sql: Any) -> None:
    """The route locks the incident; without that lock the unique (incident, seq) still refuses a shared place."""
    incident_id = add_incident(factory.database)
    first, second = factory.database.sessionmaker(), factory.database.sessionmaker()
    try:
        mine, theirs = first.get(Incident, incident_id), second.get(Incident, incident_id)
        assert mine is not None
        assert theirs is not None
        assert len(mine.updates) == len(theirs.updates) == 1  # both read the timeline before either posts
        service.add_update(first, actor=SYSTEM, incident=mine, status=IncidentStatus.IDENTIFIED, message="Found it.")
        first.commit()
        with pytest.raises(Conflict) as raised:
            service.add_update(
                second, actor=SYSTEM, incident=theirs, status=IncidentStatus.MONITORING, message="Watching."
            )
        assert raised.value.status == 409
        second.rollback()
    finally:
        first.close()
        second.close()
    assert sql("SELECT seq, status FROM status_incident_updates ORDER BY seq") == [
        (1, "investigating"),
        (2, "identified"),
    ]


def test_callers_are_not_looked_up_for_the_public_status(app: Any) -> None:
    [rule] = [rule for rule in app.url_map.iter_rules() if rule.rule == STATUS]
    view = app.view_functions[rule.endpoint]
    assert view.caller_blind  # web.caller_blind: read by accounts.api.admit_request
    assert view.public
