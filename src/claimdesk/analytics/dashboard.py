"""Manager dashboard (管理驾驶舱): volumes and paid amounts by line and month with the change on
the previous month, average time per stage, open-claim aging with reserves, staff workload.

The queries are in dashboard_queries.py (one per figure); this module only aggregates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from claimdesk.analytics import dashboard_queries as q
from claimdesk.analytics.read_side import ReadUnit, money, require, utc
from claimdesk.domain.users import Permission, User

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONTHS = 12
AGE_BUCKETS = ((7, "0–7"), (30, "8–30"), (90, "31–90"), (None, ">90"))


@dataclass(frozen=True)
class VolumeRow:
    line: str
    month: str  # YYYY-MM, Beijing time, by report date
    cases: int
    paid: Decimal
    cases_change: Decimal | None  # on the previous month, e.g. 0.25 = +25 %
    paid_change: Decimal | None


@dataclass(frozen=True)
class StageRow:
    status: str
    claims: int
    average_hours: Decimal


@dataclass(frozen=True)
class AgingRow:
    bucket: str  # days since the report
    claims: int
    claimed: Decimal
    reserve: Decimal


@dataclass(frozen=True)
class WorkloadRow:
    username: str
    display_name: str
    role: str
    open_tasks: int


@dataclass(frozen=True)
class Dashboard:
    at: datetime
    volume: tuple[VolumeRow, ...]
    stages: tuple[StageRow, ...]
    aging: tuple[AgingRow, ...]
    workload: tuple[WorkloadRow, ...]


def manager_dashboard(uow: ReadUnit, actor: User, now: datetime) -> Dashboard:
    require(actor, Permission.READ_AUDIT)
    since = _month_start(now, MONTHS)
    with uow:
        volume = uow.portal.rows(q.volume_query(since))
        moves = uow.portal.rows(q.moves_query(since))
        open_claims = uow.portal.rows(q.open_claims_query())
        workload = uow.portal.rows(q.workload_query())
    return Dashboard(
        at=now,
        volume=volume_rows(volume),
        stages=stage_rows(moves),
        aging=aging_rows(open_claims, now),
        workload=tuple(WorkloadRow(*row) for row in workload),
    )


def volume_rows(rows: Iterable[Any]) -> tuple[VolumeRow, ...]:
    cases: dict[tuple[str, str], int] = defaultdict(int)
    paid: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for line, reported_at, status, payable in rows:
        key = (line, month_of(utc(reported_at)))
        cases[key] += 1
        if status in q.PAID and payable is not None:
            paid[key] += money(payable)
    return tuple(
        VolumeRow(line, month, cases[(line, month)], paid[(line, month)],
                  change(cases[(line, month)], cases.get((line, previous_month(month)))),
                  change(paid[(line, month)], paid.get((line, previous_month(month)))))
        for line, month in sorted(cases)
    )  # fmt: skip


def stage_rows(rows: Iterable[Any]) -> tuple[StageRow, ...]:
    """Time spent in each status: from entering it to the next recorded move of the claim."""
    spent: dict[str, list[float]] = defaultdict(list)
    previous: tuple[str, datetime, str] | None = None
    for claim_id, at, after in rows:
        status, moment = (after or {}).get("status", ""), utc(at)
        if previous is not None and previous[0] == claim_id and previous[2] != status:
            spent[previous[2]].append((moment - previous[1]).total_seconds() / 3600)
        if previous is None or previous[0] != claim_id or previous[2] != status:
            previous = (claim_id, moment, status)
    return tuple(
        StageRow(status, len(hours), _round(Decimal(sum(hours) / len(hours)), "0.1"))
        for status, hours in sorted(spent.items())
    )


def aging_rows(rows: Iterable[Any], now: datetime) -> tuple[AgingRow, ...]:
    counts: dict[str, int] = defaultdict(int)
    claimed: dict[str, Decimal] = defaultdict(Decimal)
    reserve: dict[str, Decimal] = defaultdict(Decimal)
    for _line, reported_at, amount, reserved in rows:
        bucket = age_bucket((now - utc(reported_at)).days)
        counts[bucket] += 1
        claimed[bucket] += money(amount)
        reserve[bucket] += money(reserved)
    return tuple(
        AgingRow(label, counts[label], money(claimed[label] / Decimal("0.01")),
                 money(reserve[label] / Decimal("0.01")))
        for _, label in AGE_BUCKETS
    )  # fmt: skip


def age_bucket(days: int) -> str:
    return next(label for limit, label in AGE_BUCKETS if limit is None or days <= limit)


def change(current: int | Decimal, previous: int | Decimal | None) -> Decimal | None:
    """环比: (current − previous) / previous; None when there is nothing to compare with."""
    if not previous:
        return None
    return _round((Decimal(current) - Decimal(previous)) / Decimal(previous), "0.0001")


def month_of(moment: datetime) -> str:
    return moment.astimezone(SHANGHAI).strftime("%Y-%m")


def previous_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:])
    return f"{year - 1}-12" if number == 1 else f"{year}-{number - 1:02d}"


def _month_start(now: datetime, months_back: int) -> datetime:
    """The start (Beijing time) of the month `months_back` months before this one."""
    local = now.astimezone(SHANGHAI)
    index = local.year * 12 + local.month - 1 - months_back
    start = local.replace(year=index // 12, month=index % 12 + 1, day=1, hour=0, minute=0,
                          second=0, microsecond=0)  # fmt: skip
    return start


def _round(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), ROUND_HALF_UP)
