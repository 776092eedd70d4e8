"""The manager dashboard's queries. Volumes and stage times read `claim_month_totals` (kept per
line and report month by the writes, adapters/db/read_totals.py): a few hundred rows at any
book size. Aging reads the open claims' milestone rows on a covering index. The `*_reference`
queries compute the same figures from `claim_milestones` (tests and the benchmark compare)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import BigInteger, DateTime, String, case, column, func, select, table

from claimdesk.analytics.monitoring_rows import milestones
from claimdesk.analytics.read_side import reserves, tasks, users
from claimdesk.analytics.sql_functions import days_between

m = milestones.c
# Time spent in a status ≈ from the milestone that entered it to the one that left it.
STAGES = (
    ("reported", m.reported_at, m.accepted_at),
    ("accepted", m.accepted_at, m.materials_complete_at),
    ("under_review", m.materials_complete_at, m.adjudicated_at),
    ("adjudicated", m.adjudicated_at, m.approved_at),
    ("approved", m.approved_at, m.paid_at),
)
AGE_BUCKETS = ((7, "0–7"), (30, "8–30"), (90, "31–90"), (None, ">90"))
totals = table(
    "claim_month_totals", column("line_of_business", String), column("reported_month", String),
    column("claims", BigInteger), column("paid", BigInteger),
    *(column(f"{status}_{kind}", BigInteger) for status, _, _ in STAGES for kind in ("n", "us")),
)  # fmt: skip
t = totals.c
# The milestone columns ix_milestones_open_cover holds (aging reads nothing else).
open_rows = table(
    "claim_milestones", column("closed_at", DateTime(timezone=True)),
    column("reported_at", DateTime(timezone=True)), column("claimed_amount", BigInteger),
    column("booked_reserve", BigInteger),
)  # fmt: skip


def volume_query(since_month: str) -> Any:
    """Per line and Beijing report month: claims, and confirmed payments on them (fen)."""
    return (
        select(t.line_of_business, t.reported_month, t.claims, t.paid)
        .where(t.reported_month >= since_month, t.claims > 0)
        .order_by(t.line_of_business, t.reported_month)
    )


def stages_query(since_month: str) -> Any:
    """For claims reported since the month: per stage, how many passed it and their total
    microseconds in it."""
    sums = [func.coalesce(func.sum(t[f"{status}_{kind}"]), 0)
            for status, _, _ in STAGES for kind in ("n", "us")]  # fmt: skip
    return select(*sums).where(t.reported_month >= since_month)


def volume_reference_query(since_month: str) -> Any:
    """volume_query from the milestone rows."""
    return (
        select(m.line_of_business, m.reported_month, func.count(), func.sum(m.paid_amount))
        .where(m.reported_month >= since_month)
        .group_by(m.line_of_business, m.reported_month)
    )


def stages_reference_query(since: datetime) -> Any:
    """For claims reported since `since`: per stage, how many passed it and the mean days."""
    spans = [days_between(start, end) for _, start, end in STAGES]
    figures = [f for span in spans for f in (func.count(span), func.avg(span))]
    return select(*figures).where(m.reported_at >= since)


def aging_query(now: datetime) -> Any:
    """Open claims (no 结案 yet) per age band: count, claimed amount, latest reserve. The open
    rows and their booked reserve (the newest reserve row, kept on the milestone row by the
    reserve writes) come from ix_milestones_open_cover alone: no seek per claim."""
    o = open_rows.c
    band = _age_band(now, o.reported_at)
    return (
        select(band, func.count(), func.sum(o.claimed_amount), func.sum(o.booked_reserve))
        .where(o.closed_at.is_(None))
        .group_by(band)
    )


def aging_reference_query(now: datetime) -> Any:
    """aging_query from the reserve history: each open claim's newest reserve row."""
    latest = (
        select(reserves.c.amount)
        .where(reserves.c.claim_id == m.claim_id)
        .order_by(reserves.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    band = _age_band(now, m.reported_at)
    return (
        select(band, func.count(), func.sum(m.claimed_amount), func.sum(latest))
        .where(m.closed_at.is_(None))
        .group_by(band)
    )


def _age_band(now: datetime, reported_at: Any) -> Any:
    """Whole days since the report: ≤ 7 days means reported after now − 8 days, etc."""
    whens = [(reported_at > now - timedelta(days=top + 1), label)
             for top, label in AGE_BUCKETS if top is not None]  # fmt: skip
    return case(*whens, else_=AGE_BUCKETS[-1][1])


def workload_query() -> Any:
    """Open tasks per assigned user (unassigned tasks are counted under no one)."""
    count = func.count(tasks.c.id)
    return (
        select(users.c.username, users.c.display_name, users.c.role, count)
        .select_from(tasks.join(users, users.c.id == tasks.c.assignee_id))
        .where(tasks.c.status == "open")
        .group_by(users.c.username, users.c.display_name, users.c.role)
        .order_by(count.desc(), users.c.username)
    )
