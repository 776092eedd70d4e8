"""policy premium and quality reviews

Revision ID: b7d3e1a95c20
Revises: 5c3e7d1a9b42
Create Date: 2026-12-02 02:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import claimdesk.adapters.db.types

revision = "b7d3e1a95c20"
down_revision = "5c3e7d1a9b42"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("policies") as batch:
        batch.add_column(
            sa.Column(
                "premium",
                claimdesk.adapters.db.types.Money(),
                server_default="0",
                nullable=False,
            )
        )
    op.create_table(
        "quality_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("handler", sa.String(length=64), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("error_types", sa.JSON(), nullable=False),
        sa.Column("error_amount", claimdesk.adapters.db.types.Money(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column(
            "reviewed_at", claimdesk.adapters.db.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"]),
        sa.ForeignKeyConstraint(["reviewer_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("claim_id"),
    )
    op.create_index(op.f("ix_quality_reviews_month"), "quality_reviews", ["month"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_quality_reviews_month"), table_name="quality_reviews")
    op.drop_table("quality_reviews")
    with op.batch_alter_table("policies") as batch:
        batch.drop_column("premium")
