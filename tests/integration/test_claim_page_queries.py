"""The claim page reads in one unit of work, with a fixed number of statements (no N+1).

Statements are counted on the engine (`before_cursor_execute`), units of work as connection
checkouts from the pool (each unit of work checks out one connection).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from claimdesk.bootstrap import Container, build_app
from claimdesk.domain.claim import Claim
from claimdesk.domain.claim import ClaimStatus as S
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import report_claim
from tests.builders import (
    World,
    a_lab_line,
    a_report,
    a_world,
    token_for,
    with_all_materials,
    with_materials,
)
from tests.integration.test_web_pages import sign_in

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

MOST_STATEMENTS = 21  # the page's own reads: claim (+visits, lines, adjusters) and one per panel
# (hospitals in the registry, corrections, complaint cases, payments, reserves, 预赔 estimate and
# its revisions, the claim's sent messages (发送记录) or the insured's payee changes: one read each)


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    """The app without its background workers: their passes would be counted as the page's."""
    quiet = {"outbox_interval_seconds": 0, "sla_sweep_interval_seconds": 0}
    container.settings = container.settings.model_copy(update=quiet)
    with TestClient(build_app(container)) as test_client:
        yield test_client


@dataclass
class Counted:
    statements: int = 0
    units: int = 0


@contextmanager
def counting(container: Container) -> Iterator[Counted]:
    counted = Counted()

    def on_statement(*_: Any) -> None:
        counted.statements += 1

    def on_checkout(*_: Any) -> None:
        counted.units += 1

    event.listen(container.engine, "before_cursor_execute", on_statement)
    event.listen(container.engine.pool, "checkout", on_checkout)
    try:
        yield counted
    finally:
        event.remove(container.engine, "before_cursor_execute", on_statement)
        event.remove(container.engine.pool, "checkout", on_checkout)


def _adjudicated_claim(world: World, lines: int, extra_files: int) -> Claim:
    container, agent = world.container, world.users["agent"]
    report = a_report(lines=tuple(a_lab_line(f"L{n}", "100.00") for n in range(1, lines + 1)))
    claim, _ = report_claim(container.context(), actor=agent, report=report)
    with_all_materials(container, agent, claim.id or 0)
    for n in range(extra_files):
        with_materials(container, agent, claim.id or 0, ("original_receipts",), f"receipt-{n}.pdf")
    for who, target in (("specialist", S.ACCEPTED), ("specialist2", S.ADJUDICATED)):
        claim = move_claim(
            container.context(),
            actor=world.users[who],
            claim_id=claim.id or 0,
            target=target,
            reason="",
            expected_version=claim.version,
        )
    return claim


def _page_cost(container: Container, client: TestClient, url: str) -> Counted:
    client.get(url)  # warm: templates, catalogs and the signed-in user's first lookups
    with counting(container) as counted:
        response = client.get(url)
    assert response.status_code == 200, response.text
    print(url, counted)  # shown with -s: the figures quoted in docs/performance.md
    return counted


def test_staff_claim_page_is_one_unit_and_does_not_grow_with_lines_or_files(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    small = _adjudicated_claim(world, lines=1, extra_files=0)
    big = _adjudicated_claim(world, lines=12, extra_files=9)
    sign_in(client, "specialist")
    few = _page_cost(container, client, f"/claims/{small.id}")
    many = _page_cost(container, client, f"/claims/{big.id}")
    assert few.units <= 2, few  # the signed-in user, then the page
    assert few.statements <= MOST_STATEMENTS + 2, few
    assert many == few  # neither visits' lines nor materials add statements


def test_customer_claim_page_reads_in_one_unit(container: Container, client: TestClient) -> None:
    claim = _adjudicated_claim(a_world(container), lines=3, extra_files=2)
    sign_in(client, "customer")
    cost = _page_cost(container, client, f"/claims/{claim.id}")
    assert cost.units <= 2 and cost.statements <= MOST_STATEMENTS + 2, cost


def test_api_claim_detail_is_one_unit(container: Container, client: TestClient) -> None:
    claim = _adjudicated_claim(a_world(container), lines=5, extra_files=1)
    headers = token_for(client, "specialist")
    client.get(f"/api/claims/{claim.id}", headers=headers)
    with counting(container) as cost:
        response = client.get(f"/api/claims/{claim.id}", headers=headers)
    assert response.status_code == 200 and response.json()["insured_name"] == "张三"
    assert cost.units <= 2 and cost.statements <= 7, cost
