"""Audit trail (责任追溯): append-only records, hash-chained so an edit or a deletion shows."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    """What a use case wants recorded; the store adds the sequence number and the hashes."""

    actor: str
    action: str
    entity_type: str
    entity_id: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    reason: str = ""


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    at: datetime
    entry: AuditEntry
    prev_hash: str
    hash: str


def record_hash(seq: int, at: datetime, entry: AuditEntry, prev_hash: str) -> str:
    payload = {
        "seq": seq,
        "at": at.astimezone(UTC).isoformat(),
        "actor": entry.actor,
        "action": entry.action,
        "entity_type": entry.entity_type,
        "entity_id": entry.entity_id,
        "before": entry.before,
        "after": entry.after,
        "reason": entry.reason,
        "prev": prev_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    problem: str


def verify_chain(records: list[AuditRecord], head_seq: int, head_hash: str) -> ChainBreak | None:
    """Return the first broken record, or None when every record and the head agree."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    for record in records:
        if record.seq != expected_seq:
            return ChainBreak(expected_seq, "missing record (deleted)")
        if record.prev_hash != expected_prev:
            return ChainBreak(record.seq, "link to previous record broken")
        if record_hash(record.seq, record.at, record.entry, record.prev_hash) != record.hash:
            return ChainBreak(record.seq, "content altered")
        expected_prev, expected_seq = record.hash, expected_seq + 1
    if expected_seq - 1 != head_seq or expected_prev != head_hash:
        return ChainBreak(expected_seq, "records after this one are missing (deleted)")
    return None
