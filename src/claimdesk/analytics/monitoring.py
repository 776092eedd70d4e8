"""The monthly 理赔时效监测表 (seed 002 1.4.1: submitted before the 5th, "需含平均处理时长、
未结案原因等"), computed from claim milestone rows; pure, so every figure is tested by hand.

A claim counts in the month its event falls in (Beijing time): reported, registered, closed
(结案: paid, denied or withdrawn), a stage ending. docs/reports.md defines every figure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from claimdesk.analytics.monitoring_limits import (
    LIMITS,
    TARGET,
    DayCounter,
    average,
    days_between,
    due_at,
    milestone,
    percentile_90,
    rate,
)
from claimdesk.domain.milestones import open_reason
from claimdesk.domain.months import Month

ALL = "all"
STAGES = (
    ("report_to_registration", "reported", "registered"),  # 报案→立案
    ("registration_to_adjudication", "registered", "adjudicated"),  # 立案→理算
    ("adjudication_to_approval", "adjudicated", "approved"),  # 理算→核赔
    ("approval_to_payment", "approved", "paid"),  # 核赔→支付
    ("report_to_close", "reported", "closed"),  # 全程 报案→结案
)
AGE_BANDS = ((7, "0-7"), (30, "8-30"), (60, "31-60"), (90, "61-90"), (None, ">90"))
CLOSED_LATER = "closed_later"  # open at the month's end, settled since


@dataclass(frozen=True)
class Duration:
    stage: str
    claims: int
    average_days: Decimal | None
    p90_days: Decimal | None
    average_working_days: Decimal | None
    p90_working_days: Decimal | None


@dataclass(frozen=True)
class LineFigures:
    line: str  # a line of business, or "all"
    reported: int
    registered: int
    closed: int
    closed_paid: int
    closed_denied: int
    closed_withdrawn: int
    closing_ratio: Decimal | None  # closed ÷ reported in the month (结案率)
    paid_amount: Decimal  # confirmed payments of the claims closed as paid in the month
    open_at_end: int
    durations: tuple[Duration, ...]


@dataclass(frozen=True)
class Compliance:
    line: str
    limit: str
    counted: int
    met: int
    rate: Decimal | None

    @property
    def meets_target(self) -> bool | None:
        return None if self.rate is None else self.rate >= TARGET


@dataclass(frozen=True)
class OpenCount:
    line: str
    key: str  # an age band or an open reason
    claims: int


@dataclass(frozen=True)
class BreachedClaim:
    claim_no: str
    line: str
    status: str
    reported_at: datetime
    days_open: int
    limits: tuple[str, ...]
    handler: str
    reason: str
    note: str


@dataclass(frozen=True)
class MonitoringTable:
    month: str
    generated_at: datetime
    lines: tuple[LineFigures, ...]
    compliance: tuple[Compliance, ...]
    open_by_age: tuple[OpenCount, ...]
    open_by_reason: tuple[OpenCount, ...]
    breached: tuple[BreachedClaim, ...]


def monitoring_table(
    month: Month, rows: Sequence[Any], now: datetime, days: DayCounter | None = None
) -> MonitoringTable:
    """`rows`: milestone rows of claims reported, closed or stamped in the month, or open at
    its end (claim_milestones columns; see monitoring_queries.month_rows_query)."""
    counter = days or DayCounter()
    lines = sorted({row.line_of_business for row in rows})
    groups = [(line, [r for r in rows if r.line_of_business == line]) for line in lines]
    groups.append((ALL, list(rows)))
    open_rows = [r for r in rows if _open_at_end(r, month)]
    return MonitoringTable(
        month=str(month),
        generated_at=now,
        lines=tuple(line_figures(line, group, month, counter) for line, group in groups),
        compliance=tuple(c for line, group in groups for c in compliance(line, group, month,
                                                                            counter)),
        open_by_age=_open_counts(open_rows, lambda r: age_band(month, r.reported_at)),
        open_by_reason=_open_counts(open_rows, _reason_key),
        breached=breached_claims(open_rows, month, counter),
    )  # fmt: skip


def line_figures(line: str, rows: list[Any], month: Month, days: DayCounter) -> LineFigures:
    closed = [r for r in rows if _in(month, r.closed_at)]
    outcomes = Counter(r.outcome for r in closed)
    reported = sum(1 for r in rows if _in(month, r.reported_at))
    paid = [r.paid_amount for r in closed if r.outcome == "paid"]
    return LineFigures(
        line=line,
        reported=reported,
        registered=sum(1 for r in rows if _in(month, milestone(r, "registered"))),
        closed=len(closed),
        closed_paid=outcomes["paid"],
        closed_denied=outcomes["denied"],
        closed_withdrawn=outcomes["withdrawn"],
        closing_ratio=rate(len(closed), reported),
        paid_amount=sum(paid, Decimal("0.00")),
        open_at_end=sum(1 for r in rows if _open_at_end(r, month)),
        durations=tuple(duration(stage, rows, month, days) for stage in STAGES),
    )


def duration(
    stage: tuple[str, str, str], rows: list[Any], month: Month, days: DayCounter
) -> Duration:
    name, start, end = stage
    spans = [(milestone(r, start), milestone(r, end)) for r in rows]
    done = [
        (s, e) for s, e in spans if s is not None and e is not None and _in(month, e) and e >= s
    ]
    calendar = [days_between(s, e) for s, e in done]
    working = [Decimal(days.working_days_between(s, e)) for s, e in done]
    return Duration(name, len(done), average(calendar), percentile_90(calendar),
                    average(working), percentile_90(working))  # fmt: skip


def compliance(line: str, rows: list[Any], month: Month, days: DayCounter) -> list[Compliance]:
    """Per limit: of the claims whose limited step ended in the month, how many on time."""
    figures = []
    for limit in LIMITS:
        spans = [(milestone(r, limit.start), milestone(r, limit.end)) for r in rows]
        done = [(s, e) for s, e in spans if s is not None and e is not None and _in(month, e)]
        met = sum(1 for s, e in done if e <= due_at(limit, s, days))
        figures.append(Compliance(line, limit.code, len(done), met, rate(met, len(done))))
    return figures


def breached_claims(
    open_rows: Iterable[Any], month: Month, days: DayCounter
) -> tuple[BreachedClaim, ...]:
    """Claims open at the month's end with a limit already past due and its step not done."""
    found = []
    for row in open_rows:
        late = tuple(limit.code for limit in LIMITS if _overdue(row, limit, month, days))
        if late:
            found.append(BreachedClaim(
                row.claim_no, row.line_of_business, row.status, row.reported_at,
                (month.end - row.reported_at).days, late, row.handler or "",
                _reason_key(row), row.open_reason_note or "",
            ))  # fmt: skip
    return tuple(sorted(found, key=lambda claim: (claim.reported_at, claim.claim_no)))


def age_band(month: Month, reported_at: datetime) -> str:
    """Whole days from the report to the month's end."""
    age = (month.end - reported_at).days
    return next(label for top, label in AGE_BANDS if top is None or age <= top)


def _overdue(row: Any, limit: Any, month: Month, days: DayCounter) -> bool:
    start, end = milestone(row, limit.start), milestone(row, limit.end)
    if start is None or (end is not None and end < month.end):
        return False
    return due_at(limit, start, days) < month.end


def _open_counts(rows: list[Any], key_of: Any) -> tuple[OpenCount, ...]:
    counts = Counter((r.line_of_business, key_of(r)) for r in rows)
    counts.update(Counter((ALL, key_of(r)) for r in rows))
    return tuple(OpenCount(line, key, n) for (line, key), n in sorted(counts.items()))


def _reason_key(row: Any) -> str:
    if row.closed_at is not None:
        return CLOSED_LATER
    return str(open_reason(row.status, row.open_reason))


def _open_at_end(row: Any, month: Month) -> bool:
    return row.reported_at < month.end and (row.closed_at is None or row.closed_at >= month.end)


def _in(month: Month, moment: datetime | None) -> bool:
    return moment is not None and month.contains(moment)
