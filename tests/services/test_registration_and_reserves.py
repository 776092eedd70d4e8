"""立案 (registration) within 48 hours on every line, the initial reserve from the product's
rule, reserve changes with a reason, release at settlement, and management reserves that
reconcile with the reserve history — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from claimdesk.adapters.clock import FixedClock
from claimdesk.analytics.management import reserve_report
from claimdesk.bootstrap import Container
from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.domain.errors import DomainError, ErrorCode, Forbidden
from claimdesk.domain.milestones import SETTLED
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.claims.use_cases import get_claim, report_claim
from claimdesk.services.reserves.use_cases import change_reserve, reserve_history
from claimdesk.services.tasks.deadlines import claim_deadlines
from tests.builders import (
    World,
    a_lab_line,
    a_report,
    a_world,
    pay_through_the_bank,
    with_all_materials,
)

S = ClaimStatus
REPORTED = datetime(2026, 11, 10, 2, 0, tzinfo=UTC)  # 10:00 Beijing, a Tuesday


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(REPORTED)


def _move(world: World, who: str, claim: Claim, target: ClaimStatus, reason: str = "") -> Claim:
    return move_claim(world.container.context(), actor=world.users[who], claim_id=claim.id or 0,
                      target=target, reason=reason, expected_version=claim.version)  # fmt: skip


def _reported(world: World, self_pay: str = "1000.00") -> Claim:
    """A lab line of `self_pay`: claimed amount = the bill."""
    report = a_report(lines=(a_lab_line("L1", self_pay),))
    claim, _ = report_claim(world.container.context(), actor=world.users["agent"], report=report)
    return claim


def _accepted(world: World, self_pay: str = "1000.00") -> Claim:
    claim = _reported(world, self_pay)
    with_all_materials(world.container, world.users["agent"], claim.id or 0)
    _move(world, "specialist", claim, S.ACCEPTED)
    return _current(world, claim)


def _current(world: World, claim: Claim) -> Claim:
    return get_claim(world.container.context(), actor=world.users["manager"],
                     claim_id=claim.id or 0)  # fmt: skip


def _registration(world: World, claim: Claim) -> tuple[datetime, datetime | None, str]:
    c = world.container
    rows = claim_deadlines(c.uow(), c.clock, world.users["manager"], claim.id or 0)
    found = [(d.due_at, d.done_at, status) for d, status in rows if d.code == "registration"]
    assert len(found) == 1, rows
    return found[0]


def _history(world: World, claim: Claim) -> list[tuple[str, str, str, str]]:
    entries = reserve_history(world.container.context(), actor=world.users["manager"],
                              claim_id=claim.id or 0)  # fmt: skip
    return [(str(e.amount), str(e.basis), e.set_by, e.reason) for e in entries]


def test_the_48_hour_limit_starts_on_the_report_and_is_met_by_acceptance(
    container: Container, clock: FixedClock
) -> None:
    world = a_world(container)
    claim = _reported(world)
    due, done, status = _registration(world, claim)
    assert (due, done, status) == (REPORTED + timedelta(hours=48), None, "on_track")

    clock.moment = REPORTED + timedelta(hours=47)
    accepted = _accepted_now(world, claim)

    assert _registration(world, accepted)[1:] == (clock.moment, "met")
    with container.uow() as uow:
        actions = [r.entry for r in uow.audit.for_entity("claim", str(claim.id))]
    registration = [e for e in actions if e.action == "register_claim"]
    assert [(e.actor, e.after) for e in registration] == [
        ("specialist", {"reserve": "800.00", "basis": "product_rule"})
    ]


def _accepted_now(world: World, claim: Claim) -> Claim:
    with_all_materials(world.container, world.users["agent"], claim.id or 0)
    _move(world, "specialist", claim, S.ACCEPTED)
    return _current(world, claim)


def test_registration_after_48_hours_is_breached(container: Container, clock: FixedClock) -> None:
    world = a_world(container)
    claim = _reported(world)
    clock.moment = REPORTED + timedelta(hours=48, seconds=1)
    _accepted_now(world, claim)
    assert _registration(world, claim)[2] == "breached"


def test_a_claim_withdrawn_before_registration_cancels_the_limit_and_reserves_nothing(
    container: Container,
) -> None:
    world = a_world(container)
    claim = _reported(world)
    _move(world, "agent", claim, S.WITHDRAWN, "客户撤案")
    assert _registration(world, claim)[2] == "cancelled"
    assert _history(world, claim) == []


def test_the_initial_reserve_follows_the_product_rule_with_who_and_when(
    container: Container, clock: FixedClock
) -> None:
    """tianan-group-medical: claimed × 0.80 (workflow/reserve_rules.yaml)."""
    world = a_world(container)
    claim = _accepted(world, "1234.56")
    assert claim.claimed_amount == Decimal("1234.56")
    history = reserve_history(container.context(), actor=world.users["manager"],
                              claim_id=claim.id or 0)  # fmt: skip
    assert [(e.amount, str(e.basis), e.set_by, e.set_at) for e in history] == [
        (Decimal("987.65"), "product_rule", "specialist", clock.moment)
    ]
    assert "索赔金额×0.80" in history[0].reason


def test_a_reserve_change_needs_the_permission_and_a_reason_and_is_audited(
    container: Container,
) -> None:
    world = a_world(container)
    claim = _accepted(world)
    context, claim_id = container.context, claim.id or 0
    with pytest.raises(Forbidden):
        change_reserve(context(), actor=world.users["approver"], claim_id=claim_id,
                       amount=Decimal("500.00"), reason="复核")  # fmt: skip
    with pytest.raises(DomainError) as blank:
        change_reserve(context(), actor=world.users["specialist"], claim_id=claim_id,
                       amount=Decimal("500.00"), reason="  ")  # fmt: skip
    assert (blank.value.code, blank.value.field) == (ErrorCode.REASON_REQUIRED, "reason")
    with pytest.raises(DomainError) as negative:
        change_reserve(context(), actor=world.users["specialist"], claim_id=claim_id,
                       amount=Decimal("-1.00"), reason="录错")  # fmt: skip
    assert negative.value.code == ErrorCode.RESERVE_NEGATIVE

    change_reserve(context(), actor=world.users["specialist"], claim_id=claim_id,
                   amount=Decimal("650.00"), reason="医院回函：自费部分较多")  # fmt: skip

    assert _history(world, claim)[1:] == [
        ("650.00", "adjusted", "specialist", "医院回函：自费部分较多")
    ]
    with container.uow() as uow:
        audits = [r.entry for r in uow.audit.for_entity("claim", str(claim_id))]
    changed = [e for e in audits if e.action == "set_reserve"][-1]
    assert (changed.actor, changed.before, changed.after, changed.reason) == (
        "specialist",
        {"reserve": "800.00", "basis": "product_rule"},
        {"reserve": "650.00", "basis": "adjusted"},
        "医院回函：自费部分较多",
    )


def test_no_reserve_change_before_registration_or_after_settlement(container: Container) -> None:
    world = a_world(container)
    specialist = world.users["specialist"]
    reported = _reported(world)
    with pytest.raises(DomainError) as early:
        change_reserve(container.context(), actor=specialist, claim_id=reported.id or 0,
                       amount=Decimal("1.00"), reason="估损")  # fmt: skip
    assert early.value.code == ErrorCode.RESERVE_NOT_REGISTERED
    settled = _move(world, "specialist", _accepted(world), S.WITHDRAWN, "客户撤案")
    with pytest.raises(DomainError) as late:
        change_reserve(container.context(), actor=specialist, claim_id=settled.id or 0,
                       amount=Decimal("1.00"), reason="估损")  # fmt: skip
    assert late.value.code == ErrorCode.RESERVE_CLAIM_SETTLED
    assert _history(world, settled)[-1] == ("0.00", "released", "specialist", "closed")


def test_the_reserve_is_released_when_paid_and_stays_released_at_closing(
    container: Container,
) -> None:
    world = a_world(container)
    claim = _accepted(world)
    if claim.status != S.UNDER_REVIEW:
        claim = _move(world, "specialist", claim, S.UNDER_REVIEW)
    claim = _move(world, "specialist2", claim, S.ADJUDICATED)
    claim = _move(world, "approver", claim, S.APPROVED)
    claim = _move(world, "finance", claim, S.PAYMENT_PENDING)
    paid = pay_through_the_bank(world, claim)
    assert paid.status == S.PAID
    assert _history(world, paid)[-1][:2] == ("0.00", "released")
    _move(world, "finance", paid, S.CLOSED)
    assert [row[:2] for row in _history(world, paid)] == [
        ("800.00", "product_rule"),
        ("280.00", "adjudicated"),  # 理算后调整: (1000 − 600 deductible) × 70%
        ("0.00", "released"),
    ]


def test_a_reopened_claim_is_reserved_again_by_the_rule(container: Container) -> None:
    world = a_world(container)
    claim = _move(world, "specialist", _accepted(world), S.WITHDRAWN, "客户撤案")
    claim = _move(world, "manager", claim, S.CLOSED)
    _move(world, "manager", claim, S.REOPENED, "客户补充新发票")
    last = _history(world, claim)[-1]
    assert last[:3] == ("800.00", "product_rule", "manager") and "重开" in last[3]


def test_management_case_reserves_reconcile_with_the_reserve_history(
    container: Container,
) -> None:
    world = a_world(container)
    _reported(world, "300.00")  # not registered: no case reserve
    kept = _accepted(world, "1000.00")  # 800.00
    changed = _accepted(world, "2000.00")  # 1,600.00, then 1,250.00
    change_reserve(container.context(), actor=world.users["specialist"],
                   claim_id=changed.id or 0, amount=Decimal("1250.00"), reason="复核")  # fmt: skip
    withdrawn = _move(world, "specialist", _accepted(world, "500.00"), S.WITHDRAWN, "撤案")

    report = reserve_report(container.uow(), world.users["manager"], container.clock.now(), None)

    expected = Decimal("0.00")
    open_claims = 0
    with container.uow() as uow:
        for claim_id in (kept.id, changed.id, withdrawn.id):
            claim = uow.claims.get(claim_id or 0)
            history = uow.reserves.history(claim_id or 0)
            if claim.status not in SETTLED:
                expected += history[-1].amount
                open_claims += 1
    health = {row.line: row for row in report.by_line}["health"]
    assert expected == Decimal("2050.00")
    assert health.case_reserve == expected
    assert health.open_claims == open_claims + 1  # the unregistered one, reserved at 0


def test_a_referral_to_investigation_starts_the_complex_case_opinion_limit(
    container: Container, clock: FixedClock
) -> None:
    """seed 003: an opinion on a complex case within 5 working days (Tue 10 Nov → Tue 17 Nov)."""
    world = a_world(container)
    claim = _accepted(world)
    if claim.status != S.UNDER_REVIEW:
        claim = _move(world, "specialist", claim, S.UNDER_REVIEW)
    _move(world, "specialist", claim, S.INVESTIGATION, "伤情与就诊记录不符")
    c = world.container
    rows = claim_deadlines(c.uow(), c.clock, world.users["manager"], claim.id or 0)
    (opinion,) = [(d, status) for d, status in rows if d.code == "complex_case_opinion"]
    assert opinion[1] == "on_track" and opinion[0].started_at == clock.moment
    assert opinion[0].due_at.date().isoformat() == "2026-11-17"
