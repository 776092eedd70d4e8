"""claim corrections (审核录入)

A specialist's corrections of a claim's visits and bill lines: the visits and bill_lines rows
hold the verified values, each correction row keeps the value it replaced, who, when and why.

Revision ID: c0rr3c7e5a11
Revises: c4b17a1d0e55
Create Date: 2026-12-02 05:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import claimdesk.adapters.db.types

revision = "c0rr3c7e5a11"
down_revision = "c4b17a1d0e55"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("visit_ref", sa.String(length=40), nullable=False),
        sa.Column("line_ref", sa.String(length=40), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("submitted", sa.Text(), nullable=False),
        sa.Column("verified", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("by_user", sa.String(length=64), nullable=False),
        sa.Column("at", claimdesk.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_claim_corrections_claim", "claim_corrections", ["claim_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_claim_corrections_claim", table_name="claim_corrections")
    op.drop_table("claim_corrections")
