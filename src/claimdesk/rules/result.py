"""The adjudication result as plain frozen dataclasses, and its contract JSON form."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from claimdesk.domain.money import format_amount
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


def reason_to_json(reason: Reason) -> dict[str, str]:
    return {
        "code": str(reason.code),
        "message_zh": reason.message_zh,
        "message_en": reason.message_en,
        "clause": reason.clause,
    }


def line_to_json(line: LineResult) -> dict[str, Any]:
    return {
        "line_id": line.line_id,
        "submitted": format_amount(line.submitted),
        "eligible": format_amount(line.eligible),
        "deductible": format_amount(line.deductible),
        "payable": format_amount(line.payable),
        "reasons": [str(code) for code in line.reasons],
    }


def visit_to_json(visit: VisitResult) -> dict[str, Any]:
    return {
        "visit_id": visit.visit_id,
        "payable": format_amount(visit.payable),
        "reasons": [reason_to_json(reason) for reason in visit.reasons],
        "lines": [line_to_json(line) for line in visit.lines],
    }


def accumulators_to_json(accumulators: Accumulators) -> dict[str, str | int]:
    return {
        name: value if isinstance(value, int) else format_amount(value)
        for name, value in accumulators.items()
    }


def benefit_to_json(benefit: BenefitResult) -> dict[str, Any]:
    body: dict[str, Any] = {"benefit": benefit.benefit}
    if benefit.visit_id is not None:
        body["visit_id"] = benefit.visit_id
    if benefit.days is not None:
        body["days"] = benefit.days
    body["payable"] = format_amount(benefit.payable)
    body["reasons"] = [reason_to_json(reason) for reason in benefit.reasons]
    return body


def result_to_json(result: AdjudicationResult) -> dict[str, Any]:
    """The contract's result JSON; `benefits` only appears for lump-sum covers."""
    body: dict[str, Any] = {
        "claim_id": result.claim_id,
        "product": result.product,
        "decision": str(result.decision),
        "payable": format_amount(result.payable),
        "currency": result.currency,
        "reasons": [reason_to_json(reason) for reason in result.reasons],
        "missing_materials": list(result.missing_materials),
        "visits": [visit_to_json(visit) for visit in result.visits],
    }
    if result.benefits:
        body["benefits"] = [benefit_to_json(benefit) for benefit in result.benefits]
    body["history_after"] = accumulators_to_json(result.history_after)
    return body
