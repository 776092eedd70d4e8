"""What the management slice needs of the database (satisfied by management_repository.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from claimdesk.domain.quality import QualityReview, ReviewSubject


class ManagementStore(Protocol):
    def review_subject(self, claim_id: int) -> ReviewSubject: ...
    def has_review(self, claim_id: int) -> bool: ...
    def add_review(self, review: QualityReview) -> QualityReview: ...
    def set_premium(self, policy_id: int, premium: Decimal) -> Decimal: ...
