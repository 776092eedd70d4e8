"""The 理赔时效监测表 computed by aggregates in the database (SQLite and PostgreSQL): the same
`MonitoringTable` as the pure `monitoring.monitoring_table` over the month's rows, which stays
the reference (tests/integration/test_monitoring_sql.py compares them on seeded books).

Every instant is read as integer microseconds since the epoch (`claim_milestones.<instant>_us`,
kept by the writes), so elapsed seconds, the 48-hour limit and whole days of age are integer
arithmetic, exact to the microsecond as in Python. Working days come from a calendar of
cumulative working-day numbers (`DayCounter`, chinese-calendar) sent with the query as a VALUES
list keyed by the Beijing day number; a day limit is met when the end's Beijing day is at most
the due day, so

- calendar days: day(end) <= day(start) + n;
- working days: working days before day(end) < cum(day(start)) + n (the due day is the first
  day whose count reaches cum(start) + n, and it is a working day);
- overdue at the month's end: the due day is on or before the month's last day.

Counts, sums and per-limit tallies are one GROUP BY per line; the P90s are nearest ranks
found without a window over every span: one (stage, line, hour, working days) histogram, the
hour holding the rank from its running sums, then the rank inside that hour over its spans
only; open claims by age and by 未结案原因 are small GROUP BYs; only the breached list (oldest
first, ORDER BY … LIMIT BREACHED_LISTED; its full count with the sums) comes back row by row.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    Integer,
    String,
    and_,
    case,
    cast,
    column,
    func,
    literal,
    null,
    or_,
    select,
    text,
    tuple_,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from claimdesk.analytics.monitoring import (
    AGE_BANDS,
    ALL,
    BREACHED_LISTED,
    CLOSED_LATER,
    STAGES,
    BreachedClaim,
    Compliance,
    Duration,
    LineFigures,
    MonitoringTable,
    OpenCount,
)
from claimdesk.analytics.monitoring_limits import (
    DAY_SECONDS,
    LIMITS,
    DayCounter,
    MonitoredLimit,
    Unit,
    rate,
    rounded,
)
from claimdesk.analytics.monitoring_rows import milestones, month_rows_query
from claimdesk.analytics.read_side import ReadSide
from claimdesk.analytics.sql_functions import jit_off
from claimdesk.domain.milestones import open_reason
from claimdesk.domain.money import FEN
from claimdesk.domain.months import BEIJING, Month
from claimdesk.workflow.calendar import WorkingDayCalendar

US = 1_000_000
DAY_US = 86_400 * US
BEIJING_OFFSET_S = 8 * 3600  # UTC+8, no daylight saving since 1991
_EPOCH = date(1970, 1, 1)
_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=UTC)
CALENDAR_SLACK = timedelta(days=400)  # calendar days kept beyond the stamps the month needs


class bytewise(FunctionElement[str]):
    """A text column ordered by code point, as Python sorts strings."""

    inherit_cache = True
    name = "bytewise"


@compiles(bytewise, "sqlite")
def _sqlite_bytewise(element: bytewise, compiler: Any, **kw: Any) -> str:
    (text,) = (compiler.process(arg, **kw) for arg in element.clauses)
    return str(text)  # BINARY is SQLite's default collation


@compiles(bytewise, "postgresql")
def _postgresql_bytewise(element: bytewise, compiler: Any, **kw: Any) -> str:
    (text,) = (compiler.process(arg, **kw) for arg in element.clauses)
    return f'({text} COLLATE "C")'


def day_number(moment: date) -> int:
    return (moment - _EPOCH).days


def monitoring_table_sql(
    read: ReadSide, month: Month, now: datetime, days: DayCounter | None = None
) -> MonitoringTable:
    """The month's 理赔时效监测表 from aggregate queries (see the module's docstring)."""
    counter = days or DayCounter()
    m = milestones.c
    start_us, end_us = _us(month.start), _us(month.end)
    last_day = day_number((month.end.astimezone(BEIJING) - timedelta(days=1)).date())
    first_month = read.rows(select(func.min(m.reported_month)))[0][0]
    first_day = _first_day(first_month, month) - CALENDAR_SLACK
    calendar, cumulative = _calendar(counter, first_day, _day(last_day) + CALENDAR_SLACK)
    last_cum = cumulative[last_day]

    where = month_rows_query(month).whereclause
    # The instants as kept integer microseconds (claim_milestones.<instant>_us).
    stamps = {
        "reported": m.reported_at_us,
        "accepted": m.accepted_at_us,
        "registered": func.coalesce(m.registered_at_us, m.accepted_at_us),
        "materials_complete": m.materials_complete_at_us,
        "adjudicated": m.adjudicated_at_us,
        "approved": m.approved_at_us,
        "decided": func.coalesce(m.approved_at_us,
                                 case((m.outcome == "denied", m.closed_at_us))),
        "paid": m.paid_at_us,
        "closed": m.closed_at_us,
    }  # fmt: skip
    base = (
        select(
            m.claim_no,
            m.line_of_business.label("line"),
            m.outcome,
            m.paid_amount,
            m.status,
            m.open_reason,
            m.handler,
            m.open_reason_note,
            *(expr.label(name) for name, expr in stamps.items()),
        )
        .where(where)
        .cte("month_rows")
        .prefix_with("MATERIALIZED")
    )
    b = base.c

    def day_of(stamp: Any) -> Any:
        return (stamp // US + BEIJING_OFFSET_S) // 86400

    def in_month(stamp: Any) -> Any:
        return and_(stamp >= start_us, stamp < end_us)

    needs_days = sorted({name for _, s, e in STAGES for name in (s, e)} | {"accepted"})
    joined: Any = base
    cums: dict[str, Any] = {}
    before: dict[str, Any] = {}
    for name in needs_days:
        alias = calendar.alias(f"cal_{name}")
        joined = joined.outerjoin(alias, alias.c.day == day_of(b[name]))
        cums[name] = alias.c.cum
    decided = calendar.alias("cal_decided")
    joined = joined.outerjoin(decided, decided.c.day == day_of(b["decided"]))
    before["decided"] = decided.c.cum_before

    open_at_end = and_(b.reported < end_us, or_(b.closed.is_(None), b.closed >= end_us))
    per_row: list[Any] = [
        b.claim_no, b.line, b.outcome, b.paid_amount, b.status, b.open_reason, b.handler,
        b.open_reason_note, b.reported, b.closed,
        case((in_month(b.reported), 1), else_=0).label("is_reported"),
        case((in_month(b.registered), 1), else_=0).label("is_registered"),
        case((in_month(b.closed), 1), else_=0).label("is_closed"),
        case((open_at_end, 1), else_=0).label("is_open"),
    ]  # fmt: skip
    for index, (_, start, end) in enumerate(STAGES):
        s, e = b[start], b[end]
        valid = and_(s.is_not(None), e.is_not(None), e >= s, in_month(e))
        per_row += [
            case((valid, 1), else_=0).label(f"n{index}"),
            case((valid, (e - s) // US), else_=null()).label(f"secs{index}"),
            case((valid, cums[end] - cums[start]), else_=null()).label(f"wd{index}"),
        ]
    for index, limit in enumerate(LIMITS):
        s, e = b[limit.start], b[limit.end]
        counted = and_(s.is_not(None), e.is_not(None), in_month(e))
        per_row += [
            case((counted, 1), else_=0).label(f"counted{index}"),
            case((and_(counted, _met(limit, s, e, day_of, cums, before)), 1), else_=0).label(
                f"met{index}"
            ),
            case((_overdue(limit, s, b[limit.end], end_us, last_day, last_cum, day_of, cums),
                  1), else_=0).label(f"late{index}"),
        ]  # fmt: skip
    figures = select(*per_row).select_from(joined).cte("row_figures").prefix_with("MATERIALIZED")
    # The planner cannot estimate joins on computed day numbers against the calendar: its
    # cost ran into the billions and JIT compiling took 12 s of a 1 s query.
    read.rows(select(jit_off()))
    results = _Results.of(read.rows(_one_statement(figures, end_us)))
    lines = results.line_sums()
    p90s = results.p90s()
    open_by_age, open_by_reason = results.open_counts()
    breached, breached_total = results.breached(month, lines[ALL]["breached"])
    names = sorted(lines, key=lambda line: (line == ALL, line))
    return MonitoringTable(
        month=str(month),
        generated_at=now,
        lines=tuple(_line_figures(line, lines[line], p90s) for line in names),
        compliance=tuple(
            Compliance(line, limit.code, counted, met, rate(met, counted))
            for line in names
            for limit, (counted, met) in zip(LIMITS, lines[line]["limits"], strict=True)
        ),
        open_by_age=open_by_age,
        open_by_reason=open_by_reason,
        breached=breached,
        breached_total=breached_total,
    )


def _us(moment: datetime) -> int:
    return (moment - _EPOCH_UTC) // timedelta(microseconds=1)


def _day(number: int) -> date:
    return _EPOCH + timedelta(days=number)


def _first_day(first_month: str | None, month: Month) -> date:
    text = first_month or str(month)
    return min(date(int(text[:4]), int(text[5:7]), 1), date(month.year, month.number, 1))


def _calendar(counter: DayCounter, first: date, last: date) -> tuple[Any, dict[int, int]]:
    """The CTE of (day number, working days up to and including the day, working days
    before it) from `first` to `last`, and the cumulative count by day number."""
    rows = _working_days(counter.calendar, first, last)
    # SELECT … UNION ALL VALUES …: names the columns on SQLite and PostgreSQL alike (SQLite
    # takes no column list on a VALUES alias); integers only, so the text is safe to inline.
    (day, cum, before), *rest = rows
    sql = f"SELECT {day} AS day, {cum} AS cum, {before} AS cum_before"
    if rest:
        sql += " UNION ALL VALUES " + ", ".join(f"({d}, {c}, {b})" for d, c, b in rest)
    cte = (
        text(sql)
        .columns(column("day", Integer), column("cum", Integer), column("cum_before", Integer))
        .cte("working_calendar")
        .prefix_with("MATERIALIZED")
    )
    return cte, {number: cum for number, cum, _ in rows}


@lru_cache(maxsize=8)
def _working_days(
    calendar: WorkingDayCalendar, first: date, last: date
) -> tuple[tuple[int, int, int], ...]:
    rows = []
    day, cum = first, 0
    while day <= last:
        working = 1 if calendar.is_working_day(day) else 0
        cum += working
        rows.append((day_number(day), cum, cum - working))
        day += timedelta(days=1)
    return tuple(rows)


def _met(limit: MonitoredLimit, s: Any, e: Any, day_of: Any, cums: Any, before: Any) -> Any:
    """The end no later than due_at(limit, start)."""
    if limit.unit is Unit.HOURS:
        return e - s <= limit.amount * 3600 * US
    if limit.unit is Unit.CALENDAR_DAYS:
        return day_of(e) <= day_of(s) + limit.amount
    return before[limit.end] < cums[limit.start] + limit.amount


def _overdue(
    limit: MonitoredLimit, s: Any, e: Any, end_us: int, last_day: int, last_cum: int,
    day_of: Any, cums: Any,
) -> Any:  # fmt: skip
    """Started, not ended before the month's end, and due before the month's end."""
    pending = and_(s.is_not(None), or_(e.is_(None), e >= end_us))
    if limit.unit is Unit.HOURS:
        due = s + limit.amount * 3600 * US < end_us
    elif limit.unit is Unit.CALENDAR_DAYS:
        due = day_of(s) + limit.amount <= last_day
    else:
        due = cums[limit.start] + limit.amount <= last_cum
    return and_(pending, due)


_TEXTS = 5  # text slots of the one statement's rows
_NUMBERS = 8 + 2 * len(LIMITS) + 1  # number slots (the widest: line sums)
BUCKET_SECONDS = 3600  # the P90s' histogram: spans by the hour, then a rank inside one bucket


def _part(kind: str, line: Any, texts: list[Any], numbers: list[Any]) -> list[Any]:
    """One UNION ALL branch's columns: kind, line, texts, numbers, padded with typed NULLs."""
    return [
        literal(kind, String).label("kind"), line,
        *texts, *(cast(null(), String) for _ in range(_TEXTS - len(texts))),
        *numbers, *(cast(null(), BigInteger) for _ in range(_NUMBERS - len(numbers))),
    ]  # fmt: skip


