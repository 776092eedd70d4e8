"""Management reports (issue 13): loss ratio, reserves and IBNR, staff KPIs, surveyor scores,
the quality sample. Queries are in management_queries.py; the figures are pure functions.
Managers only (the dashboard's permission). Months are Beijing-time calendar months."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from claimdesk.analytics import management_queries as q
from claimdesk.analytics.case_reserves import OpenClaimFacts, case_reserve
from claimdesk.analytics.chain_ladder import (
    ChainLadder,
    TriangleCell,
    chain_ladder,
    months_between,
)
from claimdesk.analytics.loss_ratio import (
    ClaimIncurred,
    IncurredSums,
    LossRatioRow,
    PolicyPremium,
    loss_ratios,
    loss_ratios_from_sums,
    month_bounds,
)  # fmt: skip
from claimdesk.analytics.read_side import ReadUnit, money, require
from claimdesk.domain.users import Permission, User

SHANGHAI = ZoneInfo("Asia/Shanghai")
BEIJING_OFFSET = timedelta(hours=8)
MANAGE = Permission.READ_AUDIT


def month_window(month: str) -> tuple[datetime, datetime]:
    """[start, end) of a Beijing-time month, as aware UTC."""
    first, last = month_bounds(month)
    start = datetime.combine(first, time(), SHANGHAI).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(), SHANGHAI).astimezone(UTC)
    return start, end


def month_of(moment: datetime) -> str:
    """Beijing-time month (UTC+8, no daylight saving), cached per UTC hour: the reports bucket
    every payment and claim by month, and zone arithmetic per row dominated their time."""
    if moment.tzinfo is not None and moment.utcoffset():
        moment = moment.astimezone(UTC)
    return _beijing_month(moment.year, moment.month, moment.day, moment.hour)


@cache
def _beijing_month(year: int, month: int, day: int, hour: int) -> str:
    return (datetime(year, month, day, hour, tzinfo=UTC) + BEIJING_OFFSET).strftime("%Y-%m")


@dataclass(frozen=True)
class LossRatioReport:
    month: str
    threshold: Decimal
    rows: tuple[LossRatioRow, ...]

    @property
    def alerts(self) -> tuple[LossRatioRow, ...]:
        return tuple(row for row in self.rows if row.over(self.threshold))


def loss_ratio_report(
    uow: ReadUnit, actor: User, month: str, threshold: Decimal
) -> LossRatioReport:
    require(actor, MANAGE)
    with uow:
        rows = month_loss_ratios(uow.portal.rows, month)
    return LossRatioReport(month, threshold, rows)


def month_loss_ratios(rows: Callable[[Any], list[Any]], month: str) -> tuple[LossRatioRow, ...]:
    """The month's loss ratios (per product, then per line), run by `rows` inside the caller's
    unit (the management page, the monitoring table): the policies in force, the accident
    month's claims summed per (line, product) in loss_month_totals (kept by the writes), and
    the few recoveries received on them. A few dozen rows at any book size."""
    first, last = month_bounds(month)
    premiums = rows(q.premiums_query(first, last))
    totals = rows(q.loss_totals_query(month))
    recovered = {(line, product): money(fen) for line, product, fen in
                 rows(q.recoveries_query(first, last))}  # fmt: skip
    policies = [PolicyPremium(line, product, money(p), start, end)
                for line, product, p, start, end in premiums]  # fmt: skip
    sums = [IncurredSums(line, product, int(n), money(paid), money(reserve),
                         recovered.get((line, product), Decimal("0.00")))
            for line, product, n, paid, reserve in totals]  # fmt: skip
    return loss_ratios_from_sums(policies, sums, month)


def month_loss_ratios_reference(
    rows: Callable[[Any], list[Any]], month: str
) -> tuple[LossRatioRow, ...]:
    """month_loss_ratios claim by claim (three correlated subqueries each; tests compare)."""
    first, last = month_bounds(month)
    premiums = rows(q.premiums_query(first, last))
    claims = rows(q.claim_amounts_query(first, last))
    policies = [PolicyPremium(line, product, money(p), start, end)
                for line, product, p, start, end in premiums]  # fmt: skip
    return loss_ratios(policies, map(_incurred, claims), month)


def _facts(row: Any) -> OpenClaimFacts:
    _line, _product, _incident, status, claimed, payable, booked, paid, *_ = row
    return OpenClaimFacts(status, money(claimed), None if payable is None else money(payable),
                          None if booked is None else money(booked), money(paid))  # fmt: skip


def _incurred(row: Any) -> ClaimIncurred:
    line, product, incident, *_ = row
    return ClaimIncurred(line, product, incident, money(row[7]), case_reserve(_facts(row)),
                         money(row[9]))  # fmt: skip


@dataclass(frozen=True)
class LineReserve:
    line: str
    open_claims: int
    case_reserve: Decimal


@dataclass(frozen=True)
class ReserveReport:
    as_of: str
    line: str | None
    by_line: tuple[LineReserve, ...]
    ladder: ChainLadder


def reserve_report(uow: ReadUnit, actor: User, now: datetime, line: str | None) -> ReserveReport:
    """Two queries over totals the writes keep: open claims' case reserves per (line, report
    month) in claim_month_totals and the paid triangle per (report month, payment month) in
    paid_triangle_totals; a few hundred rows at any book size."""
    require(actor, MANAGE)
    as_of = month_of(now)
    with uow:
        open_rows = uow.portal.rows(q.open_reserve_totals_query(line))
        triangle = uow.portal.rows(q.triangle_totals_query(as_of, line))
    totals: dict[str, tuple[int, Decimal]] = {}
    by_origin: dict[str, Decimal] = {}
    for row_line, origin, count, reserve_fen in open_rows:
        reserve = money(reserve_fen)
        claims, amount = totals.get(row_line, (0, Decimal("0.00")))
        totals[row_line] = (claims + int(count), amount + reserve)
        by_origin[origin] = by_origin.get(origin, Decimal("0.00")) + reserve
    cells = [TriangleCell(origin, months_between(origin, paid), money(amount))
             for origin, paid, amount in triangle]  # fmt: skip
    by_line = tuple(LineReserve(name, n, amount) for name, (n, amount) in sorted(totals.items()))
    return ReserveReport(as_of, line, by_line, chain_ladder(cells, as_of, by_origin))


def reserve_report_reference(
    uow: ReadUnit, actor: User, now: datetime, line: str | None
) -> ReserveReport:
    """reserve_report computed claim by claim and payment by payment (tests compare)."""
    require(actor, MANAGE)
    as_of = month_of(now)
    with uow:
        open_claims = uow.portal.rows(q.claim_amounts_query())
        payments = uow.portal.rows(q.payments_triangle_query(now))
    totals: dict[str, list[Decimal]] = {}
    by_origin: dict[str, Decimal] = {}
    for row in open_claims:
        if line is None or row[0] == line:
            reserve = case_reserve(_facts(row))
            totals.setdefault(row[0], []).append(reserve)
            origin = month_of(row[8])
            by_origin[origin] = by_origin.get(origin, Decimal("0.00")) + reserve
    cells = [TriangleCell(month_of(reported), _age(reported, paid_at), money(amount))
             for row_line, reported, paid_at, amount in payments
             if line is None or row_line == line]  # fmt: skip
    by_line = tuple(LineReserve(name, len(v), sum(v, Decimal("0.00")))
                    for name, v in sorted(totals.items()))  # fmt: skip
    return ReserveReport(as_of, line, by_line, chain_ladder(cells, as_of, by_origin))


def _age(reported: datetime, paid_at: datetime) -> int:
    origin, paid = month_of(reported), month_of(paid_at)
    return (int(paid[:4]) - int(origin[:4])) * 12 + int(paid[5:]) - int(origin[5:])
