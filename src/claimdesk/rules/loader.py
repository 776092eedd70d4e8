"""Loading product definition files (YAML) into validated `Product` terms."""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import yaml

from claimdesk.rules.errors import ProductDefinitionError
from claimdesk.rules.loader_terms import (
    read_accident,
    read_code,
    read_medical,
    read_visit_gates,
)
from claimdesk.rules.parsed_files import parsed_once
from claimdesk.rules.reasons import ACCIDENT_CODES, ALLOWANCE_CODES, ReasonCode
from claimdesk.rules.terms import MaterialRule, Message, Product, VisitGates
from claimdesk.rules.yaml_reader import Node

# libyaml's loader when present: the same safe YAML, parsed ~10× faster (CLI start-up).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TOP_KEYS = {
    "code", "name_zh", "name_en", "currency", "benefit", "accumulators", "visit_kinds",
    "line_types", "claim_gates", "materials", "visit_gates", "medical", "accident",
    "accident_exclusions", "requires_accident", "parameter_schedules", "reasons",
    "line_of_business",
}  # fmt: skip
BENEFITS = {"medical_expense", "accident_lump_sum"}
# Auto products (`auto`) have their own terms and engine: `claimdesk.rules.auto`.
LINES_OF_BUSINESS = {"health", "accident"}
AUTO = "auto"
MATERIAL_CONDITIONS = (None, "other_payer_paid", "no_social_security_card", "minor")


def packaged_products_dir() -> Path:
    return Path(str(resources.files("claimdesk") / "products"))


def load_products(*directories: Path) -> dict[str, Product]:
    """All products of the package plus those in `directories` (later ones win by code)."""
    products: dict[str, Product] = {}
    for directory in (packaged_products_dir(), *directories):
        for path in sorted(Path(directory).glob("*.yaml")):
            product = _load_product_once(path)
            if product is not None:
                products[product.code] = product
    return products


