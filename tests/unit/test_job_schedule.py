"""Periods and retry delays of the scheduled jobs (workflow/job_schedule.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from claimdesk.workflow.job_schedule import interval_period, retry_delay


def test_moments_in_one_slot_share_its_period_and_the_next_slot_has_another() -> None:
    start = datetime(2026, 12, 2, 14, 0, tzinfo=UTC)
    assert interval_period(start, 300) == "2026-12-02T14:00:00Z"
    assert interval_period(start + timedelta(seconds=299), 300) == "2026-12-02T14:00:00Z"
    assert interval_period(start + timedelta(seconds=300), 300) == "2026-12-02T14:05:00Z"


def test_a_period_is_the_same_whatever_the_time_zone_of_the_moment() -> None:
    beijing = datetime(2026, 12, 2, 22, 0, 1).astimezone()
    assert interval_period(beijing, 2) == interval_period(beijing.astimezone(UTC), 2)


def test_a_period_shorter_than_a_second_is_refused() -> None:
    with pytest.raises(ValueError):
        interval_period(datetime(2026, 12, 2, tzinfo=UTC), 0)


def test_the_retry_delay_doubles_with_each_failure_and_stops_at_the_longest() -> None:
    first, longest = timedelta(minutes=5), timedelta(hours=1)
    delays = [retry_delay(n, first, longest) for n in range(1, 6)]
    assert delays == [timedelta(minutes=m) for m in (5, 10, 20, 40, 60)]
    assert retry_delay(0, first, longest) == timedelta(0)
    assert retry_delay(10_000, first, longest) == longest
