"""The FHIR ExplanationOfBenefit export validates against FHIR R4B (fhir.resources 8.3.0
ships R5 at the top level plus R4B and STU3; R4B is the closest to R4 it offers)."""

from __future__ import annotations

import json

from fhir.resources.R4B.explanationofbenefit import ExplanationOfBenefit

from claimdesk.contract.request_json import parse_request
from claimdesk.rules.engine import adjudicate
from claimdesk.rules.fhir_export import explanation_of_benefit
from claimdesk.rules.loader import load_products, packaged_products_dir

EXAMPLE = (
    packaged_products_dir()
    / "examples/tianan-group-medical/outpatient-deductible-and-supply-limit.json"
)


def test_given_a_result_when_exported_then_it_validates_as_an_explanation_of_benefit() -> None:
    request = json.loads(EXAMPLE.read_text(encoding="utf-8"))["request"]
    result = adjudicate(parse_request(request), load_products())
    resource = explanation_of_benefit(result, "E7001", "2026-07-01")
    validated = ExplanationOfBenefit.model_validate(resource)
    assert validated.payment.amount.value == 322.0
    categories = [a.category.coding[0].code for a in validated.item[2].adjudication[:5]]
    assert categories == ["submitted", "eligible", "deductible", "copay", "benefit"]
    reasons = [a.reason.coding[0].code for a in validated.item[1].adjudication if a.reason]
    assert reasons == ["SUPPLY_LIMIT_EXCEEDED", "DEDUCTIBLE"]


def test_given_benefits_then_each_is_an_item_and_the_export_validates() -> None:
    examples = packaged_products_dir() / "examples/tianan-student-accident-medical"
    path = examples / "accident-inpatient-allowance-yearly-days-limit.json"
    request = json.loads(path.read_text(encoding="utf-8"))["request"]
    result = adjudicate(parse_request(request), load_products())
    resource = explanation_of_benefit(result, "S1", "2027-04-15")
    validated = ExplanationOfBenefit.model_validate(resource)
    assert validated.item is not None and len(validated.item) == 2
    allowance = validated.item[1]
    assert allowance.productOrService.text == "inpatient_allowance V1"
    assert allowance.adjudication is not None and allowance.adjudication[0].amount is not None
    assert allowance.adjudication[0].amount.value == 500
