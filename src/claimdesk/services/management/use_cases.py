"""Management use cases (issue 13): set a policy's premium, record a quality review (抽检).

The reports themselves are read-side (analytics/management*.py); these are the two writes,
each one transaction with its audit record.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC
from decimal import Decimal
from zoneinfo import ZoneInfo

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.errors import (
    Duplicate,
    ErrorCode,
    InvalidInput,
    MakerChecker,
    NotFound,
)  # fmt: skip
from claimdesk.domain.quality import QualityErrorType, QualityReview
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import require
from claimdesk.services.context import ServiceContext
from claimdesk.services.ports import Clock, UnitOfWork

SHANGHAI = ZoneInfo("Asia/Shanghai")
CLOSED = ("closed", "archived")


def set_premium(
    context: ServiceContext, *, actor: User, policy_id: int, premium: Decimal
) -> Decimal:
    uow, clock = context.uow, context.clock
    require(actor, Permission.MANAGE_POLICIES)
    _check_premium(premium)
    with uow:
        uow.policies.get(policy_id)
        _book_premium(uow, clock, actor, policy_id, premium)
    return premium


def set_premium_by_number(
    context: ServiceContext, *, actor: User, policy_no: str, premium: Decimal
) -> Decimal:
    """The page's form names the policy by its number (保单号), as printed."""
    uow, clock = context.uow, context.clock
    require(actor, Permission.MANAGE_POLICIES)
    _check_premium(premium)
    with uow:
        policy = uow.policies.find_by_number(policy_no.strip())
        if policy is None or policy.id is None:
            raise NotFound("保单 policy", policy_no)
        _book_premium(uow, clock, actor, policy.id, premium)
    return premium


def _check_premium(premium: Decimal) -> None:
    if premium < 0 or premium != premium.quantize(Decimal("0.01")):
        raise InvalidInput("保费须为非负金额（元，至多两位小数）",
                           "premium must be a non-negative amount in yuan (2 decimals)",
                           field="premium")  # fmt: skip


def _book_premium(
    uow: UnitOfWork, clock: Clock, actor: User, policy_id: int, premium: Decimal
) -> None:
    before = uow.management.set_premium(policy_id, premium)
    entry = AuditEntry(actor.username, "set_premium", "policy", str(policy_id),
                       {"premium": str(before)}, {"premium": str(premium)})  # fmt: skip
    uow.audit.append(entry, clock.now())
    uow.commit()


def record_quality_review(
    context: ServiceContext,
    *,
    actor: User,
    claim_id: int,
    score: int,
    error_types: Iterable[str],
    error_amount: Decimal,
    comment: str,
) -> QualityReview:
    uow, clock = context.uow, context.clock
    require(actor, Permission.READ_AUDIT)  # managers (首席核赔人) review quality
    errors = _error_types(error_types)
    _check_figures(score, error_amount)
    with uow:
        subject = uow.management.review_subject(claim_id)
        if subject.status not in CLOSED or subject.closed_at is None:
            raise Refused(ErrorCode.QUALITY_REVIEW_NOT_CLOSED, field="claim_id")
        if subject.handler == actor.username:  # 四眼原则: nobody checks their own claim
            raise MakerChecker("不能抽检自己经办的赔案", "you cannot review a claim you handled",
                               field="claim_id")  # fmt: skip
        if uow.management.has_review(claim_id):
            raise Duplicate("该赔案已抽检", "this claim has been reviewed", field="claim_id")
        month = subject.closed_at.astimezone(SHANGHAI).strftime("%Y-%m")
        review = uow.management.add_review(QualityReview(
            None, claim_id, month, subject.handler, actor.id, score, errors,
            error_amount, comment.strip(), clock.now().astimezone(UTC)))  # fmt: skip
        uow.audit.append(_entry(actor, review), clock.now())
        uow.commit()
        return review


def _error_types(codes: Iterable[str]) -> tuple[QualityErrorType, ...]:
    codes = list(codes)
    known = {t.value for t in QualityErrorType}
    unknown = [code for code in codes if code not in known]
    if unknown:
        names = ", ".join(unknown)
        raise InvalidInput(f"未知的差错类型：{names}", f"unknown error type: {names}",
                           field="error_types")  # fmt: skip
    return tuple(sorted({QualityErrorType(code) for code in codes}))


def _check_figures(score: int, error_amount: Decimal) -> None:
    if not 0 <= score <= 100:
        raise InvalidInput("评分须在 0–100 之间", "score must be 0–100", field="score")
    if error_amount < 0:
        raise InvalidInput("差错金额不能为负", "error amount cannot be negative",
                           field="error_amount")  # fmt: skip


def _entry(actor: User, review: QualityReview) -> AuditEntry:
    after = {"score": review.score, "error_types": [str(t) for t in review.error_types],
             "error_amount": str(review.error_amount), "handler": review.handler,
             "month": review.month, "comment": review.comment}  # fmt: skip
    return AuditEntry(actor.username, "quality_review", "claim", str(review.claim_id), None, after)
