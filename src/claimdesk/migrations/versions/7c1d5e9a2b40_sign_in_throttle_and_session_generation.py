"""sign-in throttle and session generation

Revision ID: 7c1d5e9a2b40
Revises: b7d3e1a95c20
Create Date: 2026-12-02 03:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import claimdesk.adapters.db.types

revision = "7c1d5e9a2b40"
down_revision = "b7d3e1a95c20"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_throttle",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column(
            "last_failure_at",
            claimdesk.adapters.db.types.UTCDateTime(timezone=True),
            nullable=False,
        ),
        sa.Column(
            "locked_until", claimdesk.adapters.db.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("session_generation", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_generation")
    op.drop_table("sign_in_throttle")
