"""小额快赔 (issue 11): a small health claim with complete materials takes its own path — one
approver within limits, no panel, its own three-day decision limit, own rows in the SLA report."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from claimdesk.adapters.clock import FixedClock
from claimdesk.analytics.sla_report import sla_report
from claimdesk.bootstrap import Container
from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.services.approval import panel
from claimdesk.services.approval.use_cases import AuthorityRefused
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import get_claim, report_claim
from claimdesk.services.tasks.deadlines import claim_deadlines
from claimdesk.services.tasks.sla import sla_deadlines
from claimdesk.workflow.authority import AuthorityCode
from claimdesk.workflow.calendar import WorkingDayCalendar
from claimdesk.workflow.queues import FAST_TRACK_APPROVAL, task_due
from tests.builders import World, a_lab_line, a_report, a_world, token_for, with_all_materials

S = ClaimStatus
BEIJING = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 10, 10, 0, tzinfo=BEIJING)  # a Tuesday


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW.astimezone(UTC))


def _move(world: World, who: str, claim: Claim, target: ClaimStatus, reason: str = "") -> Claim:
    return move_claim(
        world.container.context(),
        actor=world.users[who],
        claim_id=claim.id or 0,
        target=target,
        reason=reason,
        expected_version=claim.version,
    )


def _under_review(world: World, amount: str) -> Claim:
    c = world.container
    report = a_report(lines=(a_lab_line("L1", amount),))
    claim, _ = report_claim(
        c.context(), actor=world.users["agent"], report=report, idempotency_key=None
    )
    with_all_materials(c, world.users["agent"], claim.id or 0)
    claim = _move(world, "specialist", claim, S.ACCEPTED)
    claim = get_claim(c.context(), actor=world.users["specialist"], claim_id=claim.id or 0)
    assert claim.status == S.UNDER_REVIEW  # complete materials: straight to review
    return claim


def _deadline(world: World, claim: Claim, code: str):  # type: ignore[no-untyped-def]
    c = world.container
    rows = claim_deadlines(c.uow(), c.clock, world.users["manager"], claim.id or 0)
    return next(((d, status) for d, status in rows if d.code == code), None)


def _approve_task(world: World, claim: Claim):  # type: ignore[no-untyped-def]
    with world.container.uow() as uow:
        (task,) = uow.tasks.open_for_claim(claim.id or 0)
    assert task.kind == "approve"
    return task


def test_small_health_claim_is_decided_on_the_fast_track_within_its_own_limit(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    claim = _under_review(world, "1000.00")
    assert claim.fast_track

    deadline, status = _deadline(world, claim, "fast_track_decision")
    assert status == "on_track"
    assert deadline.due_at == datetime(2026, 11, 13, 23, 59, 59, 999999, tzinfo=BEIJING)

    claim = _move(world, "specialist2", claim, S.ADJUDICATED)
    task = _approve_task(world, claim)
    assert task.due_at == task_due(FAST_TRACK_APPROVAL, NOW, WorkingDayCalendar())
    assert task.assignee_id is not None  # straight to one approver within limits

    _move(world, "approver", claim, S.APPROVED)
    assert _deadline(world, claim, "fast_track_decision")[1] == "met"

    report = sla_report(sla_deadlines(container.context(), actor=world.users["manager"]), NOW)
    (row,) = [r for r in report.fast_track if r.key == "fast_track_decision"]
    assert (row.closed, row.met) == (1, 1)
    assert all(r.key.startswith("fast_track") for r in report.fast_track)
    api = client.get("/api/reports/sla", headers=token_for(client, "manager")).json()
    assert [r["key"] for r in api["fast_track"]] == ["fast_track_decision"]
    assert api["fast_track"][0]["met"] == 1


def test_a_claim_over_the_fast_track_limit_takes_the_ordinary_path(container: Container) -> None:
    world = a_world(container)
    claim = _under_review(world, "3000.01")
    assert not claim.fast_track
    assert _deadline(world, claim, "fast_track_decision") is None
    claim = _move(world, "specialist2", claim, S.ADJUDICATED)
    assert _approve_task(world, claim).due_at != task_due(
        FAST_TRACK_APPROVAL, NOW, WorkingDayCalendar()
    )


def test_the_panel_takes_a_claim_off_the_fast_track(container: Container) -> None:
    world = a_world(container)
    claim = _move(world, "specialist2", _under_review(world, "1000.00"), S.ADJUDICATED)
    panel.mark_difficult(
        container.context(), actor=world.users["manager"], claim_id=claim.id or 0, reason="疑点"
    )
    assert _deadline(world, claim, "fast_track_decision")[1] == "cancelled"
    claim = get_claim(container.context(), actor=world.users["manager"], claim_id=claim.id or 0)
    with pytest.raises(AuthorityRefused) as refused:
        _move(world, "approver", claim, S.APPROVED)
    assert refused.value.decision.code == AuthorityCode.PANEL_REQUIRED


def test_investigation_takes_a_claim_off_the_fast_track(container: Container) -> None:
    world = a_world(container)
    claim = _under_review(world, "1000.00")
    claim = _move(world, "specialist", claim, S.INVESTIGATION, reason="票据可疑")
    assert _deadline(world, claim, "fast_track_decision")[1] == "cancelled"
    claim = _move(world, "investigator", claim, S.UNDER_REVIEW, reason="查无问题")
    claim = _move(world, "specialist2", claim, S.ADJUDICATED)
    assert _approve_task(world, claim).due_at != task_due(
        FAST_TRACK_APPROVAL, NOW, WorkingDayCalendar()
    )
    _move(world, "approver", claim, S.APPROVED)
    report = sla_report(sla_deadlines(container.context(), actor=world.users["manager"]), NOW)
    assert [r for r in report.fast_track if r.key == "fast_track_decision"] == []


def test_ordinary_deadlines_still_run_beside_the_fast_track(container: Container) -> None:
    world = a_world(container)
    claim = _under_review(world, "1000.00")
    assert _deadline(world, claim, "decision_after_materials")[1] == "on_track"
    assert _deadline(world, claim, "fast_track_decision")[0].due_at.date() == date(2026, 11, 13)
