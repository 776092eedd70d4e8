"""The read side's pre-aggregated totals, kept by the writes in their own transaction.

A write that changes a claim's milestone row (or a deadline) takes the row's contribution to
its total before and after the change and adds the difference to the total's row (an upsert
with increments, keys in a fixed order so two transactions never wait on each other in a
cycle). The totals therefore equal a GROUP BY over the rows at every commit; the migration that
created them filled them from the rows, and tests/integration/test_read_totals.py checks the
equality after real claim journeys.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from claimdesk.adapters.db.models_read_side import (
    INSTANTS,
    TOTAL_STAGES,
    ClaimMilestoneRow,
    ClaimMonthTotalRow,
    LossMonthTotalRow,
    PaidTriangleTotalRow,
    SlaMonthTotalRow,
)
from claimdesk.analytics.case_reserves import SETTLED
from claimdesk.domain.money import FEN
from claimdesk.domain.months import month_of

Key = tuple[str, ...]
Contribution = tuple[Key, dict[str, int]] | None
MICROSECOND = timedelta(microseconds=1)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def milestone_contribution(row: ClaimMilestoneRow) -> Contribution:
    """What one claim adds to claim_month_totals (None for a row not filled yet)."""
    if row.reported_month is None or row.line_of_business is None:
        return None
    values = {"claims": 1, "paid": fen(row.paid_amount)}
    for stage, start, end in TOTAL_STAGES:
        span = elapsed_us(getattr(row, start), getattr(row, end))
        values[f"{stage}_n"] = 0 if span is None else 1
        values[f"{stage}_us"] = span or 0
    values["open_claims"], values["case_reserve"] = _open_and_reserve(row)
    return (row.line_of_business, row.reported_month), values


def loss_contribution(row: ClaimMilestoneRow) -> Contribution:
    """What one claim adds to loss_month_totals (None without an accident month yet)."""
    if row.accident_month is None or row.line_of_business is None:
        return None
    _, reserve = _open_and_reserve(row)
    values = {"claims": 1, "paid": fen(row.paid_amount), "case_reserve": reserve}
    return (row.line_of_business, row.product_code, row.accident_month), values


def _open_and_reserve(row: ClaimMilestoneRow) -> tuple[int, int]:
    """(1, case reserve in fen) for a claim not settled, as analytics/case_reserves.py: the
    newest reserve row less confirmed payments, never below 0, none before registration."""
    if row.status in SETTLED:
        return 0, 0
    if row.booked_reserve is None:
        return 1, 0
    return 1, max(fen(row.booked_reserve) - fen(row.paid_amount), 0)


def triangle_contribution(
    line: str, reported_at: datetime, paid_at: datetime, amount: Decimal, status: str
) -> Contribution:
    """A confirmed (paid) instruction adds its amount to (line, report month, payment month)."""
    if status != "paid":
        return None
    key = (line, str(month_of(reported_at)), str(month_of(paid_at)))
    return key, {"payments": 1, "amount": fen(amount)}


def deadline_contribution(
    code: str, done_at: datetime | None, due_at: datetime | None, cancelled_at: datetime | None
) -> Contribution:
    """A closed, counted deadline adds one to its code's month of completion (and to `met`
    when done by its due time), as sla_report counts it."""
    if done_at is None or cancelled_at is not None or due_at is None:
        return None
    return (code, str(month_of(done_at))), {"closed": 1, "met": int(done_at <= due_at)}


def apply_milestone_change(session: Session, before: Contribution, after: Contribution) -> None:
    _apply(session, ClaimMonthTotalRow, ("line_of_business", "reported_month"), before, after)


def apply_loss_change(session: Session, before: Contribution, after: Contribution) -> None:
    keys = ("line_of_business", "product_code", "accident_month")
    _apply(session, LossMonthTotalRow, keys, before, after)


def apply_triangle_change(session: Session, before: Contribution, after: Contribution) -> None:
    keys = ("line_of_business", "reported_month", "paid_month")
    _apply(session, PaidTriangleTotalRow, keys, before, after)


def milestone_contributions(row: ClaimMilestoneRow | None) -> tuple[Contribution, Contribution]:
    """The row's contributions to claim_month_totals and loss_month_totals (None: no row)."""
    if row is None:
        return None, None
    return milestone_contribution(row), loss_contribution(row)


