"""档案管理 use cases: the archive record made when a claim is archived, paper filing,
borrowing (借阅: requested, approved by another person, returned) and destruction (销毁:
after retention only, requested by one person and approved by another). Every step is
audited in the hash-chained audit log, in its own transaction."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from claimdesk.domain.archive import (
    ArchiveRecord,
    BorrowRequest,
    BorrowStatus,
    DestructionRequest,
)
from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.claim import Claim
from claimdesk.domain.errors import ErrorCode, MakerChecker, NotFound
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import require
from claimdesk.services.archive.destruction import decide_destruction, request_destruction
from claimdesk.services.archive.ports import ArchiveView
from claimdesk.services.archive.steps import (
    audit_archive,
    labelled,
    load_record,
    require_reader,
    require_reason,
)
from claimdesk.services.context import ServiceContext
from claimdesk.services.ports import UnitOfWork
from claimdesk.workflow.retention import (
    RetentionRules,
    archive_items,
    borrow_period_valid,
    default_retention,
    paper_due,
)

log = logging.getLogger(__name__)
PAGE_LIMIT = 100


@dataclass(frozen=True)
class ArchiveDetail:
    record: ArchiveRecord
    borrows: tuple[BorrowRequest, ...]
    destructions: tuple[DestructionRequest, ...]


def archive_on_move(
    uow: UnitOfWork, by: str, claim: Claim, rules: RetentionRules | None = None
) -> ArchiveRecord:
    """Inside the move's transaction (closed → archived): the record with its retention dates.
    A claim archived again (after a reopening) keeps its first record and number."""
    assert claim.id is not None
    existing = uow.archive.for_claim(claim.id)
    if existing is not None:
        return existing
    rules = rules or default_retention()
    at = claim.updated_at
    assert at is not None, "a moved claim carries the time of its move"
    record = uow.archive.add(
        ArchiveRecord(None, claim.id, f"DA{claim.claim_no}", at, by,
                      paper_due(claim.incident_date, rules), archive_items(at.date(), rules))
    )  # fmt: skip
    kept = {str(item.kind): item.retain_until.isoformat() for item in record.items}
    after = {"archive_number": record.archive_number, "retain_until": kept}
    uow.audit.append(
        AuditEntry(by, "archive_claim", "claim", str(claim.id), None, after, "归档 / archived"), at
    )
    return record


def list_archive(
    context: ServiceContext, *, actor: User, view: ArchiveView = ArchiveView.ALL,
    after_id: int | None = None, limit: int = PAGE_LIMIT,
) -> list[ArchiveRecord]:  # fmt: skip
    require_reader(actor)
    with context.uow as uow:
        today = context.clock.now().date()
        return uow.archive.page(view=view, today=today, after_id=after_id,
                                limit=max(1, min(limit, PAGE_LIMIT)))  # fmt: skip


def archive_detail(context: ServiceContext, *, actor: User, archive_id: int) -> ArchiveDetail:
    require_reader(actor)
    with context.uow as uow:
        return _detail(uow, archive_id)


def archive_of_claim(
    context: ServiceContext, *, actor: User, claim_id: int
) -> ArchiveRecord | None:
    require_reader(actor)
    with context.uow as uow:
        return uow.archive.for_claim(claim_id)


def record_paper_filing(
    context: ServiceContext, *, actor: User, archive_id: int, filed_on: date, location: str
) -> ArchiveRecord:
    """纸质件归档: the day the paper file was put away and where."""
    require(actor, Permission.ARCHIVE)
    with context.uow as uow:
        record = load_record(uow, archive_id)
        today = context.clock.now().date()
        incident = record.paper_due - timedelta(days=default_retention().paper_filing_days)
        if filed_on > today or filed_on < incident:
            raise Refused(ErrorCode.ARCHIVE_DATE_INVALID, field="filed_on", day=filed_on)
        if not location.strip():
            raise Refused(ErrorCode.ARCHIVE_LOCATION_MISSING, field="location")
        uow.archive.record_paper(archive_id, filed_on, location.strip())
        audit_archive(uow, context, actor, "archive_paper_filed", archive_id,
               {"filed_on": filed_on.isoformat(), "location": location.strip()}, "")  # fmt: skip
        updated = load_record(uow, archive_id)
        uow.commit()
        return updated


def request_borrowing(
    context: ServiceContext, *, actor: User, archive_id: int, reason: str, due_back: date
) -> BorrowRequest:
    """借阅申请: any claims staff member, with a reason and a return date."""
    require(actor, Permission.READ_ALL_CLAIMS)
    require_reason(reason)
    with context.uow as uow:
        load_record(uow, archive_id)
        now = context.clock.now()
        if not borrow_period_valid(now.date(), due_back, default_retention()):
            raise Refused(ErrorCode.BORROW_PERIOD_INVALID, field="due_back", day=due_back,
                          days=default_retention().max_borrow_days)  # fmt: skip
        request = uow.archive.add_borrow(
            BorrowRequest(None, archive_id, actor.username, now, reason.strip(), due_back)
        )
        audit_archive(uow, context, actor, "archive_borrow_requested", archive_id,
               {"borrow_id": request.id, "due_back": due_back.isoformat()}, reason)  # fmt: skip
        uow.commit()
        return request


def decide_borrowing(
    context: ServiceContext, *, actor: User, borrow_id: int, approve: bool, reason: str = ""
) -> BorrowRequest:
    """借阅审批 by an archive keeper who is not the borrower."""
    require(actor, Permission.ARCHIVE)
    with context.uow as uow:
        request = _borrow(uow, borrow_id)
        if request.requested_by == actor.username:
            raise MakerChecker(
                "借阅申请须由他人审批", "another person approves a borrowing request"
            )
        if not approve:
            require_reason(reason)
        to = BorrowStatus.APPROVED if approve else BorrowStatus.REJECTED
        now = context.clock.now()
        if not uow.archive.move_borrow(borrow_id, BorrowStatus.REQUESTED, to,
                                       decided_by=actor.username, decided_at=now):  # fmt: skip
            raise Refused(ErrorCode.BORROW_NOT_PENDING, **labelled("borrow_status", request.status))
        audit_archive(uow, context, actor, f"archive_borrow_{to}", request.archive_id,
               {"borrow_id": borrow_id, "borrower": request.requested_by}, reason)  # fmt: skip
        decided = _borrow(uow, borrow_id)
        uow.commit()
        return decided


def return_borrowed(context: ServiceContext, *, actor: User, borrow_id: int) -> BorrowRequest:
    """归还: the keeper records the file back."""
    require(actor, Permission.ARCHIVE)
    with context.uow as uow:
        request = _borrow(uow, borrow_id)
        now = context.clock.now()
        if not uow.archive.move_borrow(borrow_id, BorrowStatus.APPROVED, BorrowStatus.RETURNED,
                                       returned_at=now):  # fmt: skip
            raise Refused(ErrorCode.BORROW_NOT_OUT, **labelled("borrow_status", request.status))
        audit_archive(uow, context, actor, "archive_borrow_returned", request.archive_id,
               {"borrow_id": borrow_id, "late": request.overdue(now.date())}, "")  # fmt: skip
        returned = _borrow(uow, borrow_id)
        uow.commit()
        return returned


def _detail(uow: UnitOfWork, archive_id: int) -> ArchiveDetail:
    record = load_record(uow, archive_id)
    return ArchiveDetail(record, tuple(uow.archive.borrows_for(archive_id)),
                         tuple(uow.archive.destructions_for(archive_id)))  # fmt: skip


def _borrow(uow: UnitOfWork, borrow_id: int) -> BorrowRequest:
    request = uow.archive.borrow(borrow_id)
    if request is None:
        raise NotFound("借阅申请 borrowing request", borrow_id)
    return request


__all__ = [
    "ArchiveDetail",
    "archive_detail",
    "archive_of_claim",
    "archive_on_move",
    "decide_borrowing",
    "decide_destruction",
    "list_archive",
    "record_paper_filing",
    "request_borrowing",
    "request_destruction",
    "return_borrowed",
]
