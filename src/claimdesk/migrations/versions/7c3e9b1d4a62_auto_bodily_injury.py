"""auto bodily injury (人伤): injured persons, bill lines, follow-up visits, one-off settlements

Revision ID: 7c3e9b1d4a62
Revises: a7c41e2d9b63
Create Date: 2026-12-02 08:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import claimdesk.adapters.db.types

revision = "7c3e9b1d4a62"
down_revision = "a7c41e2d9b63"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "auto_injured_persons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", claimdesk.adapters.db.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("auto_injured_persons", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_auto_injured_persons_claim_id"), ["claim_id"], unique=False
        )
    op.create_table(
        "auto_injury_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("line_type", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("amount", claimdesk.adapters.db.types.Money(), nullable=False),
        sa.Column("self_funded", claimdesk.adapters.db.types.Money(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", claimdesk.adapters.db.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["auto_injured_persons.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("auto_injury_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_auto_injury_lines_person_id"), ["person_id"], unique=False
        )
    op.create_table(
        "auto_injury_visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("hospital_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", claimdesk.adapters.db.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["hospital_id"], ["hospitals.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["auto_injured_persons.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("auto_injury_visits", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_auto_injury_visits_person_id"), ["person_id"], unique=False
        )
    op.create_table(
        "auto_injury_settlements",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("amount", claimdesk.adapters.db.types.Money(), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("parties", sa.String(length=500), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", claimdesk.adapters.db.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["auto_injured_persons.id"]),
        sa.PrimaryKeyConstraint("person_id"),
    )


def downgrade() -> None:
    op.drop_table("auto_injury_settlements")
    with op.batch_alter_table("auto_injury_visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auto_injury_visits_person_id"))
    op.drop_table("auto_injury_visits")
    with op.batch_alter_table("auto_injury_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auto_injury_lines_person_id"))
    op.drop_table("auto_injury_lines")
    with op.batch_alter_table("auto_injured_persons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auto_injured_persons_claim_id"))
    op.drop_table("auto_injured_persons")
