"""Issue 11: payments follow the claim — a claim that ended pays nothing more (both databases)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from claimdesk.bootstrap import Container
from claimdesk.domain.claim import Claim, ClaimStatus, Denial
from claimdesk.domain.errors import ErrorCode
from claimdesk.domain.payment import PaymentInstruction, PaymentStatus
from claimdesk.domain.refusals import Refused
from claimdesk.rules.benefit_ledger import LineOverride
from claimdesk.services.adjudication.use_cases import override_line
from claimdesk.services.claims.moves import move_claim
from claimdesk.services.payments import use_cases as payment_flow
from claimdesk.workflow.lifecycle import check_person_move
from tests.builders import World, a_world
from tests.services.test_payments import S, _move, _payments, _release, _reviewed

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

P = PaymentStatus


def _advance(world: World, claim: Claim, amount: str = "100.00") -> PaymentInstruction:
    return payment_flow.advance_payment(
        world.container.context(),
        actor=world.users["approver"],
        claim_id=claim.id or 0,
        amount=Decimal(amount),
        reason="先予支付",
    )


def _end(world: World, who: str, claim: Claim, target: ClaimStatus) -> Claim:
    c = world.container
    denial = Denial(("EXCLUDED_SERVICE",), "第四部分 二.11") if target == S.DENIED else None
    with c.uow() as uow:
        version = uow.claims.get(claim.id or 0).version
    return move_claim(
        c.context(),
        actor=world.users[who],
        claim_id=claim.id or 0,
        target=target,
        reason="责任免除" if target == S.DENIED else "客户申请撤案",
        expected_version=version,
        denial=denial,
    )


def test_a_denied_claims_pending_advance_cannot_be_released(container: Container) -> None:
    world = a_world(container)
    claim = _reviewed(world, "1000.00")
    advance = _advance(world, claim)
    _end(world, "specialist", claim, S.DENIED)

    with pytest.raises(Refused) as refused:
        _release(world, "finance", advance.id or 0)
    assert refused.value.code == ErrorCode.PAYMENT_CLAIM_NOT_PAYABLE
    (instruction,) = _payments(world, claim)
    assert instruction.status == P.CANCELLED
    with container.uow() as uow:
        actions = [r.entry.action for r in uow.audit.for_entity("claim", str(claim.id))]
        kinds = {m.kind for m in uow.outbox.for_claim(claim.id or 0)}
    assert actions.count("payment_cancelled") == 1
    assert "payment_cancelled" in kinds  # money was announced: the customer is told


def test_a_released_advance_of_a_withdrawn_claim_is_not_sent_to_the_bank(
    container: Container,
) -> None:
    world = a_world(container)
    claim = _reviewed(world, "1000.00")
    other = _reviewed(world, "1000.00")
    released = _release(world, "finance", _advance(world, claim).id or 0)
    kept = _release(world, "finance", _advance(world, other).id or 0)
    assert released.status == kept.status == P.RELEASED
    _end(world, "agent", claim, S.WITHDRAWN)

    _, sent = payment_flow.export_batch(container.context(), actor=world.users["finance"])
    assert [i.id for i in sent] == [kept.id]
    (cancelled,) = _payments(world, claim)
    assert cancelled.status == P.CANCELLED and cancelled.batch_id is None


def test_a_claim_approved_at_zero_is_closed_not_sent_to_payment(container: Container) -> None:
    world = a_world(container)
    claim = _move(world, "specialist2", _reviewed(world, "1000.00"), S.ADJUDICATED)
    with container.uow() as uow:
        version = uow.claims.get(claim.id or 0).version
    override_line(container.context(), actor=world.users["specialist"], claim_id=claim.id or 0,
                  change=LineOverride("V1", "L1", Decimal("0.00"), "非医保目录内检查"),
                  expected_version=version)  # fmt: skip
    with container.uow() as uow:
        claim = uow.claims.get(claim.id or 0)
    closed = _move(world, "approver", claim, S.APPROVED)

    assert closed.status == S.CLOSED and "零赔付" in closed.status_reason
    assert _payments(world, claim) == []
    with container.uow() as uow:
        messages = uow.outbox.for_claim(claim.id or 0)
    assert "paid" not in {m.kind for m in messages}
    (approved,) = [m for m in messages if m.kind == "approved" and m.channel == "in_app"]
    assert "将转入" not in approved.body and "0.00" in approved.body
    with pytest.raises(Refused) as refused:  # nobody closes an approved claim by hand
        check_person_move(S.APPROVED, S.CLOSED, reason="结案")
    assert refused.value.code == ErrorCode.ZERO_SETTLEMENT_ONLY_BY_SYSTEM
