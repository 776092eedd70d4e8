"""The SLA report (时效达成率) from aggregates: closed limits from `sla_month_totals` (kept by the
tracking repository when a deadline closes), open ones counted on the covering index of
`claim_deadlines` (done_at, cancelled_at, code, paused_since, due_at, at_risk_at). Nothing is
read per deadline; `sla_report` over every stored deadline is the reference (tests compare)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import BigInteger, String, Text, and_, case, cast, column, func, select, table

from claimdesk.analytics.read_side import ReadSide, ReadUnit, _at, require
from claimdesk.analytics.sla_report import CodeCounts, SlaReport, sla_report_from_counts
from claimdesk.domain.months import BEIJING
from claimdesk.domain.users import Permission, User
from claimdesk.workflow.calendar import official_schedule_known

totals = table(
    "sla_month_totals", column("code", String), column("done_month", String),
    column("closed", BigInteger), column("met", BigInteger),
)  # fmt: skip
deadlines = table(
    "claim_deadlines", column("code", String), _at("due_at"), _at("at_risk_at"),
    _at("done_at"), _at("cancelled_at"), _at("paused_since"), column("uncertain_years", Text),
)  # fmt: skip
d = totals.c
o = deadlines.c


def closed_query(month: str | None) -> Any:
    """Closed (and not cancelled) limits per code: all months, or those closed in `month`."""
    query = select(d.code, func.sum(d.closed), func.sum(d.met)).group_by(d.code)
    return query if month is None else query.where(d.done_month == month)


def open_query(now: datetime) -> Any:
    """Open limits per code: at risk and breached among those running (not paused)."""
    running = o.paused_since.is_(None)
    at_risk = func.count(case((and_(running, o.at_risk_at <= now, o.due_at >= now), 1)))
    breached = func.count(case((and_(running, o.due_at < now), 1)))
    return (
        select(o.code, at_risk, breached)
        .where(o.done_at.is_(None), o.cancelled_at.is_(None))
        .group_by(o.code)
    )


def open_years_query(due_from: datetime) -> Any:
    """The distinct uncertain-year lists of open limits due from `due_from` (calendar
    warnings): a limit due before the first year without an official schedule spans known
    years only, so only the few running into that year are read from the table."""
    years = cast(o.uncertain_years, String)
    return (
        select(years)
        .where(o.done_at.is_(None), o.cancelled_at.is_(None), o.due_at >= due_from)
        .where(years != "[]")
        .distinct()
    )


def first_unknown_year_start(now: datetime) -> datetime:
    """1 January (Beijing, less a day) of the first year from three years back whose
    holiday schedule is not published (chinese-calendar knows a contiguous run of years)."""
    year = next(y for y in range(now.year - 3, now.year + 50) if not official_schedule_known(y))
    return datetime(year, 1, 1, tzinfo=BEIJING) - timedelta(days=1)


def sla_figures(read: ReadSide, now: datetime, month: str | None = None) -> SlaReport:
    """Three aggregate queries inside the caller's unit."""
    counts: dict[str, list[int]] = {}
    for code, closed, met in read.rows(closed_query(month)):
        if closed:
            counts[code] = [int(closed), int(met or 0), 0, 0]
    for code, at_risk, breached in read.rows(open_query(now)):
        slot = counts.setdefault(code, [0, 0, 0, 0])
        slot[2], slot[3] = int(at_risk), int(breached)
    listed = read.rows(open_years_query(first_unknown_year_start(now)))
    years = {int(y) for (text,) in listed for y in json.loads(text)}
    return sla_report_from_counts(
        (CodeCounts(code, *figures) for code, figures in counts.items()), years, now
    )


def sla_report_for(
    uow: ReadUnit, actor: User, now: datetime, month: str | None = None
) -> SlaReport:
    """Managers and auditors (the dashboard's permission)."""
    require(actor, Permission.READ_AUDIT)
    with uow:
        return sla_figures(uow.portal, now, month)
