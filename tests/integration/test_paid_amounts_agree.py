"""Issue 11: for a paid claim, every amount shown — the 赔款到账 notice, the staff page, the
portal page, the payment vouchers and the decision letter (PDF) — equals the sum of its
confirmed payments (an advance 先予支付 and the balance, both confirmed by the bank)."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from claimdesk.bootstrap import Container
from claimdesk.domain.claim import ClaimStatus
from claimdesk.domain.money import in_capitals
from claimdesk.domain.payment import PaymentStatus
from claimdesk.services.notices.use_cases import relay_notices
from claimdesk.services.payments import use_cases as payment_flow
from tests.builders import a_world, pay_through_the_bank
from tests.integration.test_finance_pages import _move, approved_claim
from tests.integration.test_web_pages import sign_in

# PostgreSQL too: see tests/conftest.py (what differs between databases).
pytestmark = pytest.mark.postgres

ADVANCE = Decimal("100.00")


def _pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _shown(amount: Decimal) -> set[str]:
    return {f"{amount:,.2f}", f"{amount:.2f}"}


def _yuan_figures(text: str) -> set[Decimal]:
    return {Decimal(m.replace(",", "")) for m in re.findall(r"¥\s?([\d,]+\.\d{2})", text)}


def test_every_amount_of_a_paid_claim_equals_its_confirmed_payments(
    container: Container, client: TestClient
) -> None:
    world = a_world(container)
    claim = approved_claim(world, until=ClaimStatus.ADJUDICATED)
    payment_flow.advance_payment(container.context(), actor=world.users["approver"],
                                 claim_id=claim.id or 0, amount=ADVANCE,
                                 reason="已确定部分先予支付")  # fmt: skip
    with container.uow() as uow:
        claim = uow.claims.get(claim.id or 0)
    claim = _move(world, "approver", claim, ClaimStatus.APPROVED)
    claim = _move(world, "finance", claim, ClaimStatus.PAYMENT_PENDING)
    paid_claim = pay_through_the_bank(world, claim)
    assert paid_claim.status == "paid"
    with container.uow() as uow:
        payments = uow.payments.for_claim(claim.id or 0)
        relay_notices(uow, container.clock)
        uow.commit()
    confirmed = [p for p in payments if p.status == PaymentStatus.PAID]
    total = sum((p.amount for p in confirmed), Decimal("0.00"))
    assert len(confirmed) == 2 and total > ADVANCE  # the advance and the balance
    assert all(p.status == PaymentStatus.PAID for p in payments)

    with container.uow() as uow:
        notices = [m.body for m in uow.outbox.for_claim(claim.id or 0)]
    paid_notices = [n for n in notices if "已转入" in n]
    assert paid_notices, notices
    for notice in paid_notices:
        figures = re.findall(r"赔款 ([\d,]+\.\d{2}) 元", notice)
        assert [Decimal(f.replace(",", "")) for f in figures] == [total]
        assert in_capitals(total) in notice

    sign_in(client, "manager")
    staff = client.get(f"/claims/{claim.id}").text
    assert any(s in staff for s in _shown(total))
    sign_in(client, "customer")
    portal = client.get(f"/claims/{claim.id}").text
    assert any(s in portal for s in _shown(total))

    letter = _pdf_text(client.get(f"/claims/{claim.id}/decision-letter.pdf").content)
    assert _yuan_figures(letter) == {total} and in_capitals(total) in letter
    vouchers = [_pdf_text(client.get(f"/payments/{p.id}/voucher.pdf").content) for p in confirmed]
    voucher_total = sum((next(iter(_yuan_figures(v))) for v in vouchers), Decimal("0.00"))
    assert voucher_total == total
