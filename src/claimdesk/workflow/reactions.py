"""What follows a claim move (理赔流程的联动), as data: one table, read by `apply_move`.

Every move, made by a person or by the system (a payment result, a panel decision, the
materials check, a referral), runs the effects its row lists, in the table's order, inside
the move's transaction. `AFTER_AUDIT` effects may move the claim on again (a system move).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from claimdesk.domain.claim import ClaimStatus

S = ClaimStatus


class Effect(StrEnum):
    DEADLINES = "deadlines"  # 时效: open, close, pause the claim's deadlines
    FRAUD = "fraud"  # hard stops before adjudication, red-flag reassessment, risk re-score
    ADJUDICATE = "adjudicate"  # run the engine, store the result, book the benefit ledger
    RELEASE_BENEFITS = "release_benefits"  # give back what the adjudication had booked
    PAYMENT_INSTRUCTION = "payment_instruction"  # 核赔通过 → 支付指令
    QUEUE = "queue"  # the work queue follows the claim to its next step
    NOTICES = "notices"  # 受理成功, 核赔结果, 赔款到账, 回访
    MATERIALS_CHECK = "materials_check"  # 一次性告知 on acceptance; may move the claim on
    INVESTIGATION_HOLD = "investigation_hold"  # a holding referral takes the claim to 调查
    SETTLE = "settle"  # 赔款到账: every payment already confirmed (an advance) → paid
    CANCEL_PAYMENTS = "cancel_payments"  # denied, withdrawn, closed: unsent payments cancelled
    ZERO_SETTLEMENT = "zero_settlement"  # approved at 0.00: closed, never sent to payment
    RESERVE = "reserve"  # 立案 and its reserve on acceptance, released at settlement
    ARCHIVE_FILE = "archive_file"  # 归档: the archive record with its retention dates


ANY: frozenset[ClaimStatus] = frozenset(ClaimStatus)


@dataclass(frozen=True)
class Reaction:
    """`effect` follows every move from one of `sources` to one of `targets`."""

    effect: Effect
    sources: frozenset[ClaimStatus] = ANY
    targets: frozenset[ClaimStatus] = ANY

    def follows(self, source: ClaimStatus, target: ClaimStatus) -> bool:
        return source in self.sources and target in self.targets


# 立案估损 on acceptance (health, accident; auto is registered at the report), released at
# settlement (结案), set again by the product's rule on reopening.
RESERVE_TARGETS = frozenset(
    {S.ACCEPTED, S.ADJUDICATED, S.PAID, S.DENIED, S.WITHDRAWN, S.CLOSED, S.ARCHIVED, S.REOPENED}
)

REACTIONS: tuple[Reaction, ...] = (
    Reaction(Effect.DEADLINES),
    Reaction(Effect.FRAUD),
    Reaction(Effect.ADJUDICATE, targets=frozenset({S.ADJUDICATED})),
    # Denied or withdrawn after adjudication, or sent back by the approver (核赔退回).
    Reaction(Effect.RELEASE_BENEFITS, targets=frozenset({S.DENIED, S.WITHDRAWN})),
    Reaction(
        Effect.RELEASE_BENEFITS,
        sources=frozenset({S.ADJUDICATED}),
        targets=frozenset({S.UNDER_REVIEW}),
    ),
    # Not again when a failed transfer brings the claim back to approved (赔款支付失败).
    Reaction(
        Effect.PAYMENT_INSTRUCTION,
        sources=frozenset({S.ADJUDICATED}),
        targets=frozenset({S.APPROVED}),
    ),
    # Payments follow the claim: nothing not yet at the bank is paid on a claim that ended.
    Reaction(
        Effect.CANCEL_PAYMENTS,
        targets=frozenset({S.DENIED, S.WITHDRAWN, S.CLOSED, S.ARCHIVED}),
    ),
    Reaction(Effect.QUEUE),
    Reaction(Effect.NOTICES),
    Reaction(Effect.ARCHIVE_FILE, targets=frozenset({S.ARCHIVED})),
)

# After the move is audited: these may make a further (system) move from where it ended.
AFTER_AUDIT: tuple[Reaction, ...] = (
    # First, so 立案 is recorded right after the acceptance, before the materials check moves on.
    Reaction(Effect.RESERVE, targets=RESERVE_TARGETS),
    Reaction(Effect.MATERIALS_CHECK, targets=frozenset({S.ACCEPTED})),
    Reaction(Effect.INVESTIGATION_HOLD, targets=frozenset({S.UNDER_REVIEW})),
    # Paid only as the consequence of confirmed payments: when they were all confirmed before
    # the claim reached payment_pending (e.g. an advance, 先予支付, covering it all).
    Reaction(Effect.SETTLE, targets=frozenset({S.PAYMENT_PENDING})),
    Reaction(
        Effect.ZERO_SETTLEMENT, sources=frozenset({S.ADJUDICATED}), targets=frozenset({S.APPROVED})
    ),
)


def effects_of(
    source: ClaimStatus, target: ClaimStatus, table: tuple[Reaction, ...] = REACTIONS
) -> tuple[Effect, ...]:
    """The effects of one move, in table order, each once."""
    found: list[Effect] = []
    for reaction in table:
        if reaction.follows(source, target) and reaction.effect not in found:
            found.append(reaction.effect)
    return tuple(found)
