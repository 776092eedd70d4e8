"""Columnar payment terms: deductible, co-insurance, sub-limits, annual limit (in fen)."""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from claimdesk.rules.batch_kernels import Ints, member, round_half_up_ratio, take_in_order
from claimdesk.rules.batch_lines import Lines
from claimdesk.rules.errors import InvalidRequest
from claimdesk.rules.reasons import ReasonCode
from claimdesk.rules.terms import Figure, MedicalTerms


def fen(figure: Figure) -> int:
    return int(fixed(figure) * 100)


def fixed(figure: Figure) -> Decimal:
    if not isinstance(figure, Decimal):
        raise InvalidRequest(
            "product", "the columnar path needs fixed figures, not policy parameters",
            "列式批量理算要求产品条款数值固定", "COLUMNAR_UNSUPPORTED",
        )  # fmt: skip
    return figure


def settle(lines: Lines, terms: MedicalTerms, money: dict[str, Ints]) -> dict[str, Ints]:
    """Per row deductible and payable; returns per-row amounts booked to each accumulator."""
    booked = {name: np.zeros_like(lines.eligible) for name in money}
    deductible_taken = np.zeros_like(lines.eligible)
    capped = np.zeros_like(lines.eligible)
    for coverage in terms.coverages:
        rows = member(lines.kind, lines.kinds, coverage.visit_kinds)
        eligible = np.where(rows, lines.eligible, 0)
        taken = take_deductible(
            lines, eligible, fen(coverage.deductible), money, coverage.deductible_accumulator
        )
        base = eligible - taken
        numerator, denominator = fixed(coverage.coinsurance_ratio).as_integer_ratio()
        payable = round_half_up_ratio(base, numerator, denominator)
        lines.flag(taken > 0, ReasonCode.DEDUCTIBLE)
        lines.flag(base > 0, ReasonCode.COINSURANCE)
        if coverage.sublimit is not None:
            budget = fen(coverage.sublimit) - money[coverage.paid_accumulator][lines.claim]
            within = take_in_order(payable, budget, lines.claim, lines.claim_start)
            lines.flag(within < payable, ReasonCode.SUBLIMIT_REACHED)
            payable = within
        deductible_taken += taken
        capped += payable
        if coverage.deductible_accumulator:
            booked[coverage.deductible_accumulator] += taken
    final = apply_annual_limit(lines, terms, money, capped)
    for coverage in terms.coverages:
        rows = member(lines.kind, lines.kinds, coverage.visit_kinds)
        booked[coverage.paid_accumulator] += np.where(rows, final, 0)
    booked["__deductible__"], booked["__payable__"] = deductible_taken, final
    return booked


def take_deductible(
    lines: Lines, eligible: Ints, amount: int, money: dict[str, Ints], accumulator: str | None
) -> Ints:
    budget = np.full_like(eligible, amount)
    if accumulator:
        budget -= money[accumulator][lines.claim]
    return take_in_order(eligible, budget, lines.claim, lines.claim_start)


def apply_annual_limit(
    lines: Lines, terms: MedicalTerms, money: dict[str, Ints], capped: Ints
) -> Ints:
    limit = terms.annual_limit
    if limit is None:
        return capped
    used = sum(money[name] for name in limit.accumulators)
    budget = fen(limit.amount) - np.asarray(used)[lines.claim]
    final = take_in_order(capped, budget, lines.claim, lines.claim_start)
    lines.flag(final < capped, ReasonCode.ANNUAL_LIMIT_REACHED)
    return final
