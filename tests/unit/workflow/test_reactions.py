"""The reaction table: which effects follow which claim move, for people and the system alike."""

from __future__ import annotations

import pytest

from claimdesk.domain.claim import ClaimStatus
from claimdesk.workflow.lifecycle import TRANSITIONS
from claimdesk.workflow.reactions import AFTER_AUDIT, REACTIONS, Effect, effects_of

S = ClaimStatus
E = Effect
ALWAYS = (E.DEADLINES, E.FRAUD, E.QUEUE, E.NOTICES)


def _id(pair: tuple[ClaimStatus, ClaimStatus]) -> str:
    return f"{pair[0]}->{pair[1]}"


@pytest.mark.parametrize("pair", sorted(TRANSITIONS), ids=_id)
def test_every_legal_move_tracks_deadlines_fraud_queue_and_notices_in_that_order(
    pair: tuple[ClaimStatus, ClaimStatus],
) -> None:
    effects = effects_of(*pair)
    assert tuple(e for e in effects if e in ALWAYS) == ALWAYS
    assert len(set(effects)) == len(effects)  # each effect once per move


# The effects between the fraud check and the queue, per move.
SPECIFIC = [
    ((S.UNDER_REVIEW, S.ADJUDICATED), (E.ADJUDICATE,)),
    ((S.ADJUDICATED, S.APPROVED), (E.PAYMENT_INSTRUCTION,)),
    ((S.ADJUDICATED, S.UNDER_REVIEW), (E.RELEASE_BENEFITS,)),  # 核赔退回
    ((S.ADJUDICATED, S.DENIED), (E.RELEASE_BENEFITS, E.CANCEL_PAYMENTS)),
    ((S.REPORTED, S.WITHDRAWN), (E.RELEASE_BENEFITS, E.CANCEL_PAYMENTS)),
    ((S.DENIED, S.CLOSED), (E.CANCEL_PAYMENTS,)),  # payments follow the claim (issue 11)
    ((S.APPROVED, S.DENIED), (E.RELEASE_BENEFITS, E.CANCEL_PAYMENTS)),  # fraud proven
    ((S.PAYMENT_PENDING, S.APPROVED), ()),  # a failed transfer: no second instruction
    ((S.INVESTIGATION, S.UNDER_REVIEW), ()),  # back from investigation: nothing to release
    ((S.APPROVED, S.PAYMENT_PENDING), ()),
]


@pytest.mark.parametrize(("pair", "specific"), SPECIFIC, ids=[_id(p) for p, _ in SPECIFIC])
def test_the_effects_of_a_move_are_what_the_table_lists(
    pair: tuple[ClaimStatus, ClaimStatus], specific: tuple[Effect, ...]
) -> None:
    assert effects_of(*pair) == (E.DEADLINES, E.FRAUD, *specific, E.QUEUE, E.NOTICES)


def test_only_acceptance_checks_the_materials_and_only_review_can_be_held() -> None:
    after = {pair: effects_of(*pair, AFTER_AUDIT) for pair in TRANSITIONS}
    checked = {pair for pair, effects in after.items() if E.MATERIALS_CHECK in effects}
    held = {pair for pair, effects in after.items() if E.INVESTIGATION_HOLD in effects}
    assert checked == {(S.REPORTED, S.ACCEPTED)}
    assert held == {pair for pair in TRANSITIONS if pair[1] == S.UNDER_REVIEW}


def test_the_engine_runs_only_on_the_move_to_adjudicated() -> None:
    adjudicating = {pair for pair in TRANSITIONS if E.ADJUDICATE in effects_of(*pair)}
    assert adjudicating == {(S.UNDER_REVIEW, S.ADJUDICATED)}


def test_every_effect_is_listed_somewhere() -> None:
    listed = {reaction.effect for reaction in REACTIONS + AFTER_AUDIT}
    assert listed == set(Effect)


def test_the_reserve_follows_registration_adjudication_settlement_and_reopening_only() -> None:
    """After the move's audit record, first: 立案 is recorded after the acceptance itself."""
    reserving = {pair[1] for pair in TRANSITIONS if E.RESERVE in effects_of(*pair, AFTER_AUDIT)}
    assert reserving == {S.ACCEPTED, S.ADJUDICATED, S.PAID, S.DENIED, S.WITHDRAWN, S.CLOSED,
                         S.ARCHIVED, S.REOPENED}  # fmt: skip
    assert effects_of(S.REPORTED, S.ACCEPTED, AFTER_AUDIT) == (E.RESERVE, E.MATERIALS_CHECK)
    assert all(E.RESERVE not in effects_of(*pair) for pair in TRANSITIONS)
