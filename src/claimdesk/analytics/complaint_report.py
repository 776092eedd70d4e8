"""Monthly complaints report: counts by severity and root cause, on-time rates, days to answer.

Pure: the web layer loads the month's cases (services/complaints.py) and passes them in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from claimdesk.workflow.calendar import WorkingDayCalendar
from claimdesk.workflow.deadlines import SHANGHAI, Deadline, add_months, start_of_day

TWO_PLACES = Decimal("0.01")


class ComplaintFacts(Protocol):
    @property
    def received_at(self) -> datetime: ...
    @property
    def answered_at(self) -> datetime | None: ...
    @property
    def severity(self) -> str: ...
    @property
    def root_cause(self) -> str | None: ...
    @property
    def internal(self) -> Deadline: ...
    @property
    def regulator(self) -> Deadline: ...


@dataclass(frozen=True)
class ComplaintReport:
    month: str
    received: int
    by_severity: dict[str, int]
    by_root_cause: dict[str, int]
    internal_on_time_rate: Decimal | None
    regulator_on_time_rate: Decimal | None
    average_working_days_to_answer: Decimal | None


def month_bounds(month: str) -> tuple[datetime, datetime]:
    """'2026-10' → the month's first instant and the next month's, in Asia/Shanghai."""
    first = date.fromisoformat(f"{month}-01")
    return start_of_day(first), start_of_day(add_months(first, 1))


def complaint_report(
    month: str, cases: Sequence[ComplaintFacts], now: datetime, calendar: WorkingDayCalendar
) -> ComplaintReport:
    answered = [case for case in cases if case.answered_at is not None]
    return ComplaintReport(
        month=month,
        received=len(cases),
        by_severity=dict(Counter(str(case.severity) for case in cases)),
        by_root_cause=dict(Counter(str(case.root_cause or "unclassified") for case in cases)),
        internal_on_time_rate=on_time_rate(cases, now, internal=True),
        regulator_on_time_rate=on_time_rate(cases, now, internal=False),
        average_working_days_to_answer=_average(
            working_days_between(case.received_at, case.answered_at or now, calendar)
            for case in answered
        ),
    )


def on_time_rate(
    cases: Iterable[ComplaintFacts], now: datetime, *, internal: bool
) -> Decimal | None:
    """Met / decided; a case is decided once answered or once its due date has passed."""
    met = decided = 0
    for case in cases:
        due = (case.internal if internal else case.regulator).due_at
        if case.answered_at is not None:
            decided += 1
            met += case.answered_at <= due
        elif now > due:
            decided += 1
    return None if decided == 0 else (Decimal(met) / decided).quantize(TWO_PLACES, ROUND_HALF_UP)


def working_days_between(start: datetime, end: datetime, calendar: WorkingDayCalendar) -> int:
    """Working days after the day of receipt up to and including the day of the answer."""
    first, last = start.astimezone(SHANGHAI).date(), end.astimezone(SHANGHAI).date()
    days = (last - first).days
    return sum(
        calendar.is_working_day(date.fromordinal(first.toordinal() + k)) for k in range(1, days + 1)
    )


def _average(values: Iterable[int]) -> Decimal | None:
    items = list(values)
    if not items:
        return None
    return (Decimal(sum(items)) / len(items)).quantize(TWO_PLACES, ROUND_HALF_UP)
