"""Claim milestones (理赔节点): when each step of a claim happened, folded from its audit trail.

The read side keeps one row per claim (`claim_milestones`), updated in the transaction of every
claim audit record; reports aggregate it instead of replaying the trail. This module is the
fold: which recorded action stamps which milestone, and when a claim counts as settled (结案).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from claimdesk.domain.claim import ClaimStatus

S = ClaimStatus
# Off the books (not 未决): the outcome is known. closed/archived follow one of the outcomes.
SETTLED = frozenset({S.PAID, S.CLOSED, S.ARCHIVED, S.DENIED, S.WITHDRAWN})
OUTCOMES = frozenset({S.PAID, S.DENIED, S.WITHDRAWN})
# The first time counts: 受理, 立案 (auto reserve or explicit registration), 材料齐全 (review).
FIRST_STAMPS = {
    "move:accepted": "accepted_at",
    "set_reserve": "registered_at",
    "register_claim": "registered_at",
    "move:under_review": "materials_complete_at",
}
# The last time counts: a claim sent back by the approver is adjudicated again.
LAST_STAMPS = {
    "move:adjudicated": "adjudicated_at",
    "move:approved": "approved_at",
    "move:paid": "paid_at",
}


class OpenReason(StrEnum):
    """未结案原因: why an open claim is still open (issue 13)."""

    IN_REGISTRATION = "in_registration"  # 报案/受理中
    AWAITING_MATERIALS = "awaiting_materials"  # 等待客户补充材料
    IN_REVIEW = "in_review"  # 审核理算中
    UNDER_INVESTIGATION = "under_investigation"  # 调查/查勘中
    AWAITING_APPROVAL = "awaiting_approval"  # 待核赔
    AWAITING_PAYMENT = "awaiting_payment"  # 待支付
    AWAITING_THIRD_PARTY = "awaiting_third_party"  # 等待第三方（交警、医院、公估）
    DISPUTE = "dispute"  # 争议或诉讼
    OTHER = "other"  # 其他


# What the state alone says; staff set a reason when the truth is elsewhere (third party, …).
REASON_FOR_STATUS = {
    S.REPORTED: OpenReason.IN_REGISTRATION,
    S.ACCEPTED: OpenReason.IN_REGISTRATION,
    S.MATERIALS_PENDING: OpenReason.AWAITING_MATERIALS,
    S.UNDER_REVIEW: OpenReason.IN_REVIEW,
    S.REOPENED: OpenReason.IN_REVIEW,
    S.INVESTIGATION: OpenReason.UNDER_INVESTIGATION,
    S.ADJUDICATED: OpenReason.AWAITING_APPROVAL,
    S.APPROVED: OpenReason.AWAITING_PAYMENT,
    S.PAYMENT_PENDING: OpenReason.AWAITING_PAYMENT,
}


def open_reason(status: str, set_by_staff: str | None) -> OpenReason | None:
    """The staff's reason wins; otherwise the state's; None for a settled claim."""
    if status in SETTLED:
        return None
    if set_by_staff:
        return OpenReason(set_by_staff)
    return REASON_FOR_STATUS.get(S(status), OpenReason.OTHER)


@dataclass(frozen=True)
class Milestones:
    accepted_at: datetime | None = None
    registered_at: datetime | None = None
    materials_complete_at: datetime | None = None
    adjudicated_at: datetime | None = None
    approved_at: datetime | None = None
    paid_at: datetime | None = None
    closed_at: datetime | None = None  # 结案: reached paid, denied or withdrawn
    outcome: str | None = None  # paid | denied | withdrawn


def stamp(current: Milestones, action: str, at: datetime, status: str) -> Milestones:
    """The milestones after a claim's audit record `action` at `at`, its status now `status`."""
    changes: dict[str, Any] = {}
    first = FIRST_STAMPS.get(action)
    if first is not None and getattr(current, first) is None:
        changes[first] = at
    last = LAST_STAMPS.get(action)
    if last is not None:
        changes[last] = at
    settled = _settled(current, action, at, status)
    return replace(current, **changes, **settled)


def _settled(current: Milestones, action: str, at: datetime, status: str) -> dict[str, Any]:
    if status not in SETTLED:
        return {"closed_at": None, "outcome": None}  # reopened, or a payment came back
    target = action.removeprefix("move:") if action.startswith("move:") else ""
    if current.closed_at is None and target:
        return {"closed_at": at, "outcome": target if target in OUTCOMES else current.outcome}
    return {}
