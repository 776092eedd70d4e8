"""After the survey: 复勘, 大额案件, 招标定损, 以修为主, fast track (seed 000, seed 002 1.3.2)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from claimdesk.workflow.survey_assessment import (
    AssessmentCode,
    AssessmentLine,
    PartAction,
    SurveyAction,
    SurveyThresholds,
    SurveyThresholdsError,
    default_thresholds,
    fast_track,
    parse_thresholds,
    post_survey_actions,
    repair_before_replace_findings,
    resurvey_finding,
)

THRESHOLDS = default_thresholds()
A = SurveyAction


def test_given_the_shipped_configuration_when_loading_then_seed_figures_apply() -> None:
    assert SurveyThresholds() == THRESHOLDS


@pytest.mark.parametrize(
    ("loss", "expected"),
    [
        pytest.param("4999.99", (), id="under-5000"),
        pytest.param("5000", (A.RESURVEY,), id="5000-resurvey"),
        pytest.param("9999.99", (A.RESURVEY,), id="under-10000"),
        pytest.param("10000", (A.RESURVEY, A.LARGE_CASE_REVIEW), id="10000-large-case"),
        pytest.param("29999.99", (A.RESURVEY, A.LARGE_CASE_REVIEW), id="under-30000"),
        pytest.param("30000", (A.RESURVEY, A.LARGE_CASE_REVIEW, A.TENDER), id="30000-tender"),
    ],
)
def test_given_an_assessed_loss_when_surveyed_then_the_thresholds_trigger_their_steps(
    loss: str, expected: tuple[SurveyAction, ...]
) -> None:
    assert post_survey_actions(Decimal(loss), THRESHOLDS) == expected


def test_given_the_same_surveyor_when_assigning_the_resurvey_then_refused() -> None:
    finding = resurvey_finding("surveyor-7", "surveyor-7")

    assert finding is not None
    assert finding.code is AssessmentCode.SAME_SURVEYOR_RESURVEY


def test_given_another_surveyor_when_assigning_the_resurvey_then_accepted() -> None:
    assert resurvey_finding("surveyor-7", "surveyor-9") is None


def test_given_lines_when_checking_repair_before_replace_then_unexplained_replacing_flagged() -> (
    None
):
    lines = [
        AssessmentLine("前保险杠", PartAction.REPAIR),
        AssessmentLine("左前大灯", PartAction.REPLACE_PART, reason="灯壳碎裂无法修复"),
        AssessmentLine("右后视镜", PartAction.REPLACE_PART),
        AssessmentLine("前桥总成", PartAction.REPLACE_ASSEMBLY, reason="  "),
    ]

    findings = repair_before_replace_findings(lines)

    assert [(f.code, f.part) for f in findings] == [
        (AssessmentCode.REPLACE_WITHOUT_REASON, "右后视镜"),
        (AssessmentCode.ASSEMBLY_WITHOUT_REASON, "前桥总成"),
    ]
    assert "右后视镜" in findings[0].message_zh


@pytest.mark.parametrize(
    ("line", "loss", "vehicle_only", "expected"),
    [
        pytest.param("health", "3000", False, AssessmentCode.FAST_TRACK, id="health-3000"),
        pytest.param(
            "health", "3000.01", False, AssessmentCode.OVER_FAST_TRACK_LIMIT, id="health-over"
        ),
        pytest.param("auto", "5000", True, AssessmentCode.FAST_TRACK, id="auto-5000-vehicle-only"),
        pytest.param("auto", "5000.01", True, AssessmentCode.OVER_FAST_TRACK_LIMIT, id="auto-over"),
        pytest.param(
            "auto", "800", False, AssessmentCode.NOT_VEHICLE_DAMAGE_ONLY, id="auto-injury"
        ),
        pytest.param("accident", "100", True, AssessmentCode.NO_FAST_TRACK_FOR_LINE, id="no-line"),
    ],
)
def test_given_a_small_case_when_checking_fast_track_then_the_configured_limit_decides(
    line: str, loss: str, vehicle_only: bool, expected: AssessmentCode
) -> None:
    decision = fast_track(line, Decimal(loss), THRESHOLDS, vehicle_damage_only=vehicle_only)

    assert decision.code is expected
    assert decision.eligible is (expected is AssessmentCode.FAST_TRACK)


def test_given_an_edited_configuration_when_checking_fast_track_then_the_new_limit_applies() -> (
    None
):
    thresholds = parse_thresholds(
        """
thresholds:
  resurvey_from: "5000"
  large_case_from: "10000"
  tender_from: "30000"
  fast_track_max: {health: "2000"}
"""
    )

    assert fast_track("health", Decimal("2500"), thresholds).eligible is False
    assert (
        fast_track("auto", Decimal("100"), thresholds, vehicle_damage_only=True).eligible is False
    )


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("thresholds: {}", id="empty"),
        pytest.param(
            'thresholds: {resurvey_from: "x", large_case_from: "1", tender_from: "1", '
            "fast_track_max: {}}",
            id="not-an-amount",
        ),
        pytest.param("nothing: 1", id="no-section"),
    ],
)
def test_given_broken_thresholds_when_loading_then_refused(text: str) -> None:
    with pytest.raises(SurveyThresholdsError):
        parse_thresholds(text)
