"""Named actions over the lifecycle moves: every person's move has a name and a label with
its consequence, the names depend on where the claim comes from, and what it waits for."""

from __future__ import annotations

from claimdesk.domain.claim import ClaimStatus as S
from claimdesk.domain.labels import FAMILIES
from claimdesk.domain.users import Role
from claimdesk.workflow.claim_actions import (
    ClaimAction as A,
)
from claimdesk.workflow.claim_actions import (
    action_of,
    action_to,
    actions_for,
    names_move,
    waiting_for,
)
from claimdesk.workflow.lifecycle import TRANSITIONS


def test_every_move_a_person_makes_has_a_labelled_name_and_consequence() -> None:
    for (source, target), move in TRANSITIONS.items():
        if move.system_only:
            continue
        action = action_of(source, target)
        assert names_move(action, target), (source, target, action)
        assert action in FAMILIES["claim_action"] and action in FAMILIES["action_consequence"]
    assert set(A) <= set(FAMILIES["claim_action"])


def test_the_same_target_is_named_by_where_the_claim_comes_from() -> None:
    assert action_of(S.MATERIALS_PENDING, S.UNDER_REVIEW) == A.SUBMIT_REVIEW
    assert action_of(S.ADJUDICATED, S.UNDER_REVIEW) == A.RETURN_TO_REVIEW  # 核赔退回
    assert action_of(S.INVESTIGATION, S.UNDER_REVIEW) == A.FINISH_INVESTIGATION
    assert action_of(S.UNDER_REVIEW, S.ADJUDICATED) == A.SUBMIT_APPROVAL  # 提交核赔
    assert action_of(S.PAYMENT_PENDING, S.APPROVED) == A.PAYMENT_FAILED
    assert action_to(S.APPROVED, A.PAYMENT_FAILED) == A.PAYMENT_FAILED
    assert action_to(S.APPROVED, A.DENY) == A.APPROVE  # a form's wrong name is not believed


def test_deny_is_confirmed_destructive_and_last() -> None:
    actions = actions_for(S.UNDER_REVIEW, [S.DENIED, S.MATERIALS_PENDING, S.ADJUDICATED],
                          may_mark_difficult=True, difficult=False)  # fmt: skip
    codes = [a.code for a in actions]
    assert codes[-1] == A.DENY and actions[-1].confirm and actions[-1].destructive
    assert A.MARK_DIFFICULT in codes and codes.index(A.SUBMIT_APPROVAL) < codes.index(A.DENY)
    request = next(a for a in actions if a.code == A.REQUEST_MATERIALS)
    assert request.confirm and not request.destructive
    again = actions_for(S.UNDER_REVIEW, [], may_mark_difficult=True, difficult=True)
    assert again == []  # already a panel case


def test_what_the_claim_waits_for() -> None:
    pending = waiting_for(S.MATERIALS_PENDING, ("bank_book_copy",), difficult=False)
    assert (pending.on, pending.role, pending.materials) == (
        "customer_materials", Role.CUSTOMER, ("bank_book_copy",))  # fmt: skip
    assert waiting_for(S.ADJUDICATED, (), difficult=False).role == Role.APPROVER
    assert waiting_for(S.ADJUDICATED, (), difficult=True).on == "panel"
    assert waiting_for(S.UNDER_REVIEW, ("id_copy",), difficult=False).materials == ()
    assert all(waiting_for(s, (), difficult=False).on in FAMILIES["waiting_on"] for s in S)
