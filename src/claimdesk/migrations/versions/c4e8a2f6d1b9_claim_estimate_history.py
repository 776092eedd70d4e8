"""预赔 estimate history: every estimate of a claim, the first and each revision (issue 15)

Revision ID: c4e8a2f6d1b9
Revises: b4e8c1d2a9f6
Create Date: 2026-12-02 13:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import claimdesk.adapters.db.types

revision = "c4e8a2f6d1b9"
down_revision = "b4e8c1d2a9f6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_estimate_history",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("trigger_code", sa.String(length=20), nullable=False),
        sa.Column("low", claimdesk.adapters.db.types.Money(), nullable=False),
        sa.Column("median", claimdesk.adapters.db.types.Money(), nullable=False),
        sa.Column("high", claimdesk.adapters.db.types.Money(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("basis_zh", sa.Text(), nullable=False),
        sa.Column("basis_en", sa.Text(), nullable=False),
        sa.Column("estimated_at", claimdesk.adapters.db.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("claim_id", "revision", name="uq_claim_estimate_revision"),
    )
    # The estimates stored so far are each claim's first.
    op.execute(
        "INSERT INTO claim_estimate_history (claim_id, revision, trigger_code, low, median, high,"
        " method, basis_zh, basis_en, estimated_at) SELECT claim_id, 1, 'report', low, median,"
        " high, method, basis_zh, basis_en, estimated_at FROM claim_estimates"
    )
    with op.batch_alter_table("claim_estimates") as batch:
        batch.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(
            sa.Column("trigger_code", sa.String(length=20), nullable=False, server_default="report")
        )


def downgrade() -> None:
    with op.batch_alter_table("claim_estimates") as batch:
        batch.drop_column("trigger_code")
        batch.drop_column("revision")
    op.drop_table("claim_estimate_history")