def apply_milestone_changes(
    session: Session,
    before: tuple[Contribution, Contribution],
    after: tuple[Contribution, Contribution],
) -> None:
    """Both totals a milestone row feeds, before → after, in the caller's transaction."""
    apply_milestone_change(session, before[0], after[0])
    apply_loss_change(session, before[1], after[1])


def apply_deadline_change(session: Session, before: Contribution, after: Contribution) -> None:
    _apply(session, SlaMonthTotalRow, ("code", "done_month"), before, after)


def _apply(session: Session, model: Any, keys: Key, before: Contribution,
           after: Contribution) -> None:  # fmt: skip
    deltas: dict[Key, dict[str, int]] = {}
    for contribution, sign in ((before, -1), (after, 1)):
        if contribution is not None:
            key, values = contribution
            slot = deltas.setdefault(key, dict.fromkeys(values, 0))
            for name, value in values.items():
                slot[name] += sign * value
    for key in sorted(deltas):
        if any(deltas[key].values()):
            _increment(session, model, dict(zip(keys, key, strict=True)), deltas[key])


def _increment(session: Session, model: Any, key: Mapping[str, str],
               delta: Mapping[str, int]) -> None:  # fmt: skip
    dialect = session.get_bind().dialect.name
    statement = _upsert(dialect, model, tuple(key), tuple(delta))
    params = {f"v_{name}": value for name, value in (*key.items(), *delta.items())}
    session.execute(statement, params)


_UPSERTS: dict[tuple[str, Any, tuple[str, ...], tuple[str, ...]], Any] = {}


def _upsert(dialect: str, model: Any, keys: tuple[str, ...], names: tuple[str, ...]) -> Any:
    """The upsert for these key and delta columns, built once: a statement with its values
    written in cost its column collections and cache key on every call (three a report)."""
    found = _UPSERTS.get((dialect, model, keys, names))
    if found is None:
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        table = model.__table__
        statement = insert(table).values(
            {name: bindparam(f"v_{name}", type_=table.c[name].type) for name in (*keys, *names)}
        )
        found = statement.on_conflict_do_update(
            index_elements=list(keys),
            set_={name: table.c[name] + statement.excluded[name] for name in names},
        )
        _UPSERTS[(dialect, model, keys, names)] = found
    return found


def elapsed_us(start: datetime | None, end: datetime | None) -> int | None:
    if start is None or end is None:
        return None
    return (end - start) // MICROSECOND


def fen(amount: Decimal | None) -> int:
    return 0 if amount is None else int((Decimal(amount) / FEN).to_integral_exact())


def _us_between(dialect: str, start: str, end: str) -> str:
    """Exact microseconds in SQL (SQLite keeps 'YYYY-MM-DD HH:MM:SS.ffffff')."""
    if dialect == "postgresql":
        return f"CAST(EXTRACT(EPOCH FROM ({end} - {start})) * 1000000 AS BIGINT)"
    return (f"((CAST(strftime('%s', {end}) AS INTEGER) - CAST(strftime('%s', {start}) AS INTEGER))"
            f" * 1000000 + CAST(substr({end}, 21, 6) AS INTEGER)"
            f" - CAST(substr({start}, 21, 6) AS INTEGER))")  # fmt: skip


def _beijing_month(dialect: str, column: str) -> str:
    if dialect == "postgresql":
        return f"to_char({column} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')"
    return f"strftime('%Y-%m', {column}, '+8 hours')"


