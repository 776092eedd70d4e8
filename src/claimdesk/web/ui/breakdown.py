"""The decision in plain language for the customer: what is paid, and line by line the part
of this event that cannot be paid (本次事故无法赔付的部分, never "责任免除" — seed 003) and why."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from claimdesk.rules.explain import describe
from claimdesk.rules.terms import Product
from claimdesk.services.adjudication.records import StoredAdjudication


@dataclass(frozen=True)
class BreakdownLine:
    visit_id: str
    line_id: str
    submitted: Decimal
    payable: Decimal
    not_payable: Decimal
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Breakdown:
    payable: Decimal
    submitted: Decimal
    lines: tuple[BreakdownLine, ...]
    general_reasons: tuple[str, ...]

    @property
    def not_payable(self) -> Decimal:
        return self.submitted - self.payable


def breakdown(record: StoredAdjudication, products: Mapping[str, Product], lang: str) -> Breakdown:
    product = products.get(record.product_code)
    overridden = {(o.visit_id, o.line_id): o for o in record.overrides}
    lines = []
    for visit in record.result.visits:
        for line in visit.lines:
            override = overridden.get((visit.visit_id, line.line_id))
            paid = override.payable if override else line.payable
            reasons = [describe(code, product, lang) for code in line.reasons]
            if override is not None:
                reasons.append(override.reason)
            lines.append(BreakdownLine(visit.visit_id, line.line_id, line.submitted, paid,
                                       line.submitted - paid, tuple(reasons)))  # fmt: skip
    general = [describe(r.code, product, lang) for r in record.result.reasons]
    general += [
        describe(reason.code, product, lang)
        for visit in record.result.visits
        for reason in visit.reasons
    ]
    total = sum((line.submitted for line in lines), Decimal("0.00"))
    return Breakdown(record.payable, total, tuple(lines), tuple(general))
