"""审核录入: verified values written over the visit and line rows, corrections kept beside."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from claimdesk.adapters.db.models import BillLineRow, VisitRow
from claimdesk.adapters.db.models_verification import ClaimCorrectionRow
from claimdesk.domain.claim import BillLine, Visit
from claimdesk.domain.errors import NotFound
from claimdesk.domain.verification import LINE_FIELDS, VISIT_FIELDS, Correction

_CORRECTION_FIELDS = ("claim_id", "visit_ref", "line_ref", "field", "submitted", "verified",
                      "reason", "by_user", "at")  # fmt: skip


class SqlVerification:
    def __init__(self, session: Session) -> None:
        self.session = session

    def replace_visit(self, claim_id: int, visit: Visit) -> None:
        row = self._visit(claim_id, visit.visit_ref)
        for name in VISIT_FIELDS:
            setattr(row, name, getattr(visit, name))
        self.session.flush()

    def replace_line(self, claim_id: int, visit_ref: str, line: BillLine) -> None:
        visit = self._visit(claim_id, visit_ref)
        query = select(BillLineRow).where(
            BillLineRow.visit_id == visit.id, BillLineRow.line_ref == line.line_ref
        )
        row = self.session.execute(query).scalar_one_or_none()
        if row is None:
            raise NotFound("费用明细 bill line", f"{visit_ref}/{line.line_ref}")
        for name in LINE_FIELDS:
            setattr(row, name, getattr(line, name))
        self.session.flush()

    def add(self, correction: Correction) -> Correction:
        row = ClaimCorrectionRow(**{name: getattr(correction, name) for name in _CORRECTION_FIELDS})
        self.session.add(row)
        self.session.flush()
        return replace(correction, id=row.id)

    def for_claim(self, claim_id: int) -> list[Correction]:
        query = (
            select(ClaimCorrectionRow)
            .where(ClaimCorrectionRow.claim_id == claim_id)
            .order_by(ClaimCorrectionRow.id)
        )
        return [
            Correction(**{name: getattr(row, name) for name in _CORRECTION_FIELDS}, id=row.id)
            for row in self.session.execute(query).scalars()
        ]

    def _visit(self, claim_id: int, visit_ref: str) -> VisitRow:
        query = select(VisitRow).where(
            VisitRow.claim_id == claim_id, VisitRow.visit_ref == visit_ref
        )
        row = self.session.execute(query).scalar_one_or_none()
        if row is None:
            raise NotFound("就诊 visit", visit_ref)
        return row
