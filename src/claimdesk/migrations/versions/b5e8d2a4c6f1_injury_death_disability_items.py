"""auto 人伤 death/disability items (死亡伤残赔偿项目): kind, basis, standard × quantity × ratio

Revision ID: b5e8d2a4c6f1
Revises: b4e7d1a9c2f5
Create Date: 2026-12-02 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import claimdesk.adapters.db.types

revision = "b5e8d2a4c6f1"
down_revision = "b4e7d1a9c2f5"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "auto_injury_dd_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("basis", sa.String(length=500), nullable=False),
        sa.Column("standard", claimdesk.adapters.db.types.Money(), nullable=False),
        sa.Column("quantity", claimdesk.adapters.db.types.Money(), nullable=False),
        sa.Column("ratio_bp", sa.Integer(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", claimdesk.adapters.db.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["auto_injured_persons.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("auto_injury_dd_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_auto_injury_dd_items_person_id"), ["person_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("auto_injury_dd_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auto_injury_dd_items_person_id"))
    op.drop_table("auto_injury_dd_items")
