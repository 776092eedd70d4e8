"""Managers are reminded of last month's 理赔时效监测表 on the reports page and the dashboard
until it is marked submitted; customers and specialists never see it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from claimdesk.adapters.clock import FixedClock
from claimdesk.bootstrap import Container
from tests.builders import a_world
from tests.integration.test_web_pages import _csrf, sign_in


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 12, 2, 2, 0, tzinfo=UTC))  # 2 December, Beijing morning


def test_the_reminder_stays_until_the_report_is_marked_submitted(
    container: Container, client: TestClient
) -> None:
    a_world(container)
    sign_in(client, "manager")
    for path in ("/reports", "/dashboard"):
        page = client.get(path)
        assert 'id="submission-reminder"' in page.text, path
        assert "2026-11 理赔时效监测表尚未报送" in page.text and "已逾期" not in page.text
    page = client.get("/reports")
    client.post("/reports/generate", data={"month": "2026-11", "csrf_token": _csrf(page.text)})
    still = client.get("/reports")
    assert 'id="submission-reminder"' in still.text  # generated is not submitted
    done = client.post("/reports/2026-11/submit", data={"csrf_token": _csrf(still.text)})
    assert done.status_code == 200, done.text
    for path in ("/reports", "/dashboard"):
        assert 'id="submission-reminder"' not in client.get(path).text, path
    sign_in(client, "specialist")
    assert 'id="submission-reminder"' not in client.get("/workbench").text
