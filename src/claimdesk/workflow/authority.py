"""Approval authority (核赔权限): amount limits per line, maker-checker, difficult-case panel.

Every refusal carries a stable code and a message in Chinese and English; nothing here
reads a clock or a database — the service passes the approver, the claim and the votes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType


class AuthorityCode(StrEnum):
    WITHIN_LIMIT = "WITHIN_LIMIT"
    OVER_LIMIT = "OVER_LIMIT"
    NO_AUTHORITY_FOR_LINE = "NO_AUTHORITY_FOR_LINE"
    MAKER_CHECKER = "MAKER_CHECKER"
    PANEL_REQUIRED = "PANEL_REQUIRED"
    DENIAL_REASON_REQUIRED = "DENIAL_REASON_REQUIRED"
    DENIAL_CLAUSE_REQUIRED = "DENIAL_CLAUSE_REQUIRED"
    PANEL_MAJORITY = "PANEL_MAJORITY"
    PANEL_TIE = "PANEL_TIE"
    PANEL_INSUFFICIENT_VOTES = "PANEL_INSUFFICIENT_VOTES"
    PANEL_DUPLICATE_VOTER = "PANEL_DUPLICATE_VOTER"


MESSAGES: Mapping[AuthorityCode, tuple[str, str]] = MappingProxyType(
    {
        AuthorityCode.WITHIN_LIMIT: ("在核赔权限内", "Within the approval authority"),
        AuthorityCode.OVER_LIMIT: ("超出核赔权限，请上报上一级", "Over the limit: escalate"),
        AuthorityCode.NO_AUTHORITY_FOR_LINE: (
            "无此险种的核赔权限，请上报",
            "No authority for this line of business: escalate",
        ),
        AuthorityCode.MAKER_CHECKER: ("理算人不得核赔本案", "The adjudicator cannot approve"),
        AuthorityCode.PANEL_REQUIRED: (
            "疑难案件须集体讨论决定",
            "A difficult case is decided by a panel",
        ),
        AuthorityCode.DENIAL_REASON_REQUIRED: ("拒赔须列明原因代码", "A denial needs reasons"),
        AuthorityCode.DENIAL_CLAUSE_REQUIRED: (
            "拒赔须注明所依据的保险条款",
            "A denial needs the policy clause",
        ),
        AuthorityCode.PANEL_MAJORITY: ("集体讨论已形成多数意见", "The panel reached a majority"),
        AuthorityCode.PANEL_TIE: ("票数相同，未形成决定", "Tie: no decision"),
        AuthorityCode.PANEL_INSUFFICIENT_VOTES: (
            "参与表决人数不足",
            "Not enough votes for a panel decision",
        ),
        AuthorityCode.PANEL_DUPLICATE_VOTER: ("同一人重复投票", "The same approver voted twice"),
    }
)


class Outcome(StrEnum):
    PAY = "pay"
    DENY = "deny"


class Vote(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"


class PanelOutcome(StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"
    UNDECIDED = "undecided"


@dataclass(frozen=True)
class ApproverProfile:
    """An approver's level and limit per line of business; None means unlimited."""

    approver_id: str
    level: int
    limits: Mapping[str, Decimal | None]


@dataclass(frozen=True)
class ClaimForApproval:
    """`amount`: the payable amount, or for a denial the amount claimed."""

    claim_id: str
    line_of_business: str
    amount: Decimal
    adjudicated_by: str
    outcome: Outcome = Outcome.PAY
    difficult: bool = False  # 疑难案件 → panel_review
    denial_reason_codes: tuple[str, ...] = ()
    policy_clause: str = ""


@dataclass(frozen=True)
class AuthorityDecision:
    allowed: bool
    code: AuthorityCode
    message_zh: str
    message_en: str
    escalate_to_level: int | None = None


@dataclass(frozen=True)
class PanelVote:
    approver_id: str
    vote: Vote
    cast_at: datetime
    reason: str = ""


@dataclass(frozen=True)
class PanelDecision:
    outcome: PanelOutcome
    code: AuthorityCode
    votes: tuple[PanelVote, ...]  # every vote, as cast
    approvals: int
    rejections: int


