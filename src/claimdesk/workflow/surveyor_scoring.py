"""Surveyor scoring (查勘员考核): the seed 000 rubric as data, applied to a month's surveys.

Pure: the rubric comes from surveyor_rubric.yaml, the facts of each survey from the caller.
Each rubric item deducts its points once per survey where its fact holds (a ratio fact when
it exceeds the item's tolerance); a section's score never falls below 0; total = Σ sections.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

RUBRIC_FILE = Path(__file__).with_name("surveyor_rubric.yaml")


@dataclass(frozen=True)
class RubricItem:
    code: str
    fact: str
    deduct: int
    over: Decimal | None = None


@dataclass(frozen=True)
class RubricSection:
    code: str
    points: int
    items: tuple[RubricItem, ...]


@dataclass(frozen=True)
class SurveyFacts:
    """What the system knows of one survey (查勘) for the rubric."""

    surveyor: str
    complaints: int = 0
    incomplete: bool = False  # scene facts, photos, assessed loss or signature missing
    late_contact: bool = False  # customer contacted after the 10-minute limit (or never)
    estimate_deviation: Decimal | None = None  # |assessed − final payable| ÷ final payable
    resurvey_deviation: Decimal | None = None  # |assessed − re-survey| ÷ re-survey


@dataclass(frozen=True)
class SurveyorScore:
    surveyor: str
    surveys: int
    sections: tuple[tuple[str, int], ...]  # (section code, score)
    deductions: tuple[tuple[str, int], ...]  # (item code, points taken off)

    @property
    def total(self) -> int:
        return sum(score for _, score in self.sections)


@cache
def load_rubric(path: Path = RUBRIC_FILE) -> tuple[RubricSection, ...]:
    data = yaml.safe_load(path.read_text("utf-8"))
    sections = tuple(_section(raw) for raw in data["sections"])
    if sum(section.points for section in sections) != 100:
        raise ValueError("the surveyor rubric must total 100 points")
    return sections


def _section(raw: dict[str, Any]) -> RubricSection:
    items = tuple(
        RubricItem(item["code"], item["fact"], int(item["deduct"]),
                   None if item.get("over") is None else Decimal(str(item["over"])))
        for item in raw["items"]
    )  # fmt: skip
    return RubricSection(raw["code"], int(raw["points"]), items)


def applies(item: RubricItem, survey: SurveyFacts) -> int:
    """How many times the item's deduction applies to this survey."""
    value = getattr(survey, item.fact)
    if item.over is not None:
        return int(value is not None and value > item.over)
    if isinstance(value, bool):
        return int(value)
    return int(value or 0)


def score_surveyor(
    surveyor: str, surveys: Iterable[SurveyFacts], rubric: tuple[RubricSection, ...]
) -> SurveyorScore:
    own = [survey for survey in surveys if survey.surveyor == surveyor]
    taken = {item.code: sum(applies(item, s) for s in own) * item.deduct
             for section in rubric for item in section.items}  # fmt: skip
    sections = tuple(
        (section.code, max(section.points - sum(taken[i.code] for i in section.items), 0))
        for section in rubric
    )
    return SurveyorScore(surveyor, len(own), sections, tuple(taken.items()))


def monthly_scores(
    surveys: Iterable[SurveyFacts], rubric: tuple[RubricSection, ...]
) -> tuple[SurveyorScore, ...]:
    """Every surveyor with a survey, best first (the monthly ranking), then by name."""
    facts = list(surveys)
    scores = [score_surveyor(name, facts, rubric) for name in sorted({s.surveyor for s in facts})]
    return tuple(sorted(scores, key=lambda score: (-score.total, score.surveyor)))
