"""What only a person's move is checked for, before `apply_move` (services/claims/moves.py):
the version they saw, their permission, maker-checker, the auto survey gates, the large-claim
opinion, the auto settlement; and the escalation an approval beyond authority leaves behind."""

from __future__ import annotations

from typing import NoReturn

from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.domain.errors import MakerChecker, StaleVersion
from claimdesk.domain.users import User
from claimdesk.services.access import ensure_can_see, require
from claimdesk.services.approval.large_claims import check_large_claim
from claimdesk.services.approval.use_cases import AuthorityRefused, escalate
from claimdesk.services.auto.settlement import check_settled
from claimdesk.services.auto.thresholds import check_auto_approval
from claimdesk.services.context import ServiceContext
from claimdesk.workflow.authority import AuthorityDecision
from claimdesk.workflow.lifecycle import check_person_move


def check_person_may_move(
    context: ServiceContext,
    actor: User,
    claim: Claim,
    target: ClaimStatus,
    reason: str,
    version: int,
) -> None:
    ensure_can_see(actor, claim)
    if claim.version != version:  # a stale form: say so before judging the move
        raise StaleVersion("赔案 claim", version, claim.version)
    require(actor, check_person_move(claim.status, target, reason).permission)
    _check_maker_checker(actor, claim, target)
    check_auto_approval(context.uow, claim, target)  # 复勘 and 招标定损 before 核赔
    if target == ClaimStatus.APPROVED:
        check_large_claim(context.uow, claim)  # 大额案件: the manager's opinion first
    check_settled(context, actor, claim, target)  # 核赔 on the auto engine's final amount


def _check_maker_checker(actor: User, claim: Claim, target: ClaimStatus) -> None:
    # 核赔: whoever adjudicated a claim or adjusted its amounts may not approve it (maker-checker).
    if target == ClaimStatus.APPROVED and actor.id in claim.makers:
        raise MakerChecker("理算人不能核赔本案", "the adjudicator of a claim cannot approve it")


def escalate_and_refuse(
    context: ServiceContext, actor: User, claim_id: int, refusal: AuthorityDecision
) -> NoReturn:
    """The refusal is final, but the escalation it causes must be kept: its own transaction."""
    uow = context.uow
    with uow:
        escalate(uow, context.clock, actor, uow.claims.get(claim_id), refusal)
        uow.commit()
    raise AuthorityRefused(refusal)
