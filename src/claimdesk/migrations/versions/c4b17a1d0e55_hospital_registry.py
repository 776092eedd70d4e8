"""hospital registry (医院目录)

Hospitals as data: code, name, level and grade, region, public or private, aliases, active,
and where each is designated (指定医院) — for every policy of a product or for one policy.

Revision ID: c4b17a1d0e55
Revises: 3f1b7c2d9e10
Create Date: 2026-12-02 05:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from claimdesk.adapters.db.types import UTCDateTime

revision = "c4b17a1d0e55"
down_revision = "3f1b7c2d9e10"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hospitals",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(40), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(10), nullable=False),
        sa.Column("region", sa.String(40), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_hospitals_name", "hospitals", ["name"])
    op.create_table(
        "hospital_aliases",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("hospital_id", sa.Integer(), sa.ForeignKey("hospitals.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(200), nullable=False),
    )
    op.create_index("ix_hospital_aliases_hospital_id", "hospital_aliases", ["hospital_id"])
    op.create_index("ix_hospital_aliases_alias", "hospital_aliases", ["alias"])
    op.create_table(
        "hospital_designations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("hospital_id", sa.Integer(), sa.ForeignKey("hospitals.id"), nullable=False),
        sa.Column("product_code", sa.String(60), nullable=False),
        sa.Column("policy_no", sa.String(40), nullable=False),
        sa.UniqueConstraint("hospital_id", "product_code", "policy_no"),
    )
    op.create_index(
        "ix_hospital_designations_hospital_id", "hospital_designations", ["hospital_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_hospital_designations_hospital_id", table_name="hospital_designations")
    op.drop_table("hospital_designations")
    op.drop_index("ix_hospital_aliases_alias", table_name="hospital_aliases")
    op.drop_index("ix_hospital_aliases_hospital_id", table_name="hospital_aliases")
    op.drop_table("hospital_aliases")
    op.drop_index("ix_hospitals_name", table_name="hospitals")
    op.drop_table("hospitals")
