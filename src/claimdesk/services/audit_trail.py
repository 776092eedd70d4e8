"""Audit helpers: snapshots for before/after, chain verification and signed checkpoints."""

from __future__ import annotations

from typing import Any, Protocol

from claimdesk.domain.audit import AuditEntry, ChainBreak, verify_chain
from claimdesk.domain.audit_anchor import Checkpoint, check_anchors, sign
from claimdesk.domain.claim import Claim
from claimdesk.domain.users import User
from claimdesk.services.ports import Clock, UnitOfWork


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


class AuditAnchors(Protocol):
    """Where checkpoints are kept, outside the database (adapters/audit_anchor_file.py)."""

    def append(self, checkpoint: Checkpoint) -> None: ...
    def read(self) -> list[Checkpoint]: ...
    def newest(self) -> Checkpoint | None: ...


def verify_audit(
    uow: UnitOfWork, anchors: AuditAnchors | None = None, key: bytes = b""
) -> tuple[int, ChainBreak | None]:
    """Return how many records were checked and the first break, if any: the chain itself,
    then every checkpoint against it (a recomputed chain no longer matches its checkpoints)."""
    with uow:
        records = uow.audit.all_records()
        head_seq, head_hash = uow.audit.head()
    broken = verify_chain(records, head_seq, head_hash)
    if broken is None and anchors is not None:
        broken = check_anchors(key, anchors.read(), {r.seq: r.hash for r in records})
    return len(records), broken


def checkpoint_audit(
    uow: UnitOfWork, clock: Clock, anchors: AuditAnchors, key: bytes
) -> Checkpoint | None:
    """Sign the current head into the anchor file; nothing new since the last one: no-op."""
    with uow:
        head_seq, head_hash = uow.audit.head()
    newest = anchors.newest()
    if head_seq == 0 or (newest is not None and newest.seq == head_seq):
        return None
    checkpoint = sign(key, head_seq, head_hash, clock.now())
    anchors.append(checkpoint)
    return checkpoint
