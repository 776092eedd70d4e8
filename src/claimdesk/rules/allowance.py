"""Inpatient daily allowance (学生平安住院津贴 附加险 2): a fixed amount per hospital day of a
covered stay, after deductible days per stay, up to a maximum of days per policy year."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from claimdesk.domain.money import to_fen
from claimdesk.rules.errors import InvalidRequest
from claimdesk.rules.figures import resolve, resolve_flag
from claimdesk.rules.history_ledger import Ledger
from claimdesk.rules.messages import reason_of
from claimdesk.rules.model import ClaimRequest, Visit
from claimdesk.rules.reasons import ReasonCode
from claimdesk.rules.result import BenefitResult
from claimdesk.rules.terms import AllowanceTerms, Product

BENEFIT = "inpatient_allowance"


@dataclass(frozen=True, slots=True)
class AllowanceFigures:
    daily_amount: Decimal
    deductible_days: int
    max_days: int


@dataclass(frozen=True, slots=True)
class AllowanceDays:
    days: int
    codes: tuple[ReasonCode, ...]


def hospital_days(visit: Visit, where: str) -> int:
    """附加险 2: days in hospital = discharge date − admission date."""
    if visit.discharge_date is None:
        raise InvalidRequest(where, "required for the daily allowance", "住院津贴须提供出院日期")
    return (visit.discharge_date - visit.date).days


def allowance_days(days: int, figures: AllowanceFigures, used: int) -> AllowanceDays:
    """附加险 2: the first deductible days of each stay are not paid; at most max days a year."""
    after_deductible = max(days - figures.deductible_days, 0)
    left = max(figures.max_days - used, 0)
    codes: tuple[ReasonCode, ...] = (ReasonCode.INPATIENT_ALLOWANCE,)
    if figures.deductible_days > 0 and days > 0:
        codes += (ReasonCode.ALLOWANCE_DEDUCTIBLE_DAYS,)
    if after_deductible > left:
        codes += (ReasonCode.ALLOWANCE_DAYS_LIMIT_REACHED,)
    return AllowanceDays(min(after_deductible, left), codes)


def allowance_figures(
    terms: AllowanceTerms, request: ClaimRequest, product: Product
) -> AllowanceFigures:
    return AllowanceFigures(
        daily_amount=resolve(terms.daily_amount, request, product),
        deductible_days=int(resolve(terms.deductible_days, request, product)),
        max_days=int(resolve(terms.max_days, request, product)),
    )


def allowance_benefits(
    request: ClaimRequest, product: Product, stays: Iterable[tuple[int, Visit]], ledger: Ledger
) -> tuple[BenefitResult, ...]:
    """One benefit per covered stay (visit gates passed), in processing order; books days and
    amounts into `ledger`. Nothing when the policy does not include the allowance."""
    terms = product.medical.allowance if product.medical else None
    if terms is None or not resolve_flag(terms.cover, request, product):
        return ()
    figures = allowance_figures(terms, request, product)
    return tuple(
        stay_allowance(request, product, terms, figures, stay, ledger)
        for stay in stays
        if stay[1].kind in terms.visit_kinds
    )


def stay_allowance(
    request: ClaimRequest,
    product: Product,
    terms: AllowanceTerms,
    figures: AllowanceFigures,
    stay: tuple[int, Visit],
    ledger: Ledger,
) -> BenefitResult:
    index, visit = stay
    money, counts = ledger
    days = hospital_days(visit, f"visits[{index}].discharge_date")
    paid = allowance_days(days, figures, counts[terms.days_accumulator])
    payable = to_fen(figures.daily_amount * paid.days)
    counts[terms.days_accumulator] += paid.days
    money[terms.paid_accumulator] += payable
    reasons = tuple(reason_of(product, code) for code in paid.codes)
    return BenefitResult(BENEFIT, payable, reasons, visit.visit_id, paid.days)
