"""Scheduled jobs run once per period whichever process is up (docs/operations.md).

Pure rules: which period a moment falls in, and how long a failed run waits before the next
try (doubling, capped). The claim itself is a row per (job, period) in the database.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def interval_period(now: datetime, seconds: int) -> str:
    """The period of a job run every `seconds`: the start of the slot `now` falls in (UTC)."""
    if seconds <= 0:
        raise ValueError("a period is at least one second")
    slot = int((now - EPOCH).total_seconds()) // seconds
    return (EPOCH + timedelta(seconds=slot * seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


def retry_delay(failures: int, first: timedelta, longest: timedelta) -> timedelta:
    """After the n-th failure in a row: first, 2 × first, 4 × first … never more than longest."""
    if failures <= 0:
        return timedelta(0)
    doubled: timedelta = first * 2 ** min(failures - 1, 30)
    return min(doubled, longest)
