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

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.auto_claim import SurveyStatus
from claimdesk.domain.claim import Claim, ClaimStatus, LineOfBusiness
from claimdesk.domain.estimates import (
    ClaimEstimate,
    EstimateMethod,
    EstimateTrigger,
    NewClaimFacts,
)
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
    and is estimated at once when possible — else the sweep retries it. `claim` is the
    claim as stored now (it is not read again)."""
    if not context.payout_estimates or claim.claimed_amount <= 0 or claim.id is None:
        return
    health_lines = claim.line_of_business == LineOfBusiness.HEALTH and any(
        visit.lines for visit in claim.visits
    )
    if context.estimator is None and not health_lines:
        return  # nothing to estimate from: no limit is promised
    start_estimate_limit(context.uow, claim)
    _estimate_ids(context, [claim.id], {claim.id: claim})


def sweep(context: ServiceContext) -> int:
    """The server's pass: estimate every claim still waiting inside its 2-hour limit."""
    if not context.payout_estimates:
        return 0
    with context.uow as uow:
        count = _estimate_ids(context, uow.estimates.awaiting())
        uow.commit()
        return count


# Not decided yet: the range is still worth showing (the decision replaces it).
UNDECIDED = (
    ClaimStatus.REPORTED, ClaimStatus.ACCEPTED, ClaimStatus.MATERIALS_PENDING,
    ClaimStatus.UNDER_REVIEW, ClaimStatus.INVESTIGATION, ClaimStatus.ADJUDICATED,
)  # fmt: skip


def unestimated_claims(context: ServiceContext) -> list[int]:
    """Undecided claims loaded rather than reported live (the demo): no estimate, no limit."""
    with context.uow as uow:
        return uow.estimates.unestimated([str(status) for status in UNDECIDED])


def estimate_loaded(context: ServiceContext, claim_id: int) -> bool:
    """A claim loaded rather than reported live (the demo) is estimated as the report and the
    periodic job would have done at `context.clock`: the 2-hour limit from its report, the
    estimate stored (limit met or breached), the customer told, audited. True when stored."""
    if not context.payout_estimates:
        return False
    with context.uow as uow:
        claim = uow.claims.get(claim_id)
        estimate_on_report(context, claim)
        stored = uow.estimates.for_claim(claim_id) is not None
        uow.commit()
        return stored


def claim_estimate(context: ServiceContext, *, actor: User, claim_id: int) -> ClaimEstimate | None:
    """The latest estimate (the one shown)."""
    with context.uow as uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
        return uow.estimates.for_claim(claim_id)


def estimate_history(context: ServiceContext, *, actor: User, claim_id: int) -> list[ClaimEstimate]:
    """Every estimate of the claim, the first (report) one first."""
    with context.uow as uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
        return uow.estimates.history(claim_id)


def revise_estimate(
    context: ServiceContext, claim_id: int, trigger: EstimateTrigger
) -> ClaimEstimate | None:
    """Inside the caller's transaction, after the claim's facts changed (bill lines,
    materials, the survey signed): the estimate is computed again from the facts now stored
    and kept as a new revision when its figures or method differ — the latest is shown, the
    earlier ones stay in the history. Only a claim already estimated and not yet decided is
    revised; the first estimate alone is tracked against the 2-hour limit."""
    if not context.payout_estimates:
        return None
    uow = context.uow
    latest = uow.estimates.for_claim(claim_id)
    if latest is None:
        return None  # the first estimate is the report's or the sweep's
    claim = uow.claims.get(claim_id)
    if claim.status not in UNDECIDED:
        return None  # decided: the decision replaces the range
    found = _figures(context, claim)
    if found is None or found[:4] == (latest.low, latest.median, latest.high, latest.method):
        return None  # nothing the estimate reads has changed materially
    return _store(context, claim, found, latest, trigger)


