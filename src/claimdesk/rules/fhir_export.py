"""FHIR R4 `ExplanationOfBenefit` of an adjudication result, as a plain dict.

Adjudication categories per item: submitted, eligible, deductible, copay (what the insured
still bears of the eligible base), benefit; our reason codes as `adjudication.reason`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

ADJUDICATION = "http://terminology.hl7.org/CodeSystem/adjudication"
REASONS = "https://claimdesk.example/fhir/CodeSystem/adjudication-reason"
OUTCOME = {
    "approved": "complete",
    "partially_approved": "partial",
    "denied": "error",
    "pending_materials": "queued",
}


def money(value: str, currency: str) -> dict[str, Any]:
    return {"value": Decimal(value), "currency": currency}  # exact; FHIR decimal


def adjudication(category: str, value: str, currency: str) -> dict[str, Any]:
    return {
        "category": {"coding": [{"system": ADJUDICATION, "code": category}]},
        "amount": money(value, currency),
    }


def item(sequence: int, line: dict[str, Any], currency: str) -> dict[str, Any]:
    copay = Decimal(line["eligible"]) - Decimal(line["deductible"]) - Decimal(line["payable"])
    entries = [
        adjudication("submitted", line["submitted"], currency),
        adjudication("eligible", line["eligible"], currency),
        adjudication("deductible", line["deductible"], currency),
        adjudication("copay", str(copay), currency),
        adjudication("benefit", line["payable"], currency),
    ]
    for code in line["reasons"]:
        entries.append(
            {"category": {"coding": [{"system": ADJUDICATION, "code": "benefit"}]},
             "reason": {"coding": [{"system": REASONS, "code": code}]}}
        )  # fmt: skip
    return {"sequence": sequence, "productOrService": {"text": line["line_id"]},
            "adjudication": entries}  # fmt: skip


def benefit_item(sequence: int, benefit: dict[str, Any], currency: str) -> dict[str, Any]:
    """A lump sum or per-stay allowance: one item whose benefit is what it pays."""
    entries = [adjudication("benefit", benefit["payable"], currency)]
    for reason in benefit["reasons"]:
        entries.append(
            {"category": {"coding": [{"system": ADJUDICATION, "code": "benefit"}]},
             "reason": {"coding": [{"system": REASONS, "code": reason["code"]}]}}
        )  # fmt: skip
    name = benefit["benefit"] + (f" {benefit['visit_id']}" if "visit_id" in benefit else "")
    return {"sequence": sequence, "productOrService": {"text": name}, "adjudication": entries}


def items(result: dict[str, Any], currency: str) -> list[dict[str, Any]]:
    lines = [line for visit in result["visits"] for line in visit["lines"]]
    entries = [item(number, line, currency) for number, line in enumerate(lines, start=1)]
    for benefit in result.get("benefits", []):
        entries.append(benefit_item(len(entries) + 1, benefit, currency))
    return entries


def explanation_of_benefit(
    result: dict[str, Any], patient_id: str, created: str, insurer: str = "Tian'an Life"
) -> dict[str, Any]:
    """`created` is passed in (ISO date): the engine reads no clock."""
    currency = result["currency"]
    lines = [line for visit in result["visits"] for line in visit["lines"]]
    return {
        "resourceType": "ExplanationOfBenefit",
        "id": result["claim_id"],
        "status": "active",
        "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/claim-type",
                             "code": "professional"}]},
        "use": "claim",
        "patient": {"reference": f"Patient/{patient_id}"},
        "created": created,
        "insurer": {"display": insurer},
        "provider": {"display": "ClaimDesk"},
        "outcome": OUTCOME[result["decision"]],
        "insurance": [{"focal": True, "coverage": {"display": result["product"]}}],
        "item": items(result, currency),
        "total": [adjudication("submitted", total(lines, "submitted"), currency),
                  adjudication("benefit", result["payable"], currency)],
        "payment": {"amount": money(result["payable"], currency)},
    }  # fmt: skip


def total(lines: list[dict[str, Any]], key: str) -> str:
    return str(sum((Decimal(line[key]) for line in lines), Decimal("0.00")))