def rebuild_statements(dialect: str) -> list[str]:
    """SQL that refills the totals from their rows (the migration's backfill, the loader)."""
    settled = ", ".join(f"'{status}'" for status in sorted(SETTLED))
    is_open = f"status NOT IN ({settled})"
    reserve = (f"CASE WHEN {is_open} AND booked_reserve > paid_amount "
               f"THEN booked_reserve - paid_amount ELSE 0 END")  # fmt: skip
    paid_at = "COALESCE(p.released_at, p.created_at)"
    stages = ", ".join(
        f"COUNT(CASE WHEN {s} IS NOT NULL AND {e} IS NOT NULL THEN 1 END), "
        f"COALESCE(SUM({_us_between(dialect, s, e)}), 0)"
        for _, s, e in TOTAL_STAGES
    )
    stage_columns = ", ".join(f"{name}_n, {name}_us" for name, _, _ in TOTAL_STAGES)
    return [
        "DELETE FROM claim_month_totals",
        f"INSERT INTO claim_month_totals (line_of_business, reported_month, claims, paid, "
        f"{stage_columns}, open_claims, case_reserve) SELECT line_of_business, "
        f"reported_month, COUNT(*), COALESCE(SUM(paid_amount), 0), {stages}, "
        f"COUNT(CASE WHEN {is_open} THEN 1 END), COALESCE(SUM({reserve}), 0) "
        f"FROM claim_milestones GROUP BY line_of_business, reported_month",
        "DELETE FROM loss_month_totals",
        f"INSERT INTO loss_month_totals (line_of_business, product_code, accident_month, claims, "
        f"paid, case_reserve) SELECT line_of_business, product_code, accident_month, COUNT(*), "
        f"COALESCE(SUM(paid_amount), 0), COALESCE(SUM({reserve}), 0) FROM claim_milestones "
        f"WHERE accident_month IS NOT NULL "
        f"GROUP BY line_of_business, product_code, accident_month",
        "DELETE FROM paid_triangle_totals",
        f"INSERT INTO paid_triangle_totals (line_of_business, reported_month, paid_month, "
        f"payments, amount) SELECT c.line_of_business, {_beijing_month(dialect, 'c.reported_at')}, "
        f"{_beijing_month(dialect, paid_at)}, COUNT(*), SUM(p.amount) "
        f"FROM payment_instructions p JOIN claims c ON c.id = p.claim_id WHERE p.status = 'paid' "
        f"GROUP BY c.line_of_business, {_beijing_month(dialect, 'c.reported_at')}, "
        f"{_beijing_month(dialect, paid_at)}",
        "DELETE FROM sla_month_totals",
        f"INSERT INTO sla_month_totals (code, done_month, closed, met) "
        f"SELECT code, {_beijing_month(dialect, 'done_at')}, COUNT(*), "
        f"SUM(CASE WHEN done_at <= due_at THEN 1 ELSE 0 END) FROM claim_deadlines "
        f"WHERE done_at IS NOT NULL AND cancelled_at IS NULL "
        f"GROUP BY code, {_beijing_month(dialect, 'done_at')}",
    ]


def milestone_backfill_statements(dialect: str) -> list[str]:
    """Fill claim_milestones.booked_reserve (the newest reserve row) and accident_month from
    the write tables, and the instants' microseconds (the migrations; run before
    rebuild_statements)."""
    month = "to_char(c.incident_date, 'YYYY-MM')" if dialect == "postgresql" else (
        "strftime('%Y-%m', c.incident_date)")  # fmt: skip
    # One UPDATE: on PostgreSQL each one writes a new version of every row (a second one
    # left the table half again as large, and a seq scan of it in the monitoring statement).
    return [
        "UPDATE claim_milestones SET booked_reserve = (SELECT r.amount FROM reserves r "
        "WHERE r.claim_id = claim_milestones.claim_id ORDER BY r.id DESC LIMIT 1), "
        f"accident_month = (SELECT {month} FROM claims c "
        f"WHERE c.id = claim_milestones.claim_id), {_instant_sets(dialect)}",
    ]


def instant_us_statements(dialect: str) -> list[str]:
    """Set every `<instant>_us` of claim_milestones from its instant (NULL stays NULL), as
    `instant_us` does on the write."""
    return [f"UPDATE claim_milestones SET {_instant_sets(dialect)}"]


def _instant_sets(dialect: str) -> str:
    return ", ".join(f"{name}_us = {_epoch_us(dialect, name)}" for name in INSTANTS)


def instant_us(moment: datetime | None) -> int | None:
    """Integer microseconds since 1970-01-01 UTC of an aware instant (exact)."""
    return None if moment is None else (moment - EPOCH) // MICROSECOND


def _epoch_us(dialect: str, column: str) -> str:
    """Exact microseconds since the epoch in SQL. SQLite keeps 'YYYY-MM-DD HH:MM:SS.ffffff'
    (naive UTC): the whole seconds by strftime (a fraction there is rounded to milliseconds),
    then the stored microseconds; PostgreSQL's EXTRACT gives an exact numeric."""
    if dialect == "postgresql":
        return f"CAST(EXTRACT(EPOCH FROM {column}) * 1000000 AS BIGINT)"
    return (f"(CAST(strftime('%s', substr({column}, 1, 19)) AS INTEGER) * 1000000"
            f" + CAST(substr({column}, 21, 6) AS INTEGER))")  # fmt: skip