def _one_statement(figures: Any, end_us: int) -> Any:
    """Every aggregate of the table in one statement over the materialized row figures (the
    month's rows are read and worked out once): line sums, the P90 ranks, working-day
    histograms, open claims by age and reason, and the oldest breached claims."""
    f = figures.c
    sums = [
        func.sum(f.is_reported), func.sum(f.is_registered), func.sum(f.is_closed),
        func.sum(case((and_(f.is_closed == 1, f.outcome == "paid"), 1), else_=0)),
        func.sum(case((and_(f.is_closed == 1, f.outcome == "denied"), 1), else_=0)),
        func.sum(case((and_(f.is_closed == 1, f.outcome == "withdrawn"), 1), else_=0)),
        func.sum(case((and_(f.is_closed == 1, f.outcome == "paid"), f.paid_amount), else_=0)),
        func.sum(f.is_open),
    ]  # fmt: skip
    for index in range(len(LIMITS)):
        sums += [func.sum(f[f"counted{index}"]), func.sum(f[f"met{index}"])]
    late = [f[f"late{index}"] for index in range(len(LIMITS))]
    sums.append(
        func.sum(case((and_(f.is_open == 1, or_(*(flag == 1 for flag in late))), 1), else_=0))
    )  # the breached list's full count
    parts: list[Any] = [select(*_part("sums", f.line, [], sums)).group_by(f.line)]

    spans = (
        union_all(
            *(
                select(
                    literal(index, Integer).label("stage"),
                    f.line,
                    f[f"secs{index}"].label("secs"),
                    f[f"wd{index}"].label("wd"),
                    (f[f"secs{index}"] // BUCKET_SECONDS).label("bucket"),
                ).where(f[f"n{index}"] == 1)
                for index in range(len(STAGES))
            )
        )
        .cte("spans")
        .prefix_with("MATERIALIZED")
    )
    sp = spans.c
    # One sort of the spans: (stage, line, hour bucket, working days) -> count and seconds;
    # its sums per (stage, line) are also the stages' counts and totals (no sums per row).
    histogram = (
        select(
            sp.stage,
            sp.line,
            sp.bucket,
            sp.wd,
            func.count().label("n"),
            func.sum(sp.secs).label("secs"),
        )
        .group_by(sp.stage, sp.line, sp.bucket, sp.wd)
        .cte("histogram")
        .prefix_with("MATERIALIZED")
    )
    h = histogram.c
    parts.append(
        select(*_part("working", h.line, [], [h.stage, h.wd, func.sum(h.n), func.sum(h.secs)]))
        .group_by(h.stage, h.line, h.wd)
    )  # fmt: skip
    parts.append(_p90_part(spans, histogram))

    age = (end_us - f.reported) // DAY_US
    parts.append(
        select(*_part("age", f.line, [], [age, func.count()]))
        .where(f.is_open == 1)
        .group_by(f.line, age)
    )  # fmt: skip
    later = case((f.closed.is_(None), 0), else_=1)
    parts.append(
        select(*_part("reason", f.line, [f.status, f.open_reason], [later, func.count()]))
        .where(f.is_open == 1)
        .group_by(f.line, later, f.status, f.open_reason)
    )  # fmt: skip

    breached = (
        select(
            f.line, f.claim_no, f.status, f.open_reason, f.handler, f.open_reason_note,
            f.reported, later.label("later"), *late,
        )
        .where(f.is_open == 1, or_(*(flag == 1 for flag in late)))
        .order_by(f.reported, bytewise(f.claim_no))
        .limit(BREACHED_LISTED)
        .subquery("breached")
    )  # fmt: skip
    bc = breached.c
    parts.append(
        select(*_part("breached", bc.line,
                      [bc.claim_no, bc.status, bc.open_reason, bc.handler, bc.open_reason_note],
                      [bc.reported, bc.later, *(bc[f"late{i}"] for i in range(len(LIMITS)))]))
    )  # fmt: skip
    return union_all(*parts)


def _p90_part(spans: Any, histogram: Any) -> Any:
    """The nearest-rank P90 of the spans' seconds per (stage, line) and per stage (line ''):
    the hour bucket holding rank ceil(0.9 n) from the histogram's running sums, then the
    rank inside that bucket over its spans only (no window over every span)."""
    sp, h = spans.c, histogram.c
    scoped = union_all(
        select(h.stage, h.line.label("scope"), h.bucket, h.n),
        select(h.stage, literal("", String).label("scope"), h.bucket, h.n),
    ).subquery("scoped")
    s = scoped.c
    buckets = (
        select(s.stage, s.scope, s.bucket, cast(func.sum(s.n), BigInteger).label("n"))
        .group_by(s.stage, s.scope, s.bucket)
        .subquery("buckets")
    )
    b = buckets.c
    running = select(
        b.stage, b.scope, b.bucket, b.n,
        cast(func.sum(b.n).over(partition_by=[b.stage, b.scope], order_by=b.bucket), BigInteger)
        .label("upto"),
        cast(func.sum(b.n).over(partition_by=[b.stage, b.scope]), BigInteger).label("total"),
    ).subquery("running")  # fmt: skip
    r = running.c
    rank = (9 * r.total + 9) // 10
    targets = (
        select(r.stage, r.scope, r.bucket, (rank - (r.upto - r.n)).label("k"))
        .where(r.upto >= rank, r.upto - r.n < rank)
        .cte("p90_buckets")
        .prefix_with("MATERIALIZED")
    )
    t = targets.c
    # The spans of those buckets only (an IN probe per span), then each bucket's ranks.
    near = (
        select(sp.stage, sp.line, sp.bucket, sp.secs)
        .where(tuple_(sp.stage, sp.bucket).in_(select(t.stage, t.bucket)))
        .cte("p90_spans")
        .prefix_with("MATERIALIZED")
    )
    n = near.c
    inside = (
        select(
            t.stage, t.scope, t.k, n.secs,
            func.row_number().over(partition_by=[t.stage, t.scope], order_by=n.secs)
            .label("position"),
        )
        .select_from(targets.join(near, and_(
            n.stage == t.stage, n.bucket == t.bucket, or_(t.scope == "", t.scope == n.line),
        )))
        .subquery("inside")
    )  # fmt: skip
    i = inside.c
    return select(*_part("p90", i.scope, [], [i.stage, i.secs])).where(i.position == i.k)


class _Results:
    """The one statement's rows, by kind."""

    def __init__(self, rows: dict[str, list[tuple[Any, ...]]]) -> None:
        self.rows = rows

    @classmethod
    def of(cls, rows: list[Any]) -> _Results:
        kinds: dict[str, list[tuple[Any, ...]]] = {}
        for row in rows:
            kinds.setdefault(row[0], []).append(tuple(row[1:]))
        return cls(kinds)

    def _numbers(self, row: tuple[Any, ...], count: int) -> list[int]:
        return [int(n or 0) for n in row[1 + _TEXTS : 1 + _TEXTS + count]]

    def line_sums(self) -> dict[str, dict[str, Any]]:
        sums: dict[str, dict[str, Any]] = {}
        total = [0] * _NUMBERS
        for row in self.rows.get("sums", []):
            numbers = self._numbers(row, _NUMBERS)
            sums[row[0]] = _sums(numbers)
            total = [a + b for a, b in zip(total, numbers, strict=True)]
        sums[ALL] = _sums(total)
        # Each stage's spans, seconds and working days from the working-day histogram.
        stages = {line: [[0, 0, 0] for _ in STAGES] for line in sums}
        for row in self.rows.get("working", []):
            stage, working, n, secs = self._numbers(row, 4)
            for line in (row[0], ALL):
                slot = stages.setdefault(line, [[0, 0, 0] for _ in STAGES])[stage]
                slot[0], slot[1], slot[2] = slot[0] + n, slot[1] + secs, slot[2] + working * n
        for line, figures in sums.items():
            figures["stages"] = [tuple(slot) for slot in stages[line]]
        return sums

    def p90s(self) -> dict[tuple[str, int, str], int]:
        found: dict[tuple[str, int, str], int] = {}
        for row in self.rows.get("p90", []):
            stage, secs = self._numbers(row, 2)
            found[(row[0] or ALL, stage, "secs")] = secs
        histograms: dict[tuple[str, int], Counter[int]] = {}
        for row in self.rows.get("working", []):
            stage, working, n = self._numbers(row, 3)
            for line in (row[0], ALL):
                histograms.setdefault((line, stage), Counter())[working] += n
        for (line, stage), counts in histograms.items():
            rank, seen = (9 * sum(counts.values()) + 9) // 10, 0
            for working in sorted(counts):
                seen += counts[working]
                if seen >= rank:
                    found[(line, stage, "wd")] = working
                    break
        return found

    def open_counts(self) -> tuple[tuple[OpenCount, ...], tuple[OpenCount, ...]]:
        ages: Counter[tuple[str, str]] = Counter()
        for row in self.rows.get("age", []):
            days, n = self._numbers(row, 2)
            band = _band(days)
            ages[(row[0], band)] += n
            ages[(ALL, band)] += n
        reasons: Counter[tuple[str, str]] = Counter()
        for row in self.rows.get("reason", []):
            later, n = self._numbers(row, 2)
            key = CLOSED_LATER if later else str(open_reason(row[1], row[2]))
            reasons[(row[0], key)] += n
            reasons[(ALL, key)] += n
        return _counts(ages), _counts(reasons)

    def breached(self, month: Month, total: int) -> tuple[tuple[BreachedClaim, ...], int]:
        listed = []
        for row in self.rows.get("breached", []):
            line, claim_no, status, staff_reason, handler, note = row[: 1 + _TEXTS]
            reported, later, *flags = self._numbers(row, 2 + len(LIMITS))
            reported_at = datetime.fromtimestamp(reported // US, UTC).replace(
                microsecond=reported % US
            )
            reason = CLOSED_LATER if later else str(open_reason(status, staff_reason))
            listed.append(((reported, claim_no), BreachedClaim(
                claim_no, line, status, reported_at, (month.end - reported_at).days,
                tuple(limit.code for limit, flag in zip(LIMITS, flags, strict=True) if flag),
                handler or "", reason, note or "",
            )))  # fmt: skip
        # The oldest first, claim numbers by code point (as the SQL's ORDER BY … LIMIT).
        return tuple(claim for _, claim in sorted(listed, key=lambda item: item[0])), total


def _sums(numbers: list[int]) -> dict[str, Any]:
    limits = numbers[8 : 8 + 2 * len(LIMITS)]
    return {
        "counts": numbers[:8],
        "limits": [tuple(limits[i : i + 2]) for i in range(0, len(limits), 2)],
        "breached": numbers[-1],
    }


def _line_figures(line: str, sums: dict[str, Any], p90s: dict[tuple[str, int, str], int]) -> Any:
    reported, registered, closed, paid, denied, withdrawn, paid_fen, open_end = sums["counts"]
    durations = []
    for index, (name, _, _) in enumerate(STAGES):
        n, secs, working = sums["stages"][index]
        p90_secs, p90_working = p90s.get((line, index, "secs")), p90s.get((line, index, "wd"))
        durations.append(Duration(
            name, n,
            rounded(Decimal(secs) / DAY_SECONDS / n) if n else None,
            None if p90_secs is None else rounded(Decimal(p90_secs) / DAY_SECONDS),
            rounded(Decimal(working) / n) if n else None,
            None if p90_working is None else rounded(Decimal(p90_working)),
        ))  # fmt: skip
    return LineFigures(
        line, reported, registered, closed, paid, denied, withdrawn, rate(closed, reported),
        (Decimal(paid_fen) * FEN).quantize(FEN), open_end, tuple(durations),
    )  # fmt: skip


def _band(age: int) -> str:
    return next(label for top, label in AGE_BANDS if top is None or age <= top)


def _counts(counts: Counter[tuple[str, str]]) -> tuple[OpenCount, ...]:
    return tuple(OpenCount(line, key, n) for (line, key), n in sorted(counts.items()))
