"""The authorisation matrix: every /api/v1 route x (anonymous, client, trainer, other trainer, admin).

``client`` belongs to ``trainer`` and not to ``other_trainer``. Each cell sends a valid request, so
"allow" means the action really succeeded (2xx); the other outcomes are the exact status expected.
A route that exists in the app but not in ``MATRIX`` fails ``test_every_api_route_is_in_the_matrix``:
add a row (and a request in ``REQUESTS``) for every new endpoint.
"""

from __future__ import annotations

import dataclasses
import importlib
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pyotp
import pytest

from fitnesscrm.accounts.models import ApiToken, Invitation, LoginSession, PasswordResetToken, User
from fitnesscrm.clients import service as clients_service
from fitnesscrm.clients.models import Client
from fitnesscrm.core.actor import Actor, Role
from fitnesscrm.core.crypto import new_token, token_hash
from fitnesscrm.core.db import utcnow
from fitnesscrm.staff.models import Trainer

from . import snapshot
from .authz import ACTORS, ALLOW, E401, E403, E404, Req, World, etag
from .factories import PASSWORD, Api, Factory

NEW_PASSWORD = "violet-harbour-tram-93"
EXCLUDED = ("/api/v1/openapi.json", "/api/v1/docs")

# Expected outcome per route and actor. "allow" = the request succeeded with a 2xx.
MATRIX: dict[str, tuple[str, str, str, str, str]] = {
    # route                                                     anonymous client trainer other_tr admin
    "POST /api/v1/auth/login": (ALLOW, ALLOW, ALLOW, ALLOW, ALLOW),
    "POST /api/v1/auth/logout": (ALLOW, ALLOW, ALLOW, ALLOW, ALLOW),  # idempotent
    "GET /api/v1/auth/me": (E401, ALLOW, ALLOW, ALLOW, ALLOW),
    "PATCH /api/v1/auth/me": (E401, ALLOW, ALLOW, ALLOW, ALLOW),
    "POST /api/v1/auth/password": (E401, ALLOW, ALLOW, ALLOW, ALLOW),
    "POST /api/v1/auth/password-reset": (ALLOW, ALLOW, ALLOW, ALLOW, ALLOW),
    "POST /api/v1/auth/password-reset/confirm": (ALLOW, ALLOW, ALLOW, ALLOW, ALLOW),
    "POST /api/v1/auth/invitations": (E401, E403, ALLOW, E404, ALLOW),
    "GET /api/v1/auth/invitations": (E401, E403, ALLOW, ALLOW, ALLOW),
    "DELETE /api/v1/auth/invitations/<uuid:invitation_id>": (E401, E403, ALLOW, E404, ALLOW),
    "POST /api/v1/auth/invitations/preview": (ALLOW, ALLOW, ALLOW, ALLOW, ALLOW),
    "POST /api/v1/auth/invitations/accept": (ALLOW, ALLOW, ALLOW, ALLOW, ALLOW),
    "GET /api/v1/auth/two-factor": (E401, ALLOW, ALLOW, ALLOW, ALLOW),
    "POST /api/v1/auth/two-factor/setup": (E401, ALLOW, ALLOW, ALLOW, ALLOW),
    "POST /api/v1/auth/two-factor/enable": (E401, ALLOW, ALLOW, ALLOW, ALLOW),
    "POST /api/v1/auth/two-factor/disable": (E401, ALLOW, ALLOW, ALLOW, ALLOW),
    "GET /api/v1/auth/sessions": (E401, ALLOW, ALLOW, ALLOW, ALLOW),
    "DELETE /api/v1/auth/sessions/<uuid:session_id>": (E401, ALLOW, ALLOW, ALLOW, ALLOW),
    "GET /api/v1/auth/tokens": (E401, ALLOW, ALLOW, ALLOW, ALLOW),
    "POST /api/v1/auth/tokens": (E401, ALLOW, ALLOW, ALLOW, ALLOW),
    "DELETE /api/v1/auth/tokens/<uuid:token_id>": (E401, ALLOW, ALLOW, ALLOW, ALLOW),
    "GET /api/v1/clients": (E401, ALLOW, ALLOW, ALLOW, ALLOW),
    "POST /api/v1/clients": (E401, E403, ALLOW, ALLOW, ALLOW),
    "GET /api/v1/clients/<uuid:client_id>": (E401, ALLOW, ALLOW, E404, ALLOW),
    "PATCH /api/v1/clients/<uuid:client_id>": (E401, E403, ALLOW, E404, ALLOW),
    "POST /api/v1/clients/<uuid:client_id>/archive": (E401, E403, ALLOW, E404, ALLOW),
    "POST /api/v1/clients/<uuid:client_id>/restore": (E401, E403, ALLOW, E404, ALLOW),
    "GET /api/v1/clients/<uuid:client_id>/health": (E401, ALLOW, ALLOW, E404, ALLOW),
    "PUT /api/v1/clients/<uuid:client_id>/health": (E401, E403, ALLOW, E404, ALLOW),
    "GET /api/v1/clients/<uuid:client_id>/trainers": (E401, ALLOW, ALLOW, E404, ALLOW),
    "PUT /api/v1/clients/<uuid:client_id>/trainers/<uuid:trainer_id>": (E401, E403, E403, E403, ALLOW),
    "DELETE /api/v1/clients/<uuid:client_id>/trainers/<uuid:trainer_id>": (E401, E403, E403, E403, ALLOW),
    "GET /api/v1/trainers": (E401, ALLOW, ALLOW, ALLOW, ALLOW),
    "POST /api/v1/trainers": (E401, E403, E403, E403, ALLOW),
    "GET /api/v1/trainers/<uuid:trainer_id>": (E401, ALLOW, ALLOW, ALLOW, ALLOW),
    "PATCH /api/v1/trainers/<uuid:trainer_id>": (E401, E403, ALLOW, E403, ALLOW),
    "GET /api/v1/audit-events": (E401, E403, E403, E403, ALLOW),
}


