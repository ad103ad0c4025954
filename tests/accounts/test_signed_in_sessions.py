"""My signed-in devices: listed with where and when, and each can be signed out from another (M9.4)."""

from __future__ import annotations

from typing import Any

from ..factories import Api, Factory
from ..test_api_contract import count_queries

SESSIONS = "/api/v1/auth/sessions"


def _as(factory: Factory, person: Any, agent: str) -> Api:
    api = Api(factory.app.test_client())
    api.client.environ_base["HTTP_USER_AGENT"] = agent
    assert api.login(person.email).status_code == 200
    return api


def test_a_person_sees_their_devices_and_signs_a_lost_one_out(factory: Factory):
    trainer = factory.trainer()
    laptop = _as(factory, trainer, "Mozilla/5.0 (X11; Linux x86_64) Laptop")
    phone = _as(factory, trainer, "Mozilla/5.0 (iPhone) Phone")
    someone_else = _as(factory, factory.client(account=True), "Other")

    listed = laptop.get(SESSIONS)
    assert listed.status_code == 200
    devices = {item["user_agent"]: item for item in listed.json["items"]}
    assert set(devices) == {"Mozilla/5.0 (X11; Linux x86_64) Laptop", "Mozilla/5.0 (iPhone) Phone"}
    assert devices["Mozilla/5.0 (X11; Linux x86_64) Laptop"]["current"] is True
    assert devices["Mozilla/5.0 (iPhone) Phone"]["current"] is False
    assert devices["Mozilla/5.0 (iPhone) Phone"]["ip"] == "127.0.0.1"

    theirs = someone_else.get(SESSIONS).json["items"][0]["id"]
    assert laptop.delete(f"{SESSIONS}/{theirs}").status_code == 404  # nobody signs out someone else's device
    assert someone_else.get("/api/v1/auth/me").status_code == 200

    lost = devices["Mozilla/5.0 (iPhone) Phone"]["id"]
    assert laptop.delete(f"{SESSIONS}/{lost}").status_code == 204
    assert phone.get("/api/v1/auth/me").status_code == 401
    assert [item["current"] for item in laptop.get(SESSIONS).json["items"]] == [True]
    assert laptop.delete(f"{SESSIONS}/{lost}").status_code == 404  # already signed out


def test_the_devices_list_costs_one_statement(factory: Factory):
    admin = factory.admin()
    api = _as(factory, admin, "A")
    for n in range(4):
        _as(factory, admin, f"Device {n}")
    api.get(SESSIONS)  # the caller's sign-in is cached from here on

    def statements(limit: int) -> list[str]:
        with count_queries(factory.database) as seen:
            assert api.get(SESSIONS, query_string={"limit": limit}).status_code == 200
        return [s for s in seen if "sign-in" not in s]

    assert len(statements(2)) == len(statements(50)) == 1


def test_devices_are_listed_and_signed_out_on_both_databases(either_app: Any) -> None:
    factory = Factory(either_app)
    person = factory.admin()
    mine, other = _as(factory, person, "Mine"), _as(factory, person, "Other")
    items = mine.get(SESSIONS).json["items"]
    assert sorted((i["user_agent"], i["current"]) for i in items) == [("Mine", True), ("Other", False)]
    assert mine.delete(f"{SESSIONS}/{next(i['id'] for i in items if not i['current'])}").status_code == 204
    assert other.get("/api/v1/auth/me").status_code == 401
