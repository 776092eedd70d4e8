"""小额快赔 on a stored claim: the facts the pure rule (workflow/fast_track.py) reads, and what
the approver signs for (shared by the work queue, the time limits and the large-claim check)."""

from __future__ import annotations

from decimal import Decimal

from claimdesk.domain.claim import Claim, LineOfBusiness
from claimdesk.services.ports import UnitOfWork
from claimdesk.workflow.deadlines import TimeLimitCode
from claimdesk.workflow.fast_track import FastTrackExit, FastTrackFacts, fast_track_exit
from claimdesk.workflow.survey_assessment import default_thresholds


def approval_amount(uow: UnitOfWork, claim: Claim) -> Decimal:
    """What the approver signs for: the adjudicated payable, else the amount claimed; for an
    auto claim the auto engine's settlement, never the reporter's estimate."""
    if claim.line_of_business == LineOfBusiness.AUTO:
        settled = uow.auto_settlements.active_for(claim.id or 0)
        return settled.payable if settled is not None else Decimal("0.00")
    payable = uow.adjudications.active_payable(claim.id or 0)
    return payable if payable is not None else claim.claimed_amount


def fast_track_facts(uow: UnitOfWork, claim: Claim) -> FastTrackFacts:
    """Health: decided at the report (≤ 3,000); auto: by the survey (vehicle damage, ≤ 5,000).
    A claim once sent to investigation (its complex-case opinion was due) left the track."""
    claim_id = claim.id or 0
    if claim.line_of_business == LineOfBusiness.AUTO:
        auto_file = uow.auto.find_file(claim_id)
        small = auto_file is not None and auto_file.fast_track
    else:
        small = claim.fast_track
    investigated = small and any(
        d.code == TimeLimitCode.COMPLEX_CASE_OPINION for d in uow.tracking.deadlines_for(claim_id)
    )
    return FastTrackFacts(
        line_of_business=str(claim.line_of_business),
        small_case=small,
        amount=approval_amount(uow, claim),
        difficult=claim.difficult,
        investigated=investigated,
    )


def fast_track_left(uow: UnitOfWork, claim: Claim) -> FastTrackExit | None:
    """None while the claim is on the fast track, else why it is not (or no longer)."""
    return fast_track_exit(fast_track_facts(uow, claim), default_thresholds())


def is_fast_track(uow: UnitOfWork, claim: Claim) -> bool:
    return fast_track_left(uow, claim) is None
