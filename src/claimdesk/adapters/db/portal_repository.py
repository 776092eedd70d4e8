"""The portal's repository: complaints and ratings, plus the read side's query runner."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from claimdesk.adapters.db.models_portal import ComplaintRow, RatingRow
from claimdesk.domain.errors import Duplicate
from claimdesk.domain.service_desk import Complaint, Rating


class SqlPortal:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_complaint(self, complaint: Complaint) -> Complaint:
        row = ComplaintRow(
            claim_id=complaint.claim_id,
            text=complaint.text,
            created_at=complaint.created_at,
            created_by=complaint.created_by,
            status=complaint.status,
        )
        self.session.add(row)
        self.session.flush()
        return _complaint(row)

    def complaints_for(self, claim_id: int) -> list[Complaint]:
        query = select(ComplaintRow).where(ComplaintRow.claim_id == claim_id)
        return [_complaint(row) for row in self.session.scalars(query.order_by(ComplaintRow.id))]

    def add_rating(self, rating: Rating) -> Rating:
        if self.session.get(RatingRow, rating.claim_id) is not None:
            raise Duplicate("本案已评价", "this claim has been rated", field="score")
        self.session.add(RatingRow(**vars(rating)))
        self.session.flush()
        return rating

    def rating_for(self, claim_id: int) -> Rating | None:
        row = self.session.get(RatingRow, claim_id)
        if row is None:
            return None
        return Rating(row.claim_id, row.score, row.comment, row.created_at, row.created_by)

    def rows(self, statement: Any) -> list[Any]:
        """Run one read-side query (analytics/): plain rows, never a write."""
        return list(self.session.execute(statement).all())


def _complaint(row: ComplaintRow) -> Complaint:
    return Complaint(row.id, row.claim_id, row.text, row.created_at, row.created_by, row.status)
