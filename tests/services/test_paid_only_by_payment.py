"""Issue 11: a claim becomes paid (赔款到账) only by confirmed payments, never by hand.

Before: finance moved `payment_pending → paid` while the instruction was still pending and the
customer read "赔款 0.00 元（人民币零元整）已转入您的账户".
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from claimdesk.bootstrap import Container
from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.domain.errors import ErrorCode
from claimdesk.domain.payment import PaymentStatus
from claimdesk.domain.refusals import Refused
from claimdesk.services.claims.moves import move_claim, moves_for
from claimdesk.services.claims.use_cases import get_claim, report_claim
from claimdesk.services.payments import use_cases as payment_flow
from tests.builders import (
    World,
    a_lab_line,
    a_report,
    a_world,
    pay_through_the_bank,
    token_for,
    with_all_materials,
)

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

S = ClaimStatus


def _move(world: World, who: str, claim: Claim, target: ClaimStatus) -> Claim:
    return move_claim(world.container.context(), actor=world.users[who], claim_id=claim.id or 0,
                      target=target, reason="", expected_version=claim.version)  # fmt: skip


def _adjudicated(world: World) -> Claim:
    """A lab line of 1,000.00: (1000 − 600 deductible) × 70% = 280.00 payable."""
    c = world.container
    report = a_report(lines=(a_lab_line("L1", "1000.00"),))
    claim, _ = report_claim(c.context(), actor=world.users["agent"], report=report)
    with_all_materials(c, world.users["agent"], claim.id or 0)
    claim = _move(world, "specialist", claim, S.ACCEPTED)
    claim = get_claim(c.context(), actor=world.users["agent"], claim_id=claim.id or 0)
    if claim.status != S.UNDER_REVIEW:
        claim = _move(world, "specialist", claim, S.UNDER_REVIEW)
    return _move(world, "specialist2", claim, S.ADJUDICATED)


def _payment_pending(world: World) -> Claim:
    claim = _move(world, "approver", _adjudicated(world), S.APPROVED)
    return _move(world, "finance", claim, S.PAYMENT_PENDING)


def _claim(world: World, claim: Claim) -> Claim:
    with world.container.uow() as uow:
        return uow.claims.get(claim.id or 0)


def _paid_notices(world: World, claim: Claim) -> list[str]:
    with world.container.uow() as uow:
        return [m.body for m in uow.outbox.for_claim(claim.id or 0) if m.kind == "paid"]


@pytest.mark.parametrize("who", ["finance", "manager"])
def test_a_person_cannot_mark_a_claim_paid(container: Container, who: str) -> None:
    world = a_world(container)
    claim = _payment_pending(world)
    (instruction,) = payment_flow.claim_payments(
        container.context(), actor=world.users["finance"], claim_id=claim.id or 0
    )
    assert instruction.status == PaymentStatus.PENDING_RELEASE
    assert S.PAID not in moves_for(world.users[who], claim)  # no "paid" button
    with pytest.raises(Refused) as refused:
        _move(world, who, claim, S.PAID)
    assert refused.value.code == ErrorCode.PAID_ONLY_BY_PAYMENT
    assert refused.value.message_zh and refused.value.message_en
    after = _claim(world, claim)
    assert (after.status, after.version) == (S.PAYMENT_PENDING, claim.version)
    assert _paid_notices(world, claim) == []


def test_confirming_the_payment_pays_the_claim_and_the_notice_states_the_amount(
    container: Container,
) -> None:
    world = a_world(container)
    claim = _payment_pending(world)
    payment_flow.release_payment(
        container.context(),
        actor=world.users["finance"],
        instruction_id=payment_flow.claim_payments(
            container.context(), actor=world.users["finance"], claim_id=claim.id or 0
        )[0].id
        or 0,
    )
    assert _claim(world, claim).status == S.PAYMENT_PENDING  # released is not paid
    assert _paid_notices(world, claim) == []
    assert pay_through_the_bank(world, claim).status == S.PAID
    (notice, *_) = _paid_notices(world, claim)
    assert "280.00 元" in notice and "贰佰捌拾元整" in notice
    assert "0.00 元（" not in notice.replace("280.00 元（", "")


def test_an_advance_paying_everything_settles_the_claim_on_payment_pending(
    container: Container,
) -> None:
    """先予支付 of the whole payable, confirmed by the bank before approval: approval
    instructs nothing more, and the claim is paid by the system once it is payment_pending."""
    world = a_world(container)
    claim = _adjudicated(world)
    payment_flow.advance_payment(container.context(), actor=world.users["approver"],
                                 claim_id=claim.id or 0, amount=Decimal("280.00"),
                                 reason="先予支付确定部分")  # fmt: skip
    assert pay_through_the_bank(world, claim).status == S.ADJUDICATED
    claim = _move(world, "approver2", _claim(world, claim), S.APPROVED)
    assert _move(world, "finance", claim, S.PAYMENT_PENDING).status == S.PAID
    (notice, *_) = _paid_notices(world, claim)
    assert "280.00 元" in notice and "贰佰捌拾元整" in notice


def test_the_api_refuses_the_manual_paid_move_with_its_own_code(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    claim = _payment_pending(world)
    headers = token_for(client, "finance")
    shown = client.get(f"/api/claims/{claim.id}", headers=headers).json()
    assert "paid" not in shown["allowed_moves"]
    response = client.post(
        f"/api/claims/{claim.id}/transitions",
        json={"to": "paid", "version": claim.version},
        headers=headers,
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "PAID_ONLY_BY_PAYMENT" and body["field"] == "to"
    assert "不能手工标记" in body["message_zh"] and "never by hand" in body["message_en"]
    assert _claim(world, claim).status == S.PAYMENT_PENDING
