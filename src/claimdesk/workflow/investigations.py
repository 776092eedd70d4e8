"""The investigation's lifecycle (调查) as one table: notes and the closing report only while
it is open; a closed investigation is refused with its own code."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from claimdesk.domain.errors import ErrorCode
from claimdesk.domain.investigations import InvestigationStatus
from claimdesk.domain.refusals import Refused

I = InvestigationStatus  # noqa: E741


class InvestigationOperation(StrEnum):
    CLOSE = "close"  # the outcome is recorded (fraud proven or not)


@dataclass(frozen=True)
class InvestigationMove:
    source: InvestigationStatus
    target: InvestigationStatus
    refusal: ErrorCode


INVESTIGATION_MOVES: dict[InvestigationOperation, InvestigationMove] = {
    InvestigationOperation.CLOSE: InvestigationMove(
        I.OPEN, I.CLOSED, ErrorCode.INVESTIGATION_CLOSED
    ),
}


def check_investigation_move(
    operation: InvestigationOperation, current: InvestigationStatus
) -> InvestigationStatus:
    """The status the investigation moves to, or the operation's refusal."""
    move = INVESTIGATION_MOVES[operation]
    if current != move.source:
        raise Refused(move.refusal, field="status")
    return move.target
