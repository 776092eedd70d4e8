"""Issue 11: the demo pays its paid claims through the bank, never by a manual move."""

from __future__ import annotations

from decimal import Decimal

import pytest

from claimdesk.bootstrap import Container
from claimdesk.demo.health import PATHS, load_demo_data
from claimdesk.domain.claim import ClaimStatus
from claimdesk.domain.payment import PaymentStatus
from claimdesk.services.ports import ClaimFilter

S = ClaimStatus
PAID_ONCE = frozenset({S.PAID, S.CLOSED, S.ARCHIVED, S.REOPENED})


# SQLite only: `claimdesk demo` runs on SQLite, and the use cases and repositories the loader
# goes through are covered on PostgreSQL by tests/services/test_payments.py and
# tests/services/test_paid_only_by_payment.py.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_every_paid_demo_claim_has_confirmed_payments(container: Container) -> None:
    load_demo_data(
        container.uow,
        container.hasher,
        container.products,
        files=container.files,
        claim_count=len(PATHS),
    )
    with container.uow() as uow:
        claims = uow.claims.page(ClaimFilter(), after_id=None, limit=100)
        paid = [c for c in claims if c.status in PAID_ONCE and c.status != S.REOPENED]
        assert {c.status for c in paid} == {S.PAID, S.CLOSED, S.ARCHIVED}
        for claim in paid:
            payments = uow.payments.for_claim(claim.id or 0)
            if not payments:  # 零赔付结案: approved at 0.00, closed, never sent to payment
                assert claim.approval is not None and claim.approval.amount == 0, claim.claim_no
                assert claim.status in (S.CLOSED, S.ARCHIVED)
                continue
            assert {p.status for p in payments} == {PaymentStatus.PAID}, claim.claim_no
            assert sum((p.amount for p in payments), Decimal("0.00")) > 0
