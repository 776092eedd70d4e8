"""Payment terms (第一部分 保障责任): deductible, co-insurance, sub-limit, annual limit."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from claimdesk.domain.money import ZERO, to_fen
from claimdesk.rules.line_eligibility import LineState
from claimdesk.rules.reasons import ReasonCode
from claimdesk.rules.result import LineResult


@dataclass(frozen=True, slots=True)
class Ceiling:
    """A limit and the accumulators that count against it."""

    amount: Decimal
    accumulators: tuple[str, ...]
    code: ReasonCode


@dataclass(frozen=True, slots=True)
class CoverageFigures:
    """A coverage with its figures resolved from the product and the policy."""

    deductible: Decimal
    deductible_accumulator: str | None
    coinsurance_ratio: Decimal
    paid_accumulator: str
    ceilings: tuple[Ceiling, ...]


def take_deductible(
    eligible: Decimal, figures: CoverageFigures, ledger: dict[str, Decimal]
) -> Decimal:
    """保障责任 2: the rest of the annual deductible is taken from lines in order."""
    name = figures.deductible_accumulator
    used = ledger[name] if name else ZERO
    return max(min(eligible, figures.deductible - used), ZERO)


def coinsurance(base: Decimal, ratio: Decimal) -> Decimal:
    """保障责任 2–3: the insurer pays the ratio, round half up to the fen."""
    return to_fen(base * ratio)


def cap(payable: Decimal, ceiling: Ceiling, ledger: dict[str, Decimal]) -> Decimal:
    """What is left of a ceiling after everything already paid against it."""
    used = sum((ledger[name] for name in ceiling.accumulators), ZERO)
    return min(payable, max(ceiling.amount - used, ZERO))


def settle_line(
    state: LineState, figures: CoverageFigures, ledger: dict[str, Decimal]
) -> LineResult:
    """Deductible, co-insurance, then each ceiling; books the line into `ledger`."""
    reasons = list(state.reasons)
    deductible = take_deductible(state.eligible, figures, ledger)
    if deductible > 0:
        reasons.append(ReasonCode.DEDUCTIBLE)
    base = state.eligible - deductible
    payable = coinsurance(base, figures.coinsurance_ratio)
    if base > 0:
        reasons.append(ReasonCode.COINSURANCE)
    for ceiling in figures.ceilings:
        capped = cap(payable, ceiling, ledger)
        if capped < payable:
            payable = capped
            reasons.append(ceiling.code)
    book(ledger, figures, deductible, payable)
    line = state.line
    return LineResult(
        line.line_id, line.amount, state.eligible, deductible, payable, tuple(reasons)
    )


def book(
    ledger: dict[str, Decimal], figures: CoverageFigures, deductible: Decimal, payable: Decimal
) -> None:
    if figures.deductible_accumulator:
        ledger[figures.deductible_accumulator] += deductible
    ledger[figures.paid_accumulator] += payable


def zero_line(state: LineState, extra: tuple[ReasonCode, ...] = ()) -> LineResult:
    """A line that pays nothing (visit gate): eligible 0, with the reasons given."""
    line = state.line
    return LineResult(line.line_id, line.amount, ZERO, ZERO, ZERO, (*extra, *state.reasons))