def load_product(path: Path) -> Product | None:
    """The product of a health or accident file; None for an auto file (`rules.auto`)."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except yaml.YAMLError as error:
        raise ProductDefinitionError(str(path), "", f"not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise ProductDefinitionError(str(path), "", "must be a mapping")
    if data.get("line_of_business") == AUTO:
        return None
    return read_product(Node(str(path), "", data))


_load_product_once = parsed_once(load_product)


def read_product(node: Node) -> Product:
    node.check_keys(TOP_KEYS)
    benefit = node.text("benefit")
    if benefit not in BENEFITS:
        raise node.fail(f"must be one of {', '.join(sorted(BENEFITS))}", "benefit")
    blacklist, deadline = read_claim_gates(node)
    schedule_flag, schedules = read_schedules(node)
    line = node.text("line_of_business", "health")
    if line not in LINES_OF_BUSINESS:
        known = ", ".join(sorted(LINES_OF_BUSINESS | {AUTO}))
        raise node.fail(f"must be one of {known}", "line_of_business")
    product = Product(
        code=node.text("code"),
        line_of_business=line,
        name_zh=node.text("name_zh"),
        name_en=node.text("name_en"),
        currency=node.text("currency"),
        accumulators=read_accumulators(node.child("accumulators")),
        messages=read_messages(node.child("reasons")),
        materials=tuple(read_material(rule) for rule in node.children("materials")),
        visit_kinds=node.texts("visit_kinds", []),
        line_types=node.texts("line_types", []),
        requires_accident=node.flag("requires_accident", False),
        accident_exclusions=read_exclusions(node),
        visit_gates=read_visit_gates(node.child("visit_gates"))
        if node.has("visit_gates")
        else VisitGates(),
        medical=read_medical(node.child("medical")) if benefit == "medical_expense" else None,
        accident=read_accident(node.child("accident")) if benefit != "medical_expense" else None,
        source=node.file,
        blacklist_gate=blacklist,
        claim_deadline_months=deadline,
        schedule_flag=schedule_flag,
        schedules=schedules,
    )
    check_references(node, product)
    return product


def read_claim_gates(node: Node) -> tuple[bool, int | None]:
    if not node.has("claim_gates"):
        return True, None
    gates = node.child("claim_gates")
    gates.check_keys({"blacklist", "claim_deadline_months"})
    months = gates.integer("claim_deadline_months") if gates.has("claim_deadline_months") else None
    return gates.flag("blacklist", True), months


def read_schedules(node: Node) -> tuple[str | None, dict[bool, str]]:
    """`parameter_schedules: {flag: social_insurance, when_true: …, when_false: …}` picks a
    nested schedule of policy parameters by an insured flag."""
    if not node.has("parameter_schedules"):
        return None, {}
    schedules = node.child("parameter_schedules")
    schedules.check_keys({"flag", "when_true", "when_false"})
    choices = {True: schedules.text("when_true"), False: schedules.text("when_false")}
    return schedules.text("flag"), choices


def read_accumulators(node: Node) -> dict[str, str]:
    for name, kind in node.data.items():
        if kind not in ("money", "count"):
            raise node.fail("must be money or count", str(name))
    return dict(node.data)


def read_messages(node: Node) -> dict[ReasonCode, Message]:
    messages = {}
    for code in node.data:
        if code not in ReasonCode.__members__:
            raise node.fail("unknown reason code", str(code))
        entry = node.child(code)
        entry.check_keys({"zh", "en", "clause"})
        messages[ReasonCode(code)] = Message(
            entry.text("zh"), entry.text("en"), entry.text("clause")
        )
    return messages


def read_material(node: Node) -> MaterialRule:
    node.check_keys({"material", "visit_kinds", "when", "outcome_kinds"})
    when = node.text("when") if node.has("when") else None
    if when not in MATERIAL_CONDITIONS:
        raise node.fail("must be other_payer_paid, no_social_security_card or minor", "when")
    return MaterialRule(
        material=node.text("material"),
        visit_kinds=node.optional_texts("visit_kinds"),
        when=when,
        outcome_kinds=node.optional_texts("outcome_kinds"),
    )


def read_exclusions(node: Node) -> dict[str, tuple[ReasonCode, str]]:
    exclusions = {}
    for rule in node.children("accident_exclusions"):
        rule.check_keys({"cause", "code", "clause"})
        exclusions[rule.text("cause")] = (read_code(rule, "code"), rule.text("clause"))
    return exclusions


def check_references(node: Node, product: Product) -> None:
    """Every accumulator a term names is declared, and every code it can emit has messages."""
    for name in referenced_accumulators(product):
        if name not in product.accumulators:
            raise node.fail(f"accumulator {name!r} is used but not declared", "accumulators")
    for code in ReasonCode:
        if code not in product.messages and code in required_codes(product):
            raise node.fail(f"no message for reason code {code}", "reasons")


def referenced_accumulators(product: Product) -> list[str]:
    names: list[str] = []
    if product.medical:
        for coverage in product.medical.coverages:
            names += [coverage.paid_accumulator, coverage.deductible_accumulator or ""]
        names += [limit.accumulator for limit in product.medical.annual_session_limits]
        names += list(
            product.medical.annual_limit.accumulators if product.medical.annual_limit else []
        )
        allowance = product.medical.allowance
        names += [allowance.days_accumulator, allowance.paid_accumulator] if allowance else []
    if product.accident:
        names += [product.accident.disability_accumulator, product.accident.death_accumulator]
    return [name for name in names if name]


def required_codes(product: Product) -> set[ReasonCode]:
    codes = {code for code, _ in product.accident_exclusions.values()}
    codes |= {ReasonCode.MISSING_MATERIALS}
    if product.medical:
        codes |= {ReasonCode.DEDUCTIBLE, ReasonCode.COINSURANCE, ReasonCode.SUBLIMIT_REACHED}
        codes |= set(product.medical.reported_parts.values())
        codes |= ALLOWANCE_CODES if product.medical.allowance else set()
    if product.accident:
        codes |= ACCIDENT_CODES
    if product.visit_gates.accident_window_days is not None:
        codes |= {ReasonCode.OUTSIDE_180_DAYS, ReasonCode.ACCIDENT_OUTSIDE_POLICY_PERIOD}
    return codes


def message_for(messages: Mapping[ReasonCode, Message], code: ReasonCode) -> Message:
    return messages.get(code) or Message(str(code), str(code), "")
