"""Staff KPIs per handler, worked by hand."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from claimdesk.analytics.staff_kpis import (
    Closing,
    HandlerCounts,
    Review,
    cycle_days,
    staff_kpis,
    staff_kpis_of_counts,
)

REPORTED = datetime(2026, 5, 1, tzinfo=UTC)
DAY_US = 86_400_000_000


def _closed(claim_id: int, days: int, **facts: object) -> Closing:
    closed_at = datetime(2026, 5, 1 + days, tzinfo=UTC)
    return Closing(claim_id, "wang", REPORTED, closed_at, **facts)  # type: ignore[arg-type]


def test_kpis_of_one_handler() -> None:
    closings = [
        _closed(1, 2), _closed(2, 4, breaches=1), _closed(3, 10, reopened=True, complaints=2),
        _closed(3, 12),  # closed again after the reopen: counted once, as its last closing
    ]  # fmt: skip
    reviews = [Review("wang", 90, False), Review("wang", 70, True)]
    (kpi,) = staff_kpis(closings, reviews)
    assert kpi.closed == 3
    assert kpi.median_cycle_days == Decimal("4.0")  # 2, 4, 12 days
    assert kpi.within_limit_rate == Decimal("0.6667")
    assert kpi.reopen_rate == Decimal("0")  # the last closing of claim 3 was not reopened
    assert kpi.quality_score == Decimal("80.0") and kpi.error_rate == Decimal("0.5000")


def test_a_reviewed_handler_without_closings_is_listed() -> None:
    (kpi,) = staff_kpis([], [Review("li", 100, False)])
    assert kpi.closed == 0 and kpi.quality_score == Decimal("100.0")


def test_cycle_days_from_microseconds_equal_the_datetimes_figure() -> None:
    rng = random.Random(7)
    for us in [0, 1, 86_400_000_000, 999_999, *(rng.randint(0, 400 * 86_400_000_000)
                                               for _ in range(2000))]:  # fmt: skip
        reported = REPORTED + timedelta(microseconds=rng.randint(0, 10**12))
        closed = reported + timedelta(microseconds=us)
        assert cycle_days(us) == Decimal((closed - reported).total_seconds()) / 86400


def test_kpis_of_counts_take_the_median_of_the_middle_cycles() -> None:
    counts = [HandlerCounts("wang", 4, 3, 1, 2, (cycle_days(2 * DAY_US), cycle_days(5 * DAY_US))),
              HandlerCounts("zhao", 1, 0, 0, 0, (cycle_days(DAY_US // 3),))]  # fmt: skip
    li, wang, zhao = staff_kpis_of_counts(counts, [Review("li", 100, False)])  # by name
    assert (wang.handler, wang.closed, wang.median_cycle_days) == ("wang", 4, Decimal("3.5"))
    assert wang.within_limit_rate == Decimal("0.7500") and wang.reopen_rate == Decimal("0.2500")
    assert wang.complaints == 2 and wang.reviews == 0 and wang.quality_score is None
    assert li.closed == 0 and li.median_cycle_days == Decimal("0.0")
    assert li.quality_score == Decimal("100.0") and li.within_limit_rate == Decimal("0")
    assert zhao.median_cycle_days == Decimal("0.3") and zhao.within_limit_rate == Decimal("0")
