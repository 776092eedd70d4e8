"""Reading the term sections of a product file: visit gates, medical terms, accident terms."""

from __future__ import annotations

from decimal import Decimal

from claimdesk.rules.reasons import ReasonCode
from claimdesk.rules.terms import (
    AccidentTerms,
    AllowanceTerms,
    AnnualLimit,
    AnnualSessionLimit,
    Coverage,
    ExamReview,
    Figure,
    HospitalRequirement,
    ItemSessionLimit,
    MedicalTerms,
    SupplyLimitRule,
    VisitGates,
)
from claimdesk.rules.yaml_reader import Node

LINE_PARTS = ("fund_paid", "category_self_pay", "self_funded", "self_pay")


def read_visit_gates(node: Node) -> VisitGates:
    node.check_keys(
        {"policy_period", "hospitals", "allowed_regions", "receipt_required",
         "inpatient_standard", "excluded_services", "accident_window_days", "accident_kinds"}
    )  # fmt: skip
    hospitals = node.child("hospitals") if node.has("hospitals") else Node(node.file, "", {})
    standard = node.child("inpatient_standard") if node.has("inpatient_standard") else None
    services = node.child("excluded_services") if node.has("excluded_services") else None
    return VisitGates(
        policy_period=node.flag("policy_period", True),
        designation_exempt_kinds=hospitals.texts("exempt_kinds", []),
        hospital_requirements=read_hospital_requirements(hospitals),
        allowed_regions=node.optional_texts("allowed_regions"),
        receipt_required=node.flag("receipt_required", True),
        inpatient_standard_kinds=standard.texts("kinds") if standard else frozenset(),
        inpatient_standard_not_met=standard.texts("not_met") if standard else frozenset(),
        excluded_services={key: services.text(key) for key in services.data} if services else {},
        accident_window_days=(
            node.integer("accident_window_days") if node.has("accident_window_days") else None
        ),
        accident_kinds=node.optional_texts("accident_kinds"),
    )


def read_hospital_requirements(node: Node) -> dict[str, HospitalRequirement]:
    requirements = {}
    for kind in node.data:
        if kind == "exempt_kinds":
            continue
        rule = node.child(kind)
        rule.check_keys({"designated", "public", "min_level", "excluded_wards"})
        requirements[kind] = HospitalRequirement(
            designated=rule.flag("designated", False),
            public=rule.flag("public", False),
            min_level=rule.integer("min_level", 0),
            excluded_wards=rule.texts("excluded_wards", []),
        )
    return requirements


def read_medical(node: Node) -> MedicalTerms:
    node.check_keys(
        {"eligible_parts", "reported_parts", "excluded_fee_types", "supply_limits",
         "item_session_limits", "annual_session_limits", "exam_review", "coverages",
         "annual_limit", "allowance"}
    )  # fmt: skip
    return MedicalTerms(
        eligible_parts=read_parts(node),
        reported_parts=read_reported_parts(node),
        excluded_fee_types=node.texts("excluded_fee_types", []),
        supply_limits=tuple(read_supply_limit(rule) for rule in node.children("supply_limits")),
        item_session_limits=tuple(
            read_item_limit(rule) for rule in node.children("item_session_limits")
        ),
        annual_session_limits=tuple(
            read_annual_sessions(rule) for rule in node.children("annual_session_limits")
        ),
        exam_review=read_exam_review(node.child("exam_review"))
        if node.has("exam_review")
        else None,
        coverages=tuple(read_coverage(rule) for rule in node.children("coverages")),
        annual_limit=read_annual_limit(node.child("annual_limit"))
        if node.has("annual_limit")
        else None,
        allowance=read_allowance(node.child("allowance")) if node.has("allowance") else None,
    )


def read_parts(node: Node) -> tuple[str, ...]:
    parts = node.text_list("eligible_parts")
    for part in parts:
        if part not in LINE_PARTS:
            raise node.fail(f"unknown line part {part!r} (known: {', '.join(LINE_PARTS)})")
    return parts


def read_reported_parts(node: Node) -> dict[str, ReasonCode]:
    if not node.has("reported_parts"):
        return {}
    parts = node.child("reported_parts")
    for part in parts.data:
        if part not in LINE_PARTS:
            raise parts.fail("unknown line part", str(part))
    return {part: read_code(parts, part) for part in parts.data}


def read_code(node: Node, key: str) -> ReasonCode:
    value = node.text(key)
    if value not in ReasonCode.__members__:
        raise node.fail(f"unknown reason code {value!r}", key)
    return ReasonCode(value)


