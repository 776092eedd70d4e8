"""The insured's documented request to change the payee (变更收款账户): the customer asks with
a supporting document, a finance officer or approver proposes (maker), another approves
(checker); only then is the money redirected. Refused otherwise with a stable code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from claimdesk.domain.errors import MakerChecker
from claimdesk.domain.payment import Payee


class PayeeChangeStatus(StrEnum):
    REQUESTED = "requested"  # the insured asked, finance has not looked yet
    PROPOSED = "proposed"  # a maker checked the document and proposes it
    APPROVED = "approved"  # a checker approved: the new payee is in force
    REJECTED = "rejected"


class PayeeDocumentKind(StrEnum):
    ID_CARD_COPY = "id_card_copy"  # 身份证复印件
    BANK_BOOK_COPY = "bank_book_copy"  # 银行卡或存折复印件


OPEN = frozenset({PayeeChangeStatus.REQUESTED, PayeeChangeStatus.PROPOSED})


@dataclass(frozen=True)
class PayeeDocument:
    kind: PayeeDocumentKind
    file_name: str
    content_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class PayeeChangeRequest:
    id: int | None
    claim_id: int
    payee: Payee
    document: PayeeDocument
    reason: str
    status: PayeeChangeStatus
    requested_by: int
    requested_at: datetime
    proposed_by: int | None = None
    proposed_at: datetime | None = None
    decided_by: int | None = None
    decided_at: datetime | None = None
    decision_reason: str = ""
    instruction_id: int | None = None


def check_checker(request: PayeeChangeRequest, checker_id: int) -> None:
    """Maker-checker: whoever proposed (or asked for) the change cannot approve it."""
    if checker_id in (request.proposed_by, request.requested_by):
        raise MakerChecker(
            "提出变更的人不能复核同一变更，须由另一人批准",
            "whoever proposed the payee change cannot approve it; another person must",
        )
