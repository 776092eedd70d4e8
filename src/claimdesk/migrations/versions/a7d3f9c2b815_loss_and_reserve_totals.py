"""loss ratio, reserve and paid-triangle totals (issues 13 + 17)

`claim_milestones` gains `booked_reserve` (the newest reserve row) and `accident_month`;
`claim_month_totals` gains open claims and their case reserve per line and report month; new
`loss_month_totals` (line × product × accident month: claims, paid, case reserve) and
`paid_triangle_totals` (line × report month × payment month: confirmed payments). All are
filled from the rows by the SQL the loader runs (adapters/db/read_totals.py, which keeps them
from then on); the aging index covers the booked reserve; the audit trail gains an index on
(action, at) for the staff KPIs' month of closings.

Revision ID: a7d3f9c2b815
Revises: c4e8a2f6d1b9
Create Date: 2026-12-02 16:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "a7d3f9c2b815"
down_revision = "c4e8a2f6d1b9"
branch_labels = None
depends_on = None

SETTLED = ("archived", "closed", "denied", "paid", "withdrawn")
STAGES = (
    ("reported", "reported_at", "accepted_at"),
    ("accepted", "accepted_at", "materials_complete_at"),
    ("under_review", "materials_complete_at", "adjudicated_at"),
    ("adjudicated", "adjudicated_at", "approved_at"),
    ("approved", "approved_at", "paid_at"),
)


def upgrade() -> None:
    with op.batch_alter_table("claim_milestones") as batch:
        batch.add_column(sa.Column("booked_reserve", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("accident_month", sa.String(length=7), nullable=True))
        batch.drop_index("ix_milestones_open_cover")
        batch.create_index("ix_milestones_open_cover", ["closed_at", "reported_at",
                           "claimed_amount", "booked_reserve"])  # fmt: skip
    with op.batch_alter_table("claim_month_totals") as batch:
        batch.add_column(sa.Column("open_claims", sa.BigInteger(), nullable=False,
                                   server_default="0"))  # fmt: skip
        batch.add_column(sa.Column("case_reserve", sa.BigInteger(), nullable=False,
                                   server_default="0"))  # fmt: skip
    op.create_table(
        "loss_month_totals",
        sa.Column("line_of_business", sa.String(length=20), nullable=False),
        sa.Column("product_code", sa.String(length=60), nullable=False),
        sa.Column("accident_month", sa.String(length=7), nullable=False),
        *(sa.Column(name, sa.BigInteger(), nullable=False)
          for name in ("claims", "paid", "case_reserve")),
        sa.PrimaryKeyConstraint("line_of_business", "product_code", "accident_month"),
    )  # fmt: skip
    op.create_table(
        "paid_triangle_totals",
        sa.Column("line_of_business", sa.String(length=20), nullable=False),
        sa.Column("reported_month", sa.String(length=7), nullable=False),
        sa.Column("paid_month", sa.String(length=7), nullable=False),
        sa.Column("payments", sa.BigInteger(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("line_of_business", "reported_month", "paid_month"),
    )
    with op.batch_alter_table("audit_records") as batch:
        batch.create_index("ix_audit_action_at", ["action", "at"])
    for statement in _backfill(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    with op.batch_alter_table("audit_records") as batch:
        batch.drop_index("ix_audit_action_at")
    op.drop_table("paid_triangle_totals")
    op.drop_table("loss_month_totals")
    with op.batch_alter_table("claim_month_totals") as batch:
        batch.drop_column("case_reserve")
        batch.drop_column("open_claims")
    with op.batch_alter_table("claim_milestones") as batch:
        batch.drop_index("ix_milestones_open_cover")
        batch.create_index("ix_milestones_open_cover", ["closed_at", "reported_at",
                                                        "claimed_amount"])  # fmt: skip
        batch.drop_column("accident_month")
        batch.drop_column("booked_reserve")


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
    """As adapters/db/read_totals.milestone_backfill_statements + rebuild_statements at this
    revision (the totals of claim_month_totals and sla_month_totals refilled whole)."""
    month = ("to_char(c.incident_date, 'YYYY-MM')" if dialect == "postgresql"
             else "strftime('%Y-%m', c.incident_date)")  # fmt: skip
    settled = ", ".join(f"'{status}'" for status in SETTLED)
    is_open = f"status NOT IN ({settled})"
    reserve = (f"CASE WHEN {is_open} AND booked_reserve > paid_amount "
               f"THEN booked_reserve - paid_amount ELSE 0 END")  # fmt: skip
    stages = ", ".join(
        f"COUNT(CASE WHEN {s} IS NOT NULL AND {e} IS NOT NULL THEN 1 END), "
        f"COALESCE(SUM({_us_between(dialect, s, e)}), 0)"
        for _, s, e in STAGES
    )
    stage_columns = ", ".join(f"{name}_n, {name}_us" for name, _, _ in STAGES)
    paid_at = "COALESCE(p.released_at, p.created_at)"
    origin, paid_month = _beijing_month(dialect, "c.reported_at"), _beijing_month(dialect, paid_at)
    return [
        "UPDATE claim_milestones SET booked_reserve = (SELECT r.amount FROM reserves r "
        "WHERE r.claim_id = claim_milestones.claim_id ORDER BY r.id DESC LIMIT 1), "
        f"accident_month = (SELECT {month} FROM claims c "
        "WHERE c.id = claim_milestones.claim_id)",
        "DELETE FROM claim_month_totals",
        f"INSERT INTO claim_month_totals (line_of_business, reported_month, claims, paid, "
        f"{stage_columns}, open_claims, case_reserve) SELECT line_of_business, "
        f"reported_month, COUNT(*), COALESCE(SUM(paid_amount), 0), {stages}, "
        f"COUNT(CASE WHEN {is_open} THEN 1 END), COALESCE(SUM({reserve}), 0) "
        f"FROM claim_milestones GROUP BY line_of_business, reported_month",
        f"INSERT INTO loss_month_totals (line_of_business, product_code, accident_month, claims, "
        f"paid, case_reserve) SELECT line_of_business, product_code, accident_month, COUNT(*), "
        f"COALESCE(SUM(paid_amount), 0), COALESCE(SUM({reserve}), 0) FROM claim_milestones "
        f"WHERE accident_month IS NOT NULL "
        f"GROUP BY line_of_business, product_code, accident_month",
        f"INSERT INTO paid_triangle_totals (line_of_business, reported_month, paid_month, "
        f"payments, amount) SELECT c.line_of_business, {origin}, {paid_month}, COUNT(*), "
        f"SUM(p.amount) FROM payment_instructions p JOIN claims c ON c.id = p.claim_id "
        f"WHERE p.status = 'paid' GROUP BY c.line_of_business, {origin}, {paid_month}",
    ]
