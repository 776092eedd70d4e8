"""Checks of a request against its product's vocabulary; errors name the field."""

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


def check_request(request: ClaimRequest, product: Product) -> None:
    for name in request.history:
        if name not in product.accumulators:
            raise unknown(f"history.{name}", name, set(product.accumulators))
    if product.requires_accident and request.accident is None:
        raise InvalidRequest("accident", "required by this product", "本产品必须提供意外事故信息")
    cause = request.accident.cause if request.accident else None
    if cause is not None and cause not in product.accident_exclusions:
        raise unknown("accident.cause", cause, set(product.accident_exclusions))
    for index, visit in enumerate(request.visits):
        check_visit(f"visits[{index}]", visit, product)


def check_visit(where: str, visit: Visit, product: Product) -> None:
    if visit.kind not in product.visit_kinds:
        raise unknown(f"{where}.kind", visit.kind, product.visit_kinds)
    services = set(product.visit_gates.excluded_services)
    if visit.service is not None and visit.service not in services:
        raise unknown(f"{where}.service", visit.service, services)
    for index, line in enumerate(visit.lines):
        if line.type not in product.line_types:
            raise unknown(f"{where}.lines[{index}].type", line.type, product.line_types)
