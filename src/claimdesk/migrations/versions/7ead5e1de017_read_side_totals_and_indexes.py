"""read-side totals and indexes (issue 17)

Creates `claim_month_totals` (per line and report month: claims, paid, time per stage) and
`sla_month_totals` (closed time limits per code and month), fills them from
`claim_milestones` / `claim_deadlines` (adapters/db/read_totals.py keeps them from then on),
and adds the indexes the read side filters on.

Revision ID: 7ead5e1de017
Revises: 7c3e9b1d4a62
Create Date: 2026-12-02 08:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "7ead5e1de017"
down_revision = "7c3e9b1d4a62"
branch_labels = None
depends_on = None

STAGES = (
    ("reported", "reported_at", "accepted_at"),
    ("accepted", "accepted_at", "materials_complete_at"),
    ("under_review", "materials_complete_at", "adjudicated_at"),
    ("adjudicated", "adjudicated_at", "approved_at"),
    ("approved", "approved_at", "paid_at"),
)


def upgrade() -> None:
    total = [sa.Column(name, sa.BigInteger(), nullable=False)
             for name in ("claims", "paid", *(f"{s}_{k}" for s, _, _ in STAGES
                                               for k in ("n", "us")))]  # fmt: skip
    op.create_table(
        "claim_month_totals",
        sa.Column("line_of_business", sa.String(length=20), nullable=False),
        sa.Column("reported_month", sa.String(length=7), nullable=False),
        *total,
        sa.PrimaryKeyConstraint("line_of_business", "reported_month"),
    )
    op.create_table(
        "sla_month_totals",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("done_month", sa.String(length=7), nullable=False),
        sa.Column("closed", sa.BigInteger(), nullable=False),
        sa.Column("met", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("code", "done_month"),
    )
    with op.batch_alter_table("claim_deadlines") as batch:
        batch.create_index("ix_claim_deadlines_open_cover", ["done_at", "cancelled_at", "code",
                           "paused_since", "due_at", "at_risk_at"])  # fmt: skip
    with op.batch_alter_table("claims") as batch:
        batch.create_index("ix_claims_incident_date", ["incident_date"])
    with op.batch_alter_table("claim_milestones") as batch:
        batch.create_index("ix_milestones_open_cover", ["closed_at", "reported_at",
                                                        "claimed_amount"])  # fmt: skip
    dialect = op.get_bind().dialect.name
    for statement in _backfill(dialect):
        op.execute(statement)


def downgrade() -> None:
    with op.batch_alter_table("claim_milestones") as batch:
        batch.drop_index("ix_milestones_open_cover")
    with op.batch_alter_table("claims") as batch:
        batch.drop_index("ix_claims_incident_date")
    with op.batch_alter_table("claim_deadlines") as batch:
        batch.drop_index("ix_claim_deadlines_open_cover")
    op.drop_table("sla_month_totals")
    op.drop_table("claim_month_totals")


def _us_between(dialect: str, start: str, end: str) -> str:
    if dialect == "postgresql":
        return f"CAST(EXTRACT(EPOCH FROM ({end} - {start})) * 1000000 AS BIGINT)"
    return (f"((CAST(strftime('%s', {end}) AS INTEGER) - CAST(strftime('%s', {start}) AS INTEGER))"
            f" * 1000000 + CAST(substr({end}, 21, 6) AS INTEGER)"
            f" - CAST(substr({start}, 21, 6) AS INTEGER))")  # fmt: skip


def _beijing_month(dialect: str, column: str) -> str:
    if dialect == "postgresql":
        return f"to_char({column} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')"
    return f"strftime('%Y-%m', {column}, '+8 hours')"


def _backfill(dialect: str) -> list[str]:
    """As adapters/db/read_totals.rebuild_statements at this revision."""
    stages = ", ".join(
        f"COUNT(CASE WHEN {s} IS NOT NULL AND {e} IS NOT NULL THEN 1 END), "
        f"COALESCE(SUM({_us_between(dialect, s, e)}), 0)"
        for _, s, e in STAGES
    )
    stage_columns = ", ".join(f"{name}_n, {name}_us" for name, _, _ in STAGES)
    month = _beijing_month(dialect, "done_at")
    return [
        f"INSERT INTO claim_month_totals (line_of_business, reported_month, claims, paid, "
        f"{stage_columns}) SELECT line_of_business, reported_month, COUNT(*), "
        f"COALESCE(SUM(paid_amount), 0), {stages} FROM claim_milestones "
        f"GROUP BY line_of_business, reported_month",
        f"INSERT INTO sla_month_totals (code, done_month, closed, met) "
        f"SELECT code, {month}, COUNT(*), SUM(CASE WHEN done_at <= due_at THEN 1 ELSE 0 END) "
        f"FROM claim_deadlines WHERE done_at IS NOT NULL AND cancelled_at IS NULL "
        f"GROUP BY code, {month}",
    ]
