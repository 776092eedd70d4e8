"""Issue 11: 大额案件 (≥ 10,000 yuan, in survey_rules.yaml) need a manager's opinion first.

The large claim end to end (refused, opinion, approved): test_student_accident_api.py.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from claimdesk.bootstrap import Container
from claimdesk.domain.claim import Claim
from claimdesk.domain.errors import IllegalTransition, ReasonRequired
from claimdesk.services.approval import large_claims
from claimdesk.workflow.authority import is_large_claim
from claimdesk.workflow.survey_assessment import default_thresholds
from tests.builders import World, a_world
from tests.services.test_payments import S, _move, _reviewed


def _review(world: World, who: str, claim: Claim, opinion: large_claims.Opinion) -> None:
    large_claims.record_review(
        world.container.context(),
        actor=world.users[who],
        claim_id=claim.id or 0,
        opinion=opinion,
        reason="发票与病历核对无误" if opinion == "agree" else "需补充调查",
    )


def test_the_threshold_is_configuration_and_inclusive() -> None:
    threshold = default_thresholds().large_case_from
    assert threshold == Decimal("10000")
    assert is_large_claim(Decimal("10000.00"), threshold)
    assert not is_large_claim(Decimal("9999.99"), threshold)


def test_a_small_claim_needs_no_opinion(container: Container) -> None:
    world = a_world(container)
    claim = _move(world, "specialist2", _reviewed(world, "1000.00"), S.ADJUDICATED)
    assert _move(world, "approver", claim, S.APPROVED).status == S.APPROVED


def test_an_opinion_needs_its_reason_and_an_adjudicated_claim(container: Container) -> None:
    world = a_world(container)
    claim = _reviewed(world, "1000.00")
    with pytest.raises(ReasonRequired):
        large_claims.record_review(world.container.context(), actor=world.users["manager"],
                                   claim_id=claim.id or 0, opinion=large_claims.Opinion.AGREE,
                                   reason=" ")  # fmt: skip
    with pytest.raises(IllegalTransition):
        _review(world, "manager", claim, large_claims.Opinion.AGREE)  # not adjudicated yet
