"""After the survey (定损): re-survey, large case, competitive quotes, repair before replace,
fast track. Thresholds are configuration (survey_rules.yaml `thresholds`), never literals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from claimdesk.domain.money import InvalidAmount, parse_amount


class SurveyAction(StrEnum):
    RESURVEY = "RESURVEY"  # 复勘 by another surveyor (seed 000 长沙中心 6)
    LARGE_CASE_REVIEW = "LARGE_CASE_REVIEW"  # 大额案件 manager review (seed 000 理赔中心 三)
    TENDER = "TENDER"  # 招标定损 (seed 000 长沙中心 6)


class AssessmentCode(StrEnum):
    SAME_SURVEYOR_RESURVEY = "SAME_SURVEYOR_RESURVEY"
    REPLACE_WITHOUT_REASON = "REPLACE_WITHOUT_REASON"
    ASSEMBLY_WITHOUT_REASON = "ASSEMBLY_WITHOUT_REASON"
    FAST_TRACK = "FAST_TRACK"
    OVER_FAST_TRACK_LIMIT = "OVER_FAST_TRACK_LIMIT"
    NOT_VEHICLE_DAMAGE_ONLY = "NOT_VEHICLE_DAMAGE_ONLY"
    NO_FAST_TRACK_FOR_LINE = "NO_FAST_TRACK_FOR_LINE"


class PartAction(StrEnum):
    REPAIR = "repair"
    REPLACE_PART = "replace_part"
    REPLACE_ASSEMBLY = "replace_assembly"  # 总成


class SurveyThresholdsError(ValueError):
    """The `thresholds` section of survey_rules.yaml is malformed; raised on load."""


@dataclass(frozen=True)
class SurveyThresholds:
    resurvey_from: Decimal = Decimal("5000")
    large_case_from: Decimal = Decimal("10000")
    tender_from: Decimal = Decimal("30000")
    fast_track_max: Mapping[str, Decimal] = field(
        default_factory=lambda: {"auto": Decimal("5000"), "health": Decimal("3000")}
    )


@dataclass(frozen=True)
class AssessmentLine:
    part: str
    action: PartAction
    reason: str = ""  # why replace rather than repair (以修为主)


@dataclass(frozen=True)
class Finding:
    code: AssessmentCode
    message_zh: str
    message_en: str
    part: str = ""


@dataclass(frozen=True)
class FastTrackDecision:
    eligible: bool
    code: AssessmentCode


def post_survey_actions(
    assessed_loss: Decimal, thresholds: SurveyThresholds
) -> tuple[SurveyAction, ...]:
    """What the assessed loss triggers (all that apply, lowest threshold first)."""
    steps = (
        (thresholds.resurvey_from, SurveyAction.RESURVEY),
        (thresholds.large_case_from, SurveyAction.LARGE_CASE_REVIEW),
        (thresholds.tender_from, SurveyAction.TENDER),
    )
    return tuple(action for limit, action in sorted(steps) if assessed_loss >= limit)


def resurvey_finding(first_surveyor: str, resurveyor: str) -> Finding | None:
    """复勘 must be done by a different surveyor (seed 000 长沙中心 6)."""
    if first_surveyor.strip() != resurveyor.strip():
        return None
    return Finding(
        AssessmentCode.SAME_SURVEYOR_RESURVEY,
        "复勘须由另一名查勘员完成",
        "The re-survey must be done by a different surveyor",
    )


def repair_before_replace_findings(lines: Iterable[AssessmentLine]) -> tuple[Finding, ...]:
    """以修为主: a replaced part, or an assembly, needs a reason (seed 000 工作规范 9.4)."""
    return tuple(finding for line in lines if (finding := _replace_finding(line)) is not None)


def _replace_finding(line: AssessmentLine) -> Finding | None:
    if line.action is PartAction.REPAIR or line.reason.strip():
        return None
    if line.action is PartAction.REPLACE_ASSEMBLY:
        return Finding(
            AssessmentCode.ASSEMBLY_WITHOUT_REASON,
            f"「{line.part}」更换总成须说明理由（能换零件的不换总成）",
            f"'{line.part}': replacing the assembly needs a reason (part before assembly)",
            line.part,
        )
    return Finding(
        AssessmentCode.REPLACE_WITHOUT_REASON,
        f"「{line.part}」更换须说明理由（能修复的不换新件）",
        f"'{line.part}': replacing needs a reason (repair before replace)",
        line.part,
    )


def fast_track(
    line_of_business: str,
    assessed_loss: Decimal,
    thresholds: SurveyThresholds,
    *,
    vehicle_damage_only: bool = False,
) -> FastTrackDecision:
    """Small cases skip investigation; auto only with vehicle damage only (seed 002 1.3.2).

    Callers count 交强险互碰自赔, single-vehicle damage and 人伤一次性了断 as vehicle damage
    only (seed 000 长沙中心 3(3)); the flag is ignored for other lines.
    """
    limit = thresholds.fast_track_max.get(str(line_of_business))
    if limit is None:
        return FastTrackDecision(False, AssessmentCode.NO_FAST_TRACK_FOR_LINE)
    if assessed_loss > limit:
        return FastTrackDecision(False, AssessmentCode.OVER_FAST_TRACK_LIMIT)
    if line_of_business == "auto" and not vehicle_damage_only:
        return FastTrackDecision(False, AssessmentCode.NOT_VEHICLE_DAMAGE_ONLY)
    return FastTrackDecision(True, AssessmentCode.FAST_TRACK)


def simple_auto_case(
    assessed_loss: Decimal,
    thresholds: SurveyThresholds,
    *,
    single_vehicle: bool,
    vehicle_damage_only: bool,
) -> bool:
    """简易案件 after the survey: a single-vehicle accident (单方事故), or a vehicle-damage case
    within the fast-track limit (5,000); its documents are due within two working days of the
    survey (seed 000 长沙中心 3(3), `fast_track_documents`)."""
    small = fast_track(
        "auto", assessed_loss, thresholds, vehicle_damage_only=vehicle_damage_only
    ).eligible
    return single_vehicle or small


@lru_cache(maxsize=1)
def default_thresholds() -> SurveyThresholds:
    text = resources.files("claimdesk.workflow").joinpath("survey_rules.yaml").read_text("utf-8")
    return parse_thresholds(text)


def parse_thresholds(text: str) -> SurveyThresholds:
    try:
        raw: Mapping[str, Any] = (yaml.safe_load(text) or {})["thresholds"]
        per_line = raw["fast_track_max"].items()
        fast_track_max = {str(line): parse_amount(limit) for line, limit in per_line}
        keys = ("resurvey_from", "large_case_from", "tender_from")
        amounts = {key: parse_amount(raw[key]) for key in keys}
    except (AttributeError, KeyError, TypeError, InvalidAmount) as error:
        raise SurveyThresholdsError(f"survey_rules.yaml thresholds: {error!r}") from error
    return SurveyThresholds(**amounts, fast_track_max=fast_track_max)