def read_supply_limit(node: Node) -> SupplyLimitRule:
    node.check_keys(
        {"line_types", "visit_kinds", "days", "clause", "diagnoses", "conditions", "auxiliary"}
    )
    return SupplyLimitRule(
        line_types=node.texts("line_types"),
        visit_kinds=node.texts("visit_kinds"),
        days=node.integer("days"),
        clause=node.text("clause"),
        diagnoses=node.optional_texts("diagnoses"),
        conditions=node.optional_texts("conditions"),
        auxiliary=node.flag("auxiliary", False) if "auxiliary" in node.data else None,
    )


def read_item_limit(node: Node) -> ItemSessionLimit:
    node.check_keys({"line_type", "visit_kinds", "max_items", "max_sessions", "clause"})
    return ItemSessionLimit(
        line_type=node.text("line_type"),
        visit_kinds=node.texts("visit_kinds"),
        max_items=node.integer("max_items"),
        max_sessions=node.integer("max_sessions"),
        clause=node.text("clause"),
    )


def read_annual_sessions(node: Node) -> AnnualSessionLimit:
    node.check_keys({"line_type", "sessions", "accumulator", "clause"})
    return AnnualSessionLimit(
        line_type=node.text("line_type"),
        sessions=node.integer("sessions"),
        accumulator=node.text("accumulator"),
        clause=node.text("clause"),
    )


def read_exam_review(node: Node) -> ExamReview:
    node.check_keys({"special_types", "basic_types", "exempt_kinds"})
    return ExamReview(
        special_types=node.texts("special_types"),
        basic_types=node.texts("basic_types"),
        exempt_kinds=node.texts("exempt_kinds", []),
    )


def read_coverage(node: Node) -> Coverage:
    node.check_keys(
        {"name", "visit_kinds", "deductible", "deductible_accumulator", "coinsurance_ratio",
         "sublimit", "paid_accumulator"}
    )  # fmt: skip
    ratio = node.figure("coinsurance_ratio")
    if isinstance(ratio, Decimal) and ratio > 1:
        raise node.fail("must be between 0 and 1", "coinsurance_ratio")
    return Coverage(
        name=node.text("name"),
        visit_kinds=node.texts("visit_kinds"),
        deductible=node.figure("deductible"),
        deductible_accumulator=node.text("deductible_accumulator")
        if node.has("deductible_accumulator")
        else None,
        coinsurance_ratio=ratio,
        sublimit=node.figure("sublimit") if node.has("sublimit") else None,
        paid_accumulator=node.text("paid_accumulator"),
    )


def read_annual_limit(node: Node) -> AnnualLimit:
    node.check_keys({"amount", "accumulators"})
    return AnnualLimit(node.figure("amount"), node.text_list("accumulators"))


def read_flag_figure(node: Node, key: str) -> Figure | bool:
    """A flag fixed by the product (true/false) or read from the policy ({policy: name})."""
    value = node.raw(key)
    return value if isinstance(value, bool) else node.figure(key)


def read_allowance(node: Node) -> AllowanceTerms:
    node.check_keys(
        {"cover", "visit_kinds", "daily_amount", "deductible_days", "max_days",
         "days_accumulator", "paid_accumulator"}
    )  # fmt: skip
    return AllowanceTerms(
        cover=read_flag_figure(node, "cover"),
        visit_kinds=node.texts("visit_kinds"),
        daily_amount=node.figure("daily_amount"),
        deductible_days=node.figure("deductible_days"),
        max_days=node.figure("max_days"),
        days_accumulator=node.text("days_accumulator"),
        paid_accumulator=node.text("paid_accumulator"),
    )


def read_accident(node: Node) -> AccidentTerms:
    node.check_keys(
        {"sum_insured", "disability_cover", "window_days", "grade_ratios",
         "disability_accumulator", "death_accumulator"}
    )  # fmt: skip
    ratios = node.child("grade_ratios")
    if sorted(int(grade) for grade in ratios.data) != list(range(1, 11)):
        raise node.fail("must give grades 1 to 10", "grade_ratios")
    return AccidentTerms(
        sum_insured=node.figure("sum_insured"),
        disability_cover=read_flag_figure(node, "disability_cover"),
        window_days=node.integer("window_days"),
        grade_ratios={int(grade): ratios.decimal(grade) for grade in ratios.data},
        disability_accumulator=node.text("disability_accumulator"),
        death_accumulator=node.text("death_accumulator"),
    )
