"""Named actions on a claim (受理, 提交理算, 退回补充材料, 拒赔…) over the lifecycle moves.

A person never picks a target status: the claim page offers the actions whose move the
lifecycle table (workflow/lifecycle.py) allows from the claim's state and the user's
permissions (`moves_for`), each named for what it does, with its consequence. The server
still checks every move; this table only names them. Destructive or reasoned actions go
through a confirmation step. What the claim waits for, and from whom, comes from its state.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from claimdesk.domain.claim import ClaimStatus
from claimdesk.domain.users import Role

S = ClaimStatus


class ClaimAction(StrEnum):
    ACCEPT = "accept"  # 受理
    SUBMIT_REVIEW = "submit_review"  # 提交理算 (materials complete)
    SUBMIT_APPROVAL = "submit_approval"  # 提交核赔 (the engine calculates, the approver decides)
    APPROVE = "approve"  # 核赔通过
    RETURN_TO_REVIEW = "return_to_review"  # 核赔退回
    REQUEST_MATERIALS = "request_materials"  # 退回补充材料
    DENY = "deny"  # 拒赔
    REQUEST_INVESTIGATION = "request_investigation"  # 申请调查
    FINISH_INVESTIGATION = "finish_investigation"  # 调查完毕，退回审核
    MARK_DIFFICULT = "mark_difficult"  # 转疑难案件 (not a move: the panel decides)
    START_PAYMENT = "start_payment"  # 发起支付
    PAYMENT_FAILED = "payment_failed"  # 支付失败退回
    CLOSE = "close"  # 结案
    ARCHIVE = "archive"  # 归档
    REOPEN = "reopen"  # 重开
    WITHDRAW = "withdraw"  # 撤案


A = ClaimAction


@dataclass(frozen=True)
class NamedAction:
    code: ClaimAction
    target: ClaimStatus | None  # None: not a lifecycle move (转疑难案件)
    confirm: bool = False  # a confirmation step (with its reason) before it happens
    destructive: bool = False  # styled as such: it ends or reverses the claim's course


# The target each action moves to, from the states it is offered in.
_BY_TARGET: dict[ClaimStatus, ClaimAction] = {
    S.ACCEPTED: A.ACCEPT,
    S.MATERIALS_PENDING: A.REQUEST_MATERIALS,
    S.ADJUDICATED: A.SUBMIT_APPROVAL,
    S.APPROVED: A.APPROVE,
    S.DENIED: A.DENY,
    S.INVESTIGATION: A.REQUEST_INVESTIGATION,
    S.PAYMENT_PENDING: A.START_PAYMENT,
    S.CLOSED: A.CLOSE,
    S.ARCHIVED: A.ARCHIVE,
    S.REOPENED: A.REOPEN,
    S.WITHDRAWN: A.WITHDRAW,
}
# Moves whose name depends on where the claim comes from.
_BY_MOVE: dict[tuple[ClaimStatus, ClaimStatus], ClaimAction] = {
    (S.ADJUDICATED, S.UNDER_REVIEW): A.RETURN_TO_REVIEW,
    (S.INVESTIGATION, S.UNDER_REVIEW): A.FINISH_INVESTIGATION,
    (S.PAYMENT_PENDING, S.APPROVED): A.PAYMENT_FAILED,
}
CONFIRMED = frozenset(
    {A.REQUEST_MATERIALS, A.DENY, A.REQUEST_INVESTIGATION, A.RETURN_TO_REVIEW,
     A.FINISH_INVESTIGATION, A.PAYMENT_FAILED, A.REOPEN, A.WITHDRAW, A.MARK_DIFFICULT}
)  # fmt: skip
DESTRUCTIVE = frozenset({A.DENY, A.WITHDRAW, A.PAYMENT_FAILED})
# 转疑难案件: while the claim is still being decided.
DIFFICULT_FROM = frozenset({S.UNDER_REVIEW, S.INVESTIGATION, S.ADJUDICATED})
ORDER = tuple(ClaimAction)


def action_of(source: ClaimStatus, target: ClaimStatus) -> ClaimAction:
    """The name of the move source → target."""
    named = _BY_MOVE.get((source, target))
    if named is not None:
        return named
    if target == S.UNDER_REVIEW:
        return A.SUBMIT_REVIEW
    return _BY_TARGET[target]


def named(code: ClaimAction, target: ClaimStatus | None) -> NamedAction:
    return NamedAction(code, target, code in CONFIRMED, code in DESTRUCTIVE)


def actions_for(
    status: ClaimStatus, moves: list[ClaimStatus], *, may_mark_difficult: bool, difficult: bool
) -> list[NamedAction]:
    """The named actions for the moves the user may make now (and 转疑难案件 for managers),
    in the order of the claim's course; destructive ones last."""
    found = [named(action_of(status, target), target) for target in moves]
    if may_mark_difficult and not difficult and status in DIFFICULT_FROM:
        found.append(named(A.MARK_DIFFICULT, None))
    return sorted(found, key=lambda a: (a.destructive, ORDER.index(a.code)))


