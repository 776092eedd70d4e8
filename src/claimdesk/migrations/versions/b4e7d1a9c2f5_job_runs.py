"""job runs (scheduled jobs once per period across server and worker processes, issue 16)

Revision ID: b4e7d1a9c2f5
Revises: d2f6a9c3b7e1
Create Date: 2026-12-02 13:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from claimdesk.adapters.db.types import UTCDateTime

revision = "b4e7d1a9c2f5"
down_revision = "d2f6a9c3b7e1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "job_runs",
        sa.Column("job", sa.String(40), primary_key=True),
        sa.Column("period", sa.String(60), primary_key=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("owner", sa.String(120), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("lease_until", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.Column("retry_at", UTCDateTime(), nullable=True),
        sa.Column("error", sa.String(500), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("job_runs")