# Default ladder (e.g. 理赔专员 / 核赔人 / 首席核赔人); the admin edits it as data.
DEFAULT_LEVEL_LIMITS: Mapping[int, Decimal | None] = MappingProxyType(
    {1: Decimal("5000"), 2: Decimal("50000"), 3: None}
)


def default_profile(approver_id: str, level: int, lines: Sequence[str]) -> ApproverProfile:
    """A profile with the default ladder's limit for `level` on every line in `lines`."""
    limit = DEFAULT_LEVEL_LIMITS[level]
    return ApproverProfile(approver_id, level, {line: limit for line in lines})


def can_approve(approver: ApproverProfile, claim: ClaimForApproval) -> AuthorityDecision:
    """Checks in order: maker-checker, denial completeness, panel, line, amount limit."""
    if approver.approver_id == claim.adjudicated_by:
        return _decision(AuthorityCode.MAKER_CHECKER)
    problems = denial_problems(claim)
    if problems:
        return _decision(problems[0])
    if claim.difficult:
        return _decision(AuthorityCode.PANEL_REQUIRED)
    if claim.line_of_business not in approver.limits:
        return _decision(AuthorityCode.NO_AUTHORITY_FOR_LINE, escalate_to=approver.level + 1)
    limit = approver.limits[claim.line_of_business]
    if limit is not None and claim.amount > limit:
        return _decision(AuthorityCode.OVER_LIMIT, escalate_to=approver.level + 1)
    return _decision(AuthorityCode.WITHIN_LIMIT)


def denial_problems(claim: ClaimForApproval) -> tuple[AuthorityCode, ...]:
    """A denial (拒赔) names its reason codes and the policy clause (保险法 第二十四条)."""
    if claim.outcome is not Outcome.DENY:
        return ()
    problems = []
    if not any(code.strip() for code in claim.denial_reason_codes):
        problems.append(AuthorityCode.DENIAL_REASON_REQUIRED)
    if not claim.policy_clause.strip():
        problems.append(AuthorityCode.DENIAL_CLAUSE_REQUIRED)
    return tuple(problems)


def required_level(
    claim: ClaimForApproval, level_limits: Mapping[int, Decimal | None] = DEFAULT_LEVEL_LIMITS
) -> int:
    """The lowest level whose limit covers the amount (where an escalation should land)."""
    for level in sorted(level_limits):
        limit = level_limits[level]
        if limit is None or claim.amount <= limit:
            return level
    raise ValueError(f"no level covers {claim.amount}: the ladder needs an unlimited top level")


def decide_panel(
    votes: Sequence[PanelVote], *, adjudicated_by: str, minimum_votes: int = 3
) -> PanelDecision:
    """Difficult cases: at least three approvers, simple majority of the votes cast."""
    if minimum_votes < 3:
        raise ValueError("a panel needs at least three approvers (集体讨论会商, seed 000)")
    tally = Counter(vote.vote for vote in votes)
    approvals, rejections = tally[Vote.APPROVE], tally[Vote.REJECT]

    def undecided(code: AuthorityCode) -> PanelDecision:
        return PanelDecision(PanelOutcome.UNDECIDED, code, tuple(votes), approvals, rejections)

    voters = [vote.approver_id for vote in votes]
    if adjudicated_by in voters:
        return undecided(AuthorityCode.MAKER_CHECKER)
    if len(set(voters)) != len(voters):
        return undecided(AuthorityCode.PANEL_DUPLICATE_VOTER)
    if len(votes) < minimum_votes:
        return undecided(AuthorityCode.PANEL_INSUFFICIENT_VOTES)
    if approvals == rejections:
        return undecided(AuthorityCode.PANEL_TIE)
    outcome = PanelOutcome.APPROVED if approvals > rejections else PanelOutcome.REJECTED
    return PanelDecision(outcome, AuthorityCode.PANEL_MAJORITY, tuple(votes), approvals, rejections)


def _decision(code: AuthorityCode, *, escalate_to: int | None = None) -> AuthorityDecision:
    message_zh, message_en = MESSAGES[code]
    allowed = code is AuthorityCode.WITHIN_LIMIT
    return AuthorityDecision(allowed, code, message_zh, message_en, escalate_to)


def is_large_claim(amount: Decimal, threshold: Decimal) -> bool:
    """大额案件 (seed 000 理赔中心 三: 万元以上): a manager's review opinion before approval."""
    return amount >= threshold
