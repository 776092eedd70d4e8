"""auto settlements and liability; part code and labour on assessment lines

Stored auto claims are settled by the auto engine (issue 14): every engine run is kept in
`auto_settlements` (typed request and result as JSON, the newest active), the liability
decision (责任比例, 交强险 代赔/互碰自赔) in `auto_liabilities`, and an assessment line names its
part code and labour so the engine can price it.

Revision ID: 5e7f1a2b3c4d
Revises: c13e9a7d5b21
Create Date: 2026-12-02 05:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import claimdesk.adapters.db.types

revision = "5e7f1a2b3c4d"
down_revision = "c13e9a7d5b21"
branch_labels = None
depends_on = None

Money = claimdesk.adapters.db.types.Money
UTCDateTime = claimdesk.adapters.db.types.UTCDateTime


def upgrade() -> None:
    with op.batch_alter_table("assessment_lines") as batch:
        batch.add_column(sa.Column("part_code", sa.String(60), nullable=False, server_default=""))
        batch.add_column(sa.Column("labour", Money(), nullable=False, server_default="0"))
    op.create_table(
        "auto_liabilities",
        sa.Column("claim_id", sa.Integer(), sa.ForeignKey("claims.id"), primary_key=True),
        sa.Column("share", sa.Numeric(5, 4), nullable=False),
        sa.Column("handling", sa.String(20), nullable=False),
        sa.Column("decision_no", sa.String(60), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "auto_settlements",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("claim_id", sa.Integer(), sa.ForeignKey("claims.id"), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("by_user", sa.String(64), nullable=False),
        sa.Column("product_code", sa.String(60), nullable=False),
        sa.Column("decision", sa.String(30), nullable=False),
        sa.Column("payable", Money(), nullable=False),
        sa.Column("request", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_auto_settlements_claim_id", "auto_settlements", ["claim_id"])


def downgrade() -> None:
    op.drop_index("ix_auto_settlements_claim_id", table_name="auto_settlements")
    op.drop_table("auto_settlements")
    op.drop_table("auto_liabilities")
    with op.batch_alter_table("assessment_lines") as batch:
        batch.drop_column("labour")
        batch.drop_column("part_code")
