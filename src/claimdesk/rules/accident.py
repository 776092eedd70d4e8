"""Accident lump-sum benefits (学生平安意外伤害 1.1): death and disability.

Death pays the sum insured less the disability benefits already paid under the policy;
disability pays the sum insured times the grade ratio of JR/T 0083-2013; together they never
exceed the sum insured, and either reaching it (or a death) ends the cover.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from claimdesk.domain.money import ZERO, to_fen
from claimdesk.rules.figures import resolve, resolve_flag
from claimdesk.rules.history_ledger import Ledger, close_ledger
from claimdesk.rules.messages import reason_of
from claimdesk.rules.model import Accident, ClaimRequest, Outcome
from claimdesk.rules.reasons import BENEFIT_TERM_CODES, Decision, ReasonCode
from claimdesk.rules.result import AdjudicationResult, BenefitResult, Reason
from claimdesk.rules.terms import AccidentTerms, Product


@dataclass(frozen=True, slots=True)
class Benefit:
    """A benefit computed from the terms: what it pays and the codes that explain it."""

    payable: Decimal
    codes: tuple[ReasonCode, ...]


def combined_grade(grades: Sequence[int]) -> int:
    """1.1(2), JR/T 0083-2013: the most severe grade counts; two or more at that grade raise
    it by one grade, at most to grade 1."""
    most_severe = min(grades)
    if list(grades).count(most_severe) >= 2:
        return max(most_severe - 1, 1)
    return most_severe


def disability_ratio(outcome: Outcome, ratios: Mapping[int, Decimal]) -> Decimal:
    """1.1(2): ratio of the combined grade, less the ratio of a pre-existing disability's grade
    (the earlier disability is combined with the new ones)."""
    prior = outcome.prior_disability_grade
    grades = (*outcome.disability_grades, *(() if prior is None else (prior,)))
    ratio = ratios[combined_grade(grades)]
    return ratio if prior is None else max(ratio - ratios[prior], ZERO)


def death_benefit(sum_insured: Decimal, disability_paid: Decimal) -> Benefit:
    """1.1(1): the sum insured less the disability benefits already paid."""
    codes: tuple[ReasonCode, ...] = (ReasonCode.DEATH_BENEFIT,)
    if disability_paid > 0:
        codes += (ReasonCode.DISABILITY_PAID_DEDUCTED,)
    return Benefit(max(sum_insured - disability_paid, ZERO), codes)


def disability_benefit(
    sum_insured: Decimal, outcome: Outcome, ratios: Mapping[int, Decimal], disability_paid: Decimal
) -> Benefit:
    """1.1(2): sum insured × ratio (round half up to the fen); cumulative payments are capped
    at the sum insured."""
    codes: tuple[ReasonCode, ...] = (ReasonCode.DISABILITY_BENEFIT,)
    if outcome.prior_disability_grade is not None:
        codes += (ReasonCode.PRIOR_DISABILITY_DEDUCTED,)
    amount = to_fen(sum_insured * disability_ratio(outcome, ratios))
    left = max(sum_insured - disability_paid, ZERO)
    if amount > left:
        return Benefit(left, (*codes, ReasonCode.SUM_INSURED_REACHED))
    return Benefit(amount, codes)


def outside_window(accident: Accident, outcome: Outcome, window_days: int) -> bool:
    """1.1: death or disability within N days of the accident (民法典 第二百零一条: the day of
    the accident is not counted); a disability still under treatment is graded on day N."""
    return outcome.date > accident.date + timedelta(days=window_days)


def cover_ended(terms: AccidentTerms, sum_insured: Decimal, money: dict[str, Decimal]) -> bool:
    """1.1: a death benefit, or disability benefits reaching the sum insured, end the cover."""
    paid = money[terms.disability_accumulator]
    return money[terms.death_accumulator] > 0 or (sum_insured > 0 and paid >= sum_insured)


def stop_code(
    request: ClaimRequest, product: Product, sum_insured: Decimal, money: dict[str, Decimal]
) -> ReasonCode | None:
    """The first reason the claim pays nothing at all, if any."""
    terms, outcome, accident = product.accident, request.outcome, request.accident
    assert terms is not None and outcome is not None and accident is not None
    if cover_ended(terms, sum_insured, money):
        return ReasonCode.COVER_ENDED
    if outside_window(accident, outcome, terms.window_days):
        return ReasonCode.OUTSIDE_180_DAYS
    if outcome.kind == "disability" and not resolve_flag(terms.disability_cover, request, product):
        return ReasonCode.DISABILITY_NOT_COVERED
    return None


def benefit_of(
    request: ClaimRequest, terms: AccidentTerms, sum_insured: Decimal, money: dict[str, Decimal]
) -> Benefit:
    outcome = request.outcome
    assert outcome is not None
    paid = money[terms.disability_accumulator]
    if outcome.kind == "death":
        return death_benefit(sum_insured, paid)
    return disability_benefit(sum_insured, outcome, terms.grade_ratios, paid)


def adjudicate_accident(
    request: ClaimRequest, product: Product, ledger: Ledger
) -> AdjudicationResult:
    """Gates (cover ended, 180 days, optional cover), then the death or disability benefit."""
    terms, outcome = product.accident, request.outcome
    assert terms is not None and outcome is not None
    money = ledger[0]
    sum_insured = resolve(terms.sum_insured, request, product)
    stop = stop_code(request, product, sum_insured, money)
    if stop is not None:
        return accident_result(request, product, ledger, (reason_of(product, stop),), ())
    benefit = benefit_of(request, terms, sum_insured, money)
    booked = terms.death_accumulator if outcome.kind == "death" else terms.disability_accumulator
    money[booked] += benefit.payable
    reasons = tuple(reason_of(product, code) for code in benefit.codes)
    paid = BenefitResult(outcome.kind, benefit.payable, reasons)
    return accident_result(request, product, ledger, (), (paid,))


def accident_result(
    request: ClaimRequest,
    product: Product,
    ledger: Ledger,
    reasons: tuple[Reason, ...],
    benefits: tuple[BenefitResult, ...],
) -> AdjudicationResult:
    payable = sum((benefit.payable for benefit in benefits), ZERO)
    return AdjudicationResult(
        claim_id=request.claim_id,
        product=product.code,
        decision=benefit_decision(benefits, payable),
        payable=payable,
        currency=product.currency,
        reasons=reasons,
        missing_materials=(),
        visits=(),
        history_after=close_ledger(ledger, product),
        benefits=benefits,
    )


def benefit_decision(benefits: Sequence[BenefitResult], payable: Decimal) -> Decision:
    """Approved when every code only explains the terms; partial when a cap cut the benefit."""
    if payable == 0:
        return Decision.DENIED
    codes = {reason.code for benefit in benefits for reason in benefit.reasons}
    return Decision.APPROVED if codes <= BENEFIT_TERM_CODES else Decision.PARTIALLY_APPROVED
