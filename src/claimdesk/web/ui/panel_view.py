"""疑难案件 on the staff claim page: why the case went to the panel, each vote with its reason,
and the result. Read from the claim's audit trail, which the page already holds (no query)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from claimdesk.domain.audit import AuditRecord
from claimdesk.domain.claim import Claim, ClaimStatus
from claimdesk.domain.users import Permission, User
from claimdesk.workflow.authority import PanelVote, Vote, decide_panel

OPEN = frozenset({ClaimStatus.ACCEPTED, ClaimStatus.UNDER_REVIEW, ClaimStatus.INVESTIGATION,
                  ClaimStatus.ADJUDICATED, ClaimStatus.REOPENED})  # fmt: skip


@dataclass(frozen=True)
class CastVote:
    voter: str
    vote: str
    reason: str
    at: datetime


@dataclass(frozen=True)
class PanelView:
    difficult: bool
    reason: str
    marked_by: str
    marked_at: datetime | None
    votes: list[CastVote]
    approvals: int
    rejections: int
    outcome: str  # undecided | approved | rejected
    can_mark: bool
    can_vote: bool


def panel_view(claim: Claim, audit: list[AuditRecord], user: User) -> PanelView | None:
    """None when there is nothing to show or do (no panel, and the user cannot send it to one)."""
    can_mark = not claim.difficult and claim.status in OPEN and user.can(Permission.ASSIGN_TASKS)
    if not claim.difficult and not can_mark:
        return None
    marked = [r for r in audit if r.entry.action == "mark_difficult"]
    votes = [
        CastVote(r.entry.actor, str((r.entry.after or {}).get("vote", "")), r.entry.reason, r.at)
        for r in sorted(audit, key=lambda r: r.seq)
        if r.entry.action == "panel_vote"
    ]
    decision = decide_panel(
        [PanelVote(v.voter, Vote(v.vote), v.at, v.reason) for v in votes], adjudicated_by=""
    )
    voted = any(v.voter == user.username for v in votes)
    can_vote = (
        claim.difficult
        and claim.status == ClaimStatus.ADJUDICATED
        and user.can(Permission.APPROVE)
        and not voted
    )
    last = marked[-1] if marked else None
    return PanelView(
        claim.difficult,
        claim.difficult_reason or (last.entry.reason if last else ""),
        last.entry.actor if last else "",
        last.at if last else None,
        votes,
        decision.approvals,
        decision.rejections,
        str(decision.outcome),
        can_mark,
        can_vote,
    )
