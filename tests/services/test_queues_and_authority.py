"""Work queues, approval authority with escalation, the difficult-case panel, denials."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from claimdesk.bootstrap import Container
from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.domain.errors import Duplicate, ErrorCode, Forbidden, MakerChecker
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Role
from claimdesk.services.approval import panel
from claimdesk.services.approval.use_cases import AuthorityRefused, Denial
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import get_claim, report_claim
from claimdesk.workflow.authority import AuthorityCode, PanelOutcome, Vote
from tests.builders import (
    World,
    _user,
    a_lab_line,
    a_report,
    a_world,
    give_authority,
    token_for,
    with_all_materials,
)

S = ClaimStatus


def _move(
    world: World,
    who: str,
    claim: Claim,
    target: ClaimStatus,
    reason: str = "",
    denial: Denial | None = None,
) -> Claim:
    c = world.container
    return move_claim(
        c.context(),
        actor=world.users[who],
        claim_id=claim.id or 0,
        target=target,
        reason=reason,
        expected_version=claim.version,
        denial=denial,
    )


def _adjudicated(world: World, amount: str) -> Claim:
    c = world.container
    report = a_report(lines=(a_lab_line("L1", amount),))
    claim, _ = report_claim(
        c.context(), actor=world.users["agent"], report=report, idempotency_key=None
    )
    with_all_materials(c, world.users["agent"], claim.id or 0)
    claim = _to_under_review(world, claim)
    return _move(world, "specialist2", claim, S.ADJUDICATED)


def _to_under_review(world: World, claim: Claim) -> Claim:
    """Acceptance checks the materials; complete ones go straight to review."""
    claim = _move(world, "specialist", claim, S.ACCEPTED)
    claim = get_claim(
        world.container.context(), actor=world.users["specialist"], claim_id=claim.id or 0
    )
    return (
        claim
        if claim.status == S.UNDER_REVIEW
        else _move(world, "specialist", claim, S.UNDER_REVIEW)
    )


def _open_task(world: World, claim: Claim):  # type: ignore[no-untyped-def]
    with world.container.uow() as uow:
        (task,) = uow.tasks.open_for_claim(claim.id or 0)
    return task


def test_each_report_opens_an_accept_task_for_the_least_loaded_specialist(
    container: Container,
) -> None:
    world = a_world(container)
    first, _ = report_claim(
        container.context(), actor=world.users["agent"], report=a_report(), idempotency_key=None
    )
    second, _ = report_claim(
        container.context(), actor=world.users["agent"], report=a_report(), idempotency_key=None
    )
    one, two = _open_task(world, first), _open_task(world, second)
    assert one.kind == "accept" and one.role == "specialist"
    assert {one.assignee_id, two.assignee_id} == {
        world.users["specialist"].id,
        world.users["specialist2"].id,
    }


def test_a_move_closes_the_step_and_opens_the_next(container: Container) -> None:
    world = a_world(container)
    complete, _ = report_claim(
        container.context(), actor=world.users["agent"], report=a_report(), idempotency_key=None
    )
    with_all_materials(container, world.users["agent"], complete.id or 0)
    _move(world, "specialist", complete, S.ACCEPTED)  # complete: on to review at once
    assert _open_task(world, complete).kind == "adjudicate"


def test_a_claim_waiting_for_the_customer_holds_no_staff_task(container: Container) -> None:
    world = a_world(container)
    claim, _ = report_claim(
        container.context(), actor=world.users["agent"], report=a_report(), idempotency_key=None
    )
    _move(world, "specialist", claim, S.ACCEPTED)  # nothing attached: one-time notice sent
    with container.uow() as uow:
        assert uow.claims.get(claim.id or 0).status == S.MATERIALS_PENDING
        assert uow.tasks.open_for_claim(claim.id or 0) == []


def test_users_limited_to_another_line_get_no_health_work(container: Container) -> None:
    world = a_world(container)
    with container.uow() as uow:
        from claimdesk.adapters.db.models import UserRow

        uow.session.get(UserRow, world.users["specialist"].id).lines_of_business = ["auto"]  # type: ignore[attr-defined,union-attr]
        uow.commit()
    for _ in range(3):
        claim, _ = report_claim(
            container.context(), actor=world.users["agent"], report=a_report(), idempotency_key=None
        )
        assert _open_task(world, claim).assignee_id == world.users["specialist2"].id


def test_my_queue_is_sorted_by_deadline_and_managers_reassign(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    for _ in range(3):
        report_claim(
            container.context(), actor=world.users["agent"], report=a_report(), idempotency_key=None
        )
    mine = client.get("/api/tasks/mine", headers=token_for(client, "specialist")).json()["items"]
    assert mine and [t["due_at"] for t in mine] == sorted(t["due_at"] for t in mine)
    task_id = mine[0]["id"]
    refused = client.post(
        f"/api/tasks/{task_id}/assign",
        headers=token_for(client, "specialist"),
        json={"assignee_id": world.users["specialist2"].id},
    )
    assert refused.status_code == 403
    moved = client.post(
        f"/api/tasks/{task_id}/assign",
        headers=token_for(client, "manager"),
        json={"assignee_id": world.users["specialist2"].id, "note": "休假"},
    )
    assert moved.status_code == 200 and moved.json()["assignee_id"] == world.users["specialist2"].id
    wrong_role = client.post(
        f"/api/tasks/{task_id}/assign",
        headers=token_for(client, "manager"),
        json={"assignee_id": world.users["finance"].id},
    )
    assert wrong_role.status_code == 422 and wrong_role.json()["field"] == "assignee_id"


def test_approval_task_goes_to_an_approver_whose_limit_covers_the_amount(
    container: Container,
) -> None:
    world = a_world(container)
    small = _adjudicated(world, "1000.00")  # payable 280: level 1 suffices
    assert _open_task(world, small).required_level == 1
    big = _adjudicated(world, "9000.00")  # (9000 − 0 deductible left) × 70% = 6300 → capped 1400
    assert _open_task(world, big).kind == "approve"


def test_over_the_limit_is_refused_and_escalated(container: Container) -> None:
    world = a_world(container)
    give_authority(container, world.users, {"approver2": 1})
    claim = _adjudicated(world, "1000.00")  # payable 280
    with container.uow() as uow:
        uow.tasks.set_approver_profile(
            uow.tasks.approver_profile(world.users["approver2"].id).__class__(
                world.users["approver2"].id, 1, {"health": Decimal("100.00")}
            )
        )
        uow.commit()
    with pytest.raises(AuthorityRefused) as refused:
        _move(world, "approver2", claim, S.APPROVED)
    assert refused.value.decision.code == AuthorityCode.OVER_LIMIT
    assert _open_task(world, claim).assignee_id == world.users["approver"].id
    assert _move(world, "approver", claim, S.APPROVED).status == S.APPROVED


def test_approver_without_authority_for_the_line_is_refused(container: Container) -> None:
    world = a_world(container)
    stranger = _user(container, "approver3", Role.APPROVER)
    world.users["approver3"] = stranger
    claim = _adjudicated(world, "1000.00")
    with pytest.raises(AuthorityRefused) as refused:
        _move(world, "approver3", claim, S.APPROVED)
    assert refused.value.decision.code == AuthorityCode.NO_AUTHORITY_FOR_LINE


def test_denial_needs_reason_codes_and_the_clause(container: Container, client: TestClient) -> None:
    world = a_world(container)
    claim = _adjudicated(world, "1000.00")
    with pytest.raises(Refused) as refused:
        _move(world, "approver", claim, S.DENIED, reason="不赔")
    assert refused.value.field == "reason_codes"
    assert refused.value.code == ErrorCode.DENIAL_GROUNDS_MISSING
    response = client.post(
        f"/api/claims/{claim.id}/transitions",
        headers=token_for(client, "approver"),
        json={
            "to": "denied",
            "reason": "牙科",
            "version": claim.version,
            "reason_codes": ["EXCLUDED_SERVICE"],
            "clause": "第四部分 二.11",
        },
    )
    assert response.status_code == 200, response.text
    stored = get_claim(container.context(), actor=world.users["approver"], claim_id=claim.id or 0)
    assert stored.denial.clause == "第四部分 二.11"


def _panel_world(container: Container) -> tuple[World, Claim]:
    world = a_world(container)
    world.users["approver3"] = _user(container, "approver3", Role.APPROVER)
    give_authority(container, world.users, {"approver3": 2})
    claim = _adjudicated(world, "1000.00")
    panel.mark_difficult(
        container.context(),
        actor=world.users["manager"],
        claim_id=claim.id or 0,
        reason="伤残等级有争议",
    )
    return world, get_claim(
        container.context(), actor=world.users["manager"], claim_id=claim.id or 0
    )


def _vote(world: World, who: str, claim: Claim, vote: Vote, clause: str = "") -> object:
    c = world.container
    return panel.cast_vote(
        c.context(),
        actor=world.users[who],
        claim_id=claim.id or 0,
        ballot=panel.Ballot(vote, f"{who} 的意见", clause),
    )


def test_difficult_case_cannot_be_approved_by_one_approver(container: Container) -> None:
    world, claim = _panel_world(container)
    with pytest.raises(AuthorityRefused) as refused:
        _move(world, "approver", claim, S.APPROVED)
    assert refused.value.decision.code == AuthorityCode.PANEL_REQUIRED


def test_panel_majority_of_three_approves_with_every_vote_recorded(container: Container) -> None:
    world, claim = _panel_world(container)
    assert _vote(world, "approver", claim, Vote.APPROVE).outcome == PanelOutcome.UNDECIDED  # type: ignore[attr-defined]
    assert (
        _vote(world, "approver2", claim, Vote.REJECT, "第四部分 二.11").outcome
        == PanelOutcome.UNDECIDED
    )  # type: ignore[attr-defined]
    decision = _vote(world, "approver3", claim, Vote.APPROVE)
    assert decision.outcome == PanelOutcome.APPROVED and decision.approvals == 2  # type: ignore[attr-defined]
    assert (
        get_claim(container.context(), actor=world.users["manager"], claim_id=claim.id or 0).status
        == S.APPROVED
    )
    with container.uow() as uow:
        assert [v.reason for v in uow.tasks.votes(claim.id or 0)] == [
            "approver 的意见",
            "approver2 的意见",
            "approver3 的意见",
        ]


def test_panel_majority_to_reject_denies_with_the_clause(container: Container) -> None:
    world, claim = _panel_world(container)
    _vote(world, "approver", claim, Vote.REJECT, "第四部分 二.3")
    _vote(world, "approver2", claim, Vote.REJECT, "第四部分 二.3")
    _vote(world, "approver3", claim, Vote.APPROVE)
    denied = get_claim(container.context(), actor=world.users["manager"], claim_id=claim.id or 0)
    assert denied.status == S.DENIED and denied.denial.clause == "第四部分 二.3"


def test_panel_refuses_the_adjudicator_a_second_vote_and_a_reject_without_clause(
    container: Container,
) -> None:
    world, claim = _panel_world(container)
    with pytest.raises(Forbidden):
        _vote(world, "specialist2", claim, Vote.APPROVE)  # specialists hold no APPROVE right
    with pytest.raises(Refused) as no_clause:
        _vote(world, "approver", claim, Vote.REJECT)
    assert no_clause.value.code == ErrorCode.VOTE_CLAUSE_MISSING
    _vote(world, "approver", claim, Vote.APPROVE)
    with pytest.raises(Duplicate):
        _vote(world, "approver", claim, Vote.APPROVE)


def test_adjudicating_manager_cannot_sit_on_the_panel(container: Container) -> None:
    world = a_world(container)
    c = world.container
    claim, _ = report_claim(
        c.context(),
        actor=world.users["agent"],
        report=a_report(lines=(a_lab_line("L1", "1000.00"),)),
        idempotency_key=None,
    )
    with_all_materials(c, world.users["agent"], claim.id or 0)
    claim = _to_under_review(world, claim)
    claim = _move(world, "manager", claim, S.ADJUDICATED)
    panel.mark_difficult(
        c.context(), actor=world.users["manager"], claim_id=claim.id or 0, reason="争议"
    )
    with pytest.raises(MakerChecker):
        _vote(world, "manager", claim, Vote.APPROVE)


def test_small_health_claims_are_fast_track(container: Container, client: TestClient) -> None:
    world = a_world(container)
    small, _ = report_claim(
        container.context(), actor=world.users["agent"], report=a_report(), idempotency_key=None
    )
    big, _ = report_claim(
        container.context(),
        actor=world.users["agent"],
        report=a_report(lines=(a_lab_line("L1", "3000.01"),)),
        idempotency_key=None,
    )
    headers = token_for(client, "specialist")
    assert client.get(f"/api/claims/{small.id}", headers=headers).json()["fast_track"] is True
    assert client.get(f"/api/claims/{big.id}", headers=headers).json()["fast_track"] is False
