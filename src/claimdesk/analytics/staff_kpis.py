"""Staff KPIs (人员绩效) per handler per month, pure over the month's closings and reviews.

The handler of a claim is who adjudicated it (理算人, the active adjudication), else who closed
it. Cycle time: report → closing, in days. Within limit: no time limit of the claim was done
after its due time. Reopen rate: share of the month's closings reopened since. Quality score
and error rate come from the month's quality reviews (抽检; target error rate ≤ 1%, seed 003).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

RATE = Decimal("0.0001")


@dataclass(frozen=True)
class Closing:
    claim_id: int
    handler: str
    reported_at: datetime
    closed_at: datetime
    breaches: int = 0
    reopened: bool = False
    complaints: int = 0


@dataclass(frozen=True)
class Review:
    handler: str
    score: int
    has_error: bool


@dataclass(frozen=True)
class StaffKpi:
    handler: str
    closed: int
    median_cycle_days: Decimal
    within_limit_rate: Decimal
    reopen_rate: Decimal
    complaints: int
    reviews: int
    quality_score: Decimal | None
    error_rate: Decimal | None


@dataclass(frozen=True)
class HandlerCounts:
    """One handler's closings of the month counted in the database (a claim closed twice in
    the month counts once), with the cycle days of the middle one or two closings by cycle
    time: all the median needs."""

    handler: str
    closed: int
    within_limit: int
    reopened: int
    complaints: int
    middle_days: tuple[Decimal, ...]


def cycle_days(microseconds: int) -> Decimal:
    """Report → closing in days from exact microseconds, as `_kpi` computes it from two
    datetimes (`timedelta.total_seconds()` is the microseconds / 10**6 as a float)."""
    return Decimal(microseconds / 10**6) / 86400


def staff_kpis_of_counts(
    counts: Iterable[HandlerCounts], reviews: Iterable[Review]
) -> tuple[StaffKpi, ...]:
    """`staff_kpis` from per-handler counts instead of every closing (the same figures)."""
    by_handler = {c.handler: c for c in counts}
    reviewed: dict[str, list[Review]] = defaultdict(list)
    for review in reviews:
        reviewed[review.handler].append(review)
    empty = HandlerCounts("", 0, 0, 0, 0, ())
    return tuple(
        _of_counts(h, by_handler.get(h, empty), reviewed.get(h, []))
        for h in sorted(set(by_handler) | set(reviewed))
    )


def _of_counts(handler: str, c: HandlerCounts, reviews: list[Review]) -> StaffKpi:
    return StaffKpi(
        handler=handler,
        closed=c.closed,
        median_cycle_days=_round(
            Decimal(median(c.middle_days)) if c.middle_days else Decimal(0), "0.1"
        ),
        within_limit_rate=_rate(c.within_limit, c.closed),
        reopen_rate=_rate(c.reopened, c.closed),
        complaints=c.complaints,
        reviews=len(reviews),
        quality_score=(_round(Decimal(sum(r.score for r in reviews)) / len(reviews), "0.1")
                       if reviews else None),
        error_rate=_rate(sum(1 for r in reviews if r.has_error), len(reviews)) if reviews else None,
    )  # fmt: skip


def staff_kpis(closings: Iterable[Closing], reviews: Iterable[Review]) -> tuple[StaffKpi, ...]:
    by_handler: dict[str, dict[int, Closing]] = defaultdict(dict)
    for closing in closings:  # a claim closed twice in the month counts once (its last close)
        by_handler[closing.handler][closing.claim_id] = closing
    reviewed: dict[str, list[Review]] = defaultdict(list)
    for review in reviews:
        reviewed[review.handler].append(review)
    handlers = sorted(set(by_handler) | set(reviewed))
    return tuple(
        _kpi(h, list(by_handler.get(h, {}).values()), reviewed.get(h, [])) for h in handlers
    )


def _kpi(handler: str, closings: list[Closing], reviews: list[Review]) -> StaffKpi:
    days = [Decimal((c.closed_at - c.reported_at).total_seconds()) / 86400 for c in closings]
    return StaffKpi(
        handler=handler,
        closed=len(closings),
        median_cycle_days=_round(Decimal(median(days)) if days else Decimal(0), "0.1"),
        within_limit_rate=_rate(sum(1 for c in closings if not c.breaches), len(closings)),
        reopen_rate=_rate(sum(1 for c in closings if c.reopened), len(closings)),
        complaints=sum(c.complaints for c in closings),
        reviews=len(reviews),
        quality_score=(_round(Decimal(sum(r.score for r in reviews)) / len(reviews), "0.1")
                       if reviews else None),
        error_rate=_rate(sum(1 for r in reviews if r.has_error), len(reviews)) if reviews else None,
    )  # fmt: skip


def _rate(part: int, whole: int) -> Decimal:
    return _round(Decimal(part) / whole, "0.0001") if whole else Decimal("0")


def _round(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), ROUND_HALF_UP)
