"""Months for reports: parsed from 'YYYY-MM', bounded in Beijing time, stepped across years."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from claimdesk.domain.errors import ErrorCode
from claimdesk.domain.months import Month, month_of, parse_month, previous_month
from claimdesk.domain.refusals import Refused


def test_a_month_starts_and_ends_at_beijing_midnight() -> None:
    november = parse_month("2026-11")
    assert november.start == datetime(2026, 10, 31, 16, 0, tzinfo=UTC)
    assert november.end == datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
    assert str(november) == "2026-11"


def test_an_instant_after_16_utc_on_the_last_day_belongs_to_the_next_beijing_month() -> None:
    assert month_of(datetime(2026, 11, 30, 15, 59, tzinfo=UTC)) == Month(2026, 11)
    assert month_of(datetime(2026, 11, 30, 16, 0, tzinfo=UTC)) == Month(2026, 12)


def test_previous_month_crosses_the_year() -> None:
    assert previous_month(datetime(2027, 1, 1, 1, 0, tzinfo=UTC)) == Month(2026, 12)
    assert Month(2026, 12).next() == Month(2027, 1)


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "26-11", "2026/11", "", "2026-1"])
def test_malformed_months_are_refused_with_their_own_code(text: str) -> None:
    with pytest.raises(Refused) as refused:
        parse_month(text)
    assert refused.value.code == ErrorCode.MONTH_INVALID and refused.value.field == "month"