def _reset_token(w: World, actor: str) -> str:
    raw = new_token()
    with w.session() as s:
        s.add(
            PasswordResetToken(
                user_id=w.user_for(actor).user_id, token_hash=token_hash(raw), expires_at=utcnow() + timedelta(hours=1)
            )
        )
    return raw


def _pending_two_factor(w: World, actor: str) -> str:
    """An authenticator app being set up for the actor: the code it shows now."""
    secret = pyotp.random_base32()
    with w.session() as s:
        s.get(User, w.user_for(actor).user_id).totp_secret = secret
    return pyotp.TOTP(secret).now()


def _other_session(w: World, actor: str) -> uuid.UUID:
    """A second sign-in of the actor (another device), to be signed out."""
    with w.session() as s:
        other = LoginSession(
            user_id=w.user_for(actor).user_id,
            token_hash=token_hash(new_token()),
            csrf_token=new_token(),
            expires_at=utcnow() + timedelta(days=1),
        )
        s.add(other)
        s.flush()
        return other.id


def _api_token(w: World, actor: str) -> uuid.UUID:
    with w.session() as s:
        api_token = ApiToken(
            user_id=w.user_for(actor).user_id,
            name="integration",
            scopes=["read"],
            token_hash=token_hash("fcrm_" + new_token()),
            expires_at=utcnow() + timedelta(days=9),
        )
        s.add(api_token)
        s.flush()
        return api_token.id


def _archived(w: World) -> uuid.UUID:
    with w.session() as s:
        client = s.get(Client, w.client_id)
        clients_service.set_archived(s, actor=Actor.system(), client=client, archived=True)
    return w.client_id


def _client_url(w: World, suffix: str = "") -> str:
    return f"/api/v1/clients/{w.client_id}{suffix}"


