"""Management slice's store: the claim a quality review is about, reviews, policy premiums."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from sqlalchemy import cast, func, select
from sqlalchemy.orm import Session
from sqlalchemy.types import String

from claimdesk.adapters.db.models import AdjudicationRow, AuditRecordRow, ClaimRow, PolicyRow
from claimdesk.adapters.db.models_management import QualityReviewRow
from claimdesk.adapters.db.transaction_memo import POLICIES, forget_in
from claimdesk.domain.errors import NotFound
from claimdesk.domain.quality import QualityReview, ReviewSubject


class SqlManagement:
    def __init__(self, session: Session) -> None:
        self.session = session

    def review_subject(self, claim_id: int) -> ReviewSubject:
        claim = self.session.get(ClaimRow, claim_id)
        if claim is None:
            raise NotFound("赔案 claim", claim_id)
        closing = self.session.execute(
            select(AuditRecordRow.at, AuditRecordRow.actor)
            .where(AuditRecordRow.entity_type == "claim",
                   AuditRecordRow.entity_id == cast(claim_id, String),
                   AuditRecordRow.action == "move:closed")
            .order_by(AuditRecordRow.seq.desc()).limit(1)
        ).first()  # fmt: skip
        adjudicator = self.session.execute(
            select(func.max(AdjudicationRow.by_user)).where(
                AdjudicationRow.claim_id == claim_id, AdjudicationRow.active.is_(True))
        ).scalar()  # fmt: skip
        handler = adjudicator or (closing.actor if closing else "")
        return ReviewSubject(claim_id, claim.status, handler, closing.at if closing else None)

    def has_review(self, claim_id: int) -> bool:
        query = select(QualityReviewRow.id).where(QualityReviewRow.claim_id == claim_id)
        return self.session.execute(query).first() is not None

    def add_review(self, review: QualityReview) -> QualityReview:
        row = QualityReviewRow(
            claim_id=review.claim_id, month=review.month, handler=review.handler,
            reviewer_id=review.reviewer_id, score=review.score,
            error_types=[str(t) for t in review.error_types], error_amount=review.error_amount,
            comment=review.comment, reviewed_at=review.reviewed_at,
        )  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return replace(review, id=row.id)

    def set_premium(self, policy_id: int, premium: Decimal) -> Decimal:
        row = self.session.get(PolicyRow, policy_id)
        if row is None:
            raise NotFound("保单 policy", policy_id)
        forget_in(self.session, POLICIES)  # policies read in this transaction hold the premium
        before, row.premium = row.premium, premium
        self.session.flush()
        return before
