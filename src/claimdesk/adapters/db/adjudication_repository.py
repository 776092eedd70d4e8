"""Stored adjudications, their line overrides, and the benefit ledger.

The engine's typed request and result are stored as the contract's JSON (`claimdesk.contract`),
the same shape the CLI and the API print; rows written by older versions read back alike."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session, selectinload

from claimdesk.adapters.db.models import AdjudicationRow, LedgerEntryRow, LineOverrideRow
from claimdesk.contract.request_json import parse_request, request_to_json
from claimdesk.contract.result_json import result_from_json, result_to_json
from claimdesk.rules.reasons import Decision
from claimdesk.services.adjudication.records import StoredAdjudication, StoredOverride

# Built once, values as parameters: read on every move (issue 10: building a statement and
# its cache key cost more than running it).
_LAST_SEQ = select(func.max(AdjudicationRow.seq)).where(
    AdjudicationRow.claim_id == bindparam("claim_id")
)
_ACTIVE_FOR = (
    select(AdjudicationRow)
    .where(AdjudicationRow.claim_id == bindparam("claim_id"), AdjudicationRow.active.is_(True))
    .options(selectinload(AdjudicationRow.overrides))
)
_ACTIVE_PAYABLE = select(AdjudicationRow.payable).where(
    AdjudicationRow.claim_id == bindparam("claim_id"), AdjudicationRow.active.is_(True)
)
_CLAIM_LEDGER = select(LedgerEntryRow.deltas).where(
    LedgerEntryRow.claim_id == bindparam("claim_id")
)


class SqlAdjudications:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, record: StoredAdjudication) -> StoredAdjudication:
        self.session.execute(
            update(AdjudicationRow)
            .where(AdjudicationRow.claim_id == record.claim_id)
            .values(active=False)
        )
        row = AdjudicationRow(
            claim_id=record.claim_id,
            seq=self._next_seq(record.claim_id),
            at=record.at,
            by_user=record.by_user,
            product_code=record.product_code,
            decision=str(record.decision),
            engine_payable=record.engine_payable,
            payable=record.payable,
            request=request_to_json(record.request),
            result=result_to_json(record.result),
            active=True,
        )
        self.session.add(row)
        self.session.flush()
        return _from_row(row)

    def _next_seq(self, claim_id: int) -> int:
        return int(self.session.execute(_LAST_SEQ, {"claim_id": claim_id}).scalar_one() or 0) + 1

    def active_for(self, claim_id: int) -> StoredAdjudication | None:
        row = self.session.execute(_ACTIVE_FOR, {"claim_id": claim_id}).scalar_one_or_none()
        return None if row is None else _from_row(row)

    def active_payable(self, claim_id: int) -> Decimal | None:
        """The active record's payable alone: what an approval signs for, read on every
        routing (issue 10: the whole record, its overrides and its JSON were read for it)."""
        values = {"claim_id": claim_id}
        return self.session.execute(_ACTIVE_PAYABLE, values).scalar_one_or_none()

    def deactivate(self, claim_id: int) -> None:
        self.session.execute(
            update(AdjudicationRow).where(AdjudicationRow.claim_id == claim_id).values(active=False)
        )

    def add_override(self, adjudication_id: int, override: StoredOverride) -> None:
        self.session.add(
            LineOverrideRow(
                adjudication_id=adjudication_id,
                visit_id=override.visit_id,
                line_id=override.line_id,
                engine_payable=override.engine_payable,
                payable=override.payable,
                reason=override.reason,
                by_user=override.by_user,
                at=override.at,
            )
        )
        self.session.flush()

    def set_payable(self, adjudication_id: int, payable: Any) -> None:
        row = self.session.get(AdjudicationRow, adjudication_id)
        if row is not None:
            row.payable = payable
            self.session.flush()

    def ledger_rows(
        self, insured_person_id: int, policy_id: int, *, excluding_claim: int | None
    ) -> list[dict[str, Any]]:
        query = select(LedgerEntryRow.deltas).where(
            LedgerEntryRow.insured_person_id == insured_person_id,
            LedgerEntryRow.policy_id == policy_id,
        )
        if excluding_claim is not None:
            query = query.where(LedgerEntryRow.claim_id != excluding_claim)
        return [dict(deltas) for deltas in self.session.execute(query).scalars()]

    def claim_ledger_rows(self, claim_id: int) -> list[dict[str, Any]]:
        rows = self.session.execute(_CLAIM_LEDGER, {"claim_id": claim_id}).scalars()
        return [dict(deltas) for deltas in rows]

    def book(
        self,
        *,
        insured_person_id: int,
        policy_id: int,
        claim_id: int,
        adjudication_id: int | None,
        kind: str,
        deltas: Mapping[str, Any],
        at: datetime,
    ) -> None:
        self.session.add(
            LedgerEntryRow(
                insured_person_id=insured_person_id,
                policy_id=policy_id,
                claim_id=claim_id,
                adjudication_id=adjudication_id,
                kind=kind,
                deltas=dict(deltas),
                at=at,
            )
        )
        self.session.flush()


def _from_row(row: AdjudicationRow) -> StoredAdjudication:
    overrides = tuple(
        StoredOverride(
            o.id, o.visit_id, o.line_id, o.engine_payable, o.payable, o.reason, o.by_user, o.at
        )
        for o in row.overrides
    )
    return StoredAdjudication(
        id=row.id,
        claim_id=row.claim_id,
        seq=row.seq,
        at=row.at,
        by_user=row.by_user,
        product_code=row.product_code,
        decision=Decision(row.decision),
        engine_payable=row.engine_payable,
        payable=row.payable,
        request=parse_request(row.request),
        result=result_from_json(row.result),
        active=row.active,
        overrides=overrides,
    )
