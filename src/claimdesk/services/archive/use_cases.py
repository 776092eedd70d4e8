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
    DestructionStatus,
    DocumentKind,
)
from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.claim import Claim
from claimdesk.domain.errors import ErrorCode, MakerChecker, NotFound, ReasonRequired
from claimdesk.domain.labels import both
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import require
from claimdesk.services.archive.ports import ArchiveView
from claimdesk.services.context import ServiceContext
from claimdesk.services.ports import UnitOfWork
from claimdesk.workflow.retention import (
    RetentionRules,
    archive_items,
    borrow_period_valid,
    default_retention,
    paper_due,
    retention_expired,
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
    _require_reader(actor)
    with context.uow as uow:
        today = context.clock.now().date()
        return uow.archive.page(view=view, today=today, after_id=after_id,
                                limit=max(1, min(limit, PAGE_LIMIT)))  # fmt: skip


def archive_detail(context: ServiceContext, *, actor: User, archive_id: int) -> ArchiveDetail:
    _require_reader(actor)
    with context.uow as uow:
        return _detail(uow, archive_id)


def archive_of_claim(
    context: ServiceContext, *, actor: User, claim_id: int
) -> ArchiveRecord | None:
    _require_reader(actor)
    with context.uow as uow:
        return uow.archive.for_claim(claim_id)


def record_paper_filing(
    context: ServiceContext, *, actor: User, archive_id: int, filed_on: date, location: str
) -> ArchiveRecord:
    """纸质件归档: the day the paper file was put away and where."""
    require(actor, Permission.ARCHIVE)
    with context.uow as uow:
        record = _record(uow, archive_id)
        today = context.clock.now().date()
        incident = record.paper_due - timedelta(days=default_retention().paper_filing_days)
        if filed_on > today or filed_on < incident:
            raise Refused(ErrorCode.ARCHIVE_DATE_INVALID, field="filed_on", day=filed_on)
        if not location.strip():
            raise Refused(ErrorCode.ARCHIVE_LOCATION_MISSING, field="location")
        uow.archive.record_paper(archive_id, filed_on, location.strip())
        _audit(uow, context, actor, "archive_paper_filed", archive_id,
               {"filed_on": filed_on.isoformat(), "location": location.strip()}, "")  # fmt: skip
        updated = _record(uow, archive_id)
        uow.commit()
        return updated


def request_borrowing(
    context: ServiceContext, *, actor: User, archive_id: int, reason: str, due_back: date
) -> BorrowRequest:
    """借阅申请: any claims staff member, with a reason and a return date."""
    require(actor, Permission.READ_ALL_CLAIMS)
    _reason(reason)
    with context.uow as uow:
        _record(uow, archive_id)
        now = context.clock.now()
        if not borrow_period_valid(now.date(), due_back, default_retention()):
            raise Refused(ErrorCode.BORROW_PERIOD_INVALID, field="due_back", day=due_back,
                          days=default_retention().max_borrow_days)  # fmt: skip
        request = uow.archive.add_borrow(
            BorrowRequest(None, archive_id, actor.username, now, reason.strip(), due_back)
        )
        _audit(uow, context, actor, "archive_borrow_requested", archive_id,
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
            _reason(reason)
        to = BorrowStatus.APPROVED if approve else BorrowStatus.REJECTED
        now = context.clock.now()
        if not uow.archive.move_borrow(borrow_id, BorrowStatus.REQUESTED, to,
                                       decided_by=actor.username, decided_at=now):  # fmt: skip
            raise Refused(ErrorCode.BORROW_NOT_PENDING, **_named("borrow_status", request.status))
        _audit(uow, context, actor, f"archive_borrow_{to}", request.archive_id,
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
            raise Refused(ErrorCode.BORROW_NOT_OUT, **_named("borrow_status", request.status))
        _audit(uow, context, actor, "archive_borrow_returned", request.archive_id,
               {"borrow_id": borrow_id, "late": request.overdue(now.date())}, "")  # fmt: skip
        returned = _borrow(uow, borrow_id)
        uow.commit()
        return returned


def request_destruction(
    context: ServiceContext, *, actor: User, archive_id: int, kind: DocumentKind, reason: str
) -> DestructionRequest:
    """销毁申请: only for a document kind whose retention has ended."""
    require(actor, Permission.ARCHIVE)
    _reason(reason)
    with context.uow as uow:
        record = _record(uow, archive_id)
        _check_destroyable(record, kind, context.clock.now().date())
        pending = [d for d in uow.archive.destructions_for(archive_id)
                   if d.kind == kind and d.status == DestructionStatus.REQUESTED]  # fmt: skip
        if pending:
            raise Refused(ErrorCode.DESTRUCTION_ALREADY_REQUESTED, **_kind(kind))
        request = uow.archive.add_destruction(
            DestructionRequest(None, archive_id, kind, actor.username, context.clock.now(),
                               reason.strip())
        )  # fmt: skip
        _audit(uow, context, actor, "archive_destruction_requested", archive_id,
               {"destruction_id": request.id, "kind": str(kind)}, reason)  # fmt: skip
        uow.commit()
        return request


def decide_destruction(
    context: ServiceContext, *, actor: User, destruction_id: int, approve: bool, reason: str = ""
) -> DestructionRequest:
    """销毁审批 by a second keeper. Approved: the item is marked destroyed and, for the claim's
    materials, their files no other claim uses are deleted after the commit."""
    require(actor, Permission.ARCHIVE)
    with context.uow as uow:
        request = _destruction(uow, destruction_id)
        if request.requested_by == actor.username:
            raise MakerChecker(
                "销毁须由申请人以外的人审批", "another person approves a destruction"
            )
        if not approve:
            _reason(reason)
        now = context.clock.now()
        record = _record(uow, request.archive_id)
        doomed: list[str] = []
        if approve:
            _check_destroyable(record, request.kind, now.date())
            if request.kind == DocumentKind.MEDICAL_MATERIALS:
                doomed = uow.archive.files_only_here(record.claim_id)
        to = DestructionStatus.APPROVED if approve else DestructionStatus.REJECTED
        if not uow.archive.move_destruction(
            destruction_id, DestructionStatus.REQUESTED, to,
            decided_by=actor.username, decided_at=now, files_deleted=len(doomed),
        ):  # fmt: skip
            raise Refused(
                ErrorCode.DESTRUCTION_NOT_PENDING, **_named("destruction_status", request.status)
            )
        if approve:
            uow.archive.mark_destroyed(record.id or 0, request.kind, now, actor.username)
        _audit(uow, context, actor, f"archive_destruction_{to}", request.archive_id,
               {"destruction_id": destruction_id, "kind": str(request.kind),
                "requested_by": request.requested_by, "files_deleted": len(doomed)},
               reason)  # fmt: skip
        decided = _destruction(uow, destruction_id)
        uow.commit()
    _delete_files(context, doomed)
    return decided


def _delete_files(context: ServiceContext, hashes: list[str]) -> None:
    """After the commit: a crash here leaves a file nobody refers to, never a record of a file
    that is gone."""
    if context.files is None:
        return
    for sha256 in hashes:
        try:
            context.files.delete(sha256)
        except OSError:
            log.exception("archive destruction: could not delete file %s", sha256)


def _check_destroyable(record: ArchiveRecord, kind: DocumentKind, today: date) -> None:
    item = record.item(kind)
    if item is None or item.destroyed_at is not None:
        raise Refused(ErrorCode.ARCHIVE_ITEM_DESTROYED, **_kind(kind))
    if not retention_expired(item, today):
        raise Refused(ErrorCode.RETENTION_NOT_EXPIRED, field="kind", **_kind(kind),
                      until=item.retain_until.isoformat())  # fmt: skip


def _named(family: str, code: object) -> dict[str, str]:
    zh, en = both(family, code)
    return {"zh": zh, "en": en}


def _kind(kind: DocumentKind) -> dict[str, str]:
    zh, en = both("archive_document", kind)
    return {"kind_zh": zh, "kind_en": en}


def _require_reader(actor: User) -> None:
    if not actor.can(Permission.ARCHIVE):
        require(actor, Permission.READ_ALL_CLAIMS)


def _reason(reason: str) -> None:
    if not reason.strip():
        raise ReasonRequired("请填写理由", "a reason is required", field="reason")


def _detail(uow: UnitOfWork, archive_id: int) -> ArchiveDetail:
    record = _record(uow, archive_id)
    return ArchiveDetail(record, tuple(uow.archive.borrows_for(archive_id)),
                         tuple(uow.archive.destructions_for(archive_id)))  # fmt: skip


def _record(uow: UnitOfWork, archive_id: int) -> ArchiveRecord:
    record = uow.archive.get(archive_id)
    if record is None:
        raise NotFound("档案 archive record", archive_id)
    return record


def _borrow(uow: UnitOfWork, borrow_id: int) -> BorrowRequest:
    request = uow.archive.borrow(borrow_id)
    if request is None:
        raise NotFound("借阅申请 borrowing request", borrow_id)
    return request


def _destruction(uow: UnitOfWork, destruction_id: int) -> DestructionRequest:
    request = uow.archive.destruction(destruction_id)
    if request is None:
        raise NotFound("销毁申请 destruction request", destruction_id)
    return request


def _audit(
    uow: UnitOfWork, context: ServiceContext, actor: User, action: str, archive_id: int,
    after: dict[str, object], reason: str,
) -> None:  # fmt: skip
    uow.audit.append(
        AuditEntry(actor.username, action, "archive", str(archive_id), None, dict(after),
                   reason.strip()),
        context.clock.now(),
    )  # fmt: skip
