"""tianan-group-medical terms, one rule table at a time (spec §2)."""

from __future__ import annotations

from typing import Any

import pytest
from adjudication_builders import a_claim, a_history, a_hospital, a_line, a_visit

from claimdesk.contract.adjudicate import adjudicate_json
from claimdesk.rules.loader import load_products

PRODUCTS = load_products()


def run(claim: dict[str, Any]) -> dict[str, Any]:
    return adjudicate_json(claim, PRODUCTS)


def only_line(result: dict[str, Any]) -> dict[str, Any]:
    return result["visits"][0]["lines"][0]


# Outpatient lines with the deductible already used, so payable = eligible × 70%.
USED = a_history(outpatient_deductible_used="600.00")
HANDWRITTEN = {"number": "R", "original": True, "handwritten": True}
COPY = {"number": "R", "original": False, "handwritten": False}
NON_DESIGNATED, ANNUAL = "NON_DESIGNATED_HOSPITAL", "ANNUAL_LIMIT_REACHED"


@pytest.mark.parametrize(
    ("kind", "diagnosis", "line_type", "auxiliary", "conditions", "days", "eligible"),
    [
        ("emergency", "高血压", "drug_western", False, [], 6, "50.00"),
        ("outpatient", "感冒", "drug_western", False, [], 10, "50.00"),
        ("outpatient", "痛风", "drug_patent_chinese", False, [], 28, "50.00"),
        ("outpatient", "糖尿病", "drug_western", False, [], 60, "50.00"),
        ("outpatient", "糖尿病", "drug_western", True, [], 20, "50.00"),
        ("outpatient", "感冒", "drug_tcm_decoction", False, [], 14, "50.00"),
        ("outpatient", "感冒", "drug_tcm_decoction", False, ["恶性肿瘤"], 28, "50.00"),
        ("outpatient", "感冒", "iv_infusion", False, [], 6, "50.00"),
        ("inpatient", "胆囊结石", "drug_western", False, [], 60, "100.00"),
        ("outpatient", "高血压", "drug_western", False, [], 30, "100.00"),
    ],
    ids=[
        "emergency-3-days", "ordinary-5-days", "chronic-14-days", "hypertension-30-days",
        "auxiliary-10-days", "tcm-7-days", "tcm-tumour-14-days", "infusion-3-days",
        "inpatient-unlimited", "at-the-limit",
    ],
)  # fmt: skip
def test_given_a_drug_supply_when_adjudicated_then_it_is_cut_pro_rata_to_its_limit(
    kind: str,
    diagnosis: str,
    line_type: str,
    auxiliary: bool,
    conditions: list[str],
    days: int,
    eligible: str,
) -> None:
    line = a_line(line_type=line_type, days_supply=days, auxiliary=auxiliary)
    visit = a_visit(kind=kind, diagnosis=diagnosis, lines=[line])
    insured = {"insured_id": "E1", "blacklisted": False, "conditions": conditions}
    result = run(a_claim([visit], history=USED, insured=insured))
    assert only_line(result)["eligible"] == eligible
    assert ("SUPPLY_LIMIT_EXCEEDED" in only_line(result)["reasons"]) == (eligible == "50.00")


@pytest.mark.parametrize(
    ("visit_changes", "hospital_changes", "code"),
    [
        ({"date": "2025-12-31"}, {}, "OUTSIDE_POLICY_PERIOD"),
        ({}, {"designated": False}, "NON_DESIGNATED_HOSPITAL"),
        ({"kind": "inpatient", "diagnosis": "胆囊结石"}, {"level": 1}, "NON_DESIGNATED_HOSPITAL"),
        ({"kind": "inpatient", "diagnosis": "x"}, {"ward": "joint_ward"}, NON_DESIGNATED),
        ({}, {"region": "beijing"}, "OUT_OF_REGION"),
        ({"receipt": HANDWRITTEN}, {}, "INVALID_RECEIPT"),
        ({"receipt": COPY}, {}, "INVALID_RECEIPT"),
        ({"receipt": None}, {}, "INVALID_RECEIPT"),
        ({"kind": "inpatient", "diagnosis": "肺炎"}, {}, "INPATIENT_STANDARD_NOT_MET"),
        ({"service": "dental"}, {}, "EXCLUDED_SERVICE"),
    ],
    ids=[
        "before-period", "outpatient-not-designated", "inpatient-level-1", "joint-ward",
        "out-of-region", "handwritten", "copy", "lost", "pneumonia-stay", "dental",
    ],
)  # fmt: skip
def test_given_a_failing_visit_gate_when_adjudicated_then_every_line_pays_nothing(
    visit_changes: dict[str, Any], hospital_changes: dict[str, Any], code: str
) -> None:
    visit = a_visit(**visit_changes, lines=[a_line("L1"), a_line("L2")])
    visit["hospital"] = a_hospital(**hospital_changes)
    result = run(a_claim([visit], history=USED))
    assert result["payable"] == "0.00" and result["decision"] == "denied"
    assert [r["code"] for r in result["visits"][0]["reasons"]] == [code]
    assert all(line["reasons"] == [code] for line in result["visits"][0]["lines"])


def test_given_a_rescue_stay_for_a_listed_condition_then_the_inpatient_standard_is_met() -> None:
    visit = a_visit(kind="inpatient", diagnosis="肺炎", rescue=True)
    assert run(a_claim([visit]))["payable"] == "70.00"


