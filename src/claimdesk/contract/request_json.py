"""The adjudication request between JSON and `rules.model.ClaimRequest`.

`parse_request` validates untrusted JSON (CLI, HTTP, stored column); `request_to_json` writes
the contract form. Optional facts at their default are left out, so a stored claim's request
keeps the shape older versions wrote.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from claimdesk.contract.mapping import to_domain
from claimdesk.contract.result_json import accumulators_to_json
from claimdesk.contract.schemas import RequestIn
from claimdesk.contract.standard_form import from_payload
from claimdesk.contract.validation_messages import field_path, message_zh
from claimdesk.domain.money import format_amount
from claimdesk.rules import model
from claimdesk.rules.errors import InvalidRequest
from claimdesk.rules.product_checks import check_facts


def parse_request(payload: Any) -> model.ClaimRequest:
    """Validate a request dict; raise `InvalidRequest` naming the first bad field. Requests in
    the standard form are read by `standard_form` (same values); the rest by pydantic."""
    domain = from_payload(payload)
    if domain is not None:
        check_facts(domain)
        return domain
    try:
        request = RequestIn.model_validate(payload)
    except ValidationError as error:
        first = error.errors()[0]
        where = field_path(first["loc"], first["type"])
        raise InvalidRequest(where, first["msg"], message_zh(first)) from None
    domain = to_domain(request)
    check_facts(domain)
    return domain


def loads(text: str) -> Any:
    """JSON with numbers read as exact decimals, never binary floats."""
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise InvalidRequest(
            "<request>", f"not valid JSON: {error}", "不是有效的 JSON", "INVALID_JSON"
        ) from None


def request_to_json(request: model.ClaimRequest) -> dict[str, Any]:
    body: dict[str, Any] = {
        "product": request.product,
        "claim_id": request.claim_id,
        "submitted_on": request.submitted_on.isoformat(),
        "policy": policy_to_json(request.policy),
        "insured": insured_to_json(request.insured),
        "history": accumulators_to_json(request.history),
        "materials": sorted(request.materials),
        "visits": [visit_to_json(visit) for visit in request.visits],
    }
    if request.accident is not None:
        accident = request.accident
        body["accident"] = {"date": accident.date.isoformat(), "cause": accident.cause}
    if request.outcome is not None:
        body["outcome"] = outcome_to_json(request.outcome)
    return body


def policy_to_json(policy: model.Policy) -> dict[str, Any]:
    body: dict[str, Any] = {
        "policy_no": policy.policy_no,
        "period_start": policy.period_start.isoformat(),
        "period_end": policy.period_end.isoformat(),
    }
    if policy.parameters:
        body["parameters"] = {name: parameter_to_json(v) for name, v in policy.parameters.items()}
    return body


def parameter_to_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(name): parameter_to_json(inner) for name, inner in value.items()}
    return str(value) if isinstance(value, Decimal) else value


def insured_to_json(insured: model.Insured) -> dict[str, Any]:
    body: dict[str, Any] = {
        "insured_id": insured.insured_id,
        "blacklisted": insured.blacklisted,
        "conditions": sorted(insured.conditions),
        "social_insurance": insured.social_insurance,
    }
    if insured.minor:
        body["minor"] = True
    return body


def visit_to_json(visit: model.Visit) -> dict[str, Any]:
    body: dict[str, Any] = {
        "visit_id": visit.visit_id,
        "kind": visit.kind,
        "date": visit.date.isoformat(),
        "discharge_date": visit.discharge_date.isoformat() if visit.discharge_date else None,
        "hospital": hospital_to_json(visit.hospital),
        "diagnosis": visit.diagnosis,
        "service": visit.service,
        "rescue": visit.rescue,
        "other_payer_paid": format_amount(visit.other_payer_paid),
        "receipt": receipt_to_json(visit.receipt),
        "lines": [line_to_json(line) for line in visit.lines],
    }
    if not visit.social_security_card:
        body["social_security_card"] = False
    return body


def hospital_to_json(hospital: model.Hospital) -> dict[str, Any]:
    body: dict[str, Any] = {
        "code": hospital.code,
        "name": hospital.name,
        "designated": hospital.designated,
        "level": hospital.level,
        "ward": hospital.ward,
        "region": hospital.region,
    }
    if not hospital.public:
        body["public"] = False
    return body


def receipt_to_json(receipt: model.Receipt | None) -> dict[str, Any] | None:
    if receipt is None:
        return None
    return {
        "number": receipt.number,
        "original": receipt.original,
        "handwritten": receipt.handwritten,
    }


def line_to_json(line: model.Line) -> dict[str, Any]:
    return {
        "line_id": line.line_id,
        "type": line.type,
        "name": line.name,
        "auxiliary": line.auxiliary,
        "days_supply": line.days_supply,
        "sessions": line.sessions,
        "amount": format_amount(line.amount),
        "fund_paid": format_amount(line.fund_paid),
        "category_self_pay": format_amount(line.category_self_pay),
        "self_funded": format_amount(line.self_funded),
        "self_pay": format_amount(line.self_pay),
    }


def outcome_to_json(outcome: model.Outcome) -> dict[str, Any]:
    return {
        "kind": outcome.kind,
        "date": outcome.date.isoformat(),
        "disability_grades": list(outcome.disability_grades),
        "prior_disability_grade": outcome.prior_disability_grade,
    }
