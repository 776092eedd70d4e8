"""The stored columns: rows written by older versions read back typed and write out unchanged."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from claimdesk.contract.adjudicate import adjudicate_json
from claimdesk.contract.request_json import parse_request, request_to_json
from claimdesk.contract.result_json import result_from_json, result_to_json
from claimdesk.domain.claim import BillLine, Claim, ClaimStatus, LineOfBusiness, Material, Visit
from claimdesk.domain.policy import InsuredPerson, Policy
from claimdesk.rules.loader import load_products, packaged_products_dir
from claimdesk.rules.reasons import Decision, ReasonCode
from claimdesk.services.adjudication.request import claim_request

# A row as the version before the typed seam wrote it (engine_request + adjudicate_json).
OLD_REQUEST = json.loads("""{"product": "tianan-group-medical", "claim_id": "CLM-1",
 "submitted_on": "2026-05-20", "policy": {"policy_no": "P-1", "period_start": "2026-01-01",
 "period_end": "2026-12-31"}, "insured": {"insured_id": "E1", "blacklisted": false,
 "conditions": [], "social_insurance": true}, "history": {"outpatient_deductible_used": "600.00",
 "outpatient_paid": "0.00", "inpatient_paid": "0.00", "hyperbaric_sessions_used": 0},
 "materials": ["bank_book_copy", "id_copy", "itemized_drug_list", "medical_record_copy",
 "original_receipts"], "visits": [{"visit_id": "V1", "kind": "outpatient", "date": "2026-05-20",
 "discharge_date": null, "hospital": {"code": "SH-0001", "name": "中山医院", "designated": true,
 "level": 3, "ward": "general", "region": "shanghai"}, "diagnosis": "急性支气管炎",
 "service": null, "rescue": false, "other_payer_paid": "0.00", "receipt": {"number": "R-1",
 "original": true, "handwritten": false}, "lines": [{"line_id": "L1", "type": "lab",
 "name": "化验", "auxiliary": false, "days_supply": null, "sessions": null, "amount": "1234.56",
 "fund_paid": "0.00", "category_self_pay": "0.00", "self_funded": "0.00", "self_pay": "1234.56"},
 {"line_id": "L2", "type": "drug_western", "name": "西药", "auxiliary": false, "days_supply": 5,
 "sessions": null, "amount": "300.00", "fund_paid": "0.00", "category_self_pay": "0.00",
 "self_funded": "0.00", "self_pay": "300.00"}]}]}""")
OLD_RESULT = json.loads("""{"claim_id": "CLM-1", "product": "tianan-group-medical",
 "decision": "approved", "payable": "1074.19", "currency": "CNY", "reasons": [],
 "missing_materials": [], "visits": [{"visit_id": "V1", "payable": "1074.19", "reasons": [],
 "lines": [{"line_id": "L1", "submitted": "1234.56", "eligible": "1234.56",
 "deductible": "0.00", "payable": "864.19", "reasons": ["COINSURANCE"]}, {"line_id": "L2",
 "submitted": "300.00", "eligible": "300.00", "deductible": "0.00", "payable": "210.00",
 "reasons": ["COINSURANCE"]}]}], "history_after": {"outpatient_deductible_used": "600.00",
 "outpatient_paid": "1074.19", "inpatient_paid": "0.00", "hyperbaric_sessions_used": 0}}""")
PRODUCTS = load_products()
EXAMPLES = sorted((packaged_products_dir() / "examples").glob("*/*.json"))


def test_given_an_old_row_then_its_result_reads_back_typed_and_writes_out_unchanged() -> None:
    result = result_from_json(OLD_RESULT)
    assert (result.decision, result.payable) == (Decision.APPROVED, Decimal("1074.19"))
    assert result.visits[0].lines[0].reasons == (ReasonCode.COINSURANCE,)
    assert result.history_after["hyperbaric_sessions_used"] == 0
    assert result_to_json(result) == OLD_RESULT


def test_given_an_old_row_then_its_request_reads_back_typed_and_writes_out_unchanged() -> None:
    request = parse_request(OLD_REQUEST)
    assert request.history["outpatient_deductible_used"] == Decimal("600.00")
    assert request_to_json(request) == OLD_REQUEST


def test_given_the_same_claim_then_a_new_row_has_the_old_shape() -> None:
    lines = (
        BillLine("L1", "lab", "化验", Decimal("1234.56"), self_pay=Decimal("1234.56")),
        BillLine(
            "L2", "drug_western", "西药", Decimal("300"), self_pay=Decimal("300"), days_supply=5
        ),
    )
    visit = Visit("V1", "outpatient", date(2026, 5, 20), "SH-0001", "中山医院", "急性支气管炎",
                  lines=lines, receipt_number="R-1")  # fmt: skip
    at = datetime(2026, 5, 20, 1, 0, tzinfo=UTC)
    claim = Claim(1, "CLM-1", 7, 3, "tianan-group-medical", LineOfBusiness.HEALTH,
                  ClaimStatus.UNDER_REVIEW, at, 1, date(2026, 5, 20), visits=(visit,))  # fmt: skip
    policy = Policy(7, "P-1", "tianan-group-medical", "工会", date(2026, 1, 1), date(2026, 12, 31))
    insured = InsuredPerson(3, 7, "E1", "张三", "310101199001011234")
    materials = [Material(None, 1, code, "f.pdf", "application/pdf", 1, "0", 1, at)
                 for code in OLD_REQUEST["materials"]]  # fmt: skip
    history = parse_request(OLD_REQUEST).history
    request = claim_request(claim, policy, insured, materials, history)
    assert request_to_json(request) == OLD_REQUEST


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_given_a_worked_example_then_its_result_survives_the_stored_column(path: Path) -> None:
    request: Any = json.loads(path.read_text(encoding="utf-8"))["request"]
    if request.get("product") not in PRODUCTS:
        pytest.skip("auto products settle with their own engine")
    result = adjudicate_json(request, PRODUCTS)
    assert result_to_json(result_from_json(result)) == result
    assert request_to_json(parse_request(request)) == request_to_json(
        parse_request(request_to_json(parse_request(request)))
    )
