"""The complaints desk's reads (投诉工作台): the queue by due date and one case's file.

The handling steps (classify, investigate, answer, confirm) are in use_cases.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimdesk.domain.audit import AuditRecord
from claimdesk.domain.complaints import CaseStatus
from claimdesk.domain.errors import Forbidden
from claimdesk.domain.users import Permission, User
from claimdesk.services.complaints.ports import ComplaintCase
from claimdesk.services.context import ServiceContext
from claimdesk.services.ports import UnitOfWork

OPEN_WORK = frozenset({CaseStatus.OPEN, CaseStatus.ANSWERED})
EVERY_STATUS = frozenset(CaseStatus)


@dataclass(frozen=True)
class CaseFile:
    case: ComplaintCase
    claim_no: str | None
    history: list[AuditRecord]  # logged, classified, investigated, answered, confirmed


def require_desk(actor: User) -> None:
    if not actor.can(Permission.HANDLE_COMPLAINTS):
        raise Forbidden(
            "只有坐席或主管可以处理投诉", "only an agent or a manager handles complaints"
        )


def desk_queue(
    context: ServiceContext, *, actor: User, status: CaseStatus | None, limit: int
) -> tuple[list[ComplaintCase], dict[int, str]]:
    """Open work first by its internal due date, and the claim numbers the rows link to."""
    uow = context.uow
    require_desk(actor)
    statuses = frozenset({status}) if status is not None else OPEN_WORK
    with uow:
        cases = uow.complaints.by_due_date(statuses=statuses, limit=limit)
        return cases, _claim_numbers(uow, cases)


def case_file(context: ServiceContext, *, actor: User, case_id: int) -> CaseFile:
    uow = context.uow
    require_desk(actor)
    with uow:
        case = uow.complaints.get(case_id)
        claim_no = _claim_numbers(uow, [case]).get(case.claim_id or 0)
        return CaseFile(case, claim_no, uow.audit.for_entity("complaint", str(case_id)))


def _claim_numbers(uow: UnitOfWork, cases: list[ComplaintCase]) -> dict[int, str]:
    ids = sorted({case.claim_id for case in cases if case.claim_id is not None})
    return uow.complaints.claim_numbers(ids)
