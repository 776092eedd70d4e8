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
    member,
    round_half_up_ratio,
    subgroups,
    take_in_order,
)
from claimdesk.rules.batch_lines import BIT, Lines
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
    before_limits = np.zeros_like(lines.eligible)
    subsets = []
    for coverage in terms.coverages:
        mask = member(lines.kind, lines.kinds, coverage.visit_kinds) & (lines.eligible > 0)
        subset = Subset(*subgroups(lines.claims, mask))
        rows = subset.rows
        deductible[rows], before_limits[rows], capped[rows] = settle_coverage(
            lines, coverage, money, subset
        )
        if coverage.deductible_accumulator:
            taken = group_sum(deductible[rows], subset.claims)
            booked[coverage.deductible_accumulator][subset.claim_of] += taken
        subsets.append(subset)
    final = apply_annual_limit(lines, terms, money, capped)
    if terms.annual_limit is not None:
        flag_after_the_limit(lines, terms, money, (before_limits, capped, final), subsets)
    for coverage, subset in zip(terms.coverages, subsets, strict=True):
        paid = group_sum(final[subset.rows], subset.claims)
        booked[coverage.paid_accumulator][subset.claim_of] += paid
    return Settled(deductible, final, booked)


def settle_coverage(
    lines: Lines, coverage: Coverage, money: dict[str, Ints], subset: Subset
) -> tuple[Ints, Ints, Ints]:
    """保障责任 1–3: deductible taken in line order, co-insurance, then the sub-limit.
    Returns the deductible, the payable before and after the sub-limit."""
    eligible = lines.eligible[subset.rows]
    taken = take_deductible(eligible, fen(coverage.deductible), money, coverage, subset)
    base = eligible - taken
    numerator, denominator = fixed(coverage.coinsurance_ratio).as_integer_ratio()
    payable = round_half_up_ratio(base, numerator, denominator)
    lines.flag_rows(subset.rows[taken > 0], ReasonCode.DEDUCTIBLE)
    lines.flag_rows(subset.rows[base > 0], ReasonCode.COINSURANCE)
    if coverage.sublimit is None:
        return taken, payable, payable
    budget = fen(coverage.sublimit) - money[coverage.paid_accumulator][subset.claim_of]
    within = take_in_order(payable, budget, subset.claims)
    lines.flag_rows(subset.rows[within < payable], ReasonCode.SUBLIMIT_REACHED)
    return taken, payable, within


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


def flag_after_the_limit(
    lines: Lines,
    terms: MedicalTerms,
    money: dict[str, Ints],
    payables: tuple[Ints, Ints, Ints],
    subsets: list[Subset],
) -> None:
    """The codes of the lines after the annual limit's first cut in a claim.

    The engine books each line's final amount, so once the annual limit has cut a line the
    sub-limits see less paid than the uncut amounts: every later line pays 0 (the annual
    budget is spent) and is flagged with the sub-limit only if what was actually paid left
    less than its payable, and with the annual limit if the sub-limit left it anything."""
    before_limits, capped, final = payables
    cut = final < capped
    if not cut.any():
        return
    row = np.arange(len(final), dtype=np.int64)
    first_cut = np.minimum.reduceat(np.where(cut, row, len(final)), lines.claims.first)
    later = row > lines.claims.spread(first_cut)
    sub_bit, annual_bit = BIT[ReasonCode.SUBLIMIT_REACHED], BIT[ReasonCode.ANNUAL_LIMIT_REACHED]
    for coverage, subset in zip(terms.coverages, subsets, strict=True):
        late = later[subset.rows]
        if not late.any():
            continue
        rows, wanted = subset.rows[late], before_limits[subset.rows[late]]
        left = wanted
        if coverage.sublimit is not None:
            paid = group_sum(final[subset.rows], subset.claims)  # 0 after the first cut
            used = money[coverage.paid_accumulator][subset.claim_of] + paid
            budget = np.maximum(fen(coverage.sublimit) - used, 0)
            left = np.minimum(wanted, subset.claims.spread(budget)[late])
        lines.bits[rows] &= ~(sub_bit | annual_bit)
        lines.flag_rows(rows[left < wanted], ReasonCode.SUBLIMIT_REACHED)
        lines.flag_rows(rows[left > 0], ReasonCode.ANNUAL_LIMIT_REACHED)
