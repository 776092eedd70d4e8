"""The time limits the 理赔时效监测表 measures, and durations in calendar and working days.

Each limit runs between two claim milestones. Day limits fall due at the end of the due day
in Beijing time and do not count the start day (民法典 第二百零一条), as workflow/deadlines.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from math import ceil
from typing import Any

from claimdesk.domain.months import BEIJING
from claimdesk.workflow.calendar import WorkingDayCalendar
from claimdesk.workflow.deadlines import end_of_day

DAY_SECONDS = Decimal(86400)


class Unit(StrEnum):
    HOURS = "hours"
    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"


@dataclass(frozen=True)
class MonitoredLimit:
    code: str
    name_zh: str
    name_en: str
    amount: int
    unit: Unit
    start: str  # milestone name (see `milestone`)
    end: str
    source: str


LIMITS: tuple[MonitoredLimit, ...] = (
    MonitoredLimit("registration", "报案后48小时内立案", "Registered within 48 hours of the report",
                   48, Unit.HOURS, "reported", "registered", "seed 000; issue 13"),
    MonitoredLimit("decision_without_dispute", "无争议案件7个工作日内核定",
                   "Decided within 7 working days of acceptance", 7, Unit.WORKING_DAYS,
                   "accepted", "decided", "seed 002 1.1.2"),
    MonitoredLimit("decision_after_materials", "材料齐全后30日内核定",
                   "Decided within 30 days of complete materials", 30, Unit.CALENDAR_DAYS,
                   "materials_complete", "decided", "保险法 第二十三条"),
    MonitoredLimit("payment_after_agreement", "核定后10日内赔付",
                   "Paid within 10 days of the decision", 10, Unit.CALENDAR_DAYS,
                   "approved", "paid", "保险法 第二十三条"),
    MonitoredLimit("closed_within_60_days", "报案后60日内结案",
                   "Closed within 60 days of the report", 60, Unit.CALENDAR_DAYS,
                   "reported", "closed", "seed 002 1.1.1"),
)  # fmt: skip
TARGET = Decimal("0.95")  # 理赔时效达标率 ≥ 95% (seed 002 1.1.1)


def milestone(row: Any, name: str) -> datetime | None:
    """A milestone of a row; 立案 falls back to 受理 (non-auto lines register on acceptance),
    核定 is the approval, or the settlement of a denied claim."""
    value: datetime | None
    if name == "registered":
        value = row.registered_at or row.accepted_at
    elif name == "decided":
        value = row.approved_at or (row.closed_at if row.outcome == "denied" else None)
    else:
        value = getattr(row, f"{name}_at")
    return value


def due_at(limit: MonitoredLimit, start: datetime, calendar: DayCounter) -> datetime:
    if limit.unit is Unit.HOURS:
        return start + timedelta(hours=limit.amount)
    day = start.astimezone(BEIJING).date()
    if limit.unit is Unit.CALENDAR_DAYS:
        return end_of_day(day + timedelta(days=limit.amount))
    return end_of_day(calendar.add(day, limit.amount))


class DayCounter:
    """Working days, each calendar day looked up once (the official schedule is slow to ask):
    `_count[d]` is the number of working days in (first day seen, d], kept contiguous."""

    def __init__(self, calendar: WorkingDayCalendar | None = None) -> None:
        self.calendar = calendar or WorkingDayCalendar()
        self._count: dict[date, int] = {}
        self._first: date | None = None
        self._last: date | None = None

    def add(self, day: date, n: int) -> date:
        """The day n working days after `day` (as WorkingDayCalendar.add_working_days)."""
        target = self._counted(day) + n
        while self._last is None or self._count[self._last] < target:
            self._counted((self._last or day) + _ONE_DAY)
        probe = day
        while self._count[probe] < target:
            probe += _ONE_DAY
        return probe

    def working_days_between(self, start: datetime, end: datetime) -> int:
        """Working days after the start day up to and including the end day."""
        first, last = start.astimezone(BEIJING).date(), end.astimezone(BEIJING).date()
        return self._counted(last) - self._counted(first)

    def _counted(self, day: date) -> int:
        if self._first is None or self._last is None:
            self._first = self._last = day
            self._count[day] = 0
        while day > self._last:
            following = self._last + _ONE_DAY
            self._count[following] = self._count[self._last] + self._working(following)
            self._last = following
        while day < self._first:  # extend backwards: the old first day loses its own count
            earlier = self._first - _ONE_DAY
            self._count[earlier] = self._count[self._first] - self._working(self._first)
            self._first = earlier
        return self._count[day]

    def _working(self, day: date) -> int:
        return 1 if self.calendar.is_working_day(day) else 0


_ONE_DAY = timedelta(days=1)


def days_between(start: datetime, end: datetime) -> Decimal:
    """Elapsed calendar days, to the second."""
    return Decimal(int((end - start).total_seconds())) / DAY_SECONDS


def average(values: list[Decimal]) -> Decimal | None:
    return None if not values else rounded(sum(values, Decimal(0)) / len(values))


def percentile_90(values: list[Decimal]) -> Decimal | None:
    """Nearest rank: the smallest value with at least 90% of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return rounded(ordered[ceil(Decimal("0.9") * len(ordered)) - 1])


def rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def rounded(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), ROUND_HALF_UP)


Statistic = Callable[[list[Decimal]], Decimal | None]
