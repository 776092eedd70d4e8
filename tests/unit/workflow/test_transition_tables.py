"""Payments, complaints and investigations move by their own tables, like claims."""

from __future__ import annotations

import itertools

import pytest

from claimdesk.domain.complaints import CaseStatus
from claimdesk.domain.errors import ErrorCode
from claimdesk.domain.investigations import InvestigationStatus
from claimdesk.domain.payment import PaymentStatus
from claimdesk.domain.refusals import Refused
from claimdesk.workflow.complaints import (
    COMPLAINT_MOVES,
    ComplaintOperation,
    check_complaint_move,
)
from claimdesk.workflow.investigations import (
    INVESTIGATION_MOVES,
    InvestigationOperation,
    check_investigation_move,
)
from claimdesk.workflow.payments import (
    PAYMENT_MOVES,
    PaymentOperation,
    allowed_operations,
    payment_move,
)

P = PaymentStatus
C = CaseStatus
COMPLAINT_CASES = list(itertools.product(ComplaintOperation, CaseStatus))


def test_a_payment_is_released_sent_then_paid_or_failed_and_only_a_paid_one_reversed() -> None:
    assert payment_move(PaymentOperation.RELEASE) == (P.PENDING_RELEASE, P.RELEASED)
    assert payment_move(PaymentOperation.SEND) == (P.RELEASED, P.SENT)
    assert payment_move(PaymentOperation.CONFIRM) == (P.SENT, P.PAID)
    assert payment_move(PaymentOperation.FAIL) == (P.SENT, P.FAILED)
    assert payment_move(PaymentOperation.REVERSE) == (P.PAID, P.REVERSED)
    assert allowed_operations(P.SENT) == [PaymentOperation.CONFIRM, PaymentOperation.FAIL]
    assert allowed_operations(P.FAILED) == allowed_operations(P.REVERSED) == []


def test_only_the_reversal_refuses_a_repeat_the_others_answer_it() -> None:
    refusing = [op for op, move in PAYMENT_MOVES.items() if move.refused_when_elsewhere]
    assert refusing == [PaymentOperation.REVERSE]


@pytest.mark.parametrize(("operation", "current"), COMPLAINT_CASES, ids=str)
def test_a_complaint_moves_only_from_its_operations_status(
    operation: ComplaintOperation, current: CaseStatus
) -> None:
    move = COMPLAINT_MOVES[operation]
    if current == move.source:
        assert check_complaint_move(operation, current) == move.target
        return
    with pytest.raises(Refused) as refused:
        check_complaint_move(operation, current)
    assert refused.value.code == move.refusal and refused.value.field == "status"


def test_complaint_refusals_say_which_step_was_missing() -> None:
    assert check_complaint_move(ComplaintOperation.ANSWER, C.OPEN) == C.ANSWERED
    assert check_complaint_move(ComplaintOperation.ACCEPT, C.ANSWERED) == C.CLOSED
    assert check_complaint_move(ComplaintOperation.REOPEN, C.ANSWERED) == C.OPEN
    codes = {op: move.refusal for op, move in COMPLAINT_MOVES.items()}
    assert codes[ComplaintOperation.ANSWER] == ErrorCode.COMPLAINT_NOT_OPEN
    assert codes[ComplaintOperation.ACCEPT] == ErrorCode.COMPLAINT_NOT_ANSWERED


def test_an_investigation_is_closed_once() -> None:
    close = InvestigationOperation.CLOSE
    assert check_investigation_move(close, InvestigationStatus.OPEN) == InvestigationStatus.CLOSED
    with pytest.raises(Refused) as refused:
        check_investigation_move(close, InvestigationStatus.CLOSED)
    assert refused.value.code == ErrorCode.INVESTIGATION_CLOSED
    assert set(INVESTIGATION_MOVES) == set(InvestigationOperation)
