"""FHIR R4 `ExplanationOfBenefit` of an adjudication result, as a plain dict.

Adjudication categories per item: submitted, eligible, deductible, copay (what the insured
still bears of the eligible base), benefit; our reason codes as `adjudication.reason`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from claimdesk.domain.money import ZERO, to_fen
from claimdesk.rules.reasons import ReasonCode
from claimdesk.rules.result import AdjudicationResult, BenefitResult, LineResult

ADJUDICATION = "http://terminology.hl7.org/CodeSystem/adjudication"
REASONS = "https://claimdesk.example/fhir/CodeSystem/adjudication-reason"
OUTCOME = {
    "approved": "complete",
    "partially_approved": "partial",
    "denied": "error",
    "pending_materials": "queued",
}


def money(value: Decimal, currency: str) -> dict[str, Any]:
    return {"value": to_fen(value), "currency": currency}  # exact, at the fen; FHIR decimal


def adjudication(category: str, value: Decimal, currency: str) -> dict[str, Any]:
    return {
        "category": {"coding": [{"system": ADJUDICATION, "code": category}]},
        "amount": money(value, currency),
    }


def reason_entry(code: ReasonCode) -> dict[str, Any]:
    return {"category": {"coding": [{"system": ADJUDICATION, "code": "benefit"}]},
            "reason": {"coding": [{"system": REASONS, "code": str(code)}]}}  # fmt: skip


def item(sequence: int, line: LineResult, currency: str) -> dict[str, Any]:
    copay = line.eligible - line.deductible - line.payable
    entries = [
        adjudication("submitted", line.submitted, currency),
        adjudication("eligible", line.eligible, currency),
        adjudication("deductible", line.deductible, currency),
        adjudication("copay", copay, currency),
        adjudication("benefit", line.payable, currency),
    ]
    entries += [reason_entry(code) for code in line.reasons]
    return {"sequence": sequence, "productOrService": {"text": line.line_id},
            "adjudication": entries}  # fmt: skip


def benefit_item(sequence: int, benefit: BenefitResult, currency: str) -> dict[str, Any]:
    """A lump sum or per-stay allowance: one item whose benefit is what it pays."""
    entries = [adjudication("benefit", benefit.payable, currency)]
    entries += [reason_entry(reason.code) for reason in benefit.reasons]
    name = benefit.benefit + (f" {benefit.visit_id}" if benefit.visit_id is not None else "")
    return {"sequence": sequence, "productOrService": {"text": name}, "adjudication": entries}


def items(result: AdjudicationResult, currency: str) -> list[dict[str, Any]]:
    lines = [line for visit in result.visits for line in visit.lines]
    entries = [item(number, line, currency) for number, line in enumerate(lines, start=1)]
    for benefit in result.benefits:
        entries.append(benefit_item(len(entries) + 1, benefit, currency))
    return entries


def explanation_of_benefit(
    result: AdjudicationResult, patient_id: str, created: str, insurer: str = "Tian'an Life"
) -> dict[str, Any]:
    """`created` is passed in (ISO date): the engine reads no clock."""
    currency = result.currency
    submitted = sum((line.submitted for visit in result.visits for line in visit.lines), ZERO)
    return {
        "resourceType": "ExplanationOfBenefit",
        "id": result.claim_id,
        "status": "active",
        "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/claim-type",
                             "code": "professional"}]},
        "use": "claim",
        "patient": {"reference": f"Patient/{patient_id}"},
        "created": created,
        "insurer": {"display": insurer},
        "provider": {"display": "ClaimDesk"},
        "outcome": OUTCOME[str(result.decision)],
        "insurance": [{"focal": True, "coverage": {"display": result.product}}],
        "item": items(result, currency),
        "total": [adjudication("submitted", submitted, currency),
                  adjudication("benefit", result.payable, currency)],
        "payment": {"amount": money(result.payable, currency)},
    }  # fmt: skip
