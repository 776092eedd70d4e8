"""档案销毁: only after retention, requested by one keeper and approved by another; approving
the claim materials deletes their files (those no other claim uses) after the commit."""

from __future__ import annotations

import logging
from datetime import date

from claimdesk.domain.archive import (
    ArchiveRecord,
    DestructionRequest,
    DestructionStatus,
    DocumentKind,
)
from claimdesk.domain.errors import ErrorCode, MakerChecker, NotFound
from claimdesk.domain.labels import both
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import require
from claimdesk.services.archive.steps import audit_archive, labelled, load_record, require_reason
from claimdesk.services.context import ServiceContext
from claimdesk.services.ports import UnitOfWork
from claimdesk.workflow.retention import retention_expired

log = logging.getLogger(__name__)


def request_destruction(
    context: ServiceContext, *, actor: User, archive_id: int, kind: DocumentKind, reason: str
) -> DestructionRequest:
    """销毁申请: only for a document kind whose retention has ended."""
    require(actor, Permission.ARCHIVE)
    require_reason(reason)
    with context.uow as uow:
        record = load_record(uow, archive_id)
        _check_destroyable(record, kind, context.clock.now().date())
        pending = [d for d in uow.archive.destructions_for(archive_id)
                   if d.kind == kind and d.status == DestructionStatus.REQUESTED]  # fmt: skip
        if pending:
            raise Refused(ErrorCode.DESTRUCTION_ALREADY_REQUESTED, **_kind(kind))
        request = uow.archive.add_destruction(
            DestructionRequest(None, archive_id, kind, actor.username, context.clock.now(),
                               reason.strip())
        )  # fmt: skip
        audit_archive(uow, context, actor, "archive_destruction_requested", archive_id,
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
            require_reason(reason)
        now = context.clock.now()
        record = load_record(uow, request.archive_id)
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
                ErrorCode.DESTRUCTION_NOT_PENDING, **labelled("destruction_status", request.status)
            )
        if approve:
            uow.archive.mark_destroyed(record.id or 0, request.kind, now, actor.username)
        audit_archive(uow, context, actor, f"archive_destruction_{to}", request.archive_id,
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


def _kind(kind: DocumentKind) -> dict[str, str]:
    zh, en = both("archive_document", kind)
    return {"kind_zh": zh, "kind_en": en}


def _destruction(uow: UnitOfWork, destruction_id: int) -> DestructionRequest:
    request = uow.archive.destruction(destruction_id)
    if request is None:
        raise NotFound("销毁申请 destruction request", destruction_id)
    return request
