"""核赔权限: limits per line, maker-checker, denial completeness and the difficult-case panel."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from claimdesk.workflow.authority import (
    ApproverProfile,
    AuthorityCode,
    ClaimForApproval,
    Outcome,
    PanelOutcome,
    PanelVote,
    Vote,
    can_approve,
    decide_panel,
    default_profile,
    denial_problems,
    required_level,
)
from claimdesk.workflow.deadlines import SHANGHAI

LINES = ("health", "accident", "auto")
VOTED_AT = datetime(2026, 10, 12, 15, 0, tzinfo=SHANGHAI)


def a_claim(**changes: Any) -> ClaimForApproval:
    claim = ClaimForApproval(
        claim_id="CLM-2026-000123",
        line_of_business="health",
        amount=Decimal("4000.00"),
        adjudicated_by="specialist-1",
    )
    return dataclasses.replace(claim, **changes)


def an_approver(level: int, approver_id: str = "approver-1") -> ApproverProfile:
    return default_profile(approver_id, level, LINES)


@pytest.mark.parametrize(
    ("level", "amount", "code", "escalate_to"),
    [
        pytest.param(1, "5000.00", AuthorityCode.WITHIN_LIMIT, None, id="level1-at-5000"),
        pytest.param(1, "5000.01", AuthorityCode.OVER_LIMIT, 2, id="level1-over-5000"),
        pytest.param(2, "50000.00", AuthorityCode.WITHIN_LIMIT, None, id="level2-at-50000"),
        pytest.param(2, "50000.01", AuthorityCode.OVER_LIMIT, 3, id="level2-over-50000"),
        pytest.param(3, "9000000.00", AuthorityCode.WITHIN_LIMIT, None, id="level3-unlimited"),
    ],
)
def test_given_an_approver_level_when_approving_an_amount_then_the_limit_decides(
    level: int, amount: str, code: AuthorityCode, escalate_to: int | None
) -> None:
    decision = can_approve(an_approver(level), a_claim(amount=Decimal(amount)))

    assert decision.code is code
    assert decision.allowed is (code is AuthorityCode.WITHIN_LIMIT)
    assert decision.escalate_to_level == escalate_to
    assert decision.message_zh and decision.message_en


def test_given_the_adjudicator_when_approving_their_own_case_then_maker_checker_refuses() -> None:
    decision = can_approve(an_approver(3, "specialist-1"), a_claim())

    assert decision.allowed is False
    assert decision.code is AuthorityCode.MAKER_CHECKER


def test_given_limits_per_line_when_approving_another_line_then_escalated() -> None:
    approver = ApproverProfile("approver-2", 2, {"health": Decimal("50000")})

    decision = can_approve(approver, a_claim(line_of_business="auto"))

    assert decision.code is AuthorityCode.NO_AUTHORITY_FOR_LINE
    assert decision.escalate_to_level == 3


def test_given_different_limits_per_line_when_approving_then_each_line_has_its_own() -> None:
    approver = ApproverProfile(
        "approver-2", 2, {"health": Decimal("50000"), "auto": Decimal("5000")}
    )

    assert can_approve(approver, a_claim(amount=Decimal("20000"))).allowed is True
    assert (
        can_approve(approver, a_claim(amount=Decimal("20000"), line_of_business="auto")).allowed
        is False
    )


def test_given_a_difficult_case_when_one_approver_approves_then_a_panel_is_required() -> None:
    decision = can_approve(an_approver(3), a_claim(difficult=True))

    assert decision.code is AuthorityCode.PANEL_REQUIRED


@pytest.mark.parametrize(
    ("reasons", "clause", "expected"),
    [
        pytest.param(
            (),
            "",
            (AuthorityCode.DENIAL_REASON_REQUIRED, AuthorityCode.DENIAL_CLAUSE_REQUIRED),
            id="neither",
        ),
        pytest.param(
            ("EXCLUDED_SERVICE",), "", (AuthorityCode.DENIAL_CLAUSE_REQUIRED,), id="no-clause"
        ),
        pytest.param(
            (" ",), "第二部分 二.19", (AuthorityCode.DENIAL_REASON_REQUIRED,), id="blank-reason"
        ),
        pytest.param(("OUT_OF_REGION",), "第二部分 二.19", (), id="complete"),
    ],
)
def test_given_a_denial_when_checking_then_reasons_and_clause_are_required(
    reasons: tuple[str, ...], clause: str, expected: tuple[AuthorityCode, ...]
) -> None:
    claim = a_claim(outcome=Outcome.DENY, denial_reason_codes=reasons, policy_clause=clause)

    assert denial_problems(claim) == expected
    decision = can_approve(an_approver(3), claim)
    assert decision.allowed is (expected == ())
    assert decision.code is (expected[0] if expected else AuthorityCode.WITHIN_LIMIT)


def test_given_a_payment_when_checking_denial_problems_then_none() -> None:
    assert denial_problems(a_claim()) == ()


@pytest.mark.parametrize(
    ("amount", "level"),
    [
        pytest.param("5000", 1, id="5000-level1"),
        pytest.param("5000.01", 2, id="over-5000-level2"),
        pytest.param("50000.01", 3, id="over-50000-level3"),
    ],
)
def test_given_an_amount_when_escalating_then_the_lowest_covering_level_is_named(
    amount: str, level: int
) -> None:
    assert required_level(a_claim(amount=Decimal(amount))) == level


def test_given_a_ladder_without_unlimited_top_when_amount_exceeds_it_then_error() -> None:
    with pytest.raises(ValueError, match="unlimited"):
        required_level(a_claim(amount=Decimal("99")), {1: Decimal("10")})


# --- panel for difficult cases ---------------------------------------------------------


def votes(*choices: Vote, voters: tuple[str, ...] | None = None) -> list[PanelVote]:
    names = voters or tuple(f"member-{k}" for k in range(len(choices)))
    return [
        PanelVote(name, choice, VOTED_AT + timedelta(minutes=k), reason=f"意见 {k}")
        for k, (name, choice) in enumerate(zip(names, choices, strict=True))
    ]


YES, NO = Vote.APPROVE, Vote.REJECT


@pytest.mark.parametrize(
    ("cast", "outcome", "code"),
    [
        pytest.param(
            votes(YES, YES, YES),
            PanelOutcome.APPROVED,
            AuthorityCode.PANEL_MAJORITY,
            id="unanimous",
        ),
        pytest.param(
            votes(YES, NO, YES), PanelOutcome.APPROVED, AuthorityCode.PANEL_MAJORITY, id="2-to-1"
        ),
        pytest.param(
            votes(NO, NO, YES), PanelOutcome.REJECTED, AuthorityCode.PANEL_MAJORITY, id="1-to-2"
        ),
        pytest.param(
            votes(YES, NO, YES, NO), PanelOutcome.UNDECIDED, AuthorityCode.PANEL_TIE, id="tie"
        ),
        pytest.param(
            votes(YES, YES),
            PanelOutcome.UNDECIDED,
            AuthorityCode.PANEL_INSUFFICIENT_VOTES,
            id="two-votes",
        ),
        pytest.param(
            votes(YES, YES, NO, voters=("a", "b", "a")),
            PanelOutcome.UNDECIDED,
            AuthorityCode.PANEL_DUPLICATE_VOTER,
            id="same-member-twice",
        ),
        pytest.param(
            votes(YES, YES, YES, voters=("a", "b", "specialist-1")),
            PanelOutcome.UNDECIDED,
            AuthorityCode.MAKER_CHECKER,
            id="adjudicator-voted",
        ),
    ],
)
def test_given_panel_votes_when_deciding_then_simple_majority_of_at_least_three(
    cast: list[PanelVote], outcome: PanelOutcome, code: AuthorityCode
) -> None:
    decision = decide_panel(cast, adjudicated_by="specialist-1")

    assert decision.outcome is outcome
    assert decision.code is code
    assert decision.votes == tuple(cast)  # every vote recorded, in order


def test_given_a_panel_when_deciding_then_the_tally_is_kept() -> None:
    decision = decide_panel(votes(YES, NO, YES), adjudicated_by="specialist-1")

    assert (decision.approvals, decision.rejections) == (2, 1)


def test_given_a_panel_rule_below_three_members_when_deciding_then_refused() -> None:
    with pytest.raises(ValueError, match="three"):
        decide_panel(votes(YES, YES), adjudicated_by="specialist-1", minimum_votes=2)