def test_given_an_emergency_at_a_non_designated_hospital_then_it_is_paid() -> None:
    visit = a_visit(kind="emergency", hospital=a_hospital(designated=False))
    assert run(a_claim([visit], history=USED))["payable"] == "70.00"


def test_given_an_excluded_service_then_the_clause_of_its_item_is_cited() -> None:
    visit = a_visit(service="traffic_accident")
    reason = run(a_claim([visit]))["visits"][0]["reasons"][0]
    assert reason["clause"] == "第四部分 二.16"


def test_given_three_physiotherapy_items_then_the_third_is_zero_and_sessions_are_capped() -> None:
    lines = [
        a_line("P1", "physiotherapy", "80.00", sessions=8),
        a_line("P2", "physiotherapy", "50.00", sessions=5),
        a_line("P3", "physiotherapy", "50.00", sessions=2),
    ]
    result = run(a_claim([a_visit(lines=lines)], history=USED))
    eligible = [line["eligible"] for line in result["visits"][0]["lines"]]
    assert eligible == ["50.00", "50.00", "0.00"]


def test_given_hyperbaric_sessions_used_then_only_the_rest_of_the_five_is_paid() -> None:
    line = a_line("H1", "hyperbaric_oxygen", "400.00", sessions=4)
    history = a_history(outpatient_deductible_used="600.00", hyperbaric_sessions_used=3)
    result = run(a_claim([a_visit(lines=[line])], history=history))
    assert only_line(result)["eligible"] == "200.00"
    assert only_line(result)["reasons"] == ["HYPERBARIC_LIMIT_EXCEEDED", "COINSURANCE"]
    assert result["history_after"]["hyperbaric_sessions_used"] == 5


def test_given_a_special_exam_without_a_basic_one_then_it_is_flagged_but_paid() -> None:
    result = run(a_claim([a_visit(lines=[a_line(line_type="exam_special")])], history=USED))
    assert only_line(result)["reasons"] == ["OVER_ROUTINE_EXAM_REVIEW", "COINSURANCE"]
    assert result["decision"] == "approved" and result["payable"] == "70.00"


def test_given_category_and_self_funded_parts_then_they_are_reported_but_never_paid() -> None:
    line = a_line(self_pay="100.00", category_self_pay="30.00", self_funded="20.00")
    result = run(a_claim([a_visit(lines=[line])], history=USED))
    assert only_line(result)["reasons"] == ["CATEGORY_SELF_PAY", "SELF_FUNDED", "COINSURANCE"]
    assert only_line(result)["payable"] == "70.00"


@pytest.mark.parametrize(
    ("history", "payable", "code"),
    [
        ({"outpatient_paid": "1380.00"}, "20.00", "SUBLIMIT_REACHED"),
        ({"outpatient_paid": "1400.00"}, "0.00", "SUBLIMIT_REACHED"),
        ({"outpatient_paid": "1000.00", "inpatient_paid": "2990.00"}, "10.00", ANNUAL),
    ],
    ids=["sublimit-partly-left", "sublimit-used-up", "annual-limit"],
)  # fmt: skip
def test_given_limits_nearly_used_then_the_line_is_cut_to_what_is_left(
    history: dict[str, str], payable: str, code: str
) -> None:
    claim = a_claim(history=a_history(outpatient_deductible_used="600.00", **history))
    line = only_line(run(claim))
    assert (line["payable"], line["reasons"][-1]) == (payable, code)


@pytest.mark.parametrize(
    ("changes", "decision", "code"),
    [
        ({"insured": {"insured_id": "E1", "blacklisted": True}}, "denied", "BLACKLISTED"),
        ({"submitted_on": "2027-04-02"}, "denied", "CLAIM_TIME_BARRED"),
        ({"materials": []}, "pending_materials", "MISSING_MATERIALS"),
    ],
    ids=["blacklisted", "after-15-months", "no-materials"],
)
def test_given_a_failing_claim_gate_then_nothing_is_paid(
    changes: dict[str, Any], decision: str, code: str
) -> None:
    result = run(a_claim(**changes))
    assert (result["decision"], result["payable"], result["visits"]) == (decision, "0.00", [])
    assert [reason["code"] for reason in result["reasons"]] == [code]


def test_given_a_claim_on_the_last_day_of_15_months_then_it_is_not_time_barred() -> None:
    assert run(a_claim(submitted_on="2027-04-01", history=USED))["payable"] == "70.00"


def test_given_an_emergency_without_the_card_then_the_reimbursement_list_is_required() -> None:
    visit = a_visit(kind="emergency", social_security_card=False)
    materials = ["id_copy", "original_receipts", "medical_record_copy", "itemized_drug_list",
                 "bank_book_copy"]  # fmt: skip
    result = run(a_claim([visit], materials=materials))
    assert result["missing_materials"] == ["insurance_reimbursement_list"]


def test_given_visits_out_of_date_order_then_the_deductible_goes_to_the_earliest() -> None:
    late = a_visit("V2", day="2026-05-01", lines=[a_line("B", self_pay="700.00")])
    early = a_visit("V1", day="2026-02-01", lines=[a_line("A", self_pay="500.00")])
    result = run(a_claim([late, early]))
    assert [visit["visit_id"] for visit in result["visits"]] == ["V1", "V2"]
    assert [v["lines"][0]["deductible"] for v in result["visits"]] == ["500.00", "100.00"]
