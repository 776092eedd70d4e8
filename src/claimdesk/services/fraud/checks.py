"""Red flags on stored claims (疑点): gather `ClaimFacts` from the database, assess, store,
refer. Called from the report and from every lifecycle move (the reaction table's FRAUD).

Hard stops (a blacklist hit, an exact duplicate invoice) block adjudication until an
investigation says otherwise; the blacklist itself is applied by the engine's BLACKLISTED
gate (seed 004 二.26) where the product has it. Other flags refer without blocking.
"""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.domain.errors import DomainError, ErrorCode
from claimdesk.domain.policy import Policy
from claimdesk.fraud.cases import ClaimAssessment, ReferralSource, StoredFlag
from claimdesk.fraud.red_flag_config import RedFlagTable, load_red_flags
from claimdesk.fraud.red_flags import ClaimFacts, RedFlag, Routing, assess
from claimdesk.services.adjudication.use_cases import Products
from claimdesk.services.context import ServiceContext
from claimdesk.services.fraud.blacklist import blacklist_hit
from claimdesk.services.fraud.duplicates import duplicate_findings
from claimdesk.services.fraud.referral import (
    SYSTEM,
    UnderInvestigation,
    holds,
    open_investigation,
    refer,
)
from claimdesk.services.fraud.scoring import rescore_claim
from claimdesk.services.ports import Clock, UnitOfWork

SHANGHAI = ZoneInfo("Asia/Shanghai")
MISSING_MATERIALS = "missing_materials"
# Moves after which the facts may have changed (materials, payments of other claims).
REASSESS_ON = frozenset({ClaimStatus.ACCEPTED, ClaimStatus.UNDER_REVIEW, ClaimStatus.REOPENED})


class FraudHardStop(DomainError):
    code = ErrorCode.FRAUD_HARD_STOP

    def __init__(self, claim_no: str, codes: list[str]) -> None:
        super().__init__(
            f"赔案 {claim_no} 命中反欺诈硬性拦截（{'、'.join(codes)}），须调查后方可理算",
            f"claim {claim_no} hit a fraud hard stop ({', '.join(codes)}): "
            "it cannot be adjudicated before an investigation clears it",
            field="fraud",
        )


@cache
def red_flag_table() -> RedFlagTable:
    return load_red_flags()


def fraud_on_report(context: ServiceContext, claim: Claim) -> None:
    """Hook inside the report's transaction."""
    assess_claim(context.uow, context.clock, claim, context.products)


def fraud_on_move(context: ServiceContext, before: Claim, moved: Claim) -> None:
    """Hook inside every move's transaction: refuse blocked adjudication, reassess, rescore."""
    uow, clock, products = context.uow, context.clock, context.products
    if moved.status == ClaimStatus.ADJUDICATED:
        ensure_adjudicable(uow, products, moved)
    elif before.status == ClaimStatus.INVESTIGATION and open_investigation(uow, _id(moved)):
        raise UnderInvestigation(moved.claim_no)
    elif moved.status in REASSESS_ON:
        assess_claim(uow, clock, moved, products)
    rescore_claim(uow, clock, context.fraud_model, _id(moved))


def assess_claim(
    uow: UnitOfWork,
    clock: Clock,
    claim: Claim,
    products: Products,
    *,
    refer_if_flagged: bool = True,
) -> ClaimAssessment:
    """Compute, store (replacing the previous flags), audit, and refer when warranted."""
    facts, details, extra = claim_facts(uow, claim, products)
    decision = assess(facts, red_flag_table(), extra)
    flags = tuple(_stored(flag, details) for flag in decision.flags)
    assessment = ClaimAssessment(
        _id(claim), str(decision.routing), decision.total_weight, flags, clock.now()
    )
    uow.fraud.save_assessment(assessment)
    uow.audit.append(_assessment_entry(assessment), clock.now())
    needs_referral = refer_if_flagged and decision.routing != Routing.PROCEED
    if needs_referral and not uow.fraud.investigations_for(_id(claim)):
        source = ReferralSource.HARD_STOP if decision.routing == Routing.HARD_STOP else (
            ReferralSource.RED_FLAGS)  # fmt: skip
        reason = "；".join(flag.message_zh for flag in decision.flags)
        refer(uow, clock, SYSTEM, claim, reason[:1000], source)
    return assessment


