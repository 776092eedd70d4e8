"""Manager dashboard (管理驾驶舱): volumes and paid amounts by line and month with the change on
the previous month, average time per stage, open-claim aging with reserves, staff workload.

The queries (dashboard_queries.py, one per figure) aggregate claim_milestones in the database;
this module shapes the few rows they return.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from claimdesk.analytics import dashboard_queries as q
from claimdesk.analytics.read_side import ReadUnit, money, require
from claimdesk.domain.users import Permission, User

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONTHS = 12
HOUR_US = Decimal(3_600_000_000)


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
        volume = uow.portal.rows(q.volume_query(month_of(since)))
        stages = uow.portal.rows(q.stages_query(month_of(since)))
        aging = uow.portal.rows(q.aging_query(now))
        workload = uow.portal.rows(q.workload_query())
    return Dashboard(
        at=now,
        volume=volume_rows(volume),
        stages=stage_rows(stages[0] if stages else ()),
        aging=aging_rows(aging),
        workload=tuple(WorkloadRow(*row) for row in workload),
    )


def volume_rows(rows: Iterable[Any]) -> tuple[VolumeRow, ...]:
    """(line, month, claims, paid fen) groups → rows with the change on the previous month."""
    cases = {(line, month): int(n) for line, month, n, _ in rows}
    paid = {(line, month): money(fen) for line, month, _, fen in rows} if cases else {}
    return tuple(
        VolumeRow(line, month, cases[(line, month)], paid[(line, month)],
                  change(cases[(line, month)], cases.get((line, previous_month(month)))),
                  change(paid[(line, month)], paid.get((line, previous_month(month)))))
        for line, month in sorted(cases)
    )  # fmt: skip


def stage_rows(figures: Sequence[Any]) -> tuple[StageRow, ...]:
    """(count, total microseconds) per stage → average hours for the stages some claim has
    passed, exact (integer microseconds, Decimal division)."""
    pairs = zip(figures[0::2], figures[1::2], strict=True)
    return tuple(
        StageRow(status, int(n), _round(Decimal(int(us)) / int(n) / HOUR_US, "0.1"))
        for (status, _, _), (n, us) in zip(q.STAGES, pairs, strict=True)
        if n
    )


def aging_rows(rows: Iterable[Any]) -> tuple[AgingRow, ...]:
    found = {band: (int(n), money(claimed), money(reserve)) for band, n, claimed, reserve in rows}
    zero = (0, Decimal("0.00"), Decimal("0.00"))
    return tuple(AgingRow(label, *found.get(label, zero)) for _, label in q.AGE_BUCKETS)


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
