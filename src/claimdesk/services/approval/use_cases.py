"""Approval authority on the server: limits per line, escalation, denial completeness."""

from __future__ import annotations

from decimal import Decimal

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.claim import Claim
from claimdesk.domain.claim import Denial as Denial  # re-exported: approval decides denials
from claimdesk.domain.errors import DomainError, ErrorCode
from claimdesk.domain.refusals import Refused
from claimdesk.domain.tasks import ApproverLimits
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import require
from claimdesk.services.context import ServiceContext
from claimdesk.services.ports import Clock, UnitOfWork
from claimdesk.services.tasks.queues import approver_candidates, claim_for_approval, makers
from claimdesk.workflow.authority import (
    ApproverProfile,
    AuthorityCode,
    AuthorityDecision,
    ClaimForApproval,
    Outcome,
    can_approve,
    denial_problems,
)
from claimdesk.workflow.queues import TaskKind, least_loaded


class AuthorityRefused(DomainError):
    code = ErrorCode.AUTHORITY_REFUSED

    def __init__(self, decision: AuthorityDecision) -> None:
        super().__init__(decision.message_zh, decision.message_en, field=str(decision.code))
        self.decision = decision


def check_denial(denial: Denial | None) -> Denial:
    if denial is None:
        denial = Denial((), "")
    problems = denial_problems(claim_for_denial(denial))
    if problems:
        first = AuthorityCode(problems[0])
        field = "reason_codes" if first == AuthorityCode.DENIAL_REASON_REQUIRED else "clause"
        raise Refused(ErrorCode.DENIAL_GROUNDS_MISSING, field=field)
    return denial


def claim_for_denial(denial: Denial) -> ClaimForApproval:
    return ClaimForApproval(
        "",
        "",
        Decimal("0"),
        "",
        outcome=Outcome.DENY,
        denial_reason_codes=denial.reason_codes,
        policy_clause=denial.clause,
    )


def approval_refusal(uow: UnitOfWork, actor: User, claim: Claim) -> AuthorityDecision | None:
    """None when the actor may approve this claim now; otherwise the refusal, with its code."""
    limits = uow.tasks.approver_profile(actor.id)
    profile = ApproverProfile(
        str(actor.id), limits.level if limits else 0, dict(limits.limits) if limits else {}
    )
    decision = can_approve(profile, claim_for_approval(uow, claim))
    return None if decision.allowed else decision


def escalate(
    uow: UnitOfWork, clock: Clock, actor: User, claim: Claim, decision: AuthorityDecision
) -> None:
    """Over the limit: the approval task goes to an approver of the level that covers it."""
    level = decision.escalate_to_level
    if level is None:
        return
    target = least_loaded(approver_candidates(uow, claim, level), exclude=makers(claim))
    for task in uow.tasks.open_for_claim(claim.id or 0):
        if task.kind == TaskKind.APPROVE:
            uow.tasks.assign(task.id or 0, target, f"escalated from {actor.username}")
    uow.audit.append(
        AuditEntry(
            actor.username,
            "escalate_approval",
            "claim",
            str(claim.id),
            None,
            {"level": level, "assignee": target},
            decision.message_en,
        ),
        clock.now(),
    )


def set_approver_limits(
    context: ServiceContext, *, actor: User, profile: ApproverLimits
) -> ApproverLimits:
    require(actor, Permission.MANAGE_USERS)
    uow, clock = context.uow, context.clock
    with uow:
        uow.users.get(profile.user_id)
        before = uow.tasks.approver_profile(profile.user_id)
        uow.tasks.set_approver_profile(profile)
        uow.audit.append(
            AuditEntry(
                actor.username,
                "set_approver_limits",
                "user",
                str(profile.user_id),
                _limits_json(before),
                _limits_json(profile),
            ),
            clock.now(),
        )
        uow.commit()
        return profile


def _limits_json(profile: ApproverLimits | None) -> dict[str, object] | None:
    if profile is None:
        return None
    return {
        "level": profile.level,
        "limits": {k: None if v is None else str(v) for k, v in profile.limits.items()},
    }
