"""Builders for the student products' requests in the contract's JSON form."""

from __future__ import annotations

from typing import Any

ACCIDENT_MATERIALS = [
    "claim_form", "insured_id_copy", "accident_certificate", "beneficiary_id_copy",
    "beneficiary_bank_account", "death_certificate", "household_deregistration",
    "disability_assessment_report", "guardian_id_copy", "guardian_bank_account",
]  # fmt: skip
MEDICAL_MATERIALS = [
    "claim_form", "insured_id_copy", "bank_account", "original_receipts", "itemized_bill",
    "medical_record_copy", "discharge_summary_copy", "accident_certificate",
    "other_payer_settlement", "guardian_id_copy",
]  # fmt: skip
MEDICAL_PARAMETERS = {
    "accident_medical_sum_insured": "20000.00", "disease_inpatient_sum_insured": "50000.00",
    "social_insurance": {"deductible": "100.00", "coinsurance_ratio": "0.80"},
    "non_social_insurance": {"deductible": "300.00", "coinsurance_ratio": "0.60"},
    "allowance_cover": True, "allowance_daily_amount": "50.00",
    "allowance_deductible_days": 3, "allowance_max_days": 180,
}  # fmt: skip
MEDICAL_HISTORY = {
    "accident_deductible_used": "0.00", "accident_medical_paid": "0.00",
    "disease_deductible_used": "0.00", "disease_inpatient_paid": "0.00",
    "allowance_days_used": 0, "allowance_paid": "0.00",
}  # fmt: skip


def a_policy(**parameters: Any) -> dict[str, Any]:
    return {"policy_no": "TA-STU-1", "period_start": "2026-09-01", "period_end": "2027-08-31",
            "parameters": parameters}  # fmt: skip


def an_accident_claim(
    kind: str = "disability", day: str = "2026-11-01", grades: list[int] | None = None, **extra: Any
) -> dict[str, Any]:
    outcome: dict[str, Any] = {"kind": kind, "date": day}
    if kind == "disability":
        outcome["disability_grades"] = grades if grades is not None else [10]
    claim = {
        "product": "tianan-student-accident", "claim_id": "SA-1", "submitted_on": "2027-04-15",
        "policy": a_policy(sum_insured="100000.00", disability_cover=True),
        "insured": {"insured_id": "S1"},
        "history": {"disability_paid": "0.00", "death_paid": "0.00"},
        "materials": list(ACCIDENT_MATERIALS),
        "accident": {"date": "2026-10-01", "cause": None}, "outcome": outcome,
    }  # fmt: skip
    return {**claim, **extra}


def a_stay(
    kind: str = "disease_inpatient", day: str = "2026-11-02", discharge: str | None = "2026-11-12",
    self_pay: str = "1000.00", **extra: Any,
) -> dict[str, Any]:  # fmt: skip
    visit = {
        "visit_id": "V1", "kind": kind, "date": day, "discharge_date": discharge,
        "hospital": {"code": "H1", "designated": False, "level": 3, "public": True,
                     "region": "shanghai"},
        "receipt": {"number": "R1", "original": True, "handwritten": False},
        "lines": [{"line_id": "L1", "type": "surgery", "amount": self_pay, "self_pay": self_pay}],
    }  # fmt: skip
    return {**visit, **extra}


def a_medical_claim(visits: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    claim = {
        "product": "tianan-student-accident-medical", "claim_id": "SM-1",
        "submitted_on": "2027-04-15", "policy": a_policy(**MEDICAL_PARAMETERS),
        "insured": {"insured_id": "S1", "social_insurance": True},
        "history": dict(MEDICAL_HISTORY), "materials": list(MEDICAL_MATERIALS),
        "visits": visits if visits is not None else [a_stay()],
    }  # fmt: skip
    return {**claim, **extra}
