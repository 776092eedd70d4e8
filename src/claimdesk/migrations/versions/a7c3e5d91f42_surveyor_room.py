"""surveyor room: contact outcome and appointment on surveys, registry shop and compliance on
tender quotes (issues 12 + 14)

Revision ID: a7c3e5d91f42
Revises: e15a2c7f9b03
Create Date: 2026-12-02 08:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import claimdesk.adapters.db.types

revision = "a7c3e5d91f42"
down_revision = "e15a2c7f9b03"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact_reached", sa.Boolean(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "appointment_at",
                claimdesk.adapters.db.types.UTCDateTime(timezone=True),
                nullable=True,
            )
        )
    with op.batch_alter_table("tender_quotes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("repair_shop_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "compliance", sa.String(length=20), server_default="compliant", nullable=False
            )
        )
        batch_op.create_foreign_key(
            "fk_tender_quotes_repair_shop_id_partners", "partners", ["repair_shop_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("tender_quotes", schema=None) as batch_op:
        batch_op.drop_constraint("fk_tender_quotes_repair_shop_id_partners", type_="foreignkey")
        batch_op.drop_column("compliance")
        batch_op.drop_column("repair_shop_id")
    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.drop_column("appointment_at")
        batch_op.drop_column("contact_reached")
