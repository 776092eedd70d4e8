"""Checks of a request: its facts hang together, and it speaks its product's vocabulary.

Errors name the field; both the JSON contract and stored claims pass through these."""

from __future__ import annotations

from claimdesk.rules.errors import InvalidRequest
from claimdesk.rules.model import ClaimRequest, Visit
from claimdesk.rules.terms import Product


def unknown(field: str, value: object, known: frozenset[str] | set[str]) -> InvalidRequest:
    choices = ", ".join(sorted(known))
    return InvalidRequest(
        field,
        f"unknown value {value!r} for this product (known: {choices})",
        f"本产品不支持的取值 {value!r}(可选:{choices})",
    )


def check_facts(request: ClaimRequest) -> None:
    """Facts that must agree with each other whatever the product: dates in order, grades."""
    if request.policy.period_end < request.policy.period_start:
        raise InvalidRequest("policy.period_end", "before period_start", "保险止期早于起期")
    for index, visit in enumerate(request.visits):
        if visit.discharge_date is not None and visit.discharge_date < visit.date:
            raise InvalidRequest(
                f"visits[{index}].discharge_date", "before the visit date", "出院日期早于入院日期"
            )
    grades = request.outcome.disability_grades if request.outcome else ()
    for index, grade in enumerate(grades):
        if not 1 <= grade <= 10:
            where = f"outcome.disability_grades[{index}]"
            raise InvalidRequest(where, "grade must be 1 to 10", "伤残等级须为1至10级")


def check_request(request: ClaimRequest, product: Product) -> None:
    for name in request.history:
        if name not in product.accumulators:
            raise unknown(f"history.{name}", name, set(product.accumulators))
    if product.requires_accident and request.accident is None:
        raise InvalidRequest("accident", "required by this product", "本产品必须提供意外事故信息")
    cause = request.accident.cause if request.accident else None
    if cause is not None and cause not in product.accident_exclusions:
        raise unknown("accident.cause", cause, set(product.accident_exclusions))
    if product.accident is not None:
        check_outcome(request)
    for index, visit in enumerate(request.visits):
        check_visit(f"visits[{index}]", visit, product)
        check_visit_facts(f"visits[{index}]", visit, request, product)


def check_outcome(request: ClaimRequest) -> None:
    """Lump-sum accident covers need the consequence: death, or disability with its grades."""
    outcome, accident = request.outcome, request.accident
    if outcome is None:
        raise InvalidRequest("outcome", "required by this product", "本产品必须提供身故或伤残信息")
    if accident is not None and outcome.date < accident.date:
        raise InvalidRequest("outcome.date", "before the accident date", "早于意外事故发生日")
    if outcome.kind == "disability" and not outcome.disability_grades:
        where = "outcome.disability_grades"
        raise InvalidRequest(where, "at least one grade is required", "至少须有一项伤残等级")


def check_visit_facts(where: str, visit: Visit, request: ClaimRequest, product: Product) -> None:
    """A visit of an accident kind needs the accident it follows (附加险 4)."""
    kinds = product.visit_gates.accident_kinds
    if kinds is not None and visit.kind in kinds and request.accident is None:
        zh = "意外就诊必须提供意外事故信息"
        raise InvalidRequest("accident", f"required for {where}.kind", zh)


def check_visit(where: str, visit: Visit, product: Product) -> None:
    if visit.kind not in product.visit_kinds:
        raise unknown(f"{where}.kind", visit.kind, product.visit_kinds)
    services = set(product.visit_gates.excluded_services)
    if visit.service is not None and visit.service not in services:
        raise unknown(f"{where}.service", visit.service, services)
    for index, line in enumerate(visit.lines):
        if line.type not in product.line_types:
            raise unknown(f"{where}.lines[{index}].type", line.type, product.line_types)
