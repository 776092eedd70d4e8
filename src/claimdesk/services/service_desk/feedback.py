"""Customer portal use cases: complaints (投诉), ratings (满意度), the customer's own cover.

A later issue expands complaints (SLA 3/5 working days, handling); here they are recorded,
audited and listed on the claim.
"""

from __future__ import annotations

from typing import Any

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.claim import ClaimStatus
from claimdesk.domain.errors import ErrorCode, Forbidden, InvalidInput
from claimdesk.domain.policy import InsuredPerson, Policy
from claimdesk.domain.refusals import Refused
from claimdesk.domain.service_desk import Complaint, Rating
from claimdesk.domain.users import Permission, Role, User
from claimdesk.services.access import ensure_can_see, require
from claimdesk.services.complaints import use_cases as complaints
from claimdesk.services.context import ServiceContext
from claimdesk.services.notices import use_cases as notifications

# 满意度回访 after the claim is settled: paid (the customer has the money), closed or archived.
RATEABLE = frozenset({ClaimStatus.PAID, ClaimStatus.CLOSED, ClaimStatus.ARCHIVED})
MAX_TEXT = 2000


def file_complaint(context: ServiceContext, *, actor: User, claim_id: int, text: str) -> Complaint:
    """The customer (or an agent on the phone) files a complaint about a claim."""
    uow, clock = context.uow, context.clock
    require(actor, Permission.REPORT_CLAIM)
    text = _checked_text(text, "text", required=True)
    with uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
        complaint = uow.portal.add_complaint(Complaint(None, claim_id, text, clock.now(), actor.id))
        uow.audit.append(_entry(actor, "file_complaint", claim_id, {"complaint": complaint.id}),
                         clock.now())  # fmt: skip
        notifications.on_complaint(uow, clock, claim_id, complaint.id or 0)  # 投诉已受理
        complaints.open_portal_case(
            context,
            actor=actor,
            claim_id=claim_id,
            portal_complaint_id=complaint.id or 0,
            text=text,
        )
        uow.commit()
        return complaint


def rate_service(
    context: ServiceContext, *, actor: User, claim_id: int, score: int, comment: str
) -> Rating:
    """The insured rates the service once the claim is settled (1 = poor … 5 = excellent)."""
    uow, clock = context.uow, context.clock
    if actor.role != Role.CUSTOMER:
        raise Forbidden("只有客户本人可以评价", "only the customer can rate the service")
    if not 1 <= score <= 5:
        raise InvalidInput("评分应为 1 到 5", "the score must be 1 to 5", field="score")
    comment = _checked_text(comment, "comment", required=False)
    with uow:
        claim = uow.claims.get(claim_id)
        ensure_can_see(actor, claim)
        if claim.status not in RATEABLE:
            raise Refused(ErrorCode.RATING_BEFORE_SETTLEMENT, field="score")
        rating = uow.portal.add_rating(Rating(claim_id, score, comment, clock.now(), actor.id))
        uow.audit.append(_entry(actor, "rate_service", claim_id, {"score": score}), clock.now())
        uow.commit()
        return rating


def feedback_for(
    context: ServiceContext, *, actor: User, claim_id: int
) -> tuple[list[Complaint], Rating | None]:
    uow = context.uow
    with uow:
        ensure_can_see(actor, uow.claims.get(claim_id))
        return uow.portal.complaints_for(claim_id), uow.portal.rating_for(claim_id)


def customer_cover(context: ServiceContext, *, actor: User) -> tuple[Policy, InsuredPerson] | None:
    """The signed-in customer's own insured record and policy (to prefill the report form)."""
    uow = context.uow
    if actor.insured_person_id is None:
        return None
    with uow:
        insured = uow.policies.get_insured(actor.insured_person_id)
        return uow.policies.get(insured.policy_id), insured


def _checked_text(text: str, field: str, *, required: bool) -> str:
    text = text.strip()
    if required and not text:
        raise InvalidInput("请填写内容", "please write something", field=field)
    if len(text) > MAX_TEXT:
        raise InvalidInput(
            "内容过长（最多 2000 字）", "too long (2,000 characters at most)", field=field
        )
    return text


def _entry(actor: User, action: str, claim_id: int, after: dict[str, Any]) -> AuditEntry:
    return AuditEntry(
        actor=actor.username,
        action=action,
        entity_type="claim",
        entity_id=str(claim_id),
        after=after,
    )
