"""`Idempotency-Key` on every creating POST: a retry gets the first answer, not a duplicate."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from claimdesk.adapters.db.models import ClaimRow
from claimdesk.bootstrap import Container
from tests.builders import an_auto_report_body, an_auto_world, token_for

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

URL = "/api/auto-claims"


def _claims(container: Container) -> int:
    with container.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(ClaimRow)).scalar_one())


def test_a_retried_auto_report_is_answered_from_the_first(
    container: Container, client: TestClient
) -> None:
    an_auto_world(container)
    headers = {**token_for(client, "agent"), "Idempotency-Key": "report-7f3a"}
    first = client.post(URL, json=an_auto_report_body(), headers=headers)
    again = client.post(URL, json=an_auto_report_body(), headers=headers)
    assert first.status_code == 201, first.text
    assert again.status_code == 201 and again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert _claims(container) == 1
    other_body = an_auto_report_body(estimated_loss="900.00")
    reused = client.post(URL, json=other_body, headers=headers)
    assert reused.status_code == 422 and reused.json()["code"] == "IDEMPOTENCY_KEY_REUSED"
    someone_else = {**token_for(client, "auto_customer"), "Idempotency-Key": "report-7f3a"}
    assert client.post(URL, json=an_auto_report_body(), headers=someone_else).status_code == 201
    assert _claims(container) == 2  # keys belong to their caller


def test_parallel_retries_create_one_claim(container: Container, client: TestClient) -> None:
    an_auto_world(container)
    headers = {**token_for(client, "agent"), "Idempotency-Key": "parallel-1"}
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(
            pool.map(lambda _: client.post(URL, json=an_auto_report_body(), headers=headers),
                     range(12))
        )  # fmt: skip
    assert {a.status_code for a in answers} <= {201, 409}, [a.text for a in answers]
    created = {a.json()["id"] for a in answers if a.status_code == 201}
    assert len(created) == 1 and _claims(container) == 1
    busy = [a for a in answers if a.status_code == 409]
    assert all(a.json()["code"] == "IDEMPOTENCY_IN_PROGRESS" for a in busy)
    assert all(a.headers["retry-after"] == "1" for a in busy)
