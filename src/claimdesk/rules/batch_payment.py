"""Columnar payment terms: deductible, co-insurance, sub-limits, annual limit (in fen).
Budgets are per claim (history minus what earlier lines of the claim took)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from claimdesk.rules.batch_kernels import (
    Ints,
    group_sum,
    member_table,
    round_half_up_ratio,
    take_in_order,
)
from claimdesk.rules.batch_lines import Lines
from claimdesk.rules.errors import InvalidRequest
from claimdesk.rules.reasons import ReasonCode
from claimdesk.rules.terms import Coverage, Figure, MedicalTerms


@dataclass(frozen=True, slots=True)
class Settled:
    """Per row: deductible taken and payable; per claim: amounts booked to accumulators."""

    deductible: Ints
    payable: Ints
    booked: dict[str, Ints]


def fen(figure: Figure) -> int:
    return int(fixed(figure) * 100)


def fixed(figure: Figure) -> Decimal:
    if not isinstance(figure, Decimal):
        raise InvalidRequest(
            "product", "the columnar path needs fixed figures, not policy parameters",
            "列式批量理算要求产品条款数值固定", "COLUMNAR_UNSUPPORTED",
        )  # fmt: skip
    return figure


def settle(lines: Lines, terms: MedicalTerms, money: dict[str, Ints]) -> Settled:
    """Each coverage on its rows, then the annual limit over all of them."""
    booked = {name: np.zeros(lines.claims.count, dtype=np.int64) for name in money}
    deductible = np.zeros_like(lines.eligible)
    capped = np.zeros_like(lines.eligible)
    masks = [member_table(lines.kinds, c.visit_kinds)[lines.kind] for c in terms.coverages]
    for coverage, rows in zip(terms.coverages, masks, strict=True):
        taken, payable = settle_coverage(lines, coverage, money, np.where(rows, lines.eligible, 0))
        deductible += taken
        capped += payable
        if coverage.deductible_accumulator:
            booked[coverage.deductible_accumulator] += group_sum(taken, lines.claims)
    final = apply_annual_limit(lines, terms, money, capped)
    for coverage, rows in zip(terms.coverages, masks, strict=True):
        booked[coverage.paid_accumulator] += group_sum(np.where(rows, final, 0), lines.claims)
    return Settled(deductible, final, booked)


def settle_coverage(
    lines: Lines, coverage: Coverage, money: dict[str, Ints], eligible: Ints
) -> tuple[Ints, Ints]:
    """保障责任 1–3: deductible taken in line order, co-insurance, then the sub-limit."""
    taken = take_deductible(lines, eligible, fen(coverage.deductible), money, coverage)
    base = eligible - taken
    numerator, denominator = fixed(coverage.coinsurance_ratio).as_integer_ratio()
    payable = round_half_up_ratio(base, numerator, denominator)
    lines.flag(taken > 0, ReasonCode.DEDUCTIBLE)
    lines.flag(base > 0, ReasonCode.COINSURANCE)
    if coverage.sublimit is not None:
        budget = fen(coverage.sublimit) - money[coverage.paid_accumulator]
        within = take_in_order(payable, budget, lines.claims)
        lines.flag(within < payable, ReasonCode.SUBLIMIT_REACHED)
        payable = within
    return taken, payable


def take_deductible(
    lines: Lines, eligible: Ints, amount: int, money: dict[str, Ints], coverage: Coverage
) -> Ints:
    if amount == 0:
        return np.zeros_like(eligible)
    budget = np.full(lines.claims.count, amount, dtype=np.int64)
    if coverage.deductible_accumulator:
        budget -= money[coverage.deductible_accumulator]
    return take_in_order(eligible, budget, lines.claims)


def apply_annual_limit(
    lines: Lines, terms: MedicalTerms, money: dict[str, Ints], capped: Ints
) -> Ints:
    limit = terms.annual_limit
    if limit is None:
        return capped
    used = sum((money[name] for name in limit.accumulators), np.zeros(lines.claims.count, np.int64))
    final = take_in_order(capped, fen(limit.amount) - used, lines.claims)
    lines.flag(final < capped, ReasonCode.ANNUAL_LIMIT_REACHED)
    return final
