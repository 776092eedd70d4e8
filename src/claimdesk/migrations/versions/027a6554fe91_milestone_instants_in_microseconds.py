"""milestone instants as integer microseconds (issues 13 + 17)

`claim_milestones` gains `<instant>_us` (BIGINT: microseconds since 1970-01-01 UTC) beside each
of its eight instants, kept by the audit append (adapters/db/milestones.py) and filled here by
the SQL the loader runs (adapters/db/read_totals.instant_us_statements at this revision): the
monitoring table reads integers instead of converting each row's instants on every run.

Revision ID: 027a6554fe91
Revises: a7d3f9c2b815
Create Date: 2026-12-03 07:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "027a6554fe91"
down_revision = "a7d3f9c2b815"
branch_labels = None
depends_on = None

INSTANTS = ("reported_at", "accepted_at", "registered_at", "materials_complete_at",
            "adjudicated_at", "approved_at", "paid_at", "closed_at")  # fmt: skip


def upgrade() -> None:
    # Added columns only: SQLite's ALTER TABLE ADD COLUMN, no copy of the table.
    with op.batch_alter_table("claim_milestones") as batch:
        for name in INSTANTS:
            batch.add_column(sa.Column(f"{name}_us", sa.BigInteger(), nullable=True))
    op.execute(_backfill(op.get_bind().dialect.name))


def downgrade() -> None:
    with op.batch_alter_table("claim_milestones") as batch:
        for name in reversed(INSTANTS):
            batch.drop_column(f"{name}_us")


def _backfill(dialect: str) -> str:
    """Exact: SQLite keeps 'YYYY-MM-DD HH:MM:SS.ffffff' (whole seconds by strftime, then the
    stored microseconds); PostgreSQL's EXTRACT is numeric. NULL stays NULL."""

    def epoch_us(column: str) -> str:
        if dialect == "postgresql":
            return f"CAST(EXTRACT(EPOCH FROM {column}) * 1000000 AS BIGINT)"
        return (f"(CAST(strftime('%s', substr({column}, 1, 19)) AS INTEGER) * 1000000"
                f" + CAST(substr({column}, 21, 6) AS INTEGER))")  # fmt: skip

    sets = ", ".join(f"{name}_us = {epoch_us(name)}" for name in INSTANTS)
    return f"UPDATE claim_milestones SET {sets}"
