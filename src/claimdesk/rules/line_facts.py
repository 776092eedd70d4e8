"""What a bill line must state because the product's terms limit it (第四部分 一.1–一.5).

A drug line under a supply limit needs its supply days, a therapy line under a session limit
its sessions: without them the engine could not apply the limit, so the line is refused
rather than the figure assumed.
"""

from __future__ import annotations

from collections.abc import Iterable

from claimdesk.domain.claim import BillLine, Visit
from claimdesk.domain.errors import ErrorCode
from claimdesk.domain.labels import both
from claimdesk.domain.refusals import Refused
from claimdesk.rules.terms import Product


def required_facts(product: Product, visit_kind: str, line_type: str) -> tuple[str, ...]:
    """ "days_supply" and/or "sessions" when a limit of the terms reads them for this line."""
    terms = product.medical
    if terms is None:
        return ()
    needed: list[str] = []
    if any(
        line_type in rule.line_types and visit_kind in rule.visit_kinds
        for rule in terms.supply_limits
    ):
        needed.append("days_supply")
    per_visit = any(
        rule.line_type == line_type and visit_kind in rule.visit_kinds
        for rule in terms.item_session_limits
    )
    if per_visit or any(rule.line_type == line_type for rule in terms.annual_session_limits):
        needed.append("sessions")
    return tuple(needed)


def missing_facts(product: Product, visit_kind: str, line: BillLine) -> list[str]:
    return [
        fact
        for fact in required_facts(product, visit_kind, line.type)
        if getattr(line, fact) is None
    ]


def check_line_facts(product: Product, visit_kind: str, line: BillLine, number: str) -> None:
    """Refuse the first fact missing on `line`; `number` is how the refusal names the line."""
    for fact in missing_facts(product, visit_kind, line):
        type_zh, type_en = both("line_type", line.type)
        fact_zh, fact_en = both("verified_field", fact)
        raise Refused(
            ErrorCode.LINE_FACT_MISSING,
            field=f"lines.{number}.{fact}",
            line=number,
            type_zh=type_zh,
            type_en=type_en,
            fact_zh=fact_zh,
            fact_en=fact_en.lower(),
        )


def check_visits(product: Product, visits: Iterable[Visit]) -> None:
    for visit in visits:
        for line in visit.lines:
            check_line_facts(product, visit.kind, line, line.line_ref.removeprefix("L"))


def check_codes(
    product: Product, visit_kind: str | None, line_type: str | None, field: str
) -> None:
    """A corrected kind or type must be one the product's terms know."""
    if visit_kind is not None and visit_kind not in product.visit_kinds:
        raise Refused(ErrorCode.CODE_NOT_IN_PRODUCT, field=f"{field}.kind", value=visit_kind,
                      what_zh="就诊类型", what_en="kind of visit")  # fmt: skip
    if line_type is not None and line_type not in product.line_types:
        raise Refused(ErrorCode.CODE_NOT_IN_PRODUCT, field=f"{field}.type", value=line_type,
                      what_zh="费用类型", what_en="line type")  # fmt: skip
