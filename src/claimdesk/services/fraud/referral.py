"""Referral to an investigator (转调查): open the investigation, assign it, hold the claim.

A blacklist hit, a hard stop or a manual referral holds the claim: under review (or once it
gets there through a move) it goes to investigation by a system move (`apply_move`, the
reaction table's INVESTIGATION_HOLD). An automatic red-flag referral assigns an investigator
but does not hold the claim: flags never block, the investigator looks in parallel.
"""

from __future__ import annotations

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.claim import Claim
from claimdesk.domain.errors import DomainError, ErrorCode
from claimdesk.domain.users import Role
from claimdesk.fraud.cases import Investigation, ReferralSource
from claimdesk.services.ports import Clock, UnitOfWork
from claimdesk.workflow.queues import Candidate, least_loaded

SYSTEM = "system"


class UnderInvestigation(DomainError):
    code = ErrorCode.UNDER_INVESTIGATION

    def __init__(self, claim_no: str) -> None:
        super().__init__(
            f"赔案 {claim_no} 调查未结，须先记录调查结论",
            f"claim {claim_no} has an open investigation: record its outcome first",
            field="status",
        )


def open_investigation(uow: UnitOfWork, claim_id: int) -> Investigation | None:
    found = [i for i in uow.fraud.investigations_for(claim_id) if i.status == "open"]
    return found[-1] if found else None


def holds(investigation: Investigation) -> bool:
    """A red-flag referral never holds the claim (flags do not block); the others do."""
    return investigation.source != ReferralSource.RED_FLAGS


def refer(
    uow: UnitOfWork,
    clock: Clock,
    referred_by: str,
    claim: Claim,
    reason: str,
    source: ReferralSource,
) -> Investigation:
    """Open and assign the investigation (least-loaded investigator), audited; no move here."""
    assert claim.id is not None
    loads = uow.tasks.open_counts(Role.INVESTIGATOR)
    assignee = least_loaded([Candidate(user, count) for user, count in loads.items()])
    investigation = uow.fraud.add_investigation(
        Investigation(None, claim.id, referred_by, reason, source, clock.now(), assignee)
    )
    uow.audit.append(investigation_entry(referred_by, "refer_investigation", investigation),
                     clock.now())  # fmt: skip
    return investigation


def holding_investigation(uow: UnitOfWork, claim: Claim) -> Investigation | None:
    """The open referral that holds this claim, if any (the move is services/claims/moves.py)."""
    if claim.id is None:
        return None
    investigation = open_investigation(uow, claim.id)
    return investigation if investigation is not None and holds(investigation) else None


def assign_to_investigator(uow: UnitOfWork, claim: Claim, investigation: Investigation) -> None:
    """The claim's open tasks follow it to the investigator the referral assigned."""
    for task in uow.tasks.open_for_claim(claim.id or 0):
        if investigation.assigned_to is not None and task.id is not None:
            uow.tasks.assign(task.id, investigation.assigned_to, f"调查 #{investigation.id}")


def investigation_entry(actor: str, action: str, investigation: Investigation) -> AuditEntry:
    return AuditEntry(
        actor=actor,
        action=action,
        entity_type="investigation",
        entity_id=str(investigation.id),
        after={
            "claim_id": investigation.claim_id,
            "status": str(investigation.status),
            "assigned_to": investigation.assigned_to,
            "source": str(investigation.source),
            "outcome": None if investigation.outcome is None else str(investigation.outcome),
        },
        reason=investigation.reason,
    )
