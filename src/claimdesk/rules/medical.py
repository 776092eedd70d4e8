"""Medical-expense adjudication: visits in date order, lines in input order (spec §2)."""

from __future__ import annotations

from decimal import Decimal

from claimdesk.domain.money import ZERO
from claimdesk.rules.figures import resolve
from claimdesk.rules.line_eligibility import (
    LineState,
    apply_annual_sessions,
    apply_exam_review,
    apply_item_limit,
    apply_other_payer,
    apply_supply_limit,
    line_base,
)
from claimdesk.rules.model import ClaimRequest, Insured, Visit
from claimdesk.rules.payment import Ceiling, CoverageFigures, settle_line, zero_line
from claimdesk.rules.reasons import ReasonCode
from claimdesk.rules.result import VisitResult
from claimdesk.rules.terms import Coverage, MedicalTerms, Product
from claimdesk.rules.visit_gates import visit_gate_reasons


def processing_order(visits: tuple[Visit, ...]) -> list[Visit]:
    """Spec §2.2: date order, ties in input order (sorted is stable)."""
    return sorted(visits, key=lambda visit: visit.date)


def coverage_figures(
    coverage: Coverage, terms: MedicalTerms, request: ClaimRequest, product: Product
) -> CoverageFigures:
    ceilings = []
    if coverage.sublimit is not None:
        amount = resolve(coverage.sublimit, request, product)
        ceilings.append(Ceiling(amount, (coverage.paid_accumulator,), ReasonCode.SUBLIMIT_REACHED))
    if terms.annual_limit is not None:
        amount = resolve(terms.annual_limit.amount, request, product)
        accumulators = terms.annual_limit.accumulators
        ceilings.append(Ceiling(amount, accumulators, ReasonCode.ANNUAL_LIMIT_REACHED))
    return CoverageFigures(
        deductible=resolve(coverage.deductible, request, product),
        deductible_accumulator=coverage.deductible_accumulator,
        coinsurance_ratio=resolve(coverage.coinsurance_ratio, request, product),
        paid_accumulator=coverage.paid_accumulator,
        ceilings=tuple(ceilings),
    )


def figures_by_kind(
    terms: MedicalTerms, request: ClaimRequest, product: Product
) -> dict[str, CoverageFigures]:
    by_kind = {}
    for coverage in terms.coverages:
        figures = coverage_figures(coverage, terms, request, product)
        by_kind.update(dict.fromkeys(coverage.visit_kinds, figures))
    return by_kind


def eligible_states(
    visit: Visit, insured: Insured, terms: MedicalTerms, counts: dict[str, int]
) -> list[LineState]:
    """Spec §2.4–2.5: base, supply limits, session limits, review flags, other payers."""
    states = [
        apply_supply_limit(line_base(line, terms), visit, insured, terms) for line in visit.lines
    ]
    for item_limit in terms.item_session_limits:
        states = apply_item_limit(states, visit, item_limit)
    for annual in terms.annual_session_limits:
        limited = []
        for state in states:
            state, counts[annual.accumulator] = apply_annual_sessions(
                state, annual, counts[annual.accumulator]
            )
            limited.append(state)
        states = limited
    if terms.exam_review is not None:
        states = apply_exam_review(states, visit, terms.exam_review)
    return apply_other_payer(states, visit.other_payer_paid)


def adjudicate_visit(
    visit: Visit,
    request: ClaimRequest,
    product: Product,
    figures: dict[str, CoverageFigures],
    ledger: tuple[dict[str, Decimal], dict[str, int]],
) -> VisitResult:
    assert product.medical is not None
    gate_reasons = visit_gate_reasons(visit, request, product)
    if gate_reasons:
        codes = tuple(reason.code for reason in gate_reasons)
        lines = tuple(zero_line(LineState(line, ZERO), codes) for line in visit.lines)
        return VisitResult(visit.visit_id, ZERO, gate_reasons, lines)
    money, counts = ledger
    states = eligible_states(visit, request.insured, product.medical, counts)
    settled = tuple(settle_line(state, figures[visit.kind], money) for state in states)
    return VisitResult(visit.visit_id, sum((line.payable for line in settled), ZERO), (), settled)


def adjudicate_visits(
    request: ClaimRequest, product: Product, ledger: tuple[dict[str, Decimal], dict[str, int]]
) -> tuple[VisitResult, ...]:
    """Every visit in processing order; `ledger` (money, counts) is updated as lines settle."""
    assert product.medical is not None
    figures = figures_by_kind(product.medical, request, product)
    return tuple(
        adjudicate_visit(visit, request, product, figures, ledger)
        for visit in processing_order(request.visits)
    )
