"""Mainland China working days (工作日) with make-up working days (调休).

The official schedule comes from `chinese_calendar`; an admin-edited table of extra
holidays and make-up days (`CalendarOverrides`) wins over it. For a year the library does
not know, Monday–Friday is used and the year is reported as uncertain — never a crash,
because claims reported today already have deadlines in years not yet published.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

import chinese_calendar

# Guards against a runaway loop on absurd input (about 40 years of working days).
MAX_WORKING_DAYS = 10_000


class DaySource(StrEnum):
    """Where the answer for one day came from."""

    OVERRIDE = "override"  # the admin's table
    OFFICIAL = "official"  # the State Council schedule as shipped in chinese_calendar
    FALLBACK = "fallback"  # Monday–Friday: the year is not published / not known


@dataclass(frozen=True)
class CalendarOverrides:
    """Admin-edited extra holidays and make-up working days; wins over the official data."""

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        both = self.holidays & self.workdays
        if both:
            days = ", ".join(sorted(day.isoformat() for day in both))
            raise ValueError(f"a day cannot be both holiday and workday: {days}")


@dataclass(frozen=True)
class DayInfo:
    day: date
    is_working_day: bool
    source: DaySource


@dataclass(frozen=True)
class ShiftedDay:
    """The result of counting working days, with the years that used the fallback."""

    day: date
    uncertain_years: frozenset[int] = frozenset()

    @property
    def is_certain(self) -> bool:
        return not self.uncertain_years

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(fallback_warning(year) for year in sorted(self.uncertain_years))


def fallback_warning(year: int) -> str:
    """One line, zh then en, for a screen or stderr."""
    return (
        f"{year} 年的法定节假日安排未知，按周一至周五计算工作日，请在节假日表中补充。 / "
        f"The {year} holiday schedule is not known; Monday–Friday used as working days, "
        f"add the year's holidays to the calendar table."
    )


@lru_cache(maxsize=128)
def official_schedule_known(year: int) -> bool:
    """True when chinese_calendar ships the State Council schedule for `year`."""
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@dataclass(frozen=True)
class WorkingDayCalendar:
    """Working days = official schedule, corrected by the admin's overrides."""

    overrides: CalendarOverrides = field(default_factory=CalendarOverrides)

    def day_info(self, day: date) -> DayInfo:
        if day in self.overrides.workdays:
            return DayInfo(day, True, DaySource.OVERRIDE)
        if day in self.overrides.holidays:
            return DayInfo(day, False, DaySource.OVERRIDE)
        if official_schedule_known(day.year):
            return DayInfo(day, bool(chinese_calendar.is_workday(day)), DaySource.OFFICIAL)
        return DayInfo(day, day.weekday() < 5, DaySource.FALLBACK)

    def is_working_day(self, day: date) -> bool:
        return self.day_info(day).is_working_day

    def shift(self, start: date, n: int) -> ShiftedDay:
        """The day n working days after `start` (start itself not counted; n=0 → start)."""
        _check_count(n)
        day, counted, uncertain = start, 0, set[int]()
        while counted < n:
            day += timedelta(days=1)
            info = self.day_info(day)
            if info.source is DaySource.FALLBACK:
                uncertain.add(day.year)
            if info.is_working_day:
                counted += 1
        return ShiftedDay(day, frozenset(uncertain))

    def add_working_days(self, start: date, n: int) -> date:
        """E.g. 2026-09-30 + 1 → 2026-10-08 (国庆 10/1–10/7 off)."""
        return self.shift(start, n).day


def _check_count(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"number of working days must be an int, got {n!r}")
    if not 0 <= n <= MAX_WORKING_DAYS:
        raise ValueError(f"number of working days must be 0…{MAX_WORKING_DAYS}, got {n}")
