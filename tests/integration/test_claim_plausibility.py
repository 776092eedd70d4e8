"""Issue 11: implausible claim facts are refused with their own codes, never stored silently."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from claimdesk.bootstrap import Container
from claimdesk.domain.claim import incident_refusal
from tests.builders import a_report_body, a_world, token_for


def _report(client: TestClient, body: dict) -> dict:
    response = client.post("/api/claims", json=body, headers=token_for(client, "agent"))
    assert response.status_code == 422, response.text
    return dict(response.json())


@pytest.mark.parametrize(
    ("incident", "code"),
    [
        ("2099-01-01", "INCIDENT_AFTER_REPORT"),  # the test clock reports on 2026-06-01
        ("2026-06-02", "INCIDENT_AFTER_REPORT"),
        ("1900-01-01", "INCIDENT_OUTSIDE_POLICY_PERIOD"),  # the policy is 2026
        ("2025-12-31", "INCIDENT_OUTSIDE_POLICY_PERIOD"),
    ],
)
def test_an_implausible_incident_date_is_refused(
    container: Container, client: TestClient, incident: str, code: str
) -> None:
    a_world(container)
    error = _report(client, a_report_body(incident_date=incident))
    assert error["code"] == code and error["field"] == "incident_date"
    assert incident in error["message_zh"] and incident in error["message_en"]
    listed = client.get("/api/claims", headers=token_for(client, "agent")).json()
    assert listed["items"] == []  # nothing half-written


def test_full_width_digits_in_an_amount_are_refused_not_read(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    body = a_report_body()
    body["visits"][0]["lines"][0]["amount"] = "３００.００"
    error = _report(client, body)
    assert error["code"] == "AMOUNT_NOT_ASCII_DIGITS"
    assert error["field"] == "visits.0.lines.0.amount"
    assert "半角" in error["message_zh"] and "0-9" in error["message_en"]


def test_the_incident_rule_accepts_late_reporting_of_an_incident_in_the_period() -> None:
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    assert incident_refusal(date(2026, 12, 30), date(2027, 2, 1), start, end) is None
    assert incident_refusal(date(2026, 6, 1), date(2026, 6, 1), start, end) is None
