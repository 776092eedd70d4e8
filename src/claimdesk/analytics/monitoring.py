"""The monthly 理赔时效监测表 (seed 002 1.4.1: submitted before the 5th, "需含平均处理时长、
未结案原因等"), computed from claim milestone rows; pure, so every figure is tested by hand.

A claim counts in the month its event falls in (Beijing time): reported, registered, closed
(结案: paid, denied or withdrawn), a stage ending. docs/reports.md defines every figure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
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
BREACHED_LISTED = 2000  # the oldest first; the count of all is `breached_total`


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
    breached_total: int


def monitoring_table(
    month: Month, rows: Sequence[Any], now: datetime, days: DayCounter | None = None
) -> MonitoringTable:
    """`rows`: milestone rows of claims reported, closed or stamped in the month, or open at
    its end (claim_milestones columns; see monitoring_queries.month_rows_query). One pass:
    each row's figures are worked out once and added to its line and to the total."""
    counter = days or DayCounter()
    tallies: dict[str, _Tally] = {}
    open_rows = []
    for row in rows:
        figures = _RowFigures.of(row, month, counter)
        for key in (row.line_of_business, ALL):
            tallies.setdefault(key, _Tally()).add(figures, row)
        if figures.open_at_end:
            open_rows.append(row)
    tallies.setdefault(ALL, _Tally())
    lines = sorted(tallies, key=lambda line: (line == ALL, line))
    breached = breached_claims(open_rows, month, counter)
    return MonitoringTable(
        month=str(month),
        generated_at=now,
        lines=tuple(tallies[line].line_figures(line) for line in lines),
        compliance=tuple(c for line in lines for c in tallies[line].compliance(line)),
        open_by_age=_open_counts(open_rows, lambda r: age_band(month, r.reported_at)),
        open_by_reason=_open_counts(open_rows, _reason_key),
        breached=breached[:BREACHED_LISTED],
        breached_total=len(breached),
    )


@dataclass(frozen=True)
class _RowFigures:
    reported: bool
    registered: bool
    closed_as: str | None  # the outcome, when settled in the month
    open_at_end: bool
    spans: tuple[tuple[Decimal, Decimal] | None, ...]  # per stage: (days, working days)
    limits: tuple[bool | None, ...]  # per limit: met, late, or None (not ended in the month)

    @classmethod
    def of(cls, row: Any, month: Month, days: DayCounter) -> _RowFigures:
        stamps = {name: milestone(row, name) for name in _MILESTONES}
        return cls(
            reported=_in(month, row.reported_at),
            registered=_in(month, stamps["registered"]),
            closed_as=row.outcome if _in(month, row.closed_at) else None,
            open_at_end=_open_at_end(row, month),
            spans=tuple(_span(stamps[s], stamps[e], month, days) for _, s, e in STAGES),
            limits=tuple(_met(limit, stamps, month, days) for limit in LIMITS),
        )


_MILESTONES = ("reported", "accepted", "registered", "materials_complete", "adjudicated",
               "approved", "decided", "paid", "closed")  # fmt: skip


def _span(start: datetime | None, end: datetime | None, month: Month, days: DayCounter) -> Any:
    if start is None or end is None or end < start or not _in(month, end):
        return None
    return days_between(start, end), Decimal(days.working_days_between(start, end))


def _met(limit: Any, stamps: dict[str, datetime | None], month: Month, days: DayCounter) -> Any:
    start, end = stamps[limit.start], stamps[limit.end]
    if start is None or end is None or not _in(month, end):
        return None
    return end <= due_at(limit, start, days)


@dataclass
class _Tally:
    reported: int = 0
    registered: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    paid: Decimal = Decimal("0.00")
    open_at_end: int = 0
    spans: list[list[tuple[Decimal, Decimal]]] = field(default_factory=lambda: [[] for _ in STAGES])
    limits: list[list[bool]] = field(default_factory=lambda: [[] for _ in LIMITS])

    def add(self, figures: _RowFigures, row: Any) -> None:
        self.reported += figures.reported
        self.registered += figures.registered
        self.open_at_end += figures.open_at_end
        if figures.closed_as is not None:
            self.outcomes[figures.closed_as] += 1
            self.paid += row.paid_amount if figures.closed_as == "paid" else 0
        for kept, span in zip(self.spans, figures.spans, strict=True):
            if span is not None:
                kept.append(span)
        for kept_limit, met in zip(self.limits, figures.limits, strict=True):
            if met is not None:
                kept_limit.append(met)

    def line_figures(self, line: str) -> LineFigures:
        closed = sum(self.outcomes.values())
        return LineFigures(
            line, self.reported, self.registered, closed, self.outcomes["paid"],
            self.outcomes["denied"], self.outcomes["withdrawn"], rate(closed, self.reported),
            self.paid, self.open_at_end,
            tuple(_duration(name, spans) for (name, _, _), spans in zip(STAGES, self.spans,
                                                                         strict=True)),
        )  # fmt: skip

    def compliance(self, line: str) -> list[Compliance]:
        return [Compliance(line, limit.code, len(met), sum(met), rate(sum(met), len(met)))
                for limit, met in zip(LIMITS, self.limits, strict=True)]  # fmt: skip


def _duration(name: str, spans: list[tuple[Decimal, Decimal]]) -> Duration:
    calendar = [days for days, _ in spans]
    working = [work for _, work in spans]
    return Duration(name, len(spans), average(calendar), percentile_90(calendar),
                    average(working), percentile_90(working))  # fmt: skip


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
