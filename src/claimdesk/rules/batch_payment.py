"""Columnar payment terms: deductible, co-insurance, sub-limits, annual limit (in fen).
Budgets are per claim (history minus what earlier lines of the claim took)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from claimdesk.rules.batch_kernels import (
    Groups,
    Ints,
    group_sum,
    member_table,
    round_half_up_ratio,
    subgroups,
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


@dataclass(frozen=True, slots=True)
class Subset:
    """A coverage's rows that have something eligible, grouped by claim."""

    rows: Ints
    claims: Groups
    claim_of: Ints  # per group of the subset: the claim (index into per-claim arrays)


def settle(lines: Lines, terms: MedicalTerms, money: dict[str, Ints]) -> Settled:
    """Each coverage on its rows, then the annual limit over all of them."""
    booked = {name: np.zeros(lines.claims.count, dtype=np.int64) for name in money}
    deductible = np.zeros_like(lines.eligible)
    capped = np.zeros_like(lines.eligible)
    subsets = []
    for coverage in terms.coverages:
        mask = member_table(lines.kinds, coverage.visit_kinds)[lines.kind] & (lines.eligible > 0)
        subset = Subset(*subgroups(lines.claims, mask))
        deductible[subset.rows], capped[subset.rows] = settle_coverage(
            lines, coverage, money, subset
        )
        if coverage.deductible_accumulator:
            taken = group_sum(deductible[subset.rows], subset.claims)
            booked[coverage.deductible_accumulator][subset.claim_of] += taken
        subsets.append(subset)
    final = apply_annual_limit(lines, terms, money, capped)
    for coverage, subset in zip(terms.coverages, subsets, strict=True):
        paid = group_sum(final[subset.rows], subset.claims)
        booked[coverage.paid_accumulator][subset.claim_of] += paid
    return Settled(deductible, final, booked)


def settle_coverage(
    lines: Lines, coverage: Coverage, money: dict[str, Ints], subset: Subset
) -> tuple[Ints, Ints]:
    """保障责任 1–3: deductible taken in line order, co-insurance, then the sub-limit."""
    eligible = lines.eligible[subset.rows]
    taken = take_deductible(eligible, fen(coverage.deductible), money, coverage, subset)
    base = eligible - taken
    numerator, denominator = fixed(coverage.coinsurance_ratio).as_integer_ratio()
    payable = round_half_up_ratio(base, numerator, denominator)
    lines.flag_rows(subset.rows[taken > 0], ReasonCode.DEDUCTIBLE)
    lines.flag_rows(subset.rows[base > 0], ReasonCode.COINSURANCE)
    if coverage.sublimit is not None:
        budget = fen(coverage.sublimit) - money[coverage.paid_accumulator][subset.claim_of]
        within = take_in_order(payable, budget, subset.claims)
        lines.flag_rows(subset.rows[within < payable], ReasonCode.SUBLIMIT_REACHED)
        payable = within
    return taken, payable


def take_deductible(
    eligible: Ints, amount: int, money: dict[str, Ints], coverage: Coverage, subset: Subset
) -> Ints:
    if amount == 0:
        return np.zeros_like(eligible)
    budget = np.full(subset.claims.count, amount, dtype=np.int64)
    if coverage.deductible_accumulator:
        budget -= money[coverage.deductible_accumulator][subset.claim_of]
    return take_in_order(eligible, budget, subset.claims)


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
