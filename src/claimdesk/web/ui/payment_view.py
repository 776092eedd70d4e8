"""Payments as the claim page shows them: payee account masked for roles without VIEW_PII,
voucher links, and whether the viewer may decide a 先予支付 (advance) here."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.domain.payment import PaymentInstruction
from claimdesk.domain.pii import mask_bank_account
from claimdesk.domain.users import Permission, User

# 先予支付 may be decided while the claim is still being worked (use case: advance_payment).
ADVANCE_FROM = frozenset(
    {ClaimStatus.UNDER_REVIEW, ClaimStatus.INVESTIGATION, ClaimStatus.ADJUDICATED}
)

S = ClaimStatus
# What a customer may read as decided (the letter, the vouchers): as the portal's decision card.
CUSTOMER_DECIDED = frozenset(
    {S.APPROVED, S.PAYMENT_PENDING, S.PAID, S.CLOSED, S.ARCHIVED, S.DENIED}
)


@dataclass(frozen=True)
class PaymentLine:
    id: int
    kind: str
    amount: Decimal
    status: str
    payee_name: str
    bank_name: str
    bank_account: str
    bank_reference: str
    failure_reason: str


def payment_lines(user: User, found: list[PaymentInstruction]) -> list[PaymentLine]:
    """The claim page's payments (read in its one unit of work), masked by role."""
    return [_line(i, user.can(Permission.VIEW_PII)) for i in found]


def _line(i: PaymentInstruction, pii: bool) -> PaymentLine:
    account = i.payee.bank_account if pii else mask_bank_account(i.payee.bank_account)
    return PaymentLine(
        i.id or 0,
        i.kind,
        i.amount,
        i.status,
        i.payee.name,
        i.payee.bank_name,
        account,
        i.bank_reference,
        i.failure_reason,
    )


def can_advance(user: User, claim: Claim) -> bool:
    return user.can(Permission.APPROVE) and claim.status in ADVANCE_FROM
