"""大额案件经理批复 (seed 000 理赔中心 三): a claim to be approved for at least the configured
amount (survey_rules.yaml `thresholds.large_case_from`, 10,000 yuan) needs a manager's review
opinion, with its reason, recorded (audited) after its latest adjudication; approval without a
favourable one is refused with LARGE_CLAIM_REVIEW_REQUIRED."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from claimdesk.domain.audit import AuditEntry, AuditRecord
from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.domain.errors import ErrorCode, IllegalTransition, ReasonRequired
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import ensure_can_see, require
from claimdesk.services.context import ServiceContext
from claimdesk.services.ports import UnitOfWork
from claimdesk.services.tasks.queues import approval_amount
from claimdesk.workflow.authority import is_large_claim
from claimdesk.workflow.survey_assessment import default_thresholds

REVIEW = "large_claim_review"
ADJUDICATED = f"move:{ClaimStatus.ADJUDICATED}"


class Opinion(StrEnum):
    AGREE = "agree"  # 同意赔付
    DISAGREE = "disagree"  # 不同意，退回或拒赔


def record_review(
    context: ServiceContext, *, actor: User, claim_id: int, opinion: Opinion, reason: str
) -> None:
    """The manager's opinion on an adjudicated large claim, with its reason; audited."""
    require(actor, Permission.REVIEW_LARGE_CLAIMS)
    if not reason.strip():
        raise ReasonRequired("经理批复须填写意见理由", "a review opinion needs its reason",
                             field="reason")  # fmt: skip
    uow, clock = context.uow, context.clock
    with uow:
        claim = uow.claims.get(claim_id)
        ensure_can_see(actor, claim)
        if claim.status != ClaimStatus.ADJUDICATED:
            raise IllegalTransition("只有已理算待核赔的赔案可以批复",
                                    "only an adjudicated claim can be reviewed",
                                    field="status")  # fmt: skip
        amount = approval_amount(uow, claim)
        after = {"opinion": str(opinion), "amount": f"{amount:.2f}"}
        entry = AuditEntry(actor.username, REVIEW, "claim", str(claim_id), None, after,
                           reason.strip()[:1000])  # fmt: skip
        uow.audit.append(entry, clock.now())
        uow.commit()


def check_large_claim(uow: UnitOfWork, claim: Claim) -> None:
    """Before approval: a large claim has the manager's favourable opinion on this adjudication."""
    review = review_of(uow.audit.for_entity("claim", str(claim.id)), approval_amount(uow, claim))
    if review.blocks_approval:
        amount, threshold = f"{review.amount:.2f}", f"{review.threshold:.2f}"
        raise Refused(ErrorCode.LARGE_CLAIM_REVIEW_REQUIRED, field="to", amount=amount,
                      threshold=threshold)  # fmt: skip


@dataclass(frozen=True)
class LargeClaimReview:
    """What the claim page shows: whether an opinion is needed, and the one on record."""

    required: bool  # the amount to approve is at least the threshold
    amount: Decimal
    threshold: Decimal
    opinion: str | None = None  # Opinion, since the latest adjudication
    reason: str = ""
    by: str = ""
    at: datetime | None = None

    @property
    def blocks_approval(self) -> bool:
        return self.required and self.opinion != Opinion.AGREE


def review_of(records: list[AuditRecord], amount: Decimal) -> LargeClaimReview:
    """From the claim's audit trail (already read by the claim page: no query of its own)."""
    threshold = Decimal(default_thresholds().large_case_from)
    latest = None
    for record in sorted(records, key=lambda r: r.seq):
        if record.entry.action == ADJUDICATED:
            latest = None
        elif record.entry.action == REVIEW and record.entry.after:
            latest = record
    review = LargeClaimReview(is_large_claim(amount, threshold), amount, threshold)
    if latest is None:
        return review
    entry, opinion = latest.entry, str((latest.entry.after or {}).get("opinion"))
    return LargeClaimReview(review.required, amount, threshold, opinion, entry.reason,
                            entry.actor, latest.at)  # fmt: skip
