"""The claim lifecycle (理赔流程) as one transition table; an illegal move is refused."""

from __future__ import annotations

from dataclasses import dataclass

from claimdesk.domain.claim import ClaimStatus
from claimdesk.domain.errors import ErrorCode, IllegalTransition, ReasonRequired
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Permission

S = ClaimStatus
P = Permission


@dataclass(frozen=True)
class Move:
    """A legal move: which permission it needs, whether a reason must be given and whether
    only the system makes it (as the consequence of something else, never by hand)."""

    permission: Permission
    reason_required: bool = False
    system_only: bool = False


_TO_UNDER_REVIEW = Move(P.REVIEW_MATERIALS)
_DENY = Move(P.DENY, reason_required=True)
_WITHDRAW = Move(P.WITHDRAW, reason_required=True)

_FRAUD_DENIAL_SOURCES = (S.REPORTED, S.ACCEPTED, S.MATERIALS_PENDING, S.REOPENED, S.APPROVED,
                         S.PAYMENT_PENDING)  # fmt: skip

TRANSITIONS: dict[tuple[ClaimStatus, ClaimStatus], Move] = {
    (S.REPORTED, S.ACCEPTED): Move(P.ACCEPT),
    (S.REPORTED, S.WITHDRAWN): _WITHDRAW,
    (S.ACCEPTED, S.MATERIALS_PENDING): Move(P.REVIEW_MATERIALS),
    (S.ACCEPTED, S.UNDER_REVIEW): _TO_UNDER_REVIEW,
    (S.ACCEPTED, S.WITHDRAWN): _WITHDRAW,
    (S.MATERIALS_PENDING, S.UNDER_REVIEW): _TO_UNDER_REVIEW,
    (S.MATERIALS_PENDING, S.WITHDRAWN): _WITHDRAW,
    (S.UNDER_REVIEW, S.MATERIALS_PENDING): Move(P.REVIEW_MATERIALS),
    # 调查/查勘: only when the rules or a reviewer call for it, with the reason recorded.
    (S.UNDER_REVIEW, S.INVESTIGATION): Move(P.REVIEW_MATERIALS, reason_required=True),
    (S.UNDER_REVIEW, S.ADJUDICATED): Move(P.ADJUDICATE),
    (S.UNDER_REVIEW, S.DENIED): _DENY,
    (S.UNDER_REVIEW, S.WITHDRAWN): _WITHDRAW,
    (S.INVESTIGATION, S.UNDER_REVIEW): Move(P.INVESTIGATE, reason_required=True),
    (S.INVESTIGATION, S.DENIED): _DENY,
    (S.INVESTIGATION, S.WITHDRAWN): _WITHDRAW,
    (S.ADJUDICATED, S.APPROVED): Move(P.APPROVE),
    # 核赔退回: the approver sends the case back with the reason.
    (S.ADJUDICATED, S.UNDER_REVIEW): Move(P.APPROVE, reason_required=True),
    (S.ADJUDICATED, S.DENIED): _DENY,
    (S.APPROVED, S.PAYMENT_PENDING): Move(P.PAY),
    # 赔款到账: only when every payment instruction of the claim is confirmed paid (bank
    # result imported); a person cannot mark a claim paid (issue 11).
    (S.PAYMENT_PENDING, S.PAID): Move(P.PAY, system_only=True),
    # A failed transfer goes back to approved for a new account (赔款支付失败).
    (S.PAYMENT_PENDING, S.APPROVED): Move(P.PAY, reason_required=True),
    (S.PAID, S.CLOSED): Move(P.CLOSE),
    # 零赔付结案: approved at 0.00, nothing to pay: the system closes it, never to payment.
    (S.APPROVED, S.CLOSED): Move(P.CLOSE, system_only=True),
    (S.DENIED, S.CLOSED): Move(P.CLOSE),
    (S.WITHDRAWN, S.CLOSED): Move(P.CLOSE),
    (S.CLOSED, S.ARCHIVED): Move(P.ARCHIVE),
    (S.CLOSED, S.REOPENED): Move(P.REOPEN, reason_required=True),
    (S.DENIED, S.REOPENED): Move(P.REOPEN, reason_required=True),
    (S.REOPENED, S.UNDER_REVIEW): _TO_UNDER_REVIEW,
    (S.REOPENED, S.MATERIALS_PENDING): Move(P.REVIEW_MATERIALS),
    # 调查证实欺诈 (fraud proven) denies the claim whatever open state it is in: a system move
    # only (services/fraud/cases.py), never offered to a person from these states (issue 11).
    **dict.fromkeys(
        ((source, S.DENIED) for source in _FRAUD_DENIAL_SOURCES),
        Move(P.DENY, reason_required=True, system_only=True),
    ),
}


def allowed_targets(current: ClaimStatus) -> list[ClaimStatus]:
    return [target for (source, target) in TRANSITIONS if source == current]


def check_move(current: ClaimStatus, target: ClaimStatus, reason: str) -> Move:
    """Return the move's rule, or refuse with ILLEGAL_TRANSITION / REASON_REQUIRED."""
    move = TRANSITIONS.get((current, target))
    if move is None:
        raise IllegalTransition(
            f"赔案状态不能从「{current}」变更为「{target}」",
            f"a claim cannot move from {current} to {target}",
            field="to",
        )
    if move.reason_required and not reason.strip():
        raise ReasonRequired(
            f"变更为「{target}」必须填写原因",
            f"moving to {target} requires a reason",
            field="reason",
        )
    return move


def check_person_move(current: ClaimStatus, target: ClaimStatus, reason: str) -> Move:
    """As `check_move`, and a move only the system makes is refused with its own code."""
    move = check_move(current, target, reason)
    if move.system_only:
        raise Refused(SYSTEM_ONLY_REFUSALS.get(target, ErrorCode.ILLEGAL_TRANSITION), field="to")
    return move


SYSTEM_ONLY_REFUSALS: dict[ClaimStatus, ErrorCode] = {
    S.PAID: ErrorCode.PAID_ONLY_BY_PAYMENT,
    S.DENIED: ErrorCode.DENIAL_ONLY_BY_INVESTIGATION,
    S.CLOSED: ErrorCode.ZERO_SETTLEMENT_ONLY_BY_SYSTEM,
}
