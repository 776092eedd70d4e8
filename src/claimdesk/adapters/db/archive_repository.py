"""The archive (档案管理) in SQL: records with their items, borrowing and destruction requests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, exists, select, update
from sqlalchemy.orm import Session

from claimdesk.adapters.db.models import ClaimRow, MaterialRow
from claimdesk.adapters.db.models_archive import (
    ArchiveBorrowRow,
    ArchiveDestructionRow,
    ArchiveItemRow,
    ArchiveRecordRow,
)
from claimdesk.domain.archive import (
    ArchiveItem,
    ArchiveRecord,
    BorrowRequest,
    BorrowStatus,
    DestructionRequest,
    DestructionStatus,
    DocumentKind,
)
from claimdesk.services.archive.ports import ArchiveView

R = ArchiveRecordRow


class SqlArchive:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, record: ArchiveRecord) -> ArchiveRecord:
        row = R(claim_id=record.claim_id, archive_number=record.archive_number,
                archived_at=record.archived_at, archived_by=record.archived_by,
                paper_due=record.paper_due, paper_filed_on=record.paper_filed_on,
                location=record.location,
                items=[ArchiveItemRow(kind=str(i.kind), retain_until=i.retain_until)
                       for i in record.items])  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return self._with_number(row)

    def get(self, archive_id: int) -> ArchiveRecord | None:
        row = self.session.get(R, archive_id)
        return None if row is None else self._with_number(row)

    def for_claim(self, claim_id: int) -> ArchiveRecord | None:
        row = self.session.execute(select(R).where(R.claim_id == claim_id)).scalar_one_or_none()
        return None if row is None else self._with_number(row)

    def page(
        self, *, view: ArchiveView, today: date, after_id: int | None, limit: int
    ) -> list[ArchiveRecord]:
        query = select(R, ClaimRow.claim_no).join(ClaimRow, ClaimRow.id == R.claim_id)
        if view == ArchiveView.PAPER_OVERDUE:
            query = query.where(R.paper_filed_on.is_(None), R.paper_due < today)
        elif view == ArchiveView.RETENTION_EXPIRED:
            item = ArchiveItemRow
            query = query.where(
                exists().where(
                    and_(
                        item.archive_id == R.id,
                        item.destroyed_at.is_(None),
                        item.retain_until < today,
                    )
                )
            )
        elif view == ArchiveView.BORROWED:
            lent = ArchiveBorrowRow
            query = query.where(
                exists().where(
                    and_(lent.archive_id == R.id, lent.status == str(BorrowStatus.APPROVED))
                )
            )
        if after_id is not None:
            query = query.where(R.id < after_id)
        rows = self.session.execute(query.order_by(R.id.desc()).limit(limit)).all()
        return [_record(row, claim_no) for row, claim_no in rows]

    def record_paper(self, archive_id: int, filed_on: date, location: str) -> None:
        self.session.execute(
            update(R).where(R.id == archive_id).values(paper_filed_on=filed_on, location=location)
        )

    def mark_destroyed(self, archive_id: int, kind: DocumentKind, at: datetime, by: str) -> None:
        item = ArchiveItemRow
        self.session.execute(
            update(item).where(item.archive_id == archive_id, item.kind == str(kind),
                               item.destroyed_at.is_(None))
            .values(destroyed_at=at, destroyed_by=by)
        )  # fmt: skip
        self.session.expire_all()

    def files_only_here(self, claim_id: int) -> list[str]:
        m = MaterialRow
        mine = m.__table__.alias("mine")
        query = (
            select(mine.c.sha256).distinct()
            .where(mine.c.claim_id == claim_id, mine.c.status != "declared")
            .where(~exists(select(m.id).where(m.sha256 == mine.c.sha256, m.claim_id != claim_id)))
        )  # fmt: skip
        return sorted(self.session.execute(query).scalars())

    def add_borrow(self, request: BorrowRequest) -> BorrowRequest:
        row = ArchiveBorrowRow(archive_id=request.archive_id, requested_by=request.requested_by,
                               requested_at=request.requested_at, reason=request.reason,
                               due_back=request.due_back, status=str(request.status))  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return _borrow(row)

    def borrow(self, borrow_id: int) -> BorrowRequest | None:
        row = self.session.get(ArchiveBorrowRow, borrow_id)
        return None if row is None else _borrow(row)

    def borrows_for(self, archive_id: int) -> list[BorrowRequest]:
        b = ArchiveBorrowRow
        rows = self.session.execute(select(b).where(b.archive_id == archive_id).order_by(b.id))
        return [_borrow(row) for row in rows.scalars()]

    def move_borrow(
        self, borrow_id: int, frm: BorrowStatus, to: BorrowStatus, **values: object
    ) -> bool:
        return self._move(ArchiveBorrowRow, borrow_id, str(frm), str(to), values)

    def add_destruction(self, request: DestructionRequest) -> DestructionRequest:
        row = ArchiveDestructionRow(
            archive_id=request.archive_id, kind=str(request.kind),
            requested_by=request.requested_by, requested_at=request.requested_at,
            reason=request.reason, status=str(request.status),
        )  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return _destruction(row)

    def destruction(self, destruction_id: int) -> DestructionRequest | None:
        row = self.session.get(ArchiveDestructionRow, destruction_id)
        return None if row is None else _destruction(row)

    def destructions_for(self, archive_id: int) -> list[DestructionRequest]:
        d = ArchiveDestructionRow
        rows = self.session.execute(select(d).where(d.archive_id == archive_id).order_by(d.id))
        return [_destruction(row) for row in rows.scalars()]

    def move_destruction(
        self, destruction_id: int, frm: DestructionStatus, to: DestructionStatus, **values: object
    ) -> bool:
        return self._move(ArchiveDestructionRow, destruction_id, str(frm), str(to), values)

    def _move(self, table: Any, row_id: int, frm: str, to: str, values: dict[str, object]) -> bool:
        """Compare-and-set on the status: two deciders at once, one wins."""
        result = self.session.execute(
            update(table).where(table.id == row_id, table.status == frm)
            .values(status=to, **values)
            .execution_options(synchronize_session=False)
        )  # fmt: skip
        self.session.expire_all()
        return bool(getattr(result, "rowcount", 0) == 1)

    def _with_number(self, row: ArchiveRecordRow) -> ArchiveRecord:
        claim_no = self.session.execute(
            select(ClaimRow.claim_no).where(ClaimRow.id == row.claim_id)
        ).scalar_one()
        return _record(row, claim_no)


def _record(row: ArchiveRecordRow, claim_no: str) -> ArchiveRecord:
    items = tuple(ArchiveItem(DocumentKind(i.kind), i.retain_until, i.destroyed_at,
                              i.destroyed_by or "") for i in row.items)  # fmt: skip
    return ArchiveRecord(row.id, row.claim_id, row.archive_number, row.archived_at,
                         row.archived_by, row.paper_due, items, row.paper_filed_on,
                         row.location or "", claim_no)  # fmt: skip


def _borrow(row: ArchiveBorrowRow) -> BorrowRequest:
    return BorrowRequest(row.id, row.archive_id, row.requested_by, row.requested_at, row.reason,
                         row.due_back, BorrowStatus(row.status), row.decided_by or "",
                         row.decided_at, row.returned_at)  # fmt: skip


def _destruction(row: ArchiveDestructionRow) -> DestructionRequest:
    return DestructionRequest(
        row.id, row.archive_id, DocumentKind(row.kind), row.requested_by, row.requested_at,
        row.reason, DestructionStatus(row.status), row.decided_by or "", row.decided_at,
        row.files_deleted or 0,
    )  # fmt: skip
