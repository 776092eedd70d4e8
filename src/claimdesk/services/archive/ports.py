"""What the archive slice needs from storage (adapters/db/archive_repository.py)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from claimdesk.domain.archive import (
    ArchiveRecord,
    BorrowRequest,
    BorrowStatus,
    DestructionRequest,
    DestructionStatus,
    DocumentKind,
)


class ArchiveView(StrEnum):
    """The archive register's filters."""

    ALL = "all"
    PAPER_OVERDUE = "paper_overdue"  # 纸质件逾期未整理
    RETENTION_EXPIRED = "retention_expired"  # 保管期满待销毁
    BORROWED = "borrowed"  # 借出未还


class ArchiveStore(Protocol):
    def add(self, record: ArchiveRecord) -> ArchiveRecord: ...
    def get(self, archive_id: int) -> ArchiveRecord | None: ...
    def for_claim(self, claim_id: int) -> ArchiveRecord | None: ...
    def page(
        self, *, view: ArchiveView, today: date, after_id: int | None, limit: int
    ) -> list[ArchiveRecord]:
        """Newest first (id descending), `after_id` the last id of the previous page."""
        ...

    def record_paper(self, archive_id: int, filed_on: date, location: str) -> None: ...
    def mark_destroyed(
        self, archive_id: int, kind: DocumentKind, at: datetime, by: str
    ) -> None: ...
    def files_only_here(self, claim_id: int) -> list[str]:
        """The sha256 of the claim's stored files that no other claim's material uses."""
        ...

    def add_borrow(self, request: BorrowRequest) -> BorrowRequest: ...
    def borrow(self, borrow_id: int) -> BorrowRequest | None: ...
    def borrows_for(self, archive_id: int) -> list[BorrowRequest]: ...
    def move_borrow(
        self, borrow_id: int, frm: BorrowStatus, to: BorrowStatus, **values: object
    ) -> bool:
        """Compare-and-set: False when the request was no longer in `frm` (decided twice)."""
        ...

    def add_destruction(self, request: DestructionRequest) -> DestructionRequest: ...
    def destruction(self, destruction_id: int) -> DestructionRequest | None: ...
    def destructions_for(self, archive_id: int) -> list[DestructionRequest]: ...
    def move_destruction(
        self, destruction_id: int, frm: DestructionStatus, to: DestructionStatus, **values: object
    ) -> bool: ...
