"""预赔 estimate: a range of the final payable amount, stored once per claim with its basis."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum


class EstimateMethod(StrEnum):
    MODEL = "model"  # quantile model over similar closed claims
    ENGINE = "engine"  # the adjudication engine's own result on the submitted lines (health)


class EstimateTrigger(StrEnum):
    """Why the claim was estimated: at its report, or again because its facts changed."""

    REPORT = "report"
    BILL_LINES = "bill_lines"  # bill lines corrected (health) or added (auto injuries)
    MATERIALS = "materials"  # a material uploaded
    SURVEY = "survey"  # the survey's assessment signed (auto 定损)


@dataclass(frozen=True)
class ClaimEstimate:
    claim_id: int
    low: Decimal
    median: Decimal
    high: Decimal
    method: EstimateMethod
    basis_zh: str
    basis_en: str
    estimated_at: datetime
    revision: int = 1  # 1: the first (the one the 2-hour limit tracks); then each revision
    trigger: EstimateTrigger = EstimateTrigger.REPORT


@dataclass(frozen=True)
class ClosedClaimFacts:
    """A settled claim as the estimate learns from it: what was asked, what was finally paid."""

    closed_at: datetime
    product: str
    diagnosis: str
    hospital_level: int
    prior_claims: int
    claimed: Decimal
    payable: Decimal


@dataclass(frozen=True)
class NewClaimFacts:
    """What the estimate needs of a new claim (the same fields, no outcome yet)."""

    claim_id: int
    product: str
    diagnosis: str
    hospital_level: int
    prior_claims: int
    claimed: Decimal
