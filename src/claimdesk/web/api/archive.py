"""档案管理 API: the archive register, one record with its borrowing and destruction history,
paper filing, borrowing (request, decision, return) and destruction (request, decision)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, StringConstraints

from claimdesk.domain.archive import (
    ArchiveRecord,
    BorrowRequest,
    DestructionRequest,
    DocumentKind,
)
from claimdesk.domain.errors import NotFound
from claimdesk.domain.labels import both
from claimdesk.services.archive import use_cases as archive
from claimdesk.services.archive.ports import ArchiveView
from claimdesk.web.api.schemas import Strict
from claimdesk.web.deps import ApiUser, Context
from claimdesk.web.params import CursorQuery, Id

router = APIRouter(tags=["archive"])
Reason = Annotated[str, StringConstraints(max_length=500)]


class ArchiveItemOut(BaseModel):
    kind: DocumentKind
    kind_label: str
    retain_until: date
    destroyed_at: datetime | None
    destroyed_by: str


class ArchiveRecordOut(BaseModel):
    id: int
    claim_id: int
    claim_no: str
    archive_number: str
    archived_at: datetime
    archived_by: str
    paper_due: date
    paper_filed_on: date | None
    location: str
    items: list[ArchiveItemOut]


class BorrowOut(BaseModel):
    id: int
    archive_id: int
    requested_by: str
    requested_at: datetime
    reason: str
    due_back: date
    status: str
    status_label: str
    decided_by: str
    decided_at: datetime | None
    returned_at: datetime | None


class DestructionOut(BaseModel):
    id: int
    archive_id: int
    kind: DocumentKind
    kind_label: str
    requested_by: str
    requested_at: datetime
    reason: str
    status: str
    status_label: str
    decided_by: str
    decided_at: datetime | None
    files_deleted: int


class ArchiveDetailOut(BaseModel):
    record: ArchiveRecordOut
    borrows: list[BorrowOut]
    destructions: list[DestructionOut]


class PaperFilingIn(Strict):
    filed_on: date
    location: Annotated[str, StringConstraints(max_length=200)]


class BorrowIn(Strict):
    reason: Reason
    due_back: date


class DecisionIn(Strict):
    approve: bool
    reason: Reason = ""


class DestructionIn(Strict):
    kind: DocumentKind
    reason: Reason


@router.get("/api/archive", response_model=list[ArchiveRecordOut])
def list_archive(
    user: ApiUser,
    context: Context,
    view: ArchiveView = ArchiveView.ALL,
    after: CursorQuery = None,
    limit: Annotated[int, Query(ge=1, le=archive.PAGE_LIMIT)] = archive.PAGE_LIMIT,
) -> list[ArchiveRecordOut]:
    """Newest first; `after` is the last id of the previous page."""
    found = archive.list_archive(context, actor=user, view=view, after_id=after, limit=limit)
    return [record_out(r) for r in found]


@router.get("/api/archive/{archive_id}", response_model=ArchiveDetailOut)
def archive_detail(archive_id: Id, user: ApiUser, context: Context) -> ArchiveDetailOut:
    return detail_out(archive.archive_detail(context, actor=user, archive_id=archive_id))


@router.get("/api/claims/{claim_id}/archive", response_model=ArchiveRecordOut)
def claim_archive(claim_id: Id, user: ApiUser, context: Context) -> ArchiveRecordOut:
    found = archive.archive_of_claim(context, actor=user, claim_id=claim_id)
    if found is None:
        raise NotFound("档案 archive record", f"claim {claim_id}")
    return record_out(found)


@router.post("/api/archive/{archive_id}/paper", response_model=ArchiveRecordOut)
def paper_filing(
    archive_id: Id, body: PaperFilingIn, user: ApiUser, context: Context
) -> ArchiveRecordOut:
    filed = archive.record_paper_filing(
        context, actor=user, archive_id=archive_id, filed_on=body.filed_on, location=body.location
    )
    return record_out(filed)


@router.post("/api/archive/{archive_id}/borrows", response_model=BorrowOut, status_code=201)
def request_borrowing(archive_id: Id, body: BorrowIn, user: ApiUser, context: Context) -> BorrowOut:
    return borrow_out(
        archive.request_borrowing(
            context, actor=user, archive_id=archive_id, reason=body.reason, due_back=body.due_back
        )
    )


@router.post("/api/archive/borrows/{borrow_id}/decision", response_model=BorrowOut)
def decide_borrowing(borrow_id: Id, body: DecisionIn, user: ApiUser, context: Context) -> BorrowOut:
    return borrow_out(
        archive.decide_borrowing(
            context, actor=user, borrow_id=borrow_id, approve=body.approve, reason=body.reason
        )
    )


@router.post("/api/archive/borrows/{borrow_id}/return", response_model=BorrowOut)
def return_borrowed(borrow_id: Id, user: ApiUser, context: Context) -> BorrowOut:
    return borrow_out(archive.return_borrowed(context, actor=user, borrow_id=borrow_id))


@router.post(
    "/api/archive/{archive_id}/destructions", response_model=DestructionOut, status_code=201
)
def request_destruction(
    archive_id: Id, body: DestructionIn, user: ApiUser, context: Context
) -> DestructionOut:
    requested = archive.request_destruction(
        context, actor=user, archive_id=archive_id, kind=body.kind, reason=body.reason
    )
    return destruction_out(requested)


@router.post("/api/archive/destructions/{destruction_id}/decision", response_model=DestructionOut)
def decide_destruction(
    destruction_id: Id, body: DecisionIn, user: ApiUser, context: Context
) -> DestructionOut:
    return destruction_out(
        archive.decide_destruction(
            context,
            actor=user,
            destruction_id=destruction_id,
            approve=body.approve,
            reason=body.reason,
        )
    )


def record_out(record: ArchiveRecord) -> ArchiveRecordOut:
    items = [
        ArchiveItemOut(
            kind=i.kind,
            kind_label=both("archive_document", i.kind)[0],
            retain_until=i.retain_until,
            destroyed_at=i.destroyed_at,
            destroyed_by=i.destroyed_by,
        )
        for i in record.items
    ]
    return ArchiveRecordOut(
        id=record.id or 0,
        claim_id=record.claim_id,
        claim_no=record.claim_no,
        archive_number=record.archive_number,
        archived_at=record.archived_at,
        archived_by=record.archived_by,
        paper_due=record.paper_due,
        paper_filed_on=record.paper_filed_on,
        location=record.location,
        items=items,
    )


def borrow_out(request: BorrowRequest) -> BorrowOut:
    return BorrowOut(
        id=request.id or 0,
        archive_id=request.archive_id,
        requested_by=request.requested_by,
        requested_at=request.requested_at,
        reason=request.reason,
        due_back=request.due_back,
        status=str(request.status),
        status_label=both("borrow_status", request.status)[0],
        decided_by=request.decided_by,
        decided_at=request.decided_at,
        returned_at=request.returned_at,
    )


def destruction_out(request: DestructionRequest) -> DestructionOut:
    return DestructionOut(
        id=request.id or 0,
        archive_id=request.archive_id,
        kind=request.kind,
        kind_label=both("archive_document", request.kind)[0],
        requested_by=request.requested_by,
        requested_at=request.requested_at,
        reason=request.reason,
        status=str(request.status),
        status_label=both("destruction_status", request.status)[0],
        decided_by=request.decided_by,
        decided_at=request.decided_at,
        files_deleted=request.files_deleted,
    )


def detail_out(detail: archive.ArchiveDetail) -> ArchiveDetailOut:
    return ArchiveDetailOut(
        record=record_out(detail.record),
        borrows=[borrow_out(b) for b in detail.borrows],
        destructions=[destruction_out(d) for d in detail.destructions],
    )
