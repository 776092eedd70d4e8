"""Due dates (时效) as pure functions over the time-limit table and the working-day calendar.

Day-based limits fall due at the end of the due day in Asia/Shanghai; hour and minute
limits at the exact instant. The start day is not counted (民法典 第二百零一条). A deadline
is data: `due_at` and `at_risk_at` are computed once and stored; `deadline_status` only
compares instants, with `now` always passed in.
"""

from __future__ import annotations

import calendar as gregorian
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache, partial
from importlib import resources
from math import ceil
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from claimdesk.workflow.calendar import WorkingDayCalendar

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A deadline is at risk once 80% of its time is used.
AT_RISK_SHARE = Fraction(4, 5)
_DAY = timedelta(days=1)


class TimeLimitCode(StrEnum):
    MISSING_MATERIALS_NOTICE = "missing_materials_notice"
    FIRST_FEEDBACK = "first_feedback"
    SURVEYOR_CONTACT = "surveyor_contact"
    REGISTRATION = "registration"
    PREPAYMENT_ESTIMATE = "prepayment_estimate"
    FAST_TRACK_DOCUMENTS = "fast_track_documents"
    FAST_TRACK_DECISION = "fast_track_decision"
    DECISION_WITHOUT_DISPUTE = "decision_without_dispute"
    COMPLEX_CASE_OPINION = "complex_case_opinion"
    INPATIENT_PAYMENT = "inpatient_payment"
    DECISION_AFTER_MATERIALS = "decision_after_materials"
    REFUSAL_NOTICE = "refusal_notice"
    PAYMENT_AFTER_AGREEMENT = "payment_after_agreement"
    ADVANCE_PAYMENT = "advance_payment"
    COMPLAINT_ORDINARY = "complaint_ordinary"
    COMPLAINT_MAJOR = "complaint_major"
    COMPLAINT_REGULATOR = "complaint_regulator"


class LimitUnit(StrEnum):
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    HOURS = "hours"
    MINUTES = "minutes"
    MONTHS = "months"


