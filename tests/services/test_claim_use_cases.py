"""Claim use cases against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from claimdesk.bootstrap import Container
from claimdesk.domain.claim import ClaimStatus
from claimdesk.domain.errors import (
    Forbidden,
    IdempotencyKeyReused,
    IllegalTransition,
    InsuredNotCovered,
    MakerChecker,
    StaleVersion,
)
from claimdesk.services.audit_trail import verify_audit
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.timeline import claim_timeline
from claimdesk.services.claims.use_cases import get_claim, report_claim
from claimdesk.services.ports import ClaimFilter
from tests.builders import a_report, a_world, with_all_materials

S = ClaimStatus


def test_reported_claim_gets_a_readable_number_and_an_audit_record(container: Container) -> None:
    world = a_world(container)
    claim, created = report_claim(
        container.context(), actor=world.users["agent"], report=a_report(), idempotency_key=None
    )
    assert created and claim.claim_no == "LP20260601000001"
    assert claim.status == S.REPORTED and str(claim.claimed_amount) == "300.00"
    events = claim_timeline(container.uow(), world.users["agent"], claim.id or 0)
    assert [event.action for event in events] == ["report_claim"]


def test_claim_numbers_count_up_within_the_day(container: Container) -> None:
    world = a_world(container)
    numbers = [
        report_claim(
            container.context(), actor=world.users["agent"], report=a_report(), idempotency_key=None
        )[0].claim_no
        for _ in range(3)
    ]
    assert numbers == ["LP20260601000001", "LP20260601000002", "LP20260601000003"]


def test_retried_report_with_the_same_key_returns_the_same_claim(container: Container) -> None:
    world = a_world(container)
    agent = world.users["agent"]
    first, created = report_claim(
        container.context(), actor=agent, report=a_report(), idempotency_key="key-1"
    )
    again, created_again = report_claim(
        container.context(), actor=agent, report=a_report(), idempotency_key="key-1"
    )
    assert created and not created_again and again.id == first.id
    with container.uow() as uow:
        assert uow.claims.count(ClaimFilter()) == 1


def test_same_key_with_a_different_report_is_refused(container: Container) -> None:
    world = a_world(container)
    agent = world.users["agent"]
    report_claim(container.context(), actor=agent, report=a_report(), idempotency_key="key-1")
    with pytest.raises(IdempotencyKeyReused):
        report_claim(
            container.context(),
            actor=agent,
            report=a_report(description="另一次"),
            idempotency_key="key-1",
        )


def test_stale_version_is_refused_and_nothing_is_lost(container: Container) -> None:
    world = a_world(container)
    claim, _ = report_claim(
        container.context(), actor=world.users["agent"], report=a_report(), idempotency_key=None
    )
    assert claim.id is not None
    move_claim(
        container.context(),
        actor=world.users["specialist"],
        claim_id=claim.id,
        target=S.ACCEPTED,
        reason="",
        expected_version=claim.version,
    )
    with pytest.raises(StaleVersion):
        move_claim(
            container.context(),
            actor=world.users["agent"],
            claim_id=claim.id,
            target=S.WITHDRAWN,
            reason="重复报案",
            expected_version=claim.version,
        )
    # Accepted without materials: the one-time notice moved it on to materials_pending.
    assert (
        get_claim(container.context(), actor=world.users["agent"], claim_id=claim.id).status
        == S.MATERIALS_PENDING
    )


def test_illegal_move_changes_nothing(container: Container) -> None:
    world = a_world(container)
    claim, _ = report_claim(
        container.context(), actor=world.users["agent"], report=a_report(), idempotency_key=None
    )
    with pytest.raises(IllegalTransition):
        move_claim(
            container.context(),
            actor=world.users["manager"],
            claim_id=claim.id or 0,
            target=S.PAID,
            reason="",
            expected_version=claim.version,
        )
    assert (
        get_claim(container.context(), actor=world.users["agent"], claim_id=claim.id or 0).version
        == 1
    )


def _to_adjudicated(container: Container, world: object) -> tuple[int, int]:
    users = world.users  # type: ignore[attr-defined]
    claim, _ = report_claim(
        container.context(), actor=users["agent"], report=a_report(), idempotency_key=None
    )
    claim_id = claim.id or 0
    with_all_materials(container, users["agent"], claim_id)
    for target in (S.ACCEPTED, S.ADJUDICATED):  # complete materials: accepted → under_review
        claim = move_claim(
            container.context(),
            actor=users["specialist"],
            claim_id=claim_id,
            target=target,
            reason="",
            expected_version=claim.version,
        )
    return claim_id, claim.version


def test_specialist_cannot_approve(container: Container) -> None:
    world = a_world(container)
    claim_id, version = _to_adjudicated(container, world)
    with pytest.raises(Forbidden):
        move_claim(
            container.context(),
            actor=world.users["specialist2"],
            claim_id=claim_id,
            target=S.APPROVED,
            reason="",
            expected_version=version,
        )


def test_adjudicator_cannot_approve_their_own_claim(container: Container) -> None:
    world = a_world(container)
    users = world.users
    claim, _ = report_claim(
        container.context(), actor=users["agent"], report=a_report(), idempotency_key=None
    )
    claim_id = claim.id or 0
    with_all_materials(container, users["agent"], claim_id)
    for target in (S.ACCEPTED,):  # complete materials: accepted → under_review
        claim = move_claim(
            container.context(),
            actor=users["specialist"],
            claim_id=claim_id,
            target=target,
            reason="",
            expected_version=claim.version,
        )
    # The manager may both adjudicate and approve, but never both on the same claim.
    claim = move_claim(
        container.context(),
        actor=users["manager"],
        claim_id=claim_id,
        target=S.ADJUDICATED,
        reason="",
        expected_version=claim.version,
    )
    with pytest.raises(MakerChecker):
        move_claim(
            container.context(),
            actor=users["manager"],
            claim_id=claim_id,
            target=S.APPROVED,
            reason="",
            expected_version=claim.version,
        )


def test_approver_approves_what_another_adjudicated(container: Container) -> None:
    world = a_world(container)
    claim_id, version = _to_adjudicated(container, world)
    approved = move_claim(
        container.context(),
        actor=world.users["approver"],
        claim_id=claim_id,
        target=S.APPROVED,
        reason="",
        expected_version=version,
    )
    # Payable 0.00 (under the deductible): approved, then closed by the system (零赔付结案).
    assert approved.status == S.CLOSED and "零赔付" in approved.status_reason


def test_customer_can_report_only_for_themselves(container: Container) -> None:
    world = a_world(container)
    with pytest.raises(InsuredNotCovered):
        report_claim(
            container.context(),
            actor=world.users["customer"],
            report=a_report(member_no="E2"),
            idempotency_key=None,
        )


def test_every_change_is_in_the_verified_audit_chain(container: Container) -> None:
    world = a_world(container)
    _to_adjudicated(container, world)
    checked, broken = verify_audit(container.uow())
    assert broken is None and checked >= 4
