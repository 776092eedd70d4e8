"""Build the engine's contract request from a stored claim (the same JSON the CLI and API take)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from claimdesk.domain.claim import BillLine, Claim, Material, Visit
from claimdesk.domain.money import format_amount
from claimdesk.domain.policy import InsuredPerson, Policy

SHANGHAI = ZoneInfo("Asia/Shanghai")


def engine_request(
    claim: Claim,
    policy: Policy,
    insured: InsuredPerson,
    materials: Iterable[Material],
    history: dict[str, str | int],
    *,
    blacklisted: bool = False,
) -> dict[str, Any]:
    return {
        "product": claim.product_code,
        "claim_id": claim.claim_no,
        "submitted_on": claim.reported_at.astimezone(SHANGHAI).date().isoformat(),
        "policy": {
            "policy_no": policy.policy_no,
            "period_start": policy.period_start.isoformat(),
            "period_end": policy.period_end.isoformat(),
        },
        "insured": {
            "insured_id": insured.member_no,
            "blacklisted": blacklisted,
            "conditions": list(insured.conditions),
            "social_insurance": insured.social_insurance,
        },
        "history": history,
        # Rejected files (unclear copy, wrong document) do not count as provided.
        "materials": sorted({m.code for m in materials if m.status != "rejected"}),
        "visits": [_visit(visit) for visit in claim.visits],
    }


def _visit(visit: Visit) -> dict[str, Any]:
    return {
        "visit_id": visit.visit_ref,
        "kind": visit.kind,
        "date": visit.date.isoformat(),
        "discharge_date": visit.discharge_date.isoformat() if visit.discharge_date else None,
        "hospital": {
            "code": visit.hospital_code,
            "name": visit.hospital_name,
            "designated": visit.designated,
            "level": visit.hospital_level,
            "ward": visit.ward,
            "region": visit.region,
        },
        "diagnosis": visit.diagnosis,
        "service": visit.service,
        "rescue": visit.rescue,
        "other_payer_paid": format_amount(visit.other_payer_paid),
        "receipt": {
            "number": visit.receipt_number,
            "original": visit.receipt_original,
            "handwritten": visit.receipt_handwritten,
        },
        "lines": [_line(line) for line in visit.lines],
    }


def _line(line: BillLine) -> dict[str, Any]:
    return {
        "line_id": line.line_ref,
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
