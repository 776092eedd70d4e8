"""Loading auto product files (`line_of_business: auto`) into validated `AutoProduct` terms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from claimdesk.rules.auto.reasons import (
    COMMERCIAL_CODES,
    COMMON_CODES,
    COMPULSORY_CODES,
    ON_BOARD_CODES,
    AutoReasonCode,
)
from claimdesk.rules.auto.terms import (
    AutoProduct,
    CompulsoryTerms,
    InjuryReviewTerms,
    LimitSchedule,
    OnBoardTerms,
    SectionLimits,
    ThirdPartyTerms,
    VehicleDamageTerms,
)
from claimdesk.rules.errors import ProductDefinitionError
from claimdesk.rules.loader import packaged_products_dir
from claimdesk.rules.loader_terms import read_flag_figure
from claimdesk.rules.parsed_files import parsed_once
from claimdesk.rules.terms import Message
from claimdesk.rules.yaml_reader import Node

# libyaml's loader when present: the same safe YAML, parsed ~10× faster (CLI start-up).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TOP_KEYS = {
    "code", "line_of_business", "name_zh", "name_en", "currency", "parts", "assessment",
    "compulsory_product", "compulsory", "vehicle_damage", "third_party", "reasons",
    "injury_review", "on_board",
}  # fmt: skip


def load_auto_products(*directories: Path) -> dict[str, AutoProduct]:
    """Every auto product of the package plus those in `directories` (later ones win by code)."""
    products: dict[str, AutoProduct] = {}
    for directory in (packaged_products_dir(), *directories):
        for path in sorted(Path(directory).glob("*.yaml")):
            product = _auto_product_once(path)
            if product is not None:
                products[product.code] = product
    check_compulsory_references(products)
    return products


def auto_product_of(path: Path) -> AutoProduct | None:
    """The product of an auto file; None for a health or accident file."""
    data = read_yaml(path)
    if data.get("line_of_business") != "auto":
        return None
    return read_auto_product(Node(str(path), "", data))


_auto_product_once = parsed_once(auto_product_of)


@lru_cache(maxsize=1)
def shipped_auto_products() -> Mapping[str, AutoProduct]:
    """The package's auto products, read once (callers that were given none use these)."""
    return MappingProxyType(load_auto_products())


