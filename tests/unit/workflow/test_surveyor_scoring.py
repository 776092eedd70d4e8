"""Surveyor scores (查勘员考核) from the seed 000 rubric on a hand-computed month."""

from __future__ import annotations

from decimal import Decimal

from claimdesk.workflow.surveyor_scoring import SurveyFacts, load_rubric, monthly_scores


def test_rubric_is_seed_000_twenty_sixty_twenty() -> None:
    assert [(s.code, s.points) for s in load_rubric()] == [
        ("conduct", 20),
        ("quality", 60),
        ("timeliness", 20),
    ]


def test_monthly_scores_deduct_per_survey_and_rank_best_first() -> None:
    surveys = [
        # wang: one late contact (−5 timeliness), one incomplete report (−3 quality),
        # an estimate 15% off the final payable (−3), a complaint (−2 conduct)
        SurveyFacts("wang", late_contact=True, estimate_deviation=Decimal("0.15")),
        SurveyFacts("wang", incomplete=True, complaints=1),
        # li: within tolerance everywhere (a 10% deviation is not over 10%)
        SurveyFacts("li", estimate_deviation=Decimal("0.10"), resurvey_deviation=Decimal("0")),
        # zhao: five late contacts take 25 of 20 → timeliness floors at 0; a re-survey −5
        *[SurveyFacts("zhao", late_contact=True) for _ in range(5)],
        SurveyFacts("zhao", resurvey_deviation=Decimal("0.2")),
    ]
    scores = monthly_scores(surveys, load_rubric())
    assert [(s.surveyor, s.total) for s in scores] == [("li", 100), ("wang", 87), ("zhao", 75)]
    wang = scores[1]
    assert wang.surveys == 2
    assert dict(wang.sections) == {"conduct": 18, "quality": 54, "timeliness": 15}
    assert dict(scores[2].sections)["timeliness"] == 0
