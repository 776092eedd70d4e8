"""auto partners, price agreements, salvage handling and recoveries (issue 14)

Revision ID: b14a7d0c5e21
Revises: 5e7f1a2b3c4d
Create Date: 2026-12-02 05:39:16.440251
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import claimdesk.adapters.db.types

revision = "b14a7d0c5e21"
down_revision = "5e7f1a2b3c4d"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "partners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.Column("agreement_no", sa.String(length=60), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("level", sa.String(length=4), nullable=True),
        sa.Column("shop_type", sa.String(length=20), nullable=True),
        sa.Column("fee", claimdesk.adapters.db.types.Money(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "name", name="uq_partners_kind_name"),
    )
    op.create_table(
        "price_agreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("part_code", sa.String(length=40), nullable=False),
        sa.Column("part_name", sa.String(length=200), nullable=False),
        sa.Column("vehicle_model", sa.String(length=100), nullable=False),
        sa.Column("agreed_price", claimdesk.adapters.db.types.Money(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("price_agreements", schema=None) as batch_op:
        batch_op.create_index(
            "ix_price_agreements_part_model", ["part_code", "vehicle_model"], unique=False
        )

    op.create_table(
        "recoveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("against", sa.String(length=200), nullable=False),
        sa.Column("against_insurer", sa.String(length=200), nullable=False),
        sa.Column("amount_claimed", claimdesk.adapters.db.types.Money(), nullable=False),
        sa.Column("written_off", sa.Boolean(), nullable=False),
        sa.Column("write_off_reason", sa.Text(), nullable=False),
        sa.Column("opened_by", sa.String(length=64), nullable=False),
        sa.Column(
            "opened_at", claimdesk.adapters.db.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("recoveries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recoveries_claim_id"), ["claim_id"], unique=False)

    op.create_table(
        "recovery_receipts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recovery_id", sa.Integer(), nullable=False),
        sa.Column("amount", claimdesk.adapters.db.types.Money(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["recovery_id"],
            ["recoveries.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("recovery_receipts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recovery_receipts_recovery_id"), ["recovery_id"], unique=False
        )

    op.create_table(
        "salvage_handlings",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("value", claimdesk.adapters.db.types.Money(), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("buyer", sa.String(length=200), nullable=False),
        sa.Column("sale_price", claimdesk.adapters.db.types.Money(), nullable=True),
        sa.Column("sold_on", sa.Date(), nullable=True),
        sa.Column("recovery_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column(
            "recorded_at", claimdesk.adapters.db.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("signed_off_by", sa.String(length=64), nullable=True),
        sa.Column(
            "signed_off_at", claimdesk.adapters.db.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
        ),
        sa.ForeignKeyConstraint(
            ["recovery_id"],
            ["recoveries.id"],
        ),
        sa.PrimaryKeyConstraint("claim_id"),
    )
    # part_code on assessment lines comes with the auto settlement (5e7f1a2b3c4d).
    with op.batch_alter_table("assessment_lines", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("agreed_price", claimdesk.adapters.db.types.Money(), nullable=True)
        )
        batch_op.add_column(
            sa.Column("over_price_reason", sa.Text(), nullable=False, server_default="")
        )

    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.add_column(sa.Column("repair_shop_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("repair_shop", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.create_foreign_key(
            "fk_surveys_repair_shop_id_partners", "partners", ["repair_shop_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.drop_constraint("fk_surveys_repair_shop_id_partners", type_="foreignkey")
        batch_op.drop_column("repair_shop")
        batch_op.drop_column("repair_shop_id")

    with op.batch_alter_table("assessment_lines", schema=None) as batch_op:
        batch_op.drop_column("over_price_reason")
        batch_op.drop_column("agreed_price")

    op.drop_table("salvage_handlings")
    with op.batch_alter_table("recovery_receipts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recovery_receipts_recovery_id"))

    op.drop_table("recovery_receipts")
    with op.batch_alter_table("recoveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recoveries_claim_id"))

    op.drop_table("recoveries")
    with op.batch_alter_table("price_agreements", schema=None) as batch_op:
        batch_op.drop_index("ix_price_agreements_part_model")

    op.drop_table("price_agreements")
    op.drop_table("partners")
