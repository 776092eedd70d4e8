"""Parsing an auto settlement request (JSON dict) into `AutoRequest`, with plain code.

The first bad field is refused with `InvalidRequest` naming it; nothing is computed.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from claimdesk.domain.auto_injury import DeathDisabilityKind, InjuredRole
from claimdesk.rules.auto.fields import Field
from claimdesk.rules.auto.model import (
    Accident,
    Assessment,
    AutoRequest,
    DeathDisabilityItem,
    Incurred,
    InjuredParty,
    MedicalLine,
    OneOffSettlement,
    PriceAgreement,
    Quote,
    Recovery,
    SalvageHandling,
    Survey,
    SurveyLine,
    ThirdParty,
    Vehicle,
)
from claimdesk.rules.errors import InvalidRequest
from claimdesk.rules.model import ParameterValue, Policy

T = TypeVar("T")

REQUEST_KEYS = {
    "product", "claim_id", "policy", "compulsory_policy", "accident",
    "vehicle", "own_damage", "third_parties", "price_agreements", "incurred", "injured",
}  # fmt: skip
ACTIONS = {"repair", "replace"}
RECOVERY_KINDS = {"subrogation", "salvage_sale"}
ROLES = {str(role) for role in InjuredRole}
ITEM_KINDS = {str(kind) for kind in DeathDisabilityKind}
MOST_UNITS = Decimal("10000")  # years, months or days of one item


def parse_auto_request(payload: Any) -> AutoRequest:
    if not isinstance(payload, dict):
        raise InvalidRequest("<request>", "must be an object", "须为对象")
    root = Field("", payload)
    root.check_keys(REQUEST_KEYS)
    return AutoRequest(
        product=root.text("product"),
        claim_id=root.text("claim_id"),
        policy=read_policy(root.child("policy")),
        compulsory_policy=read_policy(root.child("compulsory_policy"))
        if root.has("compulsory_policy")
        else None,
        accident=read_accident(root.child("accident")),
        vehicle=read_vehicle(root.child("vehicle")),
        own_damage=read_assessment(root.child("own_damage")) if root.has("own_damage") else None,
        third_parties=tuple(read_third_party(party) for party in root.children("third_parties")),
        price_agreements=tuple(read_agreement(item) for item in root.children("price_agreements")),
        incurred=read_incurred(root.child("incurred")) if root.has("incurred") else Incurred(),
        injured=read_injured(root.children("injured")),
    )


def read_policy(node: Field) -> Policy:
    node.check_keys({"policy_no", "period_start", "period_end", "parameters"})
    start, end = node.date("period_start"), node.date("period_end")
    if end < start:
        raise node.fail("period_end", "before period_start", "保险止期早于起期")
    parameters = node.child("parameters") if node.has("parameters") else Field(node.path, {})
    return Policy(
        policy_no=node.text("policy_no"),
        period_start=start,
        period_end=end,
        parameters={str(key): read_parameter(parameters, str(key)) for key in parameters.data},
    )


def read_parameter(node: Field, key: str) -> ParameterValue:
    """A schedule figure: a flag, or a non-negative decimal (amount or rate)."""
    value = node.data[key]
    if isinstance(value, bool):
        return value
    try:
        number = Decimal(str(value)) if isinstance(value, str | int | Decimal) else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number < 0:
        raise node.fail(key, "must be true/false or a non-negative decimal", "须为布尔值或非负数")
    return number


def read_accident(node: Field) -> Accident:
    node.check_keys({"date", "liability_share", "mutual_collision_agreed"})
    return Accident(
        date=node.date("date"),
        liability_share=node.ratio("liability_share"),
        mutual_collision_agreed=node.flag("mutual_collision_agreed", False),
    )


def read_vehicle(node: Field) -> Vehicle:
    node.check_keys({"model", "new_price", "months_in_use"})
    return Vehicle(
        model=node.text("model"),
        new_price=node.amount("new_price") if node.has("new_price") else None,
        months_in_use=node.count("months_in_use", 0),
    )


def read_assessment(node: Field) -> Assessment:
    node.check_keys({"vehicle_model", "reported_estimate", "survey", "resurvey", "tender_quotes"})
    return Assessment(
        vehicle_model=node.text("vehicle_model"),
        survey=read_survey(node.child("survey")),
        reported_estimate=node.amount("reported_estimate")
        if node.has("reported_estimate")
        else None,
        resurvey=read_survey(node.child("resurvey")) if node.has("resurvey") else None,
        quotes=tuple(read_quote(quote) for quote in node.children("tender_quotes")),
    )


def read_survey(node: Field) -> Survey:
    node.check_keys({"signed", "lines", "salvage_value", "salvage_handling", "total_loss"})
    handling = node.text("salvage_handling", "deducted")
    if handling not in SalvageHandling.__members__.values():
        raise node.fail("salvage_handling", "must be deducted or taken", "须为 deducted 或 taken")
    return Survey(
        signed=node.flag("signed", False),
        lines=tuple(read_line(line) for line in node.children("lines")),
        salvage_value=node.amount("salvage_value", "0.00"),
        salvage_handling=SalvageHandling(handling),
        total_loss=node.flag("total_loss", False),
    )


def read_line(node: Field) -> SurveyLine:
    node.check_keys({"line_id", "part_code", "action", "parts", "labour"})
    action = node.text("action")
    if action not in ACTIONS:
        raise node.fail("action", "must be repair or replace", "须为 repair(修复)或 replace(更换)")
    return SurveyLine(
        line_id=node.text("line_id"),
        part_code=node.text("part_code"),
        action=action,
        parts=node.amount("parts") if node.has("parts") else None,
        labour=node.amount("labour", "0.00"),
    )


def read_quote(node: Field) -> Quote:
    node.check_keys({"repair_shop", "amount", "compliant"})
    return Quote(node.text("repair_shop"), node.amount("amount"), node.flag("compliant", True))


def read_third_party(node: Field) -> ThirdParty:
    node.check_keys(
        {"party_id", "vehicle", "at_fault", "vehicle_damage", "property_damage", "medical",
         "death_disability"}
    )  # fmt: skip
    vehicle = node.flag("vehicle", False)
    if node.has("vehicle_damage") and not vehicle:
        raise node.fail(
            "vehicle_damage", "only a vehicle party has vehicle damage", "非机动车一方无车损"
        )
    return ThirdParty(
        party_id=node.text("party_id"),
        vehicle=vehicle,
        at_fault=node.flag("at_fault", False),
        vehicle_damage=read_assessment(node.child("vehicle_damage"))
        if node.has("vehicle_damage")
        else None,
        property_damage=node.amount("property_damage", "0.00"),
        medical=node.amount("medical", "0.00"),
        death_disability=node.amount("death_disability", "0.00"),
    )


def read_agreement(node: Field) -> PriceAgreement:
    node.check_keys({"part_code", "vehicle_model", "agreed_price", "valid_from", "valid_to"})
    valid_from, valid_to = node.date("valid_from"), node.date("valid_to")
    if valid_to < valid_from:
        raise node.fail("valid_to", "before valid_from", "有效期止早于起")
    return PriceAgreement(
        part_code=node.text("part_code"),
        vehicle_model=node.text("vehicle_model"),
        agreed_price=node.amount("agreed_price"),
        valid_from=valid_from,
        valid_to=valid_to,
    )


def read_incurred(node: Field) -> Incurred:
    node.check_keys({"previously_paid", "reserve", "recoveries"})
    return Incurred(
        previously_paid=node.amount("previously_paid", "0.00"),
        reserve=node.amount("reserve", "0.00"),
        recoveries=tuple(read_recovery(item) for item in node.children("recoveries")),
    )


def read_recovery(node: Field) -> Recovery:
    node.check_keys({"recovery_id", "kind", "received"})
    kind = node.text("kind")
    if kind not in RECOVERY_KINDS:
        raise node.fail(
            "kind", "must be subrogation or salvage_sale", "须为 subrogation 或 salvage_sale"
        )
    return Recovery(node.text("recovery_id"), kind, node.amount("received"))


def read_injured(nodes: list[Field]) -> tuple[InjuredParty, ...]:
    return read_unique(
        nodes, read_injured_party, lambda party: party.party_id,
        ("party_id", "duplicate injured party", "伤者重复"),
    )  # fmt: skip


def read_unique(
    nodes: list[Field], read: Callable[[Field], T], key: Callable[[T], str],
    duplicate: tuple[str, str, str],
) -> tuple[T, ...]:  # fmt: skip
    """Each node read in order; a repeated key is refused on its node (field, en, zh)."""
    values: list[T] = []
    seen: set[str] = set()
    for node in nodes:
        value = read(node)
        if key(value) in seen:
            raise node.fail(*duplicate)
        seen.add(key(value))
        values.append(value)
    return tuple(values)


def read_injured_party(node: Field) -> InjuredParty:
    """人伤: who was hurt, the medical bill lines, death/disability items, a one-off settlement."""
    node.check_keys(
        {"party_id", "role", "medical_lines", "death_disability", "settlement",
         "death_disability_items"}
    )  # fmt: skip
    role = node.text("role")
    if role not in ROLES:
        raise node.fail(
            "role", "must be driver, passenger or third_party", "须为 driver(本车驾驶人)、"
            "passenger(本车乘客) 或 third_party(第三者)",
        )  # fmt: skip
    settlement = None
    if node.has("settlement"):
        agreed = node.child("settlement")
        agreed.check_keys({"amount", "signed_on"})
        amount = agreed.amount("amount")
        if amount <= 0:
            raise agreed.fail("amount", "must be above 0", "一次性了断金额须大于 0")
        settlement = OneOffSettlement(amount, agreed.date("signed_on"))
    return InjuredParty(
        party_id=node.text("party_id"),
        role=InjuredRole(role),
        medical_lines=tuple(read_medical_line(line) for line in node.children("medical_lines")),
        death_disability=node.amount("death_disability", "0.00"),
        settlement=settlement,
        death_disability_items=read_items(node.children("death_disability_items")),
    )


def read_items(nodes: list[Field]) -> tuple[DeathDisabilityItem, ...]:
    return read_unique(
        nodes, read_item, lambda item: item.item_id, ("item_id", "duplicate item", "项目编号重复")
    )


def read_item(node: Field) -> DeathDisabilityItem:
    """死亡伤残 item: kind, basis (where the standard comes from), standard × quantity × ratio."""
    node.check_keys({"item_id", "kind", "basis", "standard", "quantity", "ratio"})
    kind = node.text("kind")
    if kind not in ITEM_KINDS:
        raise node.fail(
            "kind", f"must be one of {', '.join(sorted(ITEM_KINDS))}", "死亡伤残赔偿项目不在目录中"
        )
    ratio = node.ratio("ratio") if node.has("ratio") else Decimal("1")
    if ratio == 0:
        raise node.fail("ratio", "must be above 0", "赔偿指数须大于 0")
    return DeathDisabilityItem(
        item_id=node.text("item_id"),
        kind=DeathDisabilityKind(kind),
        basis=node.text("basis"),
        standard=node.amount("standard"),
        quantity=node.quantity("quantity", MOST_UNITS),
        ratio=ratio,
    )


def read_medical_line(node: Field) -> MedicalLine:
    node.check_keys({"line_id", "type", "amount", "self_funded", "name"})
    amount = node.amount("amount")
    self_funded = node.amount("self_funded", "0.00")
    if self_funded > amount:
        raise node.fail("self_funded", "more than the line amount", "自费部分超过该项金额")
    return MedicalLine(
        line_id=node.text("line_id"),
        type=node.text("type"),
        amount=amount,
        self_funded=self_funded,
        name=node.text("name") if node.has("name") else "",
    )
