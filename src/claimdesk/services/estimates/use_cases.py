"""预赔: an interval of the final payable amount within 2 hours of the report (issue 15).

At report time (inside the report's transaction) a claim with enough information starts the
2-hour limit and is estimated at once when possible: the quantile model fitted on the
settled claims (by the composition root, `Container.refit_estimator`), or — for a health
claim whose product the model has not seen — the adjudication engine's own result on the
submitted lines. What cannot be estimated then (e.g. a product the model has not seen yet)
is retried by the server's periodic pass (`sweep`) after the model is refitted. Storing an
estimate closes the limit, tells the customer (notice) and is audited.
"""

from __future__ import annotations

from decimal import Decimal

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.claim import Claim, LineOfBusiness
from claimdesk.domain.estimates import ClaimEstimate, EstimateMethod, NewClaimFacts
from claimdesk.domain.users import User
from claimdesk.estimates.model import Estimator, estimate, fit_estimator
from claimdesk.estimates.tables import closed_table, engine_basis, enough_to_fit, new_table
from claimdesk.services.access import ensure_can_see
from claimdesk.services.adjudication.preview import engine_payable
from claimdesk.services.context import ServiceContext
from claimdesk.services.notices.use_cases import on_estimate
from claimdesk.services.ports import UnitOfWork
from claimdesk.services.tasks.deadlines import estimate_given, start_estimate_limit

ACTOR = "system"


def fit_from_store(uow: UnitOfWork) -> Estimator | None:
    """The model over every settled claim in the database; None when too few to learn from."""
    with uow:
        facts = uow.estimates.closed_facts()
    return fit_estimator(closed_table(facts)) if enough_to_fit(facts) else None


def estimate_on_report(context: ServiceContext, claim: Claim) -> None:
    """Inside the report's transaction: a claim with enough information (an amount, and a
    model fitted or submitted health lines the engine can price) starts the 2-hour limit
    and is estimated at once when possible — else the sweep retries it."""
    if not context.payout_estimates or claim.claimed_amount <= 0 or claim.id is None:
        return
    health_lines = claim.line_of_business == LineOfBusiness.HEALTH and any(
        visit.lines for visit in claim.visits
    )
    if context.estimator is None and not health_lines:
        return  # nothing to estimate from: no limit is promised
    start_estimate_limit(context.uow, claim)
    _estimate_ids(context, [claim.id])


def sweep(context: ServiceContext) -> int:
    """The server's pass: estimate every claim still waiting inside its 2-hour limit."""
    if not context.payout_estimates:
        return 0
    with context.uow as uow:
        count = _estimate_ids(context, uow.estimates.awaiting())
        uow.commit()
        return count


def claim_estimate(context: ServiceContext, *, actor: User, claim_id: int) -> ClaimEstimate | None:
    with context.uow as uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
        return uow.estimates.for_claim(claim_id)


def _estimate_ids(context: ServiceContext, claim_ids: list[int]) -> int:
    uow = context.uow
    if not claim_ids:
        return 0
    facts = uow.estimates.new_facts(claim_ids)
    model = _by_model(context.estimator, facts)
    stored = 0
    for fact in facts:
        claim = uow.claims.get(fact.claim_id)
        found = model.get(fact.claim_id) or _by_engine(context, claim)
        if found is not None:
            _store(context, claim, found)
            stored += 1
    return stored


Figures = tuple[Decimal, Decimal, Decimal, EstimateMethod, str, str]


def _by_model(estimator: Estimator | None, facts: list[NewClaimFacts]) -> dict[int, Figures]:
    known = [f for f in facts if estimator is not None and f.product in estimator.history]
    if estimator is None or not known:
        return {}
    results = estimate(estimator, new_table(known))
    return {
        f.claim_id: (r.low, r.median, r.high, EstimateMethod.MODEL, r.basis_zh, r.basis_en)
        for f, r in zip(known, results, strict=True)
    }


def _by_engine(context: ServiceContext, claim: Claim) -> Figures | None:
    if claim.line_of_business != LineOfBusiness.HEALTH:
        return None
    payable = engine_payable(context.uow, context.products, claim)
    if payable is None:
        return None
    basis_zh, basis_en = engine_basis(payable, claim.claimed_amount)
    return payable, payable, payable, EstimateMethod.ENGINE, basis_zh, basis_en


def _store(context: ServiceContext, claim: Claim, figures: Figures) -> None:
    uow, now = context.uow, context.clock.now()
    assert claim.id is not None
    low, median, high, method, basis_zh, basis_en = figures
    estimate_row = ClaimEstimate(claim.id, low, median, high, method, basis_zh, basis_en, now)
    uow.estimates.save(estimate_row)
    estimate_given(uow, claim, now)
    on_estimate(uow, context.clock, claim, low, high)  # 预计赔付区间 ¥a–¥b, by SMS/e-mail/in-app
    uow.audit.append(
        AuditEntry(
            actor=ACTOR,
            action="payout_estimate",
            entity_type="claim",
            entity_id=str(claim.id),
            after={
                "low": str(low), "median": str(median), "high": str(high),
                "method": str(method), "basis_zh": basis_zh, "basis_en": basis_en,
            },
            reason=basis_zh,
        ),
        now,
    )  # fmt: skip
