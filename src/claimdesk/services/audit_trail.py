"""Audit helpers: snapshots for before/after, and chain verification."""

from __future__ import annotations

from typing import Any

from claimdesk.domain.audit import AuditEntry, ChainBreak, verify_chain
from claimdesk.domain.claim import Claim
from claimdesk.domain.users import User
from claimdesk.services.ports import UnitOfWork


def claim_snapshot(claim: Claim) -> dict[str, Any]:
    return {"status": str(claim.status), "version": claim.version, "claim_no": claim.claim_no}


def claim_entry(
    actor: User, action: str, claim: Claim, before: Claim | None, reason: str = ""
) -> AuditEntry:
    return AuditEntry(
        actor=actor.username,
        action=action,
        entity_type="claim",
        entity_id=str(claim.id),
        before=None if before is None else claim_snapshot(before),
        after=claim_snapshot(claim),
        reason=reason,
    )


def verify_audit(uow: UnitOfWork) -> tuple[int, ChainBreak | None]:
    """Return how many records were checked and the first break, if any."""
    with uow:
        records = uow.audit.all_records()
        head_seq, head_hash = uow.audit.head()
        return len(records), verify_chain(records, head_seq, head_hash)
