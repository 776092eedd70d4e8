"""小额快赔 (fast track) as a path: which claims take it, and what it changes.

A claim is on the fast track when it was reported (health/accident, ≤ 3,000) or surveyed
(auto, vehicle damage only, ≤ 5,000) as a small case, its materials are complete, nobody sent
it to the panel (疑难) or to investigation, and the amount to approve is still within the
line's limit (survey_rules.yaml `thresholds.fast_track_max`, seed 002 1.3.2). Such a claim is
approved by a single approver within limits — any approver whose authority covers it, never
the panel and never the large-claim review — within one working day, and the whole decision is
due three days after the materials are complete (`fast_track_decision`, seed 002 1.2.2).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from claimdesk.workflow.survey_assessment import SurveyThresholds, fast_track


class FastTrackExit(StrEnum):
    """Why a claim reported as a small case left the fast track (audited, shown on the page)."""

    NOT_SMALL = "NOT_SMALL"  # never reported / surveyed as a small case
    PANEL = "PANEL"  # sent to the difficult-case panel
    INVESTIGATION = "INVESTIGATION"  # sent to investigation
    OVER_LIMIT = "OVER_LIMIT"  # the amount to approve is over the fast-track limit


@dataclass(frozen=True)
class FastTrackFacts:
    line_of_business: str
    small_case: bool  # reported (health) or surveyed (auto) as a small case
    amount: Decimal  # what the approver signs for
    difficult: bool = False
    investigated: bool = False


def fast_track_exit(facts: FastTrackFacts, thresholds: SurveyThresholds) -> FastTrackExit | None:
    """None while the claim stays on the fast track; otherwise the first reason it left."""
    if not facts.small_case:
        return FastTrackExit.NOT_SMALL
    if facts.difficult:
        return FastTrackExit.PANEL
    if facts.investigated:
        return FastTrackExit.INVESTIGATION
    decision = fast_track(
        facts.line_of_business, facts.amount, thresholds, vehicle_damage_only=True
    )
    if not decision.eligible:
        return FastTrackExit.OVER_LIMIT
    return None


def on_fast_track(facts: FastTrackFacts, thresholds: SurveyThresholds) -> bool:
    return fast_track_exit(facts, thresholds) is None
