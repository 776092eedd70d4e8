"""小额快赔 path rule: which claims stay on the fast track (pure)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from claimdesk.workflow.fast_track import FastTrackExit, FastTrackFacts, fast_track_exit
from claimdesk.workflow.survey_assessment import SurveyThresholds

LIMITS = SurveyThresholds()


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (FastTrackFacts("health", True, Decimal("3000.00")), None),
        (FastTrackFacts("health", True, Decimal("3000.01")), FastTrackExit.OVER_LIMIT),
        (FastTrackFacts("auto", True, Decimal("5000.00")), None),
        (FastTrackFacts("auto", True, Decimal("5000.01")), FastTrackExit.OVER_LIMIT),
        (FastTrackFacts("accident", True, Decimal("10.00")), FastTrackExit.OVER_LIMIT),
        (FastTrackFacts("health", False, Decimal("10.00")), FastTrackExit.NOT_SMALL),
        (FastTrackFacts("health", True, Decimal("10.00"), difficult=True), FastTrackExit.PANEL),
        (
            FastTrackFacts("health", True, Decimal("10.00"), investigated=True),
            FastTrackExit.INVESTIGATION,
        ),
    ],
)
def test_fast_track_exit(facts: FastTrackFacts, expected: FastTrackExit | None) -> None:
    assert fast_track_exit(facts, LIMITS) == expected
