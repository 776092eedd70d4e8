"""Working days on the official 2026 schedule (国务院办公厅 2026 节假日安排), with 调休."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimdesk.workflow.calendar import (
    CalendarOverrides,
    DaySource,
    WorkingDayCalendar,
    official_schedule_known,
)

OFFICIAL = WorkingDayCalendar()


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        pytest.param(
            "2026-02-13", 1, "2026-02-14", id="spring-festival-saturday-14th-is-make-up-day"
        ),
        pytest.param("2026-02-14", 1, "2026-02-24", id="spring-festival-15th-to-23rd-off"),
        pytest.param(
            "2026-02-27", 1, "2026-02-28", id="spring-festival-saturday-28th-is-make-up-day"
        ),
        pytest.param("2026-02-12", 3, "2026-02-24", id="spring-festival-counted-across"),
        pytest.param("2026-09-18", 1, "2026-09-20", id="national-day-sunday-20th-is-make-up-day"),
        pytest.param("2026-09-24", 1, "2026-09-28", id="mid-autumn-25th-to-27th-off"),
        pytest.param("2026-09-30", 1, "2026-10-08", id="national-day-1st-to-7th-off"),
        pytest.param("2026-10-09", 1, "2026-10-10", id="national-day-saturday-10th-is-make-up-day"),
        pytest.param("2026-10-10", 1, "2026-10-12", id="sunday-after-make-up-day-off"),
        pytest.param(
            "2025-12-31", 1, "2026-01-04", id="new-year-2026-1st-to-3rd-off-sunday-4th-make-up"
        ),
        pytest.param("2026-12-30", 1, "2026-12-31", id="last-working-day-of-2026"),
        pytest.param("2026-10-08", 0, "2026-10-08", id="zero-days-is-the-start"),
    ],
)
def test_given_official_2026_schedule_when_adding_working_days_then_holidays_and_make_up_days_count(
    start: str, n: int, expected: str
) -> None:
    result = OFFICIAL.shift(date.fromisoformat(start), n)

    assert result.day == date.fromisoformat(expected)
    assert result.is_certain
    assert result.warnings == ()


def test_given_2027_is_not_published_when_counting_into_it_then_monday_to_friday_with_warning() -> (
    None
):
    result = OFFICIAL.shift(date(2026, 12, 31), 1)

    assert result.day == date(2027, 1, 1)  # a Friday: fallback does not know 元旦 2027
    assert result.uncertain_years == frozenset({2027})
    assert "2027" in result.warnings[0]


def test_given_admin_adds_2027_new_year_when_counting_into_2027_then_the_override_wins() -> None:
    calendar = WorkingDayCalendar(CalendarOverrides(holidays=frozenset({date(2027, 1, 1)})))

    result = calendar.shift(date(2026, 12, 31), 1)

    assert result.day == date(2027, 1, 4)
    assert result.uncertain_years == frozenset({2027})


def test_given_an_override_workday_on_a_sunday_when_counting_then_it_is_a_working_day() -> None:
    calendar = WorkingDayCalendar(CalendarOverrides(workdays=frozenset({date(2026, 10, 11)})))

    assert calendar.add_working_days(date(2026, 10, 10), 1) == date(2026, 10, 11)
    assert calendar.day_info(date(2026, 10, 11)).source is DaySource.OVERRIDE


def test_given_an_extra_holiday_in_a_known_year_when_counting_then_it_is_skipped() -> None:
    calendar = WorkingDayCalendar(CalendarOverrides(holidays=frozenset({date(2026, 10, 8)})))

    assert calendar.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 9)


def test_given_a_day_both_holiday_and_workday_when_building_overrides_then_refused() -> None:
    day = date(2026, 5, 6)

    with pytest.raises(ValueError, match="2026-05-06"):
        CalendarOverrides(holidays=frozenset({day}), workdays=frozenset({day}))


@pytest.mark.parametrize(
    ("year", "known"),
    [
        pytest.param(2004, True, id="first-year-shipped"),
        pytest.param(2026, True, id="current-year"),
        pytest.param(2027, False, id="not-yet-published"),
        pytest.param(2003, False, id="before-the-library"),
    ],
)
def test_given_a_year_when_asking_the_library_then_unknown_years_are_reported(
    year: int, known: bool
) -> None:
    assert official_schedule_known(year) is known


def test_given_a_day_in_each_kind_of_year_when_asking_then_the_source_is_named() -> None:
    assert OFFICIAL.day_info(date(2026, 10, 1)).source is DaySource.OFFICIAL
    assert OFFICIAL.day_info(date(2027, 10, 1)).source is DaySource.FALLBACK
    assert OFFICIAL.day_info(date(2027, 10, 2)).is_working_day is False  # Saturday


@pytest.mark.parametrize(
    ("n", "error"),
    [
        pytest.param(-1, ValueError, id="negative"),
        pytest.param(10_001, ValueError, id="absurdly-large"),
        pytest.param(True, TypeError, id="bool"),
    ],
)
def test_given_a_bad_count_when_adding_working_days_then_refused(
    n: int, error: type[Exception]
) -> None:
    with pytest.raises(error):
        OFFICIAL.shift(date(2026, 1, 5), n)


@settings(max_examples=60, deadline=None)
@given(
    start=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 6, 30)),
    n=st.integers(min_value=1, max_value=40),
)
def test_given_any_start_when_adding_n_working_days_then_exactly_n_working_days_are_passed(
    start: date, n: int
) -> None:
    result = OFFICIAL.add_working_days(start, n)

    between = [start + timedelta(days=k) for k in range(1, (result - start).days + 1)]
    assert OFFICIAL.is_working_day(result)
    assert sum(OFFICIAL.is_working_day(day) for day in between) == n
