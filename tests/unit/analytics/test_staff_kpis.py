"""Staff KPIs per handler, worked by hand."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from claimdesk.analytics.staff_kpis import Closing, Review, staff_kpis

REPORTED = datetime(2026, 5, 1, tzinfo=UTC)


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
