"""档案管理 (seed 002 ch. 9): the archive record of a closed claim, what it holds and until when
(保管期限), borrowing (借阅) and destruction (销毁).

A claim is archived by the lifecycle move closed → archived; its record lists one item per
document kind with the date its retention ends. Nothing is destroyed before that date, and
never by one person alone: a destruction is requested by one and approved by another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class DocumentKind(StrEnum):
    CLAIM_FILE = "claim_file"  # 理赔案卷: report, adjudication, decision, letters
    MEDICAL_MATERIALS = "medical_materials"  # 索赔资料: receipts, records, ID and bank copies
    PAYMENT_RECORDS = "payment_records"  # 支付凭证: vouchers, bank results (会计档案)


class BorrowStatus(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"  # lent out, due back on `due_back`
    REJECTED = "rejected"
    RETURNED = "returned"


class DestructionStatus(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"  # destroyed
    REJECTED = "rejected"


@dataclass(frozen=True)
class ArchiveItem:
    kind: DocumentKind
    retain_until: date
    destroyed_at: datetime | None = None
    destroyed_by: str = ""


@dataclass(frozen=True)
class ArchiveRecord:
    id: int | None
    claim_id: int
    archive_number: str  # 档案号
    archived_at: datetime
    archived_by: str
    paper_due: date  # 纸质件整理期限: 30 days after the incident (seed 002 1.3.3)
    items: tuple[ArchiveItem, ...]
    paper_filed_on: date | None = None
    location: str = ""  # where the paper file is kept (柜/盒号)
    claim_no: str = ""

    def item(self, kind: DocumentKind) -> ArchiveItem | None:
        return next((item for item in self.items if item.kind == kind), None)

    def paper_overdue(self, today: date) -> bool:
        return self.paper_filed_on is None and today > self.paper_due


@dataclass(frozen=True)
class BorrowRequest:
    id: int | None
    archive_id: int
    requested_by: str
    requested_at: datetime
    reason: str
    due_back: date
    status: BorrowStatus = BorrowStatus.REQUESTED
    decided_by: str = ""
    decided_at: datetime | None = None
    returned_at: datetime | None = None

    def overdue(self, today: date) -> bool:
        return self.status == BorrowStatus.APPROVED and today > self.due_back


@dataclass(frozen=True)
class DestructionRequest:
    id: int | None
    archive_id: int
    kind: DocumentKind
    requested_by: str
    requested_at: datetime
    reason: str
    status: DestructionStatus = DestructionStatus.REQUESTED
    decided_by: str = ""
    decided_at: datetime | None = None
    files_deleted: int = 0
