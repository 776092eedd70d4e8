"""user contacts (系统管理: an administrator edits a user's phone and e-mail)

Revision ID: d2f6a9c3b7e1
Revises: a7c3e5d91f42
Create Date: 2026-12-02 09:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "d2f6a9c3b7e1"
down_revision = "a7c3e5d91f42"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("phone", sa.String(20), nullable=True))
        batch.add_column(sa.Column("email", sa.String(120), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("email")
        batch.drop_column("phone")
