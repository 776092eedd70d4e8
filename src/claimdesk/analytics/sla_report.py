"""SLA report (时效达成率): compliance per time limit and per team, open risks, calendar warnings.

Pure over the stored deadlines: compliance = closed on time / all closed (target ≥ 95%, seeds
002/003); cancelled deadlines (the step no longer applies) are not counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Protocol

from claimdesk.domain.users import Role
from claimdesk.workflow.calendar import fallback_warning, official_schedule_known
from claimdesk.workflow.deadlines import TimeLimitCode

TARGET = Decimal("0.95")
T = TimeLimitCode
# The team that owns each step (岗位): who is measured when the limit is missed.
TEAM_FOR: Mapping[TimeLimitCode, Role] = MappingProxyType(
    {
        T.MISSING_MATERIALS_NOTICE: Role.SPECIALIST,
        T.FIRST_FEEDBACK: Role.AGENT,
        T.SURVEYOR_CONTACT: Role.SURVEYOR,
        T.REGISTRATION: Role.AGENT,
        T.PREPAYMENT_ESTIMATE: Role.SPECIALIST,  # automatic; the specialist answers for it
        T.FAST_TRACK_DOCUMENTS: Role.AGENT,
        T.FAST_TRACK_DECISION: Role.APPROVER,
        T.DECISION_WITHOUT_DISPUTE: Role.SPECIALIST,
        T.COMPLEX_CASE_OPINION: Role.SPECIALIST,
        T.INPATIENT_PAYMENT: Role.FINANCE,
        T.DECISION_AFTER_MATERIALS: Role.APPROVER,
        T.REFUSAL_NOTICE: Role.SPECIALIST,
        T.PAYMENT_AFTER_AGREEMENT: Role.FINANCE,
        T.ADVANCE_PAYMENT: Role.FINANCE,
        T.COMPLAINT_ORDINARY: Role.AGENT,
        T.COMPLAINT_MAJOR: Role.MANAGER,
        T.COMPLAINT_REGULATOR: Role.MANAGER,
    }
)
# 小额快赔: reported on their own rows as well (the fast track's own time limits).
FAST_TRACK_CODES = frozenset({T.FAST_TRACK_DOCUMENTS, T.FAST_TRACK_DECISION})


class DeadlineFacts(Protocol):
    """What the report reads of a stored deadline."""

    @property
    def code(self) -> str: ...
    @property
    def due_at(self) -> datetime: ...
    @property
    def at_risk_at(self) -> datetime: ...
    @property
    def done_at(self) -> datetime | None: ...
    @property
    def cancelled_at(self) -> datetime | None: ...
    @property
    def paused_since(self) -> datetime | None: ...
    @property
    def uncertain_years(self) -> tuple[int, ...]: ...


@dataclass(frozen=True)
class ComplianceRow:
    key: str  # a limit code or a team (role)
    closed: int
    met: int
    open_at_risk: int
    open_breached: int

    @property
    def late(self) -> int:
        """Closed after the due time: the breaches the compliance rate counts."""
        return self.closed - self.met

    @property
    def compliance(self) -> Decimal | None:
        if not self.closed:
            return None
        return (Decimal(self.met) / Decimal(self.closed)).quantize(Decimal("0.0001"), ROUND_HALF_UP)

    @property
    def meets_target(self) -> bool | None:
        rate = self.compliance
        return None if rate is None else rate >= TARGET


@dataclass(frozen=True)
class SlaReport:
    at: datetime
    by_code: tuple[ComplianceRow, ...]
    by_team: tuple[ComplianceRow, ...]
    open_at_risk: int
    open_breached: int
    warnings: tuple[str, ...]
    fast_track: tuple[ComplianceRow, ...] = ()  # the by_code rows of the fast track's limits


def sla_report(deadlines: Iterable[DeadlineFacts], now: datetime) -> SlaReport:
    counted = [d for d in deadlines if d.cancelled_at is None]
    by_code = _rows(counted, now, lambda d: d.code)
    by_team = _rows(counted, now, lambda d: str(TEAM_FOR[T(d.code)]))
    return SlaReport(
        at=now,
        by_code=by_code,
        by_team=by_team,
        open_at_risk=sum(row.open_at_risk for row in by_code),
        open_breached=sum(row.open_breached for row in by_code),
        warnings=calendar_warnings(counted, now),
        fast_track=_fast_track(by_code),
    )


def _rows(
    deadlines: list[DeadlineFacts], now: datetime, key_of: _KeyOf
) -> tuple[ComplianceRow, ...]:
    groups: dict[str, list[DeadlineFacts]] = {}
    for deadline in deadlines:
        groups.setdefault(key_of(deadline), []).append(deadline)
    return tuple(_row(key, groups[key], now) for key in sorted(groups))


def _row(key: str, deadlines: list[DeadlineFacts], now: datetime) -> ComplianceRow:
    closed = [d for d in deadlines if d.done_at is not None]
    running = [d for d in deadlines if d.done_at is None and d.paused_since is None]
    return ComplianceRow(
        key=key,
        closed=len(closed),
        met=sum(1 for d in closed if d.done_at is not None and d.done_at <= d.due_at),
        open_at_risk=sum(1 for d in running if d.at_risk_at <= now <= d.due_at),
        open_breached=sum(1 for d in running if now > d.due_at),
    )


def calendar_warnings(deadlines: Iterable[DeadlineFacts], now: datetime) -> tuple[str, ...]:
    """Years counted Monday–Friday because the holiday schedule is not published yet."""
    years = {now.year, now.year + 1}
    years |= {year for d in deadlines if d.done_at is None for year in d.uncertain_years}
    return tuple(fallback_warning(y) for y in sorted(years) if not official_schedule_known(y))


class _KeyOf(Protocol):
    def __call__(self, deadline: DeadlineFacts, /) -> str: ...


@dataclass(frozen=True)
class CodeCounts:
    """One code's figures as the aggregate queries return them (analytics/sla_queries.py)."""

    code: str
    closed: int
    met: int
    open_at_risk: int
    open_breached: int


def sla_report_from_counts(
    counts: Iterable[CodeCounts], open_years: Iterable[int], now: datetime
) -> SlaReport:
    """The same report as `sla_report`, from per-code counts: codes with any counted deadline
    (closed or open), teams summed from their codes."""
    by_code = tuple(
        ComplianceRow(c.code, c.closed, c.met, c.open_at_risk, c.open_breached)
        for c in sorted(counts, key=lambda c: c.code)
    )
    teams: dict[str, list[ComplianceRow]] = {}
    for row in by_code:
        teams.setdefault(str(TEAM_FOR[T(row.key)]), []).append(row)
    by_team = tuple(
        ComplianceRow(team, *(sum(getattr(r, f) for r in teams[team]) for f in _COUNTED))
        for team in sorted(teams)
    )
    years = {now.year, now.year + 1, *open_years}
    return SlaReport(
        at=now,
        by_code=by_code,
        by_team=by_team,
        open_at_risk=sum(row.open_at_risk for row in by_code),
        open_breached=sum(row.open_breached for row in by_code),
        warnings=tuple(
            fallback_warning(y) for y in sorted(years) if not official_schedule_known(y)
        ),
        fast_track=_fast_track(by_code),
    )


_COUNTED = ("closed", "met", "open_at_risk", "open_breached")


def _fast_track(by_code: tuple[ComplianceRow, ...]) -> tuple[ComplianceRow, ...]:
    """The by-code rows of the fast track's own limits (小额快赔, reported separately)."""
    return tuple(row for row in by_code if row.key in FAST_TRACK_CODES)
