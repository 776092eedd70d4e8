"""staff second factor (TOTP, 两步验证)

Revision ID: a3c8e5f1d2b6
Revises: b5e8d2a4c6f1
Create Date: 2026-12-02 14:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import claimdesk.adapters.db.types

revision = "a3c8e5f1d2b6"
down_revision = "b5e8d2a4c6f1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_second_factors",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.Column(
            "confirmed_at", claimdesk.adapters.db.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("last_step", sa.Integer(), nullable=False),
        sa.Column("recovery_digests", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("user_id"),
    )


def downgrade() -> None:
    op.drop_table("user_second_factors")
