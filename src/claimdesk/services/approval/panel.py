"""Difficult cases (疑难案件): a panel of at least three approvers decides by majority."""

from __future__ import annotations

from dataclasses import dataclass

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.claim import Claim, ClaimStatus, Denial
from claimdesk.domain.errors import (
    Duplicate,
    ErrorCode,
    IllegalTransition,
    MakerChecker,
    ReasonRequired,
)
from claimdesk.domain.refusals import Refused
from claimdesk.domain.tasks import StoredVote
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import ensure_can_see, require
from claimdesk.services.claims.moves import apply_move
from claimdesk.services.context import ServiceContext
from claimdesk.services.ports import UnitOfWork
from claimdesk.services.tasks.deadlines import leave_fast_track
from claimdesk.services.tasks.queues import makers
from claimdesk.workflow.authority import PanelDecision, PanelOutcome, PanelVote, Vote, decide_panel
from claimdesk.workflow.lifecycle import check_move


@dataclass(frozen=True)
class Ballot:
    vote: Vote
    reason: str
    clause: str = ""


def mark_difficult(context: ServiceContext, *, actor: User, claim_id: int, reason: str) -> Claim:
    """A manager sends a case to the panel; from then no single approver may decide it."""
    require(actor, Permission.ASSIGN_TASKS)
    if not reason.strip():
        raise ReasonRequired(
            "须说明疑难原因", "give the reason the case is difficult", field="reason"
        )
    uow, clock = context.uow, context.clock
    with uow:
        claim = uow.claims.get(claim_id)
        uow.claims.mark_difficult(claim_id, reason)
        leave_fast_track(uow, claim, clock.now())  # 小额快赔 has no panel: it leaves the track
        uow.audit.append(
            AuditEntry(
                actor.username,
                "mark_difficult",
                "claim",
                str(claim_id),
                None,
                {"difficult": True},
                reason,
            ),
            clock.now(),
        )
        uow.commit()
        return claim


def cast_vote(
    context: ServiceContext, *, actor: User, claim_id: int, ballot: Ballot
) -> PanelDecision:
    """Record one vote with its reason; a majority of ≥ 3 votes moves the claim."""
    require(actor, Permission.APPROVE)
    _check_ballot(ballot)
    uow, clock = context.uow, context.clock
    with uow:
        claim = uow.claims.get(claim_id)
        ensure_can_see(actor, claim)
        _check_panel_case(claim, actor)
        if any(v.approver_id == actor.id for v in uow.tasks.votes(claim_id)):
            raise Duplicate("您已对本案投过票", "you have already voted on this case")
        uow.tasks.add_vote(
            claim_id, StoredVote(actor.id, ballot.vote, ballot.reason, ballot.clause, clock.now())
        )
        uow.audit.append(
            AuditEntry(
                actor.username,
                "panel_vote",
                "claim",
                str(claim_id),
                None,
                {"vote": str(ballot.vote)},
                ballot.reason,
            ),
            clock.now(),
        )
        decision = _decision(uow, claim)
        if decision.outcome is not PanelOutcome.UNDECIDED:
            _apply(context, actor, claim, decision)
        uow.commit()
        return decision


def _check_ballot(ballot: Ballot) -> None:
    if not ballot.reason.strip():
        raise ReasonRequired("投票须说明理由", "a vote needs its reason", field="reason")
    if ballot.vote is Vote.REJECT and not ballot.clause.strip():
        raise Refused(ErrorCode.VOTE_CLAUSE_MISSING, field="clause")


def _check_panel_case(claim: Claim, actor: User) -> None:
    if claim.status != ClaimStatus.ADJUDICATED or not claim.difficult:
        raise IllegalTransition(
            "本案不在集体讨论中", "this claim is not before a panel", field="status"
        )
    if actor.id in makers(claim):
        raise MakerChecker("理算人不能参与本案表决", "the adjudicator cannot vote on the case")


def _decision(uow: UnitOfWork, claim: Claim) -> PanelDecision:
    votes = [
        PanelVote(str(v.approver_id), Vote(v.vote), v.cast_at, v.reason)
        for v in uow.tasks.votes(claim.id or 0)
    ]
    return decide_panel(votes, adjudicated_by=str(claim.adjudicated_by or ""))


def _apply(
    context: ServiceContext, deciding_voter: User, claim: Claim, decision: PanelDecision
) -> None:
    """The vote that makes the majority carries the move; the reason records the tally."""
    approved = decision.outcome is PanelOutcome.APPROVED
    target = ClaimStatus.APPROVED if approved else ClaimStatus.DENIED
    reason = f"集体讨论 {decision.approvals}:{decision.rejections}"
    check_move(claim.status, target, reason)
    uow = context.uow
    if not approved:
        clauses = sorted(
            {v.clause for v in uow.tasks.votes(claim.id or 0) if v.vote == Vote.REJECT}
        )
        uow.claims.record_denial(claim.id or 0, Denial(("PANEL_DECISION",), "；".join(clauses)))
    apply_move(context, actor=deciding_voter, claim=claim, target=target, reason=reason,
               as_system=True)  # fmt: skip
