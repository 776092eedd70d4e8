"""Builders for adjudication requests in the contract's JSON form: `a_claim(...)`."""

from __future__ import annotations

from typing import Any

ALL_MATERIALS = [
    "id_copy", "original_receipts", "medical_record_copy", "itemized_drug_list",
    "bank_book_copy", "discharge_summary_copy", "itemized_inpatient_list", "local_relief_list",
    "other_insurer_settlement", "insurance_reimbursement_list",
]  # fmt: skip


def a_line(
    line_id: str = "L1", line_type: str = "treatment", self_pay: str = "100.00", **extra: Any
) -> dict[str, Any]:
    parts = {"fund_paid": "0.00", "category_self_pay": "0.00", "self_funded": "0.00"}
    parts.update({k: v for k, v in extra.items() if k in parts})
    total = sum(float(v) for v in parts.values()) + float(self_pay)
    line = {"line_id": line_id, "type": line_type, "name": line_type, "auxiliary": False,
            "days_supply": None, "sessions": None, "amount": f"{total:.2f}", **parts,
            "self_pay": self_pay}  # fmt: skip
    line.update({k: v for k, v in extra.items() if k not in parts})
    return line


def a_hospital(**extra: Any) -> dict[str, Any]:
    hospital = {"code": "SH-0001", "name": "中山医院", "designated": True, "level": 3,
                "ward": "general", "region": "shanghai"}  # fmt: skip
    return {**hospital, **extra}


def a_visit(visit_id: str = "V1", kind: str = "outpatient", day: str = "2026-03-09",
            lines: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:  # fmt: skip
    visit = {
        "visit_id": visit_id, "kind": kind, "date": day, "discharge_date": None,
        "hospital": a_hospital(), "diagnosis": "感冒", "service": None, "rescue": False,
        "other_payer_paid": "0.00",
        "receipt": {"number": f"R-{visit_id}", "original": True, "handwritten": False},
        "lines": lines if lines is not None else [a_line()],
    }  # fmt: skip
    return {**visit, **extra}


def a_history(**values: Any) -> dict[str, Any]:
    history: dict[str, Any] = {"outpatient_deductible_used": "0.00", "outpatient_paid": "0.00",
                               "inpatient_paid": "0.00", "hyperbaric_sessions_used": 0}  # fmt: skip
    return {**history, **values}


def a_claim(visits: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    claim = {
        "product": "tianan-group-medical", "claim_id": "C-1", "submitted_on": "2026-07-01",
        "policy": {"policy_no": "P-1", "period_start": "2026-01-01", "period_end": "2026-12-31"},
        "insured": {"insured_id": "E1", "blacklisted": False, "conditions": []},
        "history": a_history(), "materials": list(ALL_MATERIALS),
        "visits": visits if visits is not None else [a_visit()],
    }  # fmt: skip
    return {**claim, **extra}