def _figures(context: ServiceContext, claim: Claim) -> Figures | None:
    """The claim's estimate from what is stored now (an auto claim: from its assessment)."""
    assert claim.id is not None
    facts = context.uow.estimates.new_facts([claim.id])
    assessed = _assessed_amount(context.uow, claim)
    if assessed is not None:
        facts = [replace(fact, claimed=assessed) for fact in facts]
    words = ASSESSED_WORDS if assessed is not None else None
    return _by_model(context.estimator, facts, words).get(claim.id) or _by_engine(context, claim)


# An auto claim once assessed is estimated from the assessment, not the amount reported.
ASSESSED_WORDS = ("本案定损及人伤费用合计", "this claim's assessed loss and injury bills of")


def _assessed_amount(uow: UnitOfWork, claim: Claim) -> Decimal | None:
    """Auto: the latest signed survey's assessed loss (else the amount reported) plus the
    injured persons' bill lines; None before either exists (the amount reported stands)."""
    if claim.line_of_business != LineOfBusiness.AUTO or claim.id is None:
        return None
    signed = [
        s for s in uow.auto.surveys_for(claim.id)
        if s.status is SurveyStatus.SIGNED and s.record is not None
    ]  # fmt: skip
    bills = sum(
        (line.amount for file in uow.injuries.files_for(claim.id) for line in file.lines),
        Decimal("0.00"),
    )
    if not signed and not bills:
        return None
    record = signed[-1].record if signed else None
    vehicle = record.assessed_loss if record is not None else claim.claimed_amount
    return vehicle + bills


def _estimate_ids(
    context: ServiceContext, claim_ids: list[int], known: Mapping[int, Claim] | None = None
) -> int:
    """`known`: claims the caller already holds as stored now (the report's)."""
    uow, known = context.uow, known or {}
    if not claim_ids:
        return 0
    facts = uow.estimates.new_facts(claim_ids)
    model = _by_model(context.estimator, facts)
    stored = 0
    for fact in facts:
        claim = known.get(fact.claim_id) or uow.claims.get(fact.claim_id)
        found = model.get(fact.claim_id) or _by_engine(context, claim)
        if found is not None:
            _store(context, claim, found)
            stored += 1
    return stored


Figures = tuple[Decimal, Decimal, Decimal, EstimateMethod, str, str]


def _by_model(
    estimator: Estimator | None,
    facts: list[NewClaimFacts],
    amount_words: tuple[str, str] | None = None,
) -> dict[int, Figures]:
    known = [f for f in facts if estimator is not None and f.product in estimator.history]
    if estimator is None or not known:
        return {}
    results = estimate(estimator, new_table(known), amount_words)
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


def _store(
    context: ServiceContext,
    claim: Claim,
    figures: Figures,
    latest: ClaimEstimate | None = None,
    trigger: EstimateTrigger = EstimateTrigger.REPORT,
) -> ClaimEstimate:
    uow, now = context.uow, context.clock.now()
    assert claim.id is not None
    low, median, high, method, basis_zh, basis_en = figures
    revision = 1 if latest is None else latest.revision + 1
    stored = ClaimEstimate(
        claim.id, low, median, high, method, basis_zh, basis_en, now, revision, trigger
    )
    uow.estimates.save(stored)
    if latest is None:
        estimate_given(uow, claim, now)  # the 2-hour limit tracks the first estimate only
    on_estimate(uow, context.clock, claim, low, high, revision)  # 预计赔付区间 ¥a–¥b: SMS/mail/app
    uow.audit.append(
        AuditEntry(
            actor=ACTOR,
            action="payout_estimate" if latest is None else "payout_estimate_revised",
            entity_type="claim",
            entity_id=str(claim.id),
            before=None if latest is None else _audited(latest),
            after=_audited(stored),
            reason=basis_zh,
        ),
        now,
    )
    return stored


def _audited(found: ClaimEstimate) -> dict[str, str]:
    return {
        "low": str(found.low), "median": str(found.median), "high": str(found.high),
        "method": str(found.method), "basis_zh": found.basis_zh, "basis_en": found.basis_en,
        "revision": str(found.revision), "trigger": str(found.trigger),
    }  # fmt: skip
