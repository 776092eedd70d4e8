"""claim accident and outcome, policy parameters

Accident covers (学平险) carry the accident (date, place, cause, description) and its outcome
(death or disability grades) on the claim; NULL for health and auto claims. A policy carries
its schedule's parameters (e.g. sum_insured) that the product's terms read.

Revision ID: a11c0de5acc1
Revises: e514a988e42e
Create Date: 2026-12-02 04:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "a11c0de5acc1"
down_revision = "e514a988e42e"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("accident", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("accident_outcome", sa.JSON(), nullable=True))
    with op.batch_alter_table("policies") as batch:
        batch.add_column(sa.Column("parameters", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("policies") as batch:
        batch.drop_column("parameters")
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("accident_outcome")
        batch.drop_column("accident")
