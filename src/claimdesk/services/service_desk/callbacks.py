"""Satisfaction callbacks (回访): which paid claims are called back, and recording the call.

Not every claim is called (seed 000 电话回访): every claim with a complaint or a low rating,
plus a deterministic one-in-N sample by claim id, so the sample is reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from claimdesk.domain.audit import AuditEntry
from claimdesk.domain.claim import Claim
from claimdesk.domain.errors import ErrorCode, InvalidInput
from claimdesk.domain.refusals import Refused
from claimdesk.domain.service_desk import Callback, CallbackDue, CallbackMade
from claimdesk.domain.users import Permission, User
from claimdesk.services.access import require
from claimdesk.services.context import ServiceContext
from claimdesk.services.ports import UnitOfWork

SHANGHAI = ZoneInfo("Asia/Shanghai")
SAMPLE_EVERY = 10  # one claim in ten by id, beyond every complaint and low rating
LOW_RATING = 3  # a portal rating at or below this is always called back


@dataclass(frozen=True)
class CallbackFacts:
    claim_id: int
    complaints: int
    rating: int | None


@dataclass(frozen=True)
class SatisfactionFacts:
    scores: tuple[int, ...]  # portal ratings and callback scores given in the month
    callbacks_done: int
    callbacks_due: int


def needs_callback(facts: CallbackFacts, every: int = SAMPLE_EVERY) -> bool:
    """The sampling rule: complaints and low ratings always, the rest one in `every` by id."""
    if facts.complaints or (facts.rating is not None and facts.rating <= LOW_RATING):
        return True
    return facts.claim_id % every == 0


def callback_wanted(uow: UnitOfWork, claim: Claim) -> bool:
    """Hook in queues.route_claim: whether the paid claim opens a call_back task."""
    claim_id = claim.id or 0
    rating = uow.portal.rating_for(claim_id)
    facts = CallbackFacts(
        claim_id, len(uow.portal.complaints_for(claim_id)), rating.score if rating else None
    )
    return needs_callback(facts)


def record_callback(
    context: ServiceContext, *, actor: User, claim_id: int, wanted: Callback
) -> Callback:
    """The agent records the call; it closes the claim's open call_back task."""
    uow, clock = context.uow, context.clock
    require(actor, Permission.SERVE_CUSTOMERS)
    score = _checked_score(wanted.reached, wanted.score)
    with uow:
        uow.claims.get(claim_id)
        if not uow.service_desk.close_callback_task(claim_id, clock.now()):
            raise Refused(ErrorCode.CALLBACK_NOT_DUE, field="claim_id")
        saved = uow.service_desk.add_callback(
            Callback(None, claim_id, wanted.reached, score, wanted.comment.strip()[:2000],
                     clock.now(), actor.id)
        )  # fmt: skip
        after = {"callback": saved.id, "reached": saved.reached, "score": saved.score}
        uow.audit.append(
            AuditEntry(actor.username, "record_callback", "claim", str(claim_id), None, after),
            clock.now(),
        )
        uow.commit()
        return saved


def callback_lists(
    context: ServiceContext, *, actor: User, limit: int
) -> tuple[list[CallbackDue], list[CallbackMade]]:
    """The desk's two lists: calls still to make (earliest due first) and recent outcomes."""
    uow = context.uow
    require(actor, Permission.SERVE_CUSTOMERS)
    with uow:
        return uow.service_desk.due_callbacks(limit=limit), uow.service_desk.recent_callbacks(
            limit=limit
        )


def satisfaction_facts(context: ServiceContext, *, actor: User, month: date) -> SatisfactionFacts:
    """What the month's satisfaction report reads (the month in Beijing time)."""
    uow = context.uow
    require(actor, Permission.READ_ALL_CLAIMS)
    start, end = month_bounds(month)
    with uow:
        callbacks = uow.service_desk.callbacks_between(start, end)
        ratings = uow.service_desk.rating_scores_between(start, end)
        due = uow.service_desk.callback_tasks_between(start, end)
    scores = tuple(ratings) + tuple(c.score for c in callbacks if c.score is not None)
    return SatisfactionFacts(scores, len(callbacks), due)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    first = month.replace(day=1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return (
        datetime.combine(first, time(), tzinfo=SHANGHAI),
        datetime.combine(following, time(), tzinfo=SHANGHAI),
    )


def _checked_score(reached: bool, score: int | None) -> int | None:
    if not reached:
        return None  # nobody answered: nothing to score
    if score is None or not 1 <= score <= 5:
        raise InvalidInput("评分应为 1 到 5", "the score must be 1 to 5", field="score")
    return score
