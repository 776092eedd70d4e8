"""Payments (赔款支付): payee checks, instruction states, and paid ≤ approved per claim."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from claimdesk.domain.errors import ErrorCode
from claimdesk.domain.identity import check_bank_account, check_id_number
from claimdesk.domain.money import ZERO
from claimdesk.domain.policy import InsuredPerson
from claimdesk.domain.refusals import Refused


class PaymentKind(StrEnum):
    FULL = "full"
    PARTIAL = "partial"
    SUPPLEMENTARY = "supplementary"  # 补充赔款 after a reopen
    ADVANCE = "advance"  # 先予支付, 保险法 第二十五条


class PaymentStatus(StrEnum):
    PENDING_RELEASE = "pending_release"
    RELEASED = "released"
    SENT = "sent"
    PAID = "paid"
    FAILED = "failed"
    REVERSED = "reversed"
    CANCELLED = "cancelled"  # never sent: the claim was denied, withdrawn or closed


# Money that is paid or on its way: counted against the approved amount.
COMMITTED = frozenset({PaymentStatus.PENDING_RELEASE, PaymentStatus.RELEASED,
                       PaymentStatus.SENT, PaymentStatus.PAID})  # fmt: skip


@dataclass(frozen=True)
class Payee:
    name: str
    id_number: str
    bank_account: str
    bank_name: str
    authorised_reason: str = ""  # required when the payee is not the insured

    @classmethod
    def on_file(cls, insured: InsuredPerson) -> Payee:
        """The insured's own account as the policy holds it (possibly none yet)."""
        return cls(insured.name, insured.id_number, insured.bank_account, insured.bank_name)


@dataclass(frozen=True)
class PaymentInstruction:
    id: int | None
    claim_id: int
    kind: PaymentKind
    amount: Decimal
    payee: Payee
    status: PaymentStatus
    created_by: int
    created_at: datetime
    released_by: int | None = None
    released_at: datetime | None = None
    batch_id: int | None = None
    bank_reference: str = ""
    failure_reason: str = ""


def check_payee(payee: Payee, insured: InsuredPerson) -> Payee:
    """Bank card by Luhn and length, ID by its checksum; the holder is the insured, or an
    authorised payee with the reason recorded (e.g. guardian of a minor, 受益人)."""
    check_bank_account(payee.bank_account)
    if not payee.bank_account:
        raise Refused(ErrorCode.BANK_ACCOUNT_MISSING, field="bank_account")
    check_id_number(payee.id_number)
    is_insured = payee.name == insured.name and payee.id_number == insured.id_number
    if not is_insured and not payee.authorised_reason.strip():
        raise Refused(ErrorCode.PAYEE_NOT_AUTHORISED, field="authorised_reason")
    return payee


def committed_total(instructions: Iterable[PaymentInstruction]) -> Decimal:
    return sum((i.amount for i in instructions if i.status in COMMITTED), ZERO)


def current_payee(
    instructions: Iterable[PaymentInstruction], on_file: Payee | None
) -> Payee | None:
    """Whom the claim's next payment goes to: the payee of its newest instruction that is
    paid or on its way, else the insured's account on file. An approved change of payee
    (变更收款账户) cancels what is not yet at the bank and instructs the new account, so a
    later supplementary payment or advance follows the change instead of the old account;
    a failed, reversed or cancelled instruction's account is not reused."""
    committed = [i for i in instructions if i.status in COMMITTED]
    if not committed:
        return on_file
    return max(committed, key=lambda i: (i.created_at, i.id or 0)).payee


def paid_total(instructions: Iterable[PaymentInstruction]) -> Decimal:
    return sum((i.amount for i in instructions if i.status == PaymentStatus.PAID), ZERO)


def check_within(
    amount: Decimal, ceiling: Decimal, instructions: Iterable[PaymentInstruction]
) -> None:
    """Every amount reconciles: what is paid or on its way never exceeds what was approved."""
    if amount <= 0:
        raise Refused(ErrorCode.PAYMENT_AMOUNT_NOT_POSITIVE, field="amount")
    remaining = ceiling - committed_total(instructions)
    if amount > remaining:
        raise Refused(ErrorCode.PAYMENT_OVER_APPROVED, field="amount", remaining=remaining)
