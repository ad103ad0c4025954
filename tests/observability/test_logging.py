"""Logs: one JSON access line per request with the agreed fields and no personal data; central redaction;
trace ids from W3C traceparent."""

from __future__ import annotations

import json
import logging

import pytest
import structlog

from fitnesscrm.observability import tracing
from fitnesscrm.observability.logging import REDACTED, configure_logging, redact_sensitive

from ..factories import Factory
from .support import access_lines, json_lines

ACCESS_FIELDS = {
    "request_id",
    "trace_id",
    "user_id",
    "method",
    "route",
    "status",
    "duration_ms",
    "db_queries",
    "db_time_ms",
}
TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"


def test_one_access_line_per_request_with_ids_timing_and_query_counts_but_no_personal_data(
    factory: Factory, capsys: pytest.CaptureFixture[str], app_logs_at_info: None
) -> None:
    client = factory.client(account=True, first_name="Philippa", phone="+44 7911 123456")
    api = factory.api(client)
    capsys.readouterr()
    response = api.get(
        f"/api/v1/clients/{client.client_id}?q=Philippa",
        headers={"X-Request-ID": "req-0123456789", "traceparent": f"00-{TRACE_ID}-00f067aa0ba902b7-01"},
    )
    out = capsys.readouterr().out
    assert response.status_code == 200
    assert client.email in response.get_data(as_text=True)  # the response has the personal data; the log must not

    access = access_lines(out)
    assert len(access) == 1
    entry = access[0]
    assert entry.keys() >= ACCESS_FIELDS
    assert entry["request_id"] == response.headers["X-Request-ID"]
    assert entry["request_id"] == "req-0123456789"
    assert entry["trace_id"] == TRACE_ID
    assert entry["user_id"] == str(client.user_id)
    assert entry["method"] == "GET"
    assert entry["route"] == "/api/v1/clients/<uuid:client_id>"
    assert entry["status"] == 200
    assert entry["duration_ms"] >= 0
    assert entry["db_queries"] >= 2  # at least the session lookup and the client itself
    assert entry["db_time_ms"] > 0
    assert entry["level"] == "info"
    for needle in (client.email, "Philippa", "7911", str(client.client_id)):  # not even the raw id in the URL
        assert needle not in out


def test_every_request_is_logged_once_even_when_refused_before_the_view(
    factory: Factory, capsys: pytest.CaptureFixture[str], app_logs_at_info: None
) -> None:
    api = factory.api()
    capsys.readouterr()
    api.get("/api/v1/nothing-here", headers={"traceparent": "not-a-traceparent"})
    api.get("/api/v1/clients")  # 401 before any query
    api.post("/api/v1/clients", data="a=b", content_type="application/x-www-form-urlencoded")  # 400-ish refusal
    access = access_lines(capsys.readouterr().out)
    assert [(e["route"], e["status"]) for e in access][:2] == [("unmatched", 404), ("/api/v1/clients", 401)]
    assert len(access) == 3
    assert access[0]["trace_id"] is None
    assert access[0]["user_id"] is None
    assert len({e["request_id"] for e in access}) == 3


def test_redaction_covers_sensitive_keys_at_any_depth_in_any_case() -> None:
    event = {
        "event": "user.updated",
        "user_id": "u-1",
        "Password": "hunter2",
        "X-CSRF-Token": "abc",
        "changes": {
            "Email": "a@example.com",
            "phone_number": "+447700900123",
            "unit_system": "metric",
            "nested": [{"health_notes": "asthma", "ok": 1}, {"date_of_birth": "1990-01-01"}],
        },
        "headers": {"Authorization": "Bearer t", "Cookie": "s=1", "Accept": "application/json"},
        "client": {"first_name": "Ann", "name": "Ann Lee", "status": "active"},
    }
    redacted = redact_sensitive(None, "info", event)
    assert redacted["event"] == "user.updated"
    assert redacted["user_id"] == "u-1"
    assert redacted["Password"] == redacted["X-CSRF-Token"] == REDACTED
    assert redacted["changes"]["Email"] == redacted["changes"]["phone_number"] == REDACTED
    assert redacted["changes"]["unit_system"] == "metric"
    assert redacted["changes"]["nested"] == [{"health_notes": REDACTED, "ok": 1}, {"date_of_birth": REDACTED}]
    assert redacted["headers"] == {"Authorization": REDACTED, "Cookie": REDACTED, "Accept": "application/json"}
    assert redacted["client"] == {"first_name": REDACTED, "name": REDACTED, "status": "active"}