class DeadlineStatus(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    MET = "met"


class TimeLimitDataError(ValueError):
    """The time-limit table is malformed; raised on load, never later."""


@dataclass(frozen=True)
class TimeLimit:
    code: TimeLimitCode
    name_zh: str
    name_en: str
    amount: int
    unit: LimitUnit
    starts_from: str
    source: str
    pausable: bool = False


@dataclass(frozen=True)
class Deadline:
    code: TimeLimitCode
    started_at: datetime
    due_at: datetime
    at_risk_at: datetime
    uncertain_years: frozenset[int] = frozenset()


def parse_time_limits(text: str) -> Mapping[TimeLimitCode, TimeLimit]:
    """Parse and validate the YAML table; every code exactly once."""
    rows = (yaml.safe_load(text) or {}).get("time_limits")
    if not isinstance(rows, list):
        raise TimeLimitDataError("time_limits: expected a list")
    limits = [_parse_row(row) for row in rows]
    table = {limit.code: limit for limit in limits}
    if len(table) != len(limits):
        raise TimeLimitDataError("time_limits: a code appears twice")
    missing = sorted(set(TimeLimitCode) - set(table))
    if missing:
        raise TimeLimitDataError(f"time_limits: missing codes {missing}")
    return MappingProxyType(table)


def _parse_row(row: Any) -> TimeLimit:
    try:
        limit = TimeLimit(
            code=TimeLimitCode(row["code"]),
            name_zh=str(row["name_zh"]),
            name_en=str(row["name_en"]),
            amount=row["amount"],
            unit=LimitUnit(row["unit"]),
            starts_from=str(row["starts_from"]),
            source=str(row["source"]),
            pausable=row.get("pausable", False),
        )
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        raise TimeLimitDataError(f"time_limits: bad row {row!r}: {error}") from error
    if isinstance(limit.amount, bool) or not isinstance(limit.amount, int) or limit.amount < 1:
        raise TimeLimitDataError(f"{limit.code}: amount must be a positive integer")
    if not isinstance(limit.pausable, bool):
        raise TimeLimitDataError(f"{limit.code}: pausable must be true or false")
    return limit


@lru_cache(maxsize=1)
def default_time_limits() -> Mapping[TimeLimitCode, TimeLimit]:
    """The table shipped with the package (time_limits.yaml)."""
    text = resources.files("claimdesk.workflow").joinpath("time_limits.yaml").read_text("utf-8")
    return parse_time_limits(text)


def deadline_for(
    code: TimeLimitCode,
    started_at: datetime,
    calendar: WorkingDayCalendar,
    *,
    paused_days: int = 0,
    limits: Mapping[TimeLimitCode, TimeLimit] | None = None,
) -> Deadline:
    """The deadline of one time limit from the table (the shipped one unless given)."""
    table = default_time_limits() if limits is None else limits
    return compute_deadline(table[code], started_at, calendar, paused_days=paused_days)


def compute_deadline(
    limit: TimeLimit, started_at: datetime, calendar: WorkingDayCalendar, *, paused_days: int = 0
) -> Deadline:
    """`paused_days` (pausable limits only) are added back: 保险法司法解释（二）第十五条."""
    _require_aware(started_at, "started_at")
    if paused_days and not limit.pausable:
        raise ValueError(f"{limit.code} cannot be paused")
    if paused_days < 0:
        raise ValueError("paused_days must not be negative")
    if limit.unit in (LimitUnit.HOURS, LimitUnit.MINUTES):
        return _instant_deadline(limit, started_at)
    return _day_deadline(limit, started_at, calendar, paused_days)


def _instant_deadline(limit: TimeLimit, started_at: datetime) -> Deadline:
    unit_length = timedelta(hours=1) if limit.unit is LimitUnit.HOURS else timedelta(minutes=1)
    length = unit_length * limit.amount
    start = started_at.astimezone(SHANGHAI)
    at_risk = start + length * AT_RISK_SHARE.numerator / AT_RISK_SHARE.denominator
    return Deadline(limit.code, started_at, start + length, at_risk)


def _day_deadline(
    limit: TimeLimit, started_at: datetime, calendar: WorkingDayCalendar, paused_days: int
) -> Deadline:
    start_day = started_at.astimezone(SHANGHAI).date()
    count = _day_count(limit, start_day) + paused_days
    uncertain = frozenset[int]()
    if limit.unit is LimitUnit.WORKING_DAYS:
        uncertain = calendar.shift(start_day, count).uncertain_years
    day_of = partial(_counted_day, limit.unit, calendar, start_day)
    at_risk = _at_risk_instant(count, day_of)
    return Deadline(limit.code, started_at, end_of_day(day_of(count)), at_risk, uncertain)


def _day_count(limit: TimeLimit, start_day: date) -> int:
    if limit.unit is LimitUnit.MONTHS:
        return (add_months(start_day, limit.amount) - start_day).days
    return limit.amount


def _counted_day(unit: LimitUnit, calendar: WorkingDayCalendar, start_day: date, k: int) -> date:
    """The k-th counted day after the start day (working or calendar days)."""
    if unit is LimitUnit.WORKING_DAYS:
        return calendar.add_working_days(start_day, k)
    return start_day + k * _DAY


def _at_risk_instant(count: int, day_of: Callable[[int], date]) -> datetime:
    """80% of `count` days used: part-way through the ceil(0.8·count)-th counted day."""
    used = AT_RISK_SHARE * count
    whole = ceil(used)
    share_of_day = used - (whole - 1)
    microseconds = int(share_of_day * (_DAY // timedelta(microseconds=1)))
    return start_of_day(day_of(whole)) + timedelta(microseconds=microseconds)


def add_months(day: date, months: int) -> date:
    """The corresponding day; the month's last day if none (民法典 第二百零二条)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, gregorian.monthrange(year, month)[1]))


def start_of_day(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=SHANGHAI)


def end_of_day(day: date) -> datetime:
    return datetime.combine(day, time.max, tzinfo=SHANGHAI)


def paused_days_between(pauses: Iterable[tuple[date, date]]) -> int:
    """Calendar days spent awaiting materials: each (requested, received) pair, overlaps once."""
    days: set[date] = set()
    for requested, received in pauses:
        if received < requested:
            raise ValueError(f"pause ends before it starts: {requested} → {received}")
        days.update(requested + k * _DAY for k in range((received - requested).days))
    return len(days)


def deadline_status(
    deadline: Deadline, now: datetime, *, done_at: datetime | None = None
) -> DeadlineStatus:
    """met / breached once done; otherwise breached, at_risk (≥ 80% used) or on_track."""
    _require_aware(now, "now")
    if done_at is not None:
        _require_aware(done_at, "done_at")
        return DeadlineStatus.MET if done_at <= deadline.due_at else DeadlineStatus.BREACHED
    if now > deadline.due_at:
        return DeadlineStatus.BREACHED
    if now >= deadline.at_risk_at:
        return DeadlineStatus.AT_RISK
    return DeadlineStatus.ON_TRACK


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {moment!r}")
