"""Satisfaction report (客户满意度): share of ratings of 4 or 5 over all ratings in a month.

Ratings are the portal's ratings and the callback scores (1–5); the target is ≥ 90%.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TARGET = Decimal("0.90")
SATISFIED = 4


@dataclass(frozen=True)
class SatisfactionReport:
    ratings: int
    satisfied: int
    rate: Decimal | None
    average: Decimal | None
    meets_target: bool | None
    callbacks_done: int
    callbacks_due: int


def satisfaction_report(
    scores: Sequence[int], callbacks_done: int, callbacks_due: int
) -> SatisfactionReport:
    satisfied = sum(1 for s in scores if s >= SATISFIED)
    rate = _ratio(Decimal(satisfied), len(scores), "0.0001")
    average = _ratio(Decimal(sum(scores)), len(scores), "0.01")
    return SatisfactionReport(
        ratings=len(scores),
        satisfied=satisfied,
        rate=rate,
        average=average,
        meets_target=None if rate is None else rate >= TARGET,
        callbacks_done=callbacks_done,
        callbacks_due=callbacks_due,
    )


def _ratio(numerator: Decimal, count: int, places: str) -> Decimal | None:
    if count == 0:
        return None
    return (numerator / count).quantize(Decimal(places), rounding=ROUND_HALF_UP)
