"""The month's rows of the 理赔时效监测表: the milestone table's columns and the query that picks
a month's claims, shared by the aggregates (monitoring_sql) and the row-by-row reference
(monitoring_queries).

Claims reported or closed in the month come by `reported_month` / `closed_month`; claims open
at the month's end by `closed_at` / `reported_at`. Every other claim is left in the database.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Integer, String, and_, column, or_, select, table

from claimdesk.analytics.read_side import _at
from claimdesk.domain.months import Month

STAMPS = ("accepted_at", "registered_at", "materials_complete_at", "adjudicated_at",
          "approved_at", "paid_at", "closed_at")  # fmt: skip
milestones = table(
    "claim_milestones", column("claim_id", Integer), column("claim_no", String),
    column("product_code", String), column("line_of_business", String),
    column("status", String), _at("reported_at"), column("reported_month", String),
    *(_at(name) for name in STAMPS), column("closed_month", String), column("outcome", String),
    column("claimed_amount", BigInteger), column("paid_amount", BigInteger),
    column("handler", String), column("open_reason", String), column("open_reason_note", String),
    *(column(f"{name}_us", BigInteger) for name in ("reported_at", *STAMPS)),
)  # fmt: skip
COLUMNS = ("claim_no", "line_of_business", "status", "reported_at", *STAMPS, "outcome",
           "paid_amount", "handler", "open_reason", "open_reason_note")  # fmt: skip


def month_rows_query(month: Month) -> Any:
    m = milestones.c
    open_at_end = and_(
        m.reported_at < month.end, or_(m.closed_at.is_(None), m.closed_at >= month.end)
    )
    return select(*(m[name] for name in COLUMNS)).where(
        or_(m.reported_month == str(month), m.closed_month == str(month), open_at_end)
    )
