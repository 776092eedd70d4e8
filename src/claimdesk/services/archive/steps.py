"""Steps the archive use cases share: reading a record, the reason check, labelled refusal
details, the audit record of an archive action."""

from __future__ import annotations

from claimdesk.domain.archive import ArchiveRecord
from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.errors import NotFound, ReasonRequired
from claimdesk.domain.labels import both
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import require
from claimdesk.services.context import ServiceContext
from claimdesk.services.ports import UnitOfWork


def labelled(family: str, code: object) -> dict[str, str]:
    zh, en = both(family, code)
    return {"zh": zh, "en": en}


def require_reader(actor: User) -> None:
    if not actor.can(Permission.ARCHIVE):
        require(actor, Permission.READ_ALL_CLAIMS)


def require_reason(reason: str) -> None:
    if not reason.strip():
        raise ReasonRequired("请填写理由", "a reason is required", field="reason")


def load_record(uow: UnitOfWork, archive_id: int) -> ArchiveRecord:
    record = uow.archive.get(archive_id)
    if record is None:
        raise NotFound("档案 archive record", archive_id)
    return record


def audit_archive(
    uow: UnitOfWork, context: ServiceContext, actor: User, action: str, archive_id: int,
    after: dict[str, object], reason: str,
) -> None:  # fmt: skip
    uow.audit.append(
        AuditEntry(actor.username, action, "archive", str(archive_id), None, dict(after),
                   reason.strip()),
        context.clock.now(),
    )  # fmt: skip
