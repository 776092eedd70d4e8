"""Every allowed and every refused lifecycle move, table-driven."""

from __future__ import annotations

import itertools

import pytest

from claimdesk.domain.claim import ClaimStatus
from claimdesk.domain.errors import ErrorCode, IllegalTransition, ReasonRequired
from claimdesk.domain.refusals import Refused
from claimdesk.workflow.lifecycle import (
    TRANSITIONS,
    allowed_targets,
    check_move,
    check_person_move,
)

ALLOWED = sorted(TRANSITIONS)
REFUSED = [pair for pair in itertools.product(ClaimStatus, ClaimStatus) if pair not in TRANSITIONS]


def _id(pair: tuple[ClaimStatus, ClaimStatus]) -> str:
    return f"{pair[0]}->{pair[1]}"


@pytest.mark.parametrize("pair", ALLOWED, ids=_id)
def test_allowed_move_is_accepted_with_a_reason(pair: tuple[ClaimStatus, ClaimStatus]) -> None:
    move = check_move(pair[0], pair[1], reason="理由")
    assert move is TRANSITIONS[pair]


@pytest.mark.parametrize("pair", REFUSED, ids=_id)
def test_move_outside_the_table_is_refused_with_a_stable_code(
    pair: tuple[ClaimStatus, ClaimStatus],
) -> None:
    with pytest.raises(IllegalTransition) as refused:
        check_move(pair[0], pair[1], reason="理由")
    assert refused.value.code == ErrorCode.ILLEGAL_TRANSITION


@pytest.mark.parametrize(
    "pair", [pair for pair, move in TRANSITIONS.items() if move.reason_required], ids=_id
)
def test_move_that_needs_a_reason_is_refused_without_one(
    pair: tuple[ClaimStatus, ClaimStatus],
) -> None:
    with pytest.raises(ReasonRequired):
        check_move(pair[0], pair[1], reason="  ")


def test_every_state_is_reachable_from_reported() -> None:
    reached, frontier = {ClaimStatus.REPORTED}, [ClaimStatus.REPORTED]
    while frontier:
        for target in allowed_targets(frontier.pop()):
            if target not in reached:
                reached.add(target)
                frontier.append(target)
    assert reached == set(ClaimStatus)


def test_denials_withdrawals_and_reopens_always_need_a_reason() -> None:
    for (_, target), move in TRANSITIONS.items():
        if target in (ClaimStatus.DENIED, ClaimStatus.WITHDRAWN, ClaimStatus.REOPENED):
            assert move.reason_required, target


def test_only_the_system_marks_a_claim_paid() -> None:
    """赔款到账 follows the confirmed payments (issue 11); a person's attempt has its own code."""
    system_only = [pair for pair, move in TRANSITIONS.items() if move.system_only]
    others = {ClaimStatus.DENIED, ClaimStatus.CLOSED}  # fraud proven; zero settlement
    assert [pair for pair in system_only if pair[1] not in others] == [
        (ClaimStatus.PAYMENT_PENDING, ClaimStatus.PAID)
    ]
    with pytest.raises(Refused) as refused:
        check_person_move(ClaimStatus.PAYMENT_PENDING, ClaimStatus.PAID, reason="已转账")
    assert refused.value.code == ErrorCode.PAID_ONLY_BY_PAYMENT
    assert check_person_move(ClaimStatus.PAYMENT_PENDING, ClaimStatus.APPROVED, "退票").permission


def test_archived_is_final() -> None:
    assert allowed_targets(ClaimStatus.ARCHIVED) == []


def test_only_the_system_denies_from_states_a_person_cannot_deny_from() -> None:
    """调查证实欺诈 denies from any open state (issue 11); a person still cannot."""
    with pytest.raises(Refused) as refused:
        check_person_move(ClaimStatus.REPORTED, ClaimStatus.DENIED, reason="欺诈")
    assert refused.value.code == ErrorCode.DENIAL_ONLY_BY_INVESTIGATION
    open_states = set(ClaimStatus) - {
        ClaimStatus.DENIED, ClaimStatus.WITHDRAWN, ClaimStatus.PAID, ClaimStatus.CLOSED,
        ClaimStatus.ARCHIVED,
    }  # fmt: skip
    assert {s for s in open_states if (s, ClaimStatus.DENIED) in TRANSITIONS} == open_states
