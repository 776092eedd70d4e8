"""The adjudication result as plain frozen dataclasses (its JSON form: `contract.result_json`)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from claimdesk.rules.model import Accumulators
from claimdesk.rules.reasons import Decision, ReasonCode


@dataclass(frozen=True, slots=True)
class Reason:
    """A reason with its bilingual message and the clause it rests on."""

    code: ReasonCode
    message_zh: str
    message_en: str
    clause: str


@dataclass(frozen=True, slots=True)
class LineResult:
    line_id: str
    submitted: Decimal
    eligible: Decimal
    deductible: Decimal
    payable: Decimal
    reasons: tuple[ReasonCode, ...]


@dataclass(frozen=True, slots=True)
class VisitResult:
    visit_id: str
    payable: Decimal
    reasons: tuple[Reason, ...]
    lines: tuple[LineResult, ...]


@dataclass(frozen=True, slots=True)
class BenefitResult:
    """A lump-sum benefit (death, disability) of an accident cover."""

    benefit: str
    payable: Decimal
    reasons: tuple[Reason, ...]
    visit_id: str | None = None  # a per-stay benefit (inpatient allowance)
    days: int | None = None  # days paid, for a per-day benefit


@dataclass(frozen=True, slots=True)
class AdjudicationResult:
    claim_id: str
    product: str
    decision: Decision
    payable: Decimal
    currency: str
    reasons: tuple[Reason, ...]
    missing_materials: tuple[str, ...]
    visits: tuple[VisitResult, ...]
    history_after: Accumulators
    benefits: tuple[BenefitResult, ...] = ()
