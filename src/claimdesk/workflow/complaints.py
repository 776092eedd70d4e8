"""The complaint case's lifecycle (投诉处理) as one table: which operation applies in which
status and where it leaves the case; anything else is refused with the operation's code."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from claimdesk.domain.complaints import CaseStatus
from claimdesk.domain.errors import ErrorCode
from claimdesk.domain.refusals import Refused

C = CaseStatus


class ComplaintOperation(StrEnum):
    CLASSIFY = "classify"  # ordinary or major, root cause
    INVESTIGATE = "investigate"  # the handler notes what was found (调查核实)
    ANSWER = "answer"  # the handler's answer goes to the customer
    ACCEPT = "accept"  # the customer is satisfied: closed
    REOPEN = "reopen"  # the customer is not satisfied: handled again


@dataclass(frozen=True)
class ComplaintMove:
    source: CaseStatus
    target: CaseStatus
    refusal: ErrorCode


COMPLAINT_MOVES: dict[ComplaintOperation, ComplaintMove] = {
    ComplaintOperation.CLASSIFY: ComplaintMove(C.OPEN, C.OPEN, ErrorCode.COMPLAINT_NOT_OPEN),
    ComplaintOperation.INVESTIGATE: ComplaintMove(C.OPEN, C.OPEN, ErrorCode.COMPLAINT_NOT_OPEN),
    ComplaintOperation.ANSWER: ComplaintMove(C.OPEN, C.ANSWERED, ErrorCode.COMPLAINT_NOT_OPEN),
    ComplaintOperation.ACCEPT: ComplaintMove(
        C.ANSWERED, C.CLOSED, ErrorCode.COMPLAINT_NOT_ANSWERED
    ),
    ComplaintOperation.REOPEN: ComplaintMove(C.ANSWERED, C.OPEN, ErrorCode.COMPLAINT_NOT_ANSWERED),
}


def check_complaint_move(operation: ComplaintOperation, current: CaseStatus) -> CaseStatus:
    """The status the case moves to, or the operation's refusal."""
    move = COMPLAINT_MOVES[operation]
    if current != move.source:
        raise Refused(move.refusal, field="status")
    return move.target
