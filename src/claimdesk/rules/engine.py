"""The adjudication engine (理算): a pure function of the request and the product terms.

    result = adjudicate(request, products)

No database, no clock: everything it needs is in the request (incl. `history`, the insured's
accumulators for the policy year) and in the product definitions.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from claimdesk.domain.money import ZERO
from claimdesk.rules.accident import adjudicate_accident
from claimdesk.rules.allowance import allowance_benefits
from claimdesk.rules.claim_gates import denial_reasons, missing_materials
from claimdesk.rules.errors import UnknownProduct
from claimdesk.rules.history_ledger import close_ledger, open_ledger
from claimdesk.rules.medical import adjudicate_visits
from claimdesk.rules.messages import reason_of
from claimdesk.rules.model import ClaimRequest, Visit
from claimdesk.rules.product_checks import check_request
from claimdesk.rules.reasons import BENEFIT_TERM_CODES, PAYMENT_CODES, Decision, ReasonCode
from claimdesk.rules.result import AdjudicationResult, BenefitResult, Reason, VisitResult
from claimdesk.rules.terms import Product


def adjudicate(request: ClaimRequest, products: Mapping[str, Product]) -> AdjudicationResult:
    product = products.get(request.product)
    if product is None:
        raise UnknownProduct(request.product)
    check_request(request, product)
    denied = denial_reasons(request, product)
    if denied:
        return gate_result(request, product, Decision.DENIED, denied, ())
    missing = missing_materials(request, product)
    if missing:
        reasons = (reason_of(product, ReasonCode.MISSING_MATERIALS),)
        return gate_result(request, product, Decision.PENDING_MATERIALS, reasons, missing)
    if product.accident is not None:
        return adjudicate_accident(request, product, open_ledger(request.history, product))
    return medical_result(request, product)


def medical_result(request: ClaimRequest, product: Product) -> AdjudicationResult:
    """Bill lines of every visit, then per-stay benefits (daily allowance) of covered stays."""
    ledger = open_ledger(request.history, product)
    visits = adjudicate_visits(request, product, ledger)
    benefits = allowance_benefits(request, product, covered_stays(request, visits), ledger)
    payable = sum((visit.payable for visit in visits), ZERO)
    payable += sum((benefit.payable for benefit in benefits), ZERO)
    return AdjudicationResult(
        claim_id=request.claim_id,
        product=product.code,
        decision=medical_decision(visits, benefits, payable),
        payable=payable,
        currency=product.currency,
        reasons=(),
        missing_materials=(),
        visits=visits,
        history_after=close_ledger(ledger, product),
        benefits=benefits,
    )


def covered_stays(
    request: ClaimRequest, visits: tuple[VisitResult, ...]
) -> list[tuple[int, Visit]]:
    """Visits (with their request index) that passed every visit gate, in processing order."""
    passed = {visit.visit_id for visit in visits if not visit.reasons}
    indexed = sorted(enumerate(request.visits), key=lambda item: item[1].date)
    return [(index, visit) for index, visit in indexed if visit.visit_id in passed]


def medical_decision(
    visits: tuple[VisitResult, ...], benefits: tuple[BenefitResult, ...], payable: Decimal
) -> Decision:
    """Spec §2: approved only when nothing but deductible and co-insurance applied."""
    if payable == 0:
        return Decision.DENIED
    clean = all(
        not visit.reasons and all(set(line.reasons) <= PAYMENT_CODES for line in visit.lines)
        for visit in visits
    ) and all(
        {reason.code for reason in benefit.reasons} <= BENEFIT_TERM_CODES for benefit in benefits
    )
    return Decision.APPROVED if clean else Decision.PARTIALLY_APPROVED


def gate_result(
    request: ClaimRequest,
    product: Product,
    decision: Decision,
    reasons: tuple[Reason, ...],
    missing: tuple[str, ...],
) -> AdjudicationResult:
    """A claim stopped at a claim-level gate: nothing paid, history unchanged."""
    return AdjudicationResult(
        claim_id=request.claim_id,
        product=product.code,
        decision=decision,
        payable=ZERO,
        currency=product.currency,
        reasons=reasons,
        missing_materials=missing,
        visits=(),
        history_after=close_ledger(open_ledger(request.history, product), product),
    )