def claim_facts(
    uow: UnitOfWork, claim: Claim, products: Products
) -> tuple[ClaimFacts, dict[str, dict[str, Any]], tuple[RedFlag, ...]]:
    """The facts, the explanation of each hard stop, and the flags found outside the table."""
    policy = uow.policies.get(claim.policy_id)
    insured = uow.policies.get_insured(claim.insured_person_id)
    hit = blacklist_hit(uow, insured.id_number, policy)
    exact, possible = duplicate_findings(uow, claim)
    facts = ClaimFacts(
        claim_id=claim.claim_no,
        insured_id=str(claim.insured_person_id),
        policy_start=datetime.combine(policy.period_start, time(0), SHANGHAI),
        policy_end=datetime.combine(policy.period_end, time(23, 59, 59), SHANGHAI),
        incident_at=incident_at(uow, claim),
        reported_at=claim.reported_at,
        amount=claim.claimed_amount,
        prior_claims_in_policy_year=uow.fraud.prior_claims(
            claim.insured_person_id, claim.policy_id, _id(claim)
        ),
        loss_ratio=loss_ratio(uow, claim, policy, products),
        supplement_count=supplements(uow, _id(claim)),
        blacklisted=hit.hit,
        duplicate_invoice=bool(exact),
    )
    details = {"BLACKLIST": _blacklist_details(hit.entries), "DUPLICATE_INVOICE": exact}
    return facts, details, possible


def incident_at(uow: UnitOfWork, claim: Claim) -> datetime:
    """The accident time for auto; health claims know only the day: noon (never 'night')."""
    known = uow.fraud.incident_time(_id(claim))
    return known or datetime.combine(claim.incident_date, time(12), SHANGHAI)


def loss_ratio(uow: UnitOfWork, claim: Claim, policy: Policy, products: Products) -> Decimal:
    """Paid ÷ premium; no premium is stored, so paid ÷ the policy-year limit of the product
    (annual limit, else accident sum insured); 0 when neither is a fixed figure."""
    limit = policy_year_limit(products, claim.product_code)
    if not limit:
        return Decimal("0")
    paid = uow.fraud.paid_in_policy(
        claim.insured_person_id, claim.policy_id, excluding_claim=_id(claim)
    )
    return (paid / limit).quantize(Decimal("0.01"))


def policy_year_limit(products: Products, product_code: str) -> Decimal | None:
    product = products.get(product_code)
    medical = None if product is None else product.medical
    accident = None if product is None else getattr(product, "accident", None)
    candidates = [
        medical.annual_limit.amount if medical and medical.annual_limit else None,
        getattr(accident, "sum_insured", None),
    ]
    return next((value for value in candidates if isinstance(value, Decimal) and value), None)


def supplements(uow: UnitOfWork, claim_id: int) -> int:
    """补充材料: files uploaded after the first one-time notice asked for more."""
    notices = uow.tracking.notices_for(claim_id, MISSING_MATERIALS)
    if not notices:
        return 0
    first = notices[0].created_at
    return sum(1 for m in uow.materials.for_claim(claim_id) if m.uploaded_at > first)


def ensure_adjudicable(uow: UnitOfWork, products: Products, claim: Claim) -> None:
    """Hard stops and holding referrals block adjudication until an investigation clears it."""
    investigation = open_investigation(uow, _id(claim))
    if investigation is not None and holds(investigation):
        raise UnderInvestigation(claim.claim_no)
    assessment = uow.fraud.assessment_for(_id(claim))
    if assessment is None or _cleared(uow, _id(claim), assessment):
        return
    product = products.get(claim.product_code)
    engine_gate = product is not None and product.blacklist_gate
    codes = [f.code for f in assessment.flags if f.code == "DUPLICATE_INVOICE"
             or (f.code == "BLACKLIST" and not engine_gate)]  # fmt: skip
    if codes:
        raise FraudHardStop(claim.claim_no, codes)


def _cleared(uow: UnitOfWork, claim_id: int, assessment: ClaimAssessment) -> bool:
    """The claim's latest investigation closed 'not proven' lifts the stop (the investigator
    has seen the flags); new evidence is a new manual referral."""
    investigations = uow.fraud.investigations_for(claim_id)
    return bool(investigations) and investigations[-1].outcome == "not_proven"


def _stored(flag: RedFlag, details: dict[str, dict[str, Any]]) -> StoredFlag:
    explanation = details.get(flag.code) or {k: str(v) for k, v in flag.details.items()}
    return StoredFlag(flag.code, flag.weight, flag.message_zh, flag.message_en, explanation)


def _blacklist_details(entries: tuple[Any, ...]) -> dict[str, Any]:
    return {"entries": [
        {"reason": e.reason, "valid_from": e.valid_from.isoformat(),
         "valid_until": e.valid_until.isoformat() if e.valid_until else None}
        for e in entries
    ]}  # fmt: skip


def _assessment_entry(assessment: ClaimAssessment) -> AuditEntry:
    return AuditEntry(
        actor=SYSTEM,
        action="assess_red_flags",
        entity_type="claim_flags",
        entity_id=str(assessment.claim_id),
        after={"routing": assessment.routing, "weight": assessment.total_weight,
               "flags": [flag.code for flag in assessment.flags]},
    )  # fmt: skip


def _id(claim: Claim) -> int:
    assert claim.id is not None
    return claim.id
