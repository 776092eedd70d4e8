"""The benefit ledger's arithmetic: accumulators as sums of per-claim deltas, and overrides.

The insured's accumulators for a policy year are the sum of the deltas booked by their other
claims; re-adjudication books a reversal and a new delta, so the sums stay exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from claimdesk.domain.money import ZERO, format_amount
from claimdesk.rules.result import AdjudicationResult
from claimdesk.rules.terms import Product

Deltas = dict[str, Decimal | int]


@dataclass(frozen=True)
class LineOverride:
    """An adjuster's amount for one line, replacing the engine's, with the mandatory reason."""

    visit_id: str
    line_id: str
    payable: Decimal
    reason: str


def zero_deltas(product: Product) -> Deltas:
    return {name: 0 if kind == "count" else ZERO for name, kind in product.accumulators.items()}


def add_deltas(product: Product, rows: Iterable[Mapping[str, Any]]) -> Deltas:
    total = zero_deltas(product)
    for row in rows:
        for name, value in row.items():
            if name in total:
                total[name] = _typed(product, name, total[name]) + _typed(product, name, value)
    return total


def difference(product: Product, before: Mapping[str, Any], after: Mapping[str, Any]) -> Deltas:
    return {
        name: _typed(product, name, after.get(name, 0)) - _typed(product, name, before.get(name, 0))
        for name in product.accumulators
    }


def negated(deltas: Mapping[str, Decimal | int]) -> Deltas:
    return {name: -value for name, value in deltas.items()}


def is_zero(deltas: Mapping[str, Decimal | int]) -> bool:
    return all(value == 0 for value in deltas.values())


def to_json(deltas: Mapping[str, Decimal | int]) -> dict[str, str | int]:
    return {k: v if isinstance(v, int) else format_amount(v) for k, v in deltas.items()}


def paid_accumulator(product: Product, visit_kind: str) -> str | None:
    """The accumulator a visit kind's payments count against (its coverage's sub-limit)."""
    for coverage in product.medical.coverages if product.medical else ():
        if visit_kind in coverage.visit_kinds:
            return coverage.paid_accumulator
    return None


def override_deltas(
    product: Product,
    result: AdjudicationResult,
    visit_kinds: Mapping[str, str],
    overrides: Iterable[LineOverride],
) -> Deltas:
    """What the overrides add to the engine's booking, per paid accumulator."""
    extra = zero_deltas(product)
    engine = engine_line_payables(result)
    for override in overrides:
        name = paid_accumulator(product, visit_kinds[override.visit_id])
        if name is not None:
            change = override.payable - engine[(override.visit_id, override.line_id)]
            extra[name] = _typed(product, name, extra[name]) + change
    return extra


def engine_line_payables(result: AdjudicationResult) -> dict[tuple[str, str], Decimal]:
    return {
        (visit.visit_id, line.line_id): line.payable
        for visit in result.visits
        for line in visit.lines
    }


def effective_payable(result: AdjudicationResult, overrides: Iterable[LineOverride]) -> Decimal:
    """The claim's payable once the adjusters' overrides replace the engine's line amounts."""
    lines = engine_line_payables(result)
    for override in overrides:
        lines[(override.visit_id, override.line_id)] = override.payable
    benefits = sum((benefit.payable for benefit in result.benefits), ZERO)
    return sum(lines.values(), ZERO) + benefits


def limit_breaches(
    product: Product, history: Mapping[str, Any], booked: Mapping[str, Decimal | int]
) -> list[str]:
    """Names of sub-limits / the annual limit an (overridden) booking would exceed."""
    medical = product.medical
    if medical is None:
        return []
    after = add_deltas(product, [history, booked])
    breaches = [
        coverage.name
        for coverage in medical.coverages
        if isinstance(coverage.sublimit, Decimal)
        and Decimal(after[coverage.paid_accumulator]) > coverage.sublimit
    ]
    annual = medical.annual_limit
    if annual is not None and isinstance(annual.amount, Decimal):
        total = sum((Decimal(after[name]) for name in annual.accumulators), ZERO)
        breaches += ["annual_limit"] if total > annual.amount else []
    return breaches


def _typed(product: Product, name: str, value: Any) -> Any:
    return int(value) if product.accumulators[name] == "count" else Decimal(str(value))