REQUESTS: dict[str, Callable[[World, str], Req]] = {
    "POST /api/v1/auth/login": lambda w, a: Req(
        "POST", "/api/v1/auth/login", {"email": w.user_for(a).email, "password": PASSWORD}
    ),
    "POST /api/v1/auth/logout": lambda w, a: Req("POST", "/api/v1/auth/logout"),
    "GET /api/v1/auth/me": lambda w, a: Req("GET", "/api/v1/auth/me"),
    "PATCH /api/v1/auth/me": lambda w, a: Req("PATCH", "/api/v1/auth/me", {"unit_system": "imperial"}),
    "POST /api/v1/auth/password": lambda w, a: Req(
        "POST", "/api/v1/auth/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    ),
    "POST /api/v1/auth/password-reset": lambda w, a: Req(
        "POST", "/api/v1/auth/password-reset", {"email": w.user_for(a).email}
    ),
    "POST /api/v1/auth/password-reset/confirm": lambda w, a: Req(
        "POST", "/api/v1/auth/password-reset/confirm", {"token": _reset_token(w, a), "new_password": NEW_PASSWORD}
    ),
    "POST /api/v1/auth/invitations": lambda w, a: Req(
        "POST", "/api/v1/auth/invitations", {"role": "client", "client_id": str(w.invitee.client_id)}
    ),
    "GET /api/v1/auth/invitations": lambda w, a: Req("GET", "/api/v1/auth/invitations"),
    "DELETE /api/v1/auth/invitations/<uuid:invitation_id>": lambda w, a: Req(
        "DELETE", f"/api/v1/auth/invitations/{w.invitation_id}"
    ),
    "POST /api/v1/auth/invitations/preview": lambda w, a: Req(
        "POST", "/api/v1/auth/invitations/preview", {"token": w.invitation_token}
    ),
    "POST /api/v1/auth/invitations/accept": lambda w, a: Req(
        "POST", "/api/v1/auth/invitations/accept", {"token": w.invitation_token, "password": NEW_PASSWORD}
    ),
    "GET /api/v1/auth/two-factor": lambda w, a: Req("GET", "/api/v1/auth/two-factor"),
    "POST /api/v1/auth/two-factor/setup": lambda w, a: Req("POST", "/api/v1/auth/two-factor/setup"),
    "POST /api/v1/auth/two-factor/enable": lambda w, a: Req(
        "POST", "/api/v1/auth/two-factor/enable", {"code": _pending_two_factor(w, a), "password": PASSWORD}
    ),
    "POST /api/v1/auth/two-factor/disable": lambda w, a: Req(
        "POST", "/api/v1/auth/two-factor/disable", {"password": PASSWORD}
    ),
    "GET /api/v1/auth/sessions": lambda w, a: Req("GET", "/api/v1/auth/sessions"),
    "DELETE /api/v1/auth/sessions/<uuid:session_id>": lambda w, a: Req(
        "DELETE", f"/api/v1/auth/sessions/{_other_session(w, a)}"
    ),
    "GET /api/v1/auth/tokens": lambda w, a: Req("GET", "/api/v1/auth/tokens"),
    "POST /api/v1/auth/tokens": lambda w, a: Req(
        "POST", "/api/v1/auth/tokens", {"name": "Zapier", "scopes": ["read"], "expires_in_days": 30}
    ),
    "DELETE /api/v1/auth/tokens/<uuid:token_id>": lambda w, a: Req("DELETE", f"/api/v1/auth/tokens/{_api_token(w, a)}"),
    "GET /api/v1/clients": lambda w, a: Req("GET", "/api/v1/clients"),
    "POST /api/v1/clients": lambda w, a: Req(
        "POST", "/api/v1/clients", {"first_name": "Nova", "last_name": "Lead", "email": "nova@example.com"}
    ),
    "GET /api/v1/clients/<uuid:client_id>": lambda w, a: Req("GET", _client_url(w)),
    "PATCH /api/v1/clients/<uuid:client_id>": lambda w, a: Req(
        "PATCH", _client_url(w), {"notes": "Prefers mornings", "status": "active"}, etag(w, Client, w.client_id)
    ),
    "POST /api/v1/clients/<uuid:client_id>/archive": lambda w, a: Req("POST", _client_url(w, "/archive")),
    "POST /api/v1/clients/<uuid:client_id>/restore": lambda w, a: Req(
        "POST", f"/api/v1/clients/{_archived(w)}/restore"
    ),
    "GET /api/v1/clients/<uuid:client_id>/health": lambda w, a: Req("GET", _client_url(w, "/health")),
    "PUT /api/v1/clients/<uuid:client_id>/health": lambda w, a: Req(
        "PUT", _client_url(w, "/health"), {"medical_conditions": "Asthma", "injuries": None}
    ),
    "GET /api/v1/clients/<uuid:client_id>/trainers": lambda w, a: Req("GET", _client_url(w, "/trainers")),
    "PUT /api/v1/clients/<uuid:client_id>/trainers/<uuid:trainer_id>": lambda w, a: Req(
        "PUT", _client_url(w, f"/trainers/{w.trainer_id('other_trainer')}"), {"is_primary": False}
    ),
    "DELETE /api/v1/clients/<uuid:client_id>/trainers/<uuid:trainer_id>": lambda w, a: Req(
        "DELETE", _client_url(w, f"/trainers/{w.trainer_id()}")
    ),
    "GET /api/v1/trainers": lambda w, a: Req("GET", "/api/v1/trainers"),
    "POST /api/v1/trainers": lambda w, a: Req(
        "POST", "/api/v1/trainers", {"first_name": "Nina", "last_name": "New", "email": "nina@studio.example.com"}
    ),
    "GET /api/v1/trainers/<uuid:trainer_id>": lambda w, a: Req("GET", f"/api/v1/trainers/{w.trainer_id()}"),
    "PATCH /api/v1/trainers/<uuid:trainer_id>": lambda w, a: Req(
        "PATCH",
        f"/api/v1/trainers/{w.trainer_id()}",
        {"bio": "Olympic lifting coach"},
        etag(w, Trainer, w.trainer_id()),
    ),
    "GET /api/v1/audit-events": lambda w, a: Req("GET", "/api/v1/audit-events"),
}


def _world(factory: Factory) -> World:
    trainer, other = factory.trainer(), factory.trainer()
    people = {
        "admin": factory.admin(),
        "trainer": trainer,
        "other_trainer": other,
        "client": factory.client(trainer=trainer, account=True),
    }
    invitee = factory.client(trainer=trainer, first_name="Ivy")
    raw = new_token()
    with factory.database.session() as s:
        invitation = Invitation(
            email=invitee.email,
            full_name="Ivy Invitee",
            role=Role.CLIENT,
            token_hash=token_hash(raw),
            client_id=invitee.client_id,
            invited_by_id=trainer.user_id,
            expires_at=utcnow() + timedelta(days=1),
        )
        s.add(invitation)
        s.flush()
        invitation_id = invitation.id
    return World(factory, people, invitee, invitation_id, raw)


def _outcome(status: int) -> str:
    return ALLOW if 200 <= status < 300 else str(status)


def _area_contributions() -> None:
    """Merge the rows of every ``tests/<area>/authz_*.py`` module into MATRIX and REQUESTS."""
    root = Path(__file__).parent
    for module_path in sorted(root.glob("*/authz_*.py")):
        module = importlib.import_module(f"tests.{module_path.parent.name}.{module_path.stem}")
        overlap = set(module.MATRIX) & set(MATRIX)
        assert not overlap, f"{module_path}: routes already in the matrix: {sorted(overlap)}"
        MATRIX.update(module.MATRIX)
        REQUESTS.update(module.REQUESTS)


_area_contributions()

CASES = [
    pytest.param(route, actor, expected[i], id=f"{route} | {actor}")
    for route, expected in MATRIX.items()
    for i, actor in enumerate(ACTORS)
]


# The world as this worker first built it, and its rows: each cell starts from a copy (tests/snapshot.py).
_BUILT: dict[int, tuple[World, snapshot.Snapshot]] = {}


@pytest.fixture
def world(app: Any, factory: Factory) -> World:
    """The same five-person world for every cell, built once and restored into the emptied tables after that."""
    built = _BUILT.get(id(app))
    if built is None:
        built = _BUILT[id(app)] = (_world(factory), snapshot.take(factory.database))
    else:
        snapshot.restore(factory.database, built[1])
    return dataclasses.replace(built[0], factory=factory, extra={})


@pytest.mark.parametrize(("route", "actor", "expected"), CASES)
def test_authorisation(factory: Factory, world: World, route: str, actor: str, expected: str) -> None:
    api: Api = factory.api(None if actor == "anonymous" else world.people[actor])
    req = REQUESTS[route](world, actor)
    response = api.request(req.method, req.path, json=req.json, headers=req.headers, data=req.data)
    assert _outcome(response.status_code) == expected, (
        f"{route} as {actor}: expected {expected}, got {response.status_code} {response.get_json()}"
    )
    if expected != ALLOW:
        assert response.mimetype == "application/problem+json"


def _api_routes(app: Any) -> set[str]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.rule.startswith(EXCLUDED):
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routes.add(f"{method} {rule.rule}")
    return routes


def test_every_api_route_is_in_the_matrix(app: Any) -> None:
    routes = _api_routes(app)
    missing = sorted(routes - set(MATRIX))
    assert not missing, f"routes without an authorisation row in MATRIX (add one per actor): {missing}"
    stale = sorted(set(MATRIX) - routes)
    assert not stale, f"MATRIX rows for routes that no longer exist: {stale}"
    assert set(REQUESTS) == set(MATRIX)
    assert all(len(row) == len(ACTORS) for row in MATRIX.values())
