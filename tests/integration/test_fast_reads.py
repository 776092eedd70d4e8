"""Issue 17, the API beside its framework: what the faster reads must not change.

Claims are read from plain rows (adapters/db/claim_repository.py::_read_claims) instead of ORM
objects: the same claim as the ORM built, visits and lines in position order, adjusters in the
order they first adjusted, and what the unit of work changed is read back. The specialist's
queue likewise. Signed-in API users are kept for a moment (web/token_cache.py): any write
request here empties them; a change made elsewhere shows within the time they are kept.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from claimdesk.adapters.clock import FixedClock
from claimdesk.adapters.db.mapping import claim_from_row
from claimdesk.adapters.db.models import ClaimRow
from claimdesk.bootstrap import Container
from claimdesk.domain.claim import Visit
from claimdesk.services.claims.use_cases import report_claim
from claimdesk.services.ports import ClaimFilter
from claimdesk.services.tasks import queues
from claimdesk.services.users import admin as user_admin
from claimdesk.web.token_cache import TokenCache
from tests.builders import a_bill_line, a_lab_line, a_report, a_report_body, a_world, token_for

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres


def _two_visit_report() -> object:
    report = a_report(lines=(a_bill_line("L1", "120.00"), a_lab_line("L2", "80.00")))
    second = Visit(
        visit_ref="V2",
        kind="outpatient",
        date=date(2026, 5, 22),
        hospital_code="SH-0001",
        hospital_name="中山医院",
        diagnosis="复诊",
        lines=(a_lab_line("L3", "30.00"), a_bill_line("L4", "45.50"), a_lab_line("L5", "9.90")),
    )
    return replace(report, visits=(*report.visits, second))


def test_a_claim_read_from_rows_is_the_claim_the_orm_built(container: Container) -> None:
    world = a_world(container)
    claims = [
        report_claim(container.context(), actor=world.users["agent"], report=_two_visit_report())[0]
        for _ in range(3)
    ]  # type: ignore[arg-type]
    first = claims[0]
    assert first.id is not None
    with container.uow() as uow:  # adjusters in the order they first adjusted
        uow.claims.add_adjuster(first.id, world.users["specialist2"].id or 0)
        uow.claims.add_adjuster(first.id, world.users["specialist"].id or 0)
        uow.commit()
    with container.uow() as uow:
        read = [uow.claims.get(claim.id or 0) for claim in claims]
        page = uow.claims.page(ClaimFilter(), after_id=None, limit=10)
    with container.uow() as uow:
        session = uow.session  # type: ignore[attr-defined]
        built = [claim_from_row(session.get(ClaimRow, claim.id)) for claim in claims]
    assert read == built
    assert page == list(reversed(built))  # newest first, each whole
    assert [line.line_ref for v in read[0].visits for line in v.lines] == [
        "L1", "L2", "L3", "L4", "L5"
    ]  # fmt: skip
    assert read[0].adjusted_by == (world.users["specialist2"].id, world.users["specialist"].id)


def test_a_read_inside_a_unit_of_work_sees_what_it_changed(container: Container) -> None:
    world = a_world(container)
    claim, _ = report_claim(container.context(), actor=world.users["agent"], report=a_report())
    assert claim.id is not None
    with container.uow() as uow:
        uow.claims._row(claim.id).difficult_reason = "未刷新的修改"  # type: ignore[attr-defined]
        assert uow.claims.get(claim.id).difficult_reason == "未刷新的修改"


def test_the_queue_read_from_rows_is_the_queue(container: Container) -> None:
    world = a_world(container)
    for _ in range(3):
        report_claim(container.context(), actor=world.users["agent"], report=a_report())
    specialist = world.users["specialist"]
    mine = queues.my_queue(container.uow(), specialist, None, 50)
    assert mine and all(task.assignee_id == specialist.id for task in mine)
    assert [(t.due_at, t.id) for t in mine] == sorted((t.due_at, t.id) for t in mine)
    with container.uow() as uow:
        assert [uow.tasks.get(task.id or 0) for task in mine] == mine


def test_a_write_request_here_ends_a_kept_user_at_once(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    agent = token_for(client, "agent")
    assert client.get("/api/claims", headers=agent).status_code == 200  # now kept
    # Disabled outside this app's requests (as another process would): still kept …
    user_admin.set_active(
        container.context(), actor=world.users["admin"], user_id=world.users["agent"].id or 0,
        active=False, reason="离职",
    )  # fmt: skip
    assert client.get("/api/claims", headers=agent).status_code == 200
    # … until any request that may write: even a refused one empties what is kept.
    specialist = token_for(client, "specialist")
    assert client.post("/api/claims", json={}, headers=specialist).status_code == 422
    assert client.get("/api/claims", headers=agent).status_code == 401


def test_a_change_made_elsewhere_shows_once_the_moment_has_passed(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    now = [1000.0]
    client.app.state.token_cache = TokenCache(ttl=2.0, clock=lambda: now[0])  # type: ignore[attr-defined]
    agent = token_for(client, "agent")
    assert client.get("/api/claims", headers=agent).status_code == 200
    user_admin.set_active(
        container.context(), actor=world.users["admin"], user_id=world.users["agent"].id or 0,
        active=False, reason="离职",
    )  # fmt: skip
    now[0] += 1.9
    assert client.get("/api/claims", headers=agent).status_code == 200
    now[0] += 0.2
    assert client.get("/api/claims", headers=agent).status_code == 401
    assert client.post("/api/claims", json=a_report_body(), headers=agent).status_code == 401


def test_unknown_tokens_are_never_kept(container: Container, client: TestClient) -> None:
    a_world(container)
    cache: TokenCache = client.app.state.token_cache  # type: ignore[attr-defined]
    wrong = {"Authorization": "Bearer not-a-token"}
    assert client.get("/api/claims", headers=wrong).status_code == 401
    assert cache.get("not-a-token", container.clock.now()) is None


def test_an_expired_token_is_refused_though_it_was_just_kept(
    container: Container, client: TestClient, clock: FixedClock
) -> None:
    a_world(container)
    agent = token_for(client, "agent")
    assert client.get("/api/claims", headers=agent).status_code == 200
    clock.moment += timedelta(hours=12)  # TOKEN_LIFETIME
    assert client.get("/api/claims", headers=agent).status_code == 401
