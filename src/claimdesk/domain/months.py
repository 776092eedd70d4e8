"""Calendar months as reports use them: 'YYYY-MM', bounded in Beijing time (Asia/Shanghai)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from claimdesk.domain.errors import ErrorCode
from claimdesk.domain.refusals import Refused

BEIJING = ZoneInfo("Asia/Shanghai")
_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Month:
    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 12 or not 1900 <= self.year <= 9999:
            month = f"{self.year}-{self.number}"
            raise Refused(ErrorCode.MONTH_INVALID, field="month", month=month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.number:02d}"

    @cached_property
    def start(self) -> datetime:
        """The first instant of the month in Beijing, as aware UTC."""
        return datetime(self.year, self.number, 1, tzinfo=BEIJING).astimezone(UTC)

    @cached_property
    def end(self) -> datetime:
        """The first instant of the next month (exclusive end), as aware UTC."""
        return self.next().start

    def previous(self) -> Month:
        return self.shifted(-1)

    def next(self) -> Month:
        return self.shifted(1)

    def shifted(self, months: int) -> Month:
        index = self.year * 12 + self.number - 1 + months
        return Month(index // 12, index % 12 + 1)

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


def parse_month(text: str) -> Month:
    """'2026-11' → Month(2026, 11); anything else is refused with MONTH_INVALID."""
    match = _PATTERN.match(text.strip())
    if match is None:
        raise Refused(ErrorCode.MONTH_INVALID, field="month", month=text)
    return Month(int(match.group(1)), int(match.group(2)))


def month_of(moment: datetime) -> Month:
    """The Beijing-time month an aware instant falls in."""
    if moment.tzinfo is None:
        raise ValueError("month_of needs an aware datetime")
    local = moment.astimezone(BEIJING)
    return Month(local.year, local.month)


def previous_month(moment: datetime) -> Month:
    """The month before the one `moment` falls in (what the 1st-of-month job reports on)."""
    return month_of(moment).previous()


# 理赔时效监测表 "每月5日前报送" (seed 002 1.4.1): due by the 5th of the following month.
SUBMISSION_DAY = 5


@dataclass(frozen=True)
class SubmissionReminder:
    """Last month's monitoring report is not marked submitted yet: remind until it is."""

    month: str
    due: date
    overdue: bool


def submission_reminder(now: datetime, submitted: bool) -> SubmissionReminder | None:
    """From the 1st of a month until last month's report is marked submitted; overdue after
    the 5th (Beijing time)."""
    if submitted:
        return None
    month = previous_month(now)
    due = month.next().start.astimezone(BEIJING).date().replace(day=SUBMISSION_DAY)
    return SubmissionReminder(str(month), due, now.astimezone(BEIJING).date() > due)
