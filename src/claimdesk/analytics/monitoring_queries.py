"""The 理赔时效监测表's queries. The table is computed by aggregates (monitoring_sql); the
month's milestone rows, on indexed columns, feed the pure reference (`compute_figures_by_rows`).

Claims reported or closed in the month come by `reported_month` / `closed_month`; claims open
at the month's end by `closed_at` / `reported_at`. Every other claim is left in the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from claimdesk.analytics.loss_ratio import LossRatioRow
from claimdesk.analytics.management import month_loss_ratios
from claimdesk.analytics.monitoring import ALL, monitoring_table
from claimdesk.analytics.monitoring_rows import STAMPS, month_rows_query
from claimdesk.analytics.monitoring_sheets import as_figures
from claimdesk.analytics.monitoring_sql import monitoring_table_sql
from claimdesk.analytics.read_side import ReadSide, money, utc
from claimdesk.domain.months import Month

# Seeds 002/003 keep the loss ratio (赔付率) within 85–90%.
LOSS_RATIO_BAND = (Decimal("0.85"), Decimal("0.90"))


@dataclass(frozen=True)
class MilestoneFacts:
    claim_no: str
    line_of_business: str
    status: str
    reported_at: datetime
    accepted_at: datetime | None
    registered_at: datetime | None
    materials_complete_at: datetime | None
    adjudicated_at: datetime | None
    approved_at: datetime | None
    paid_at: datetime | None
    closed_at: datetime | None
    outcome: str | None
    paid_amount: Decimal
    handler: str | None
    open_reason: str | None
    open_reason_note: str


def facts(rows: list[Any]) -> list[MilestoneFacts]:
    """Database rows to facts: fen to yuan, SQLite's naive UTC to aware."""
    return [_fact(row) for row in rows]


def _fact(row: Any) -> MilestoneFacts:
    values = dict(row._mapping)
    for name in ("reported_at", *STAMPS):
        values[name] = None if values[name] is None else utc(values[name])
    values["paid_amount"] = money(values["paid_amount"])
    return MilestoneFacts(**values)


def compute_figures(read: ReadSide, month: Month, now: datetime) -> dict[str, Any]:
    """The month's table as stored and served, from queries inside the caller's unit: the
    table's aggregates (monitoring_sql), then the month's loss ratio (赔付率) by line."""
    figures = as_figures(monitoring_table_sql(read, month, now))
    figures["loss_ratio"] = loss_ratio_figures(month_loss_ratios(read.rows, str(month)))
    return figures


def compute_figures_by_rows(read: ReadSide, month: Month, now: datetime) -> dict[str, Any]:
    """The same figures from the month's milestone rows through the pure `monitoring_table`
    (the reference the aggregates are compared with; tests/integration/test_monitoring_sql.py)."""
    rows = facts(read.rows(month_rows_query(month)))
    figures = as_figures(monitoring_table(month, rows, now))
    figures["loss_ratio"] = loss_ratio_figures(month_loss_ratios(read.rows, str(month)))
    return figures


def loss_ratio_figures(rows: Sequence[LossRatioRow]) -> list[dict[str, Any]]:
    """Per line (the line total rows), then all lines; Decimals as strings like the rest."""
    lines = [row for row in rows if not row.product_code]
    total = LossRatioRow(
        ALL, "", lines[0].month if lines else "",
        sum((r.earned_premium for r in lines), Decimal("0.00")),
        sum((r.paid for r in lines), Decimal("0.00")),
        sum((r.reserve for r in lines), Decimal("0.00")),
        sum(r.claims for r in lines),
    )  # fmt: skip
    return [_loss_ratio(row) for row in (*lines, total)]


def _loss_ratio(row: LossRatioRow) -> dict[str, Any]:
    ratio = row.loss_ratio
    return {
        "line": row.line,
        "earned_premium": str(row.earned_premium),
        "paid": str(row.paid),
        "reserve": str(row.reserve),
        "incurred": str(row.incurred),
        "loss_ratio": None if ratio is None else str(ratio),
        "claims": row.claims,
        "in_band": None if ratio is None else LOSS_RATIO_BAND[0] <= ratio <= LOSS_RATIO_BAND[1],
    }
