"""Appends hash-chained audit records in the caller's transaction, and reads them back."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from claimdesk.adapters.db.milestones import record_milestone
from claimdesk.adapters.db.models import AuditHeadRow, AuditRecordRow
from claimdesk.domain.audit import GENESIS_HASH, AuditEntry, AuditRecord, record_hash


class SqlAuditStore:
    def __init__(self, session: Session) -> None:
        self.session = session

    def append(self, entry: AuditEntry, at: datetime) -> AuditRecord:
        seq, prev_hash = self._advance_head()
        digest = record_hash(seq, at, entry, prev_hash)
        self.session.add(_to_row(AuditRecord(seq, at, entry, prev_hash, digest)))
        self.session.execute(
            update(AuditHeadRow)
            .where(AuditHeadRow.id == 1)
            .values(hash=digest)
            .execution_options(synchronize_session=False)
        )
        record_milestone(self.session, entry, at)  # the read side moves with the trail
        return AuditRecord(seq, at, entry, prev_hash, digest)

    def _advance_head(self) -> tuple[int, str]:
        # The UPDATE comes first: it takes the write lock (SQLite) or row lock (PostgreSQL),
        # so two transactions can never chain onto the same previous record. The head row
        # is created by the first migration.
        bumped = self.session.execute(
            update(AuditHeadRow)
            .where(AuditHeadRow.id == 1)
            .values(seq=AuditHeadRow.seq + 1)
            .returning(AuditHeadRow.seq, AuditHeadRow.hash)
        ).one()
        return int(bumped.seq), str(bumped.hash)

    def head(self) -> tuple[int, str]:
        head = self.session.get(AuditHeadRow, 1)
        return (0, GENESIS_HASH) if head is None else (head.seq, head.hash)

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


def _to_row(record: AuditRecord) -> AuditRecordRow:
    entry = record.entry
    return AuditRecordRow(
        seq=record.seq,
        at=record.at,
        actor=entry.actor,
        action=entry.action,
        entity_type=entry.entity_type,
        entity_id=entry.entity_id,
        before=entry.before,
        after=entry.after,
        reason=entry.reason,
        prev_hash=record.prev_hash,
        hash=record.hash,
    )


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
