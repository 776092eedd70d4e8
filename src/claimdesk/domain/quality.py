"""Quality reviews (理赔质量抽检): a reviewer's re-check of a sampled closed claim."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum


class QualityErrorType(StrEnum):
    """What the reviewer found wrong; the error rate (≤ 1%, seed 003) counts any of them."""

    WRONG_AMOUNT = "wrong_amount"  # 理算金额错误
    WRONG_LIABILITY = "wrong_liability"  # 责任认定错误
    MISSING_MATERIALS = "missing_materials"  # 材料不全即结案
    LATE = "late"  # 时效延误
    DOCUMENTATION = "documentation"  # 单证/记录不规范
    OTHER = "other"


@dataclass(frozen=True)
class ReviewSubject:
    """The closed claim a review is about: who handled it and the month it was closed in."""

    claim_id: int
    status: str
    handler: str
    closed_at: datetime | None


@dataclass(frozen=True)
class QualityReview:
    id: int | None
    claim_id: int
    month: str
    handler: str
    reviewer_id: int
    score: int  # 0–100
    error_types: tuple[QualityErrorType, ...]
    error_amount: Decimal
    comment: str
    reviewed_at: datetime

    @property
    def has_error(self) -> bool:
        return bool(self.error_types)
