"""The auto request and result as JSON and back, for storage: `parse_auto_request` reads what
`auto_request_to_json` writes; `auto_result_from_json` reads `stored_result_json`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from claimdesk.domain.money import format_amount
from claimdesk.rules.auto.model import (
    Assessment,
    AutoRequest,
    Incurred,
    InjuredParty,
    PriceAgreement,
    Quote,
    Survey,
    ThirdParty,
)
from claimdesk.rules.auto.reasons import AutoReasonCode
from claimdesk.rules.auto.result import (
    AssessedLoss,
    AutoReason,
    AutoResult,
    IncurredFigures,
    InjuryReview,
    LineAssessment,
    ReviewedItem,
    ReviewedLine,
    SettlementItem,
    auto_result_to_json,
)
from claimdesk.rules.model import Policy


def _money(value: Decimal) -> str:
    return format_amount(value)


def _policy(policy: Policy) -> dict[str, Any]:
    parameters = {
        key: value if isinstance(value, bool) else str(value)
        for key, value in policy.parameters.items()
        if isinstance(value, bool | Decimal | int)
    }
    return {
        "policy_no": policy.policy_no,
        "period_start": policy.period_start.isoformat(),
        "period_end": policy.period_end.isoformat(),
        "parameters": parameters,
    }


def _survey(survey: Survey) -> dict[str, Any]:
    return {
        "signed": survey.signed,
        "lines": [
            {"line_id": line.line_id, "part_code": line.part_code, "action": line.action,
             "labour": _money(line.labour)}
            | ({} if line.parts is None else {"parts": _money(line.parts)})
            for line in survey.lines
        ],
        "salvage_value": _money(survey.salvage_value),
        "salvage_handling": str(survey.salvage_handling),
        "total_loss": survey.total_loss,
    }  # fmt: skip


def _assessment(assessment: Assessment) -> dict[str, Any]:
    found: dict[str, Any] = {
        "vehicle_model": assessment.vehicle_model,
        "survey": _survey(assessment.survey),
        "tender_quotes": [_quote(quote) for quote in assessment.quotes],
    }
    if assessment.reported_estimate is not None:
        found["reported_estimate"] = _money(assessment.reported_estimate)
    if assessment.resurvey is not None:
        found["resurvey"] = _survey(assessment.resurvey)
    return found


def _quote(quote: Quote) -> dict[str, Any]:
    return {"repair_shop": quote.repair_shop, "amount": _money(quote.amount),
            "compliant": quote.compliant}  # fmt: skip


def _party(party: ThirdParty) -> dict[str, Any]:
    found: dict[str, Any] = {
        "party_id": party.party_id, "vehicle": party.vehicle, "at_fault": party.at_fault,
        "property_damage": _money(party.property_damage), "medical": _money(party.medical),
        "death_disability": _money(party.death_disability),
    }  # fmt: skip
    if party.vehicle_damage is not None:
        found["vehicle_damage"] = _assessment(party.vehicle_damage)
    return found


def _agreement(agreement: PriceAgreement) -> dict[str, Any]:
    return {
        "part_code": agreement.part_code, "vehicle_model": agreement.vehicle_model,
        "agreed_price": _money(agreement.agreed_price),
        "valid_from": agreement.valid_from.isoformat(), "valid_to": agreement.valid_to.isoformat(),
    }  # fmt: skip


def _incurred(incurred: Incurred) -> dict[str, Any]:
    return {
        "previously_paid": _money(incurred.previously_paid),
        "reserve": _money(incurred.reserve),
        "recoveries": [
            {"recovery_id": r.recovery_id, "kind": r.kind, "received": _money(r.received)}
            for r in incurred.recoveries
        ],
    }


def _injured(party: InjuredParty) -> dict[str, Any]:
    found: dict[str, Any] = {
        "party_id": party.party_id,
        "role": str(party.role),
        "medical_lines": [
            {"line_id": line.line_id, "type": line.type, "amount": _money(line.amount),
             "self_funded": _money(line.self_funded)} | ({"name": line.name} if line.name else {})
            for line in party.medical_lines
        ],
        "death_disability": _money(party.death_disability),
    }  # fmt: skip
    if party.death_disability_items:
        found["death_disability_items"] = [
            {"item_id": item.item_id, "kind": str(item.kind), "basis": item.basis,
             "standard": _money(item.standard), "quantity": f"{item.quantity.normalize():f}",
             "ratio": str(item.ratio)}
            for item in party.death_disability_items
        ]  # fmt: skip
    if party.settlement is not None:
        found["settlement"] = {
            "amount": _money(party.settlement.amount),
            "signed_on": party.settlement.signed_on.isoformat(),
        }
    return found


def auto_request_to_json(request: AutoRequest) -> dict[str, Any]:
    vehicle: dict[str, Any] = {
        "model": request.vehicle.model,
        "months_in_use": request.vehicle.months_in_use,
    }
    if request.vehicle.new_price is not None:
        vehicle["new_price"] = _money(request.vehicle.new_price)
    found: dict[str, Any] = {
        "product": request.product,
        "claim_id": request.claim_id,
        "policy": _policy(request.policy),
        "accident": {
            "date": request.accident.date.isoformat(),
            "liability_share": str(request.accident.liability_share),
            "mutual_collision_agreed": request.accident.mutual_collision_agreed,
        },
        "vehicle": vehicle,
        "third_parties": [_party(party) for party in request.third_parties],
        "price_agreements": [_agreement(item) for item in request.price_agreements],
        "incurred": _incurred(request.incurred),
    }
    if request.compulsory_policy is not None:
        found["compulsory_policy"] = _policy(request.compulsory_policy)
    if request.own_damage is not None:
        found["own_damage"] = _assessment(request.own_damage)
    if request.injured:
        found["injured"] = [_injured(party) for party in request.injured]
    return found


def stored_result_json(result: AutoResult) -> dict[str, Any]:
    """The printed result plus what a read-back needs (declared total loss per vehicle)."""
    found = auto_result_to_json(result)
    for loss, data in zip(result.assessments, found["assessments"], strict=True):
        data["total_loss_declared"] = loss.total_loss_declared
    return found


def _dec(value: Any) -> Decimal:
    return Decimal(str(value))


def _opt(value: Any) -> Decimal | None:
    return None if value is None else _dec(value)


def _reason(data: dict[str, Any]) -> AutoReason:
    code = AutoReasonCode(data["code"])
    return AutoReason(code, data["message_zh"], data["message_en"], data["clause"])


def _line(data: dict[str, Any]) -> LineAssessment:
    return LineAssessment(
        data["line_id"], data["part_code"], data["action"], _dec(data["parts"]),
        _dec(data["labour"]), _dec(data["amount"]), _opt(data["agreed_price"]),
        tuple(AutoReasonCode(code) for code in data["reasons"]),
    )  # fmt: skip


def _loss(data: dict[str, Any]) -> AssessedLoss:
    return AssessedLoss(
        subject=data["subject"],
        basis=data["basis"],
        reported_estimate=_opt(data["reported_estimate"]),
        surveyed=_dec(data["surveyed"]),
        resurveyed=_opt(data["resurveyed"]),
        tender=_opt(data["tender"]),
        assessed=_dec(data["assessed"]),
        salvage=_dec(data["salvage"]),
        salvage_deducted=bool(data["salvage_deducted"]),
        total_loss_declared=bool(data.get("total_loss_declared", False)),
        lines=tuple(_line(line) for line in data["lines"]),
        reasons=tuple(_reason(reason) for reason in data["reasons"]),
    )


def _item(data: dict[str, Any]) -> SettlementItem:
    return SettlementItem(
        data["cover"], data["section"], data["payee"], _dec(data["loss"]), _opt(data["limit"]),
        _dec(data["payable"]), data["working"], tuple(_reason(r) for r in data["reasons"]),
    )  # fmt: skip


def _injury(data: dict[str, Any]) -> InjuryReview:
    lines = tuple(
        ReviewedLine(line["line_id"], line["type"], _dec(line["amount"]), _dec(line["eligible"]),
                     tuple(AutoReasonCode(code) for code in line["reasons"]))
        for line in data["lines"]
    )  # fmt: skip
    return InjuryReview(
        party_id=data["party_id"],
        role=data["role"],
        covered=bool(data["covered"]),
        billed=_dec(data["billed"]),
        medical=_dec(data["medical"]),
        death_disability=_dec(data["death_disability"]),
        settlement=_opt(data["settlement"]),
        lines=lines,
        reasons=tuple(_reason(reason) for reason in data["reasons"]),
        items=tuple(
            ReviewedItem(item["item_id"], item["kind"], item["basis"], _dec(item["amount"]),
                         item["working"])
            for item in data.get("death_disability_items", ())
        ),
    )  # fmt: skip


def auto_result_from_json(data: dict[str, Any]) -> AutoResult:
    incurred = data["incurred"]
    return AutoResult(
        claim_id=data["claim_id"],
        product=data["product"],
        decision=data["decision"],
        payable=_dec(data["payable"]),
        currency=data["currency"],
        reasons=tuple(_reason(reason) for reason in data["reasons"]),
        assessments=tuple(_loss(loss) for loss in data["assessments"]),
        settlement=tuple(_item(item) for item in data["settlement"]),
        incurred=IncurredFigures(
            _dec(incurred["paid"]), _dec(incurred["reserve"]), _dec(incurred["recoveries"]),
            _dec(incurred["net_incurred"]),
        ),
        injuries=tuple(_injury(injury) for injury in data.get("injuries", ())),
    )  # fmt: skip
