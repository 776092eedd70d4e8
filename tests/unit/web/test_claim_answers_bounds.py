"""The kept claim answers stay bounded and never answer for another revision."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, cast

from claimdesk.domain.claim import Claim
from claimdesk.domain.users import Permission, Role, User
from claimdesk.web.claim_answers import ClaimAnswers, KeptClaim

CLAIM = cast(Claim, object())  # the store never looks inside the claim


def _kept(revision: int, body: bytes = b"{}") -> KeptClaim:
    return KeptClaim(revision, CLAIM, "张三", {Role.SPECIALIST: body}, len(body))


def test_only_the_same_revision_is_answered() -> None:
    answers = ClaimAnswers()
    answers.keep(1, _kept(5))
    assert answers.get(1, 5) is not None
    assert answers.get(1, 6) is None and answers.get(2, 5) is None
    answers.keep(1, _kept(6))  # a newer revision replaces the older
    assert answers.get(1, 5) is None and answers.get(1, 6) is not None and len(answers) == 1


def test_least_recently_used_claims_go_first_past_the_count() -> None:
    answers = ClaimAnswers(capacity=2)
    answers.keep(1, _kept(1))
    answers.keep(2, _kept(2))
    assert answers.get(1, 1) is not None  # 1 used: 2 is now the oldest
    answers.keep(3, _kept(3))
    assert answers.get(2, 2) is None
    assert answers.get(1, 1) is not None and answers.get(3, 3) is not None


def test_a_page_is_answered_only_when_each_entry_is_kept_at_its_revision() -> None:
    answers = ClaimAnswers(capacity=3)
    first, second, third = _kept(1), _kept(2), _kept(3)
    answers.keep(1, first)
    answers.keep(2, second)
    answers.keep(3, third)
    assert answers.get_all([(3, 3), (1, 1)]) == [third, first]  # in the page's order
    assert answers.get_all([]) == []
    assert answers.get_all([(1, 1), (2, 5)]) is None  # one at another revision
    assert answers.get_all([(1, 1), (4, 4)]) is None  # one not kept
    answers.keep(4, _kept(4))  # 3 and 1 were used by the page: 2 is the oldest
    assert answers.get(2, 2) is None
    assert answers.get(1, 1) is first and answers.get(3, 3) is third


def test_bodies_past_the_bytes_push_out_the_oldest() -> None:
    answers = ClaimAnswers(max_bytes=25)
    answers.keep(1, _kept(1, b"x" * 10))
    answers.keep(2, _kept(2, b"y" * 10))
    assert answers.bytes == 20
    kept = answers.get(2, 2)
    assert kept is not None
    answers.add_body(2, kept, Role.CUSTOMER, b"z" * 10)  # 30 bytes: claim 1 goes
    assert answers.get(1, 1) is None and answers.bytes == 20
    assert kept.bodies[Role.CUSTOMER] == b"z" * 10


def test_a_body_for_a_replaced_entry_is_not_kept() -> None:
    answers = ClaimAnswers()
    old = _kept(1)
    answers.keep(1, old)
    answers.keep(1, _kept(2))
    answers.add_body(1, old, Role.CUSTOMER, b"{}")
    kept: Any = answers.get(1, 2)
    assert Role.CUSTOMER not in kept.bodies and answers.bytes == 2


def test_what_a_user_may_do_is_their_roles() -> None:
    """The bodies are kept per role: `moves_for` asks `User.can`, which must depend on the
    role alone (a per-user permission would need its own key)."""
    base = User(1, "a", "A", Role.SPECIALIST)
    others = [replace(base, id=2, username="b", insured_person_id=7, language="en",
                      lines_of_business=("health",), phone="1", email="e")]  # fmt: skip
    for role in Role:
        for other in others:
            one, two = replace(base, role=role), replace(other, role=role)
            assert [one.can(p) for p in Permission] == [two.can(p) for p in Permission]
