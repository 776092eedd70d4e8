"""Auto settlements and liability decisions: rows ⇄ typed records (JSON for request/result)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from claimdesk.adapters.db.models_auto_settlement import AutoLiabilityRow, AutoSettlementRow
from claimdesk.domain.auto_settlement import CompulsoryHandling, Liability
from claimdesk.rules.auto.request import parse_auto_request
from claimdesk.rules.auto.round_trip import (
    auto_request_to_json,
    auto_result_from_json,
    stored_result_json,
)
from claimdesk.rules.auto.stored import StoredSettlement


class SqlAutoSettlements:
    def __init__(self, session: Session) -> None:
        self.session = session

    def save_liability(self, liability: Liability) -> None:
        row = self.session.get(AutoLiabilityRow, liability.claim_id)
        if row is None:
            row = AutoLiabilityRow(claim_id=liability.claim_id)
            self.session.add(row)
        assert liability.recorded_at is not None
        row.share = liability.share
        row.handling = str(liability.handling)
        row.decision_no = liability.decision_no
        row.recorded_by = liability.recorded_by
        row.recorded_at = liability.recorded_at
        self.session.flush()

    def liability_for(self, claim_id: int) -> Liability | None:
        row = self.session.get(AutoLiabilityRow, claim_id)
        if row is None:
            return None
        return Liability(
            row.claim_id,
            Decimal(row.share).quantize(Decimal("0.0001")),
            CompulsoryHandling(row.handling),
            row.decision_no,
            row.recorded_by,
            row.recorded_at,
        )

    def add(self, record: StoredSettlement) -> StoredSettlement:
        self.session.execute(
            update(AutoSettlementRow)
            .where(AutoSettlementRow.claim_id == record.claim_id)
            .values(active=False)
        )
        seq = self.session.execute(
            select(func.max(AutoSettlementRow.seq)).where(
                AutoSettlementRow.claim_id == record.claim_id
            )
        ).scalar_one()
        row = AutoSettlementRow(
            claim_id=record.claim_id,
            seq=int(seq or 0) + 1,
            at=record.at,
            by_user=record.by_user,
            product_code=record.product_code,
            decision=record.decision,
            payable=record.payable,
            request=auto_request_to_json(record.request),
            result=stored_result_json(record.result),
            active=True,
        )
        self.session.add(row)
        self.session.flush()
        return _from_row(row)

    def active_for(self, claim_id: int) -> StoredSettlement | None:
        query = select(AutoSettlementRow).where(
            AutoSettlementRow.claim_id == claim_id, AutoSettlementRow.active.is_(True)
        )
        row = self.session.execute(query).scalar_one_or_none()
        return None if row is None else _from_row(row)

    def history_for(self, claim_id: int) -> list[StoredSettlement]:
        query = (
            select(AutoSettlementRow)
            .where(AutoSettlementRow.claim_id == claim_id)
            .order_by(AutoSettlementRow.seq)
        )
        return [_from_row(row) for row in self.session.execute(query).scalars()]


def _from_row(row: AutoSettlementRow) -> StoredSettlement:
    return StoredSettlement(
        id=row.id,
        claim_id=row.claim_id,
        seq=row.seq,
        at=row.at,
        by_user=row.by_user,
        product_code=row.product_code,
        decision=row.decision,
        payable=row.payable,
        request=parse_auto_request(row.request),
        result=auto_result_from_json(row.result),
        active=row.active,
    )