def find_action(
    status: ClaimStatus, moves: list[ClaimStatus], code: ClaimAction, *, may_mark_difficult: bool,
    difficult: bool,
) -> NamedAction | None:  # fmt: skip
    """The action `code` when it is offered now (the confirmation page shows only those)."""
    offered = actions_for(status, moves, may_mark_difficult=may_mark_difficult,
                          difficult=difficult)  # fmt: skip
    return next((a for a in offered if a.code == code), None)


@dataclass(frozen=True)
class Waiting:
    """What the claim waits for and from whom (等待客户补充：银行卡复印件)."""

    on: str  # a code of the `waiting_on` label family
    role: Role | None  # who acts next; None: nobody (a final state)
    materials: tuple[str, ...] = ()  # material codes still missing (from the customer)


_WAITING: dict[ClaimStatus, tuple[str, Role | None]] = {
    S.REPORTED: ("acceptance", Role.SPECIALIST),
    S.ACCEPTED: ("materials_check", Role.SPECIALIST),
    S.REOPENED: ("materials_check", Role.SPECIALIST),
    S.MATERIALS_PENDING: ("customer_materials", Role.CUSTOMER),
    S.UNDER_REVIEW: ("adjustment", Role.SPECIALIST),
    S.INVESTIGATION: ("investigation", Role.INVESTIGATOR),
    S.ADJUDICATED: ("approval", Role.APPROVER),
    S.APPROVED: ("payment", Role.FINANCE),
    S.PAYMENT_PENDING: ("bank", Role.FINANCE),
    S.PAID: ("closing", Role.FINANCE),
    S.DENIED: ("closing", Role.MANAGER),
    S.WITHDRAWN: ("closing", Role.MANAGER),
    S.CLOSED: ("nothing", None),
    S.ARCHIVED: ("nothing", None),
}


def waiting_for(status: ClaimStatus, missing: tuple[str, ...], difficult: bool) -> Waiting:
    """The claim's next step; a difficult case undecided waits for the panel."""
    if difficult and status in DIFFICULT_FROM:
        return Waiting("panel", Role.APPROVER)
    on, role = _WAITING[status]
    return Waiting(on, role, missing if status == S.MATERIALS_PENDING else ())


def names_move(action: ClaimAction, target: ClaimStatus) -> bool:
    """Whether `action` is a name of some move to `target` (a form's action checked)."""
    sources = [source for (source, to), code in _BY_MOVE.items() if code == action]
    return any(to == target for (_, to), code in _BY_MOVE.items() if code == action) or (
        not sources and (_BY_TARGET.get(target) == action or
                         (target == S.UNDER_REVIEW and action == A.SUBMIT_REVIEW))
    )  # fmt: skip


def action_to(target: ClaimStatus, given: ClaimAction | None) -> ClaimAction:
    """The action a move to `target` was: the form's own when it names that move."""
    if given is not None and names_move(given, target):
        return given
    return _BY_TARGET.get(target, A.SUBMIT_REVIEW)