def read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except yaml.YAMLError as error:
        raise ProductDefinitionError(str(path), "", f"not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise ProductDefinitionError(str(path), "", "must be a mapping")
    return data


def read_auto_product(node: Node) -> AutoProduct:
    node.check_keys(TOP_KEYS)
    assessment = node.child("assessment")
    assessment.check_keys({"tender_from"})
    product = AutoProduct(
        code=node.text("code"),
        name_zh=node.text("name_zh"),
        name_en=node.text("name_en"),
        currency=node.text("currency"),
        parts=read_parts(node.child("parts")),
        tender_from=assessment.decimal("tender_from"),
        messages=read_messages(node.child("reasons")),
        compulsory_product=node.text("compulsory_product")
        if node.has("compulsory_product")
        else None,
        compulsory=read_compulsory(node.child("compulsory")) if node.has("compulsory") else None,
        vehicle_damage=read_vehicle_damage(node.child("vehicle_damage"))
        if node.has("vehicle_damage")
        else None,
        third_party=read_third_party(node.child("third_party"))
        if node.has("third_party")
        else None,
        injury_review=read_injury_review(node.child("injury_review"))
        if node.has("injury_review")
        else None,
        source=node.file,
        on_board=read_on_board(node.child("on_board")) if node.has("on_board") else None,
    )
    check_product(node, product)
    return product


def read_parts(node: Node) -> dict[str, str]:
    """`parts: {front_bumper: 前保险杠, …}`: the part codes a survey line may name."""
    return {str(code): node.text(str(code)) for code in node.data}


def read_messages(node: Node) -> dict[str, Message]:
    messages = {}
    for code in node.data:
        if code not in AutoReasonCode.__members__:
            raise node.fail("unknown auto reason code", str(code))
        entry = node.child(code)
        entry.check_keys({"zh", "en", "clause"})
        messages[code] = Message(entry.text("zh"), entry.text("en"), entry.text("clause"))
    return messages


def read_compulsory(node: Node) -> CompulsoryTerms:
    node.check_keys({"limit_schedules", "mutual_collision", "no_fault_substitution"})
    schedules = tuple(read_schedule(rule) for rule in node.children("limit_schedules"))
    if not schedules:
        raise node.fail("at least one schedule is required", "limit_schedules")
    return CompulsoryTerms(
        schedules=tuple(sorted(schedules, key=lambda schedule: schedule.effective_from)),
        mutual_collision=node.flag("mutual_collision", False),
        no_fault_substitution=node.flag("no_fault_substitution", False),
    )


def read_schedule(node: Node) -> LimitSchedule:
    node.check_keys({"effective_from", "with_fault", "no_fault", "clause"})
    return LimitSchedule(
        effective_from=read_date(node, "effective_from"),
        with_fault=read_limits(node.child("with_fault")),
        no_fault=read_limits(node.child("no_fault")),
        clause=node.text("clause"),
    )


def read_date(node: Node, key: str) -> dt.date:
    value = node.raw(key)
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as error:
        raise node.fail("must be a date YYYY-MM-DD", key) from error


def read_limits(node: Node) -> SectionLimits:
    node.check_keys({"death_disability", "medical", "property_damage"})
    return SectionLimits(
        death_disability=node.decimal("death_disability"),
        medical=node.decimal("medical"),
        property_damage=node.decimal("property_damage"),
    )


def read_vehicle_damage(node: Node) -> VehicleDamageTerms:
    node.check_keys(
        {"cover", "sum_insured", "deductible", "deductible_rate", "depreciation",
         "constructive_total_loss_ratio"}
    )  # fmt: skip
    depreciation = node.child("depreciation")
    depreciation.check_keys({"monthly_rate", "max_rate"})
    return VehicleDamageTerms(
        cover=read_flag_figure(node, "cover"),
        sum_insured=node.figure("sum_insured"),
        deductible=node.figure("deductible"),
        deductible_rate=node.figure("deductible_rate"),
        monthly_depreciation=read_ratio(depreciation, "monthly_rate"),
        max_depreciation=read_ratio(depreciation, "max_rate"),
        constructive_total_loss_ratio=node.decimal("constructive_total_loss_ratio"),
    )


def read_ratio(node: Node, key: str) -> Any:
    value = node.decimal(key)
    if value > 1:
        raise node.fail("must be between 0 and 1", key)
    return value


def read_third_party(node: Node) -> ThirdPartyTerms:
    node.check_keys({"cover", "limit"})
    return ThirdPartyTerms(cover=read_flag_figure(node, "cover"), limit=node.figure("limit"))


def read_on_board(node: Node) -> OnBoardTerms:
    node.check_keys({"cover", "driver_limit", "passenger_limit", "passenger_seats"})
    return OnBoardTerms(
        cover=read_flag_figure(node, "cover"),
        driver_limit=node.figure("driver_limit"),
        passenger_limit=node.figure("passenger_limit"),
        passenger_seats=node.figure("passenger_seats"),
    )


def read_injury_review(node: Node) -> InjuryReviewTerms:
    node.check_keys({"excluded_fee_types", "social_insurance_scope"})
    types = node.raw("excluded_fee_types") if node.has("excluded_fee_types") else []
    if not isinstance(types, list) or not all(isinstance(item, str) for item in types):
        raise node.fail("must be a list of fee types", "excluded_fee_types")
    return InjuryReviewTerms(
        excluded_fee_types=frozenset(types),
        social_insurance_scope=node.flag("social_insurance_scope", False),
    )


def check_product(node: Node, product: AutoProduct) -> None:
    """A product settles something, and every code it can emit has zh, en and clause."""
    commercial = product.vehicle_damage or product.third_party or product.on_board
    if product.compulsory is None and not commercial:
        raise node.fail("needs compulsory, vehicle_damage or third_party terms")
    if commercial and product.compulsory_product is None:
        raise node.fail("commercial cover settles after 交强险: name it", "compulsory_product")
    codes = set(COMMON_CODES) | (COMPULSORY_CODES if product.compulsory else set())
    codes |= COMMERCIAL_CODES if commercial else set()
    codes |= ON_BOARD_CODES if product.on_board else set()
    for code in sorted(codes):
        if code not in product.messages:
            raise node.fail(f"no message for reason code {code}", "reasons")


def check_compulsory_references(products: dict[str, AutoProduct]) -> None:
    for product in products.values():
        named = product.compulsory_product
        if named is not None and (named not in products or products[named].compulsory is None):
            problem = f"{named!r} is not a loaded 交强险 product"
            raise ProductDefinitionError(product.source, "compulsory_product", problem)