def test_structlog_and_stdlib_lines_share_the_json_format_and_the_redaction(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO")
    try:
        structlog.get_logger("fitnesscrm.test").info(
            "mail.queued", to="ann@example.com", meta={"api_key": "k-1", "attempt": 2}
        )
        logging.getLogger("somelibrary").warning("retrying %s", "soon")
        logging.getLogger("somelibrary").debug("not shown at INFO")
    finally:
        configure_logging("WARNING")
    lines = json_lines(capsys.readouterr().out)
    assert [line["event"] for line in lines] == ["mail.queued", "retrying soon"]
    assert lines[0]["to"] == REDACTED
    assert lines[0]["meta"] == {"api_key": REDACTED, "attempt": 2}
    assert lines[1]["level"] == "warning"
    assert lines[1]["logger"] == "somelibrary"
    assert all({"timestamp", "pid", "level"} <= line.keys() for line in lines)
    assert "ann@example.com" not in json.dumps(lines)


def test_tracebacks_lose_the_values_error_messages_quote(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO")
    try:
        try:
            raise ValueError(
                'invalid input syntax for type integer: "ann.bell@example.com"\n'
                "DETAIL:  Key (email)=(ann.bell@example.com) already exists."
            )
        except ValueError:
            structlog.get_logger("fitnesscrm.test").exception("http.unhandled")
    finally:
        configure_logging("WARNING")
    [line] = json_lines(capsys.readouterr().out)
    assert "ValueError" in line["exception"]
    assert "Key (email)=([redacted]) already exists" in line["exception"].replace(REDACTED, "[redacted]")
    assert "ann.bell" not in json.dumps(line)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (f"00-{TRACE_ID}-00f067aa0ba902b7-01", TRACE_ID),
        (f" 00-{TRACE_ID}-00f067aa0ba902b7-00 ", TRACE_ID),
        (f"01-{TRACE_ID}-00f067aa0ba902b7-01-future-field", TRACE_ID),  # later versions may append fields
        (f"00-{TRACE_ID}-00f067aa0ba902b7-01-extra", None),  # version 00 has exactly four
        (f"ff-{TRACE_ID}-00f067aa0ba902b7-01", None),
        (f"00-{'0' * 32}-00f067aa0ba902b7-01", None),
        (f"00-{TRACE_ID}-{'0' * 16}-01", None),
        (f"00-{TRACE_ID.upper()}-00f067aa0ba902b7-01", None),
        (f"00-{TRACE_ID[:-1]}-00f067aa0ba902b7-01", None),
        ("", None),
        (None, None),
    ],
)
def test_trace_id_only_from_a_well_formed_traceparent(header: str | None, expected: str | None) -> None:
    assert tracing.trace_id_from_traceparent(header) == expected


def test_a_registered_trace_id_provider_wins_over_the_header_and_its_faults_are_contained() -> None:
    header = f"00-{TRACE_ID}-00f067aa0ba902b7-01"
    try:
        tracing.set_trace_id_provider(lambda: "a" * 32)
        assert tracing.current_trace_id(header) == "a" * 32
        tracing.set_trace_id_provider(lambda: None)  # no active span: fall back to the header
        assert tracing.current_trace_id(header) == TRACE_ID

        def broken() -> str:
            raise RuntimeError("tracer down")

        tracing.set_trace_id_provider(broken)
        assert tracing.current_trace_id(header) == TRACE_ID
    finally:
        tracing.set_trace_id_provider(None)
