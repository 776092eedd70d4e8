"""The adjudication result between `rules.result.AdjudicationResult` and the contract's JSON.

`result_to_json` is what the CLI and the API print and what the stored column holds;
`result_from_json` reads that column back, including rows written by older versions.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from claimdesk.domain.money import format_amount
from claimdesk.rules.model import Accumulators
from claimdesk.rules.reasons import Decision, ReasonCode
from claimdesk.rules.result import (
    AdjudicationResult,
    BenefitResult,
    LineResult,
    Reason,
    VisitResult,
)


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


def result_from_json(body: Mapping[str, Any]) -> AdjudicationResult:
    return AdjudicationResult(
        claim_id=body["claim_id"],
        product=body["product"],
        decision=Decision(body["decision"]),
        payable=Decimal(body["payable"]),
        currency=body["currency"],
        reasons=tuple(reason_from_json(reason) for reason in body["reasons"]),
        missing_materials=tuple(body["missing_materials"]),
        visits=tuple(visit_from_json(visit) for visit in body["visits"]),
        history_after=accumulators_from_json(body["history_after"]),
        benefits=tuple(benefit_from_json(benefit) for benefit in body.get("benefits", [])),
    )


def reason_from_json(body: Mapping[str, Any]) -> Reason:
    return Reason(ReasonCode(body["code"]), body["message_zh"], body["message_en"], body["clause"])


def visit_from_json(body: Mapping[str, Any]) -> VisitResult:
    return VisitResult(
        visit_id=body["visit_id"],
        payable=Decimal(body["payable"]),
        reasons=tuple(reason_from_json(reason) for reason in body["reasons"]),
        lines=tuple(line_from_json(line) for line in body["lines"]),
    )


def line_from_json(body: Mapping[str, Any]) -> LineResult:
    return LineResult(
        line_id=body["line_id"],
        submitted=Decimal(body["submitted"]),
        eligible=Decimal(body["eligible"]),
        deductible=Decimal(body["deductible"]),
        payable=Decimal(body["payable"]),
        reasons=tuple(ReasonCode(code) for code in body["reasons"]),
    )


def benefit_from_json(body: Mapping[str, Any]) -> BenefitResult:
    return BenefitResult(
        benefit=body["benefit"],
        payable=Decimal(body["payable"]),
        reasons=tuple(reason_from_json(reason) for reason in body["reasons"]),
        visit_id=body.get("visit_id"),
        days=body.get("days"),
    )


def accumulators_from_json(body: Mapping[str, Any]) -> dict[str, Decimal | int]:
    """Counts are JSON integers, money is a string with 2 decimals."""
    return {
        name: value if isinstance(value, int) else Decimal(str(value))
        for name, value in body.items()
    }
