"""Appends hash-chained audit records in the caller's transaction, and reads them back."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from claimdesk.adapters.db.milestones import record_milestone
from claimdesk.adapters.db.models import AuditHeadRow, AuditRecordRow
from claimdesk.domain.audit import GENESIS_HASH, AuditEntry, AuditRecord, record_hash

# session.info key: (transaction, seq, hash) of the head the transaction moved last.
_HELD = "claimdesk.audit_head_held"

# Table statements built once (an ORM-enabled UPDATE costs its own bookkeeping per call). The
# head is read with a statement, never from the identity map, so it is the row as it stands.
_HEAD_TABLE = cast(Table, AuditHeadRow.__table__)
_BUMP_HEAD = (
    update(_HEAD_TABLE)
    .where(_HEAD_TABLE.c.id == 1)
    .values(seq=_HEAD_TABLE.c.seq + 1)
    .returning(_HEAD_TABLE.c.seq, _HEAD_TABLE.c.hash)
)
_MOVE_HEAD = (
    update(_HEAD_TABLE)
    .where(_HEAD_TABLE.c.id == 1)
    .values(seq=bindparam("new_seq"), hash=bindparam("new_hash"))
)
_HEAD = select(_HEAD_TABLE.c.seq, _HEAD_TABLE.c.hash).where(_HEAD_TABLE.c.id == 1)
# A record is written once and never loaded back into this session's identity map: a table
# INSERT spares the ORM flush each record cost (four a report).
_INSERT_RECORD = insert(cast(Table, AuditRecordRow.__table__))


class SqlAuditStore:
    def __init__(self, session: Session) -> None:
        self.session = session

    def append(self, entry: AuditEntry, at: datetime) -> AuditRecord:
        held = self._held_head()
        if held is None:
            seq, prev_hash = self._advance_head()
        else:
            # This transaction already holds the head's lock: nobody else can move it, so the
            # head it wrote last is still the head (one statement fewer per later record).
            seq, prev_hash = held[0] + 1, held[1]
        digest = record_hash(seq, at, entry, prev_hash)
        record = AuditRecord(seq, at, entry, prev_hash, digest)
        self.session.execute(_INSERT_RECORD, _values(record))
        self.session.execute(_MOVE_HEAD, {"new_seq": seq, "new_hash": digest})
        self._hold(seq, digest)
        record_milestone(self.session, entry, at)  # the read side moves with the trail
        return record

    def _held_head(self) -> tuple[int, str] | None:
        """The head this transaction wrote last, if it is sure to be the head still.

        Only outside savepoints: a savepoint rolled back would undo a head kept in memory.
        """
        held = self.session.info.pop(_HELD, None)
        transaction = self.session.get_transaction()
        if held is None or transaction is None or held[0] is not transaction:
            return None
        if self.session.get_nested_transaction() is not None:
            return None
        return held[1], held[2]

    def _hold(self, seq: int, digest: str) -> None:
        if self.session.get_nested_transaction() is None:
            self.session.info[_HELD] = (self.session.get_transaction(), seq, digest)

    def _advance_head(self) -> tuple[int, str]:
        # The UPDATE comes first: it takes the write lock (SQLite) or row lock (PostgreSQL),
        # so two transactions can never chain onto the same previous record. The head row
        # is created by the first migration.
        bumped = self.session.execute(_BUMP_HEAD).one()
        return int(bumped.seq), str(bumped.hash)

    def head(self) -> tuple[int, str]:
        head = self.session.execute(_HEAD).one_or_none()
        return (0, GENESIS_HASH) if head is None else (int(head.seq), str(head.hash))

    def all_records(self) -> list[AuditRecord]:
        rows = self.session.execute(select(AuditRecordRow).order_by(AuditRecordRow.seq)).scalars()
        return [_to_record(row) for row in rows]

    def for_entity(self, entity_type: str, entity_id: str) -> list[AuditRecord]:
        query = (
            select(AuditRecordRow)
            .where(AuditRecordRow.entity_type == entity_type, AuditRecordRow.entity_id == entity_id)
            .order_by(AuditRecordRow.seq)
        )
        return [_to_record(row) for row in self.session.execute(query).scalars()]


def _values(record: AuditRecord) -> dict[str, Any]:
    entry = record.entry
    return {
        "seq": record.seq,
        "at": record.at,
        "actor": entry.actor,
        "action": entry.action,
        "entity_type": entry.entity_type,
        "entity_id": entry.entity_id,
        "before": entry.before,
        "after": entry.after,
        "reason": entry.reason,
        "prev_hash": record.prev_hash,
        "hash": record.hash,
    }


def _to_record(row: AuditRecordRow) -> AuditRecord:
    entry = AuditEntry(
        actor=row.actor,
        action=row.action,
        entity_type=row.entity_type,
        entity_id=row.entity_id,
        before=row.before,
        after=row.after,
        reason=row.reason,
    )
    return AuditRecord(row.seq, row.at, entry, row.prev_hash, row.hash)
