"""Builders of auto settlement requests (plain JSON dicts), with defaults that settle cleanly."""

from __future__ import annotations

from typing import Any

COMPULSORY_POLICY = {"policy_no": "JQ-1", "period_start": "2026-03-01", "period_end": "2027-02-28"}
PARAMETERS = {
    "vehicle_damage_cover": True,
    "vehicle_damage_sum_insured": "150000.00",
    "vehicle_damage_deductible": "500.00",
    "vehicle_damage_deductible_rate": "0.00",
    "third_party_cover": True,
    "third_party_limit": "1000000.00",
}


def a_line(part: str = "front_bumper", parts: str | None = "1000.00", labour: str = "200.00",
           action: str = "replace", line_id: str = "1") -> dict[str, Any]:  # fmt: skip
    line: dict[str, Any] = {"line_id": line_id, "part_code": part, "action": action}
    if parts is not None:
        line["parts"] = parts
    line["labour"] = labour
    return line


def a_damage(
    *lines: dict[str, Any], signed: bool = True, model: str = "朗逸", **extra: Any
) -> dict[str, Any]:
    survey = {"signed": signed, "lines": list(lines) or [a_line()]}
    return {"vehicle_model": model, "survey": survey, **extra}


def a_party(party_id: str = "B", at_fault: bool = False, **losses: Any) -> dict[str, Any]:
    return {"party_id": party_id, "vehicle": True, "at_fault": at_fault, **losses}


def an_injured(
    party_id: str = "P1", role: str = "third_party", amount: str = "1000.00",
    self_funded: str = "0.00", line_type: str = "exam_basic", **extra: Any,
) -> dict[str, Any]:  # fmt: skip
    """A 人伤 party with one medical bill line."""
    line = {"line_id": "1", "type": line_type, "amount": amount, "self_funded": self_funded}
    return {"party_id": party_id, "role": role, "medical_lines": [line], **extra}


def an_auto_request(
    product: str = "auto-commercial", share: str = "1.00", **fields: Any
) -> dict[str, Any]:
    """A commercial settlement by default (with our 交强险 policy); `product="auto-compulsory"`
    gives a 交强险-only request."""
    request: dict[str, Any] = {
        "product": product,
        "claim_id": "AU-T",
        "policy": {**COMPULSORY_POLICY, "policy_no": "SY-1", "parameters": dict(PARAMETERS)},
        "accident": {"date": "2026-06-10", "liability_share": share},
        "vehicle": {"model": "朗逸"},
    }
    if product == "auto-commercial":
        request["compulsory_policy"] = dict(COMPULSORY_POLICY)
    else:
        request["policy"] = dict(COMPULSORY_POLICY)
    request.update(fields)
    return request


def item(result: dict[str, Any], cover: str, section: str | None = None) -> dict[str, Any]:
    """The settlement item of `cover` (and `section`), failing loudly when absent."""
    found = [
        entry for entry in result["settlement"]
        if entry["cover"] == cover and (section is None or entry["section"] == section)
    ]  # fmt: skip
    assert len(found) == 1, (cover, section, result["settlement"])
    return found[0]


def codes(entry: dict[str, Any]) -> list[str]:
    return [reason["code"] for reason in entry["reasons"]]
