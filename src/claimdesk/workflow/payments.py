"""The payment instruction's lifecycle (支付指令) as one table of operations.

Each operation moves an instruction from one status to the next by compare-and-set, so a
double click, a retry or a result imported twice changes nothing. Most operations answer a
repeat with the instruction as it is; a reversal of a payment that was never paid is
refused with its own code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from claimdesk.domain.claim import ClaimStatus
from claimdesk.domain.payment import PaymentStatus

P = PaymentStatus
S = ClaimStatus


class PaymentOperation(StrEnum):
    RELEASE = "release"  # 放款 (maker-checker: not the approver)
    SEND = "send"  # 银行批次 exported
    CONFIRM = "confirm"  # 到账: the bank's success
    FAIL = "fail"  # 退票: the bank's failure, with its reason
    REVERSE = "reverse"  # 冲正 a paid payment
    CANCEL = "cancel"  # the claim was denied, withdrawn or closed before release
    CANCEL_RELEASED = "cancel_released"  # … or after release, before the bank batch


@dataclass(frozen=True)
class PaymentMove:
    source: PaymentStatus
    target: PaymentStatus
    # False: a repeat is answered with the instruction as it is (idempotent); True: the
    # use case refuses it with the operation's own code (冲正 of an unpaid payment:
    # PAYMENT_NOT_PAID, raised in services/payments/use_cases.py).
    refused_when_elsewhere: bool = False


PAYMENT_MOVES: dict[PaymentOperation, PaymentMove] = {
    PaymentOperation.RELEASE: PaymentMove(P.PENDING_RELEASE, P.RELEASED),
    PaymentOperation.SEND: PaymentMove(P.RELEASED, P.SENT),
    PaymentOperation.CONFIRM: PaymentMove(P.SENT, P.PAID),
    PaymentOperation.FAIL: PaymentMove(P.SENT, P.FAILED),
    PaymentOperation.REVERSE: PaymentMove(P.PAID, P.REVERSED, refused_when_elsewhere=True),
    PaymentOperation.CANCEL: PaymentMove(P.PENDING_RELEASE, P.CANCELLED),
    PaymentOperation.CANCEL_RELEASED: PaymentMove(P.RELEASED, P.CANCELLED),
}

# Payments follow the claim (issue 11): an instruction is released or sent to the bank only
# while its claim may still be paid — an advance (先予支付) before the decision, or the
# approved amount. A denied, withdrawn, closed or archived claim's instructions are cancelled.
CLAIM_MAY_PAY = frozenset(
    {S.UNDER_REVIEW, S.INVESTIGATION, S.ADJUDICATED, S.APPROVED, S.PAYMENT_PENDING}
)
CANCEL_ON = frozenset({S.DENIED, S.WITHDRAWN, S.CLOSED, S.ARCHIVED})


def claim_may_pay(status: ClaimStatus) -> bool:
    return status in CLAIM_MAY_PAY


def cancel_operation(status: PaymentStatus) -> PaymentOperation | None:
    """How an instruction not yet at the bank is cancelled; None once sent (or settled)."""
    found = [op for op in (PaymentOperation.CANCEL, PaymentOperation.CANCEL_RELEASED)
             if PAYMENT_MOVES[op].source == status]  # fmt: skip
    return found[0] if found else None


def payment_move(operation: PaymentOperation) -> tuple[PaymentStatus, PaymentStatus]:
    """(from, to) for the compare-and-set `Payments.move` makes."""
    move = PAYMENT_MOVES[operation]
    return move.source, move.target


def allowed_operations(current: PaymentStatus) -> list[PaymentOperation]:
    """What may still happen to an instruction in `current` (e.g. for the UI)."""
    return [op for op, move in PAYMENT_MOVES.items() if move.source == current]


# On its way: not yet confirmed paid nor failed.
OPEN_STATUSES = frozenset({P.PENDING_RELEASE, P.RELEASED, P.SENT})


def all_confirmed(statuses: Iterable[PaymentStatus]) -> bool:
    """A claim's payments are settled (赔款到账): at least one is confirmed paid by the bank
    and none is still on its way. Only then does the claim become paid."""
    seen = set(statuses)
    return P.PAID in seen and not seen & OPEN_STATUSES
