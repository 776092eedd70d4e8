"""预赔 estimates: one interval per claim with its basis (issue 15)

Revision ID: e15a2c7f9b03
Revises: 7ead5e1de017
Create Date: 2026-12-02 08:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import claimdesk.adapters.db.types

revision = "e15a2c7f9b03"
down_revision = "7ead5e1de017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_estimates",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("low", claimdesk.adapters.db.types.Money(), nullable=False),
        sa.Column("median", claimdesk.adapters.db.types.Money(), nullable=False),
        sa.Column("high", claimdesk.adapters.db.types.Money(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("basis_zh", sa.Text(), nullable=False),
        sa.Column("basis_en", sa.Text(), nullable=False),
        sa.Column("estimated_at", claimdesk.adapters.db.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"]),
        sa.PrimaryKeyConstraint("claim_id"),
    )


def downgrade() -> None:
    op.drop_table("claim_estimates")
