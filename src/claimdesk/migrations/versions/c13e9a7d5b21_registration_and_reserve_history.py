"""registration and reserve history for every line

The reserve history (reserves) serves every line of business, with the reason of each
setting. Claims already registered (accepted, not settled) without a reserve get one at the
claimed amount, so case reserves can be read from the history alone; settled claims whose
reserve was never released get a release row. Milestone rows gain the index the average of a
product's settled claims (立案估损 rule `closed_average`) reads.

Revision ID: c13e9a7d5b21
Revises: c0rr3c7e5a11
Create Date: 2026-12-02 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "c13e9a7d5b21"
down_revision = "c0rr3c7e5a11"
branch_labels = None
depends_on = None

SETTLED = "('paid', 'closed', 'archived', 'denied', 'withdrawn')"
MIGRATED = "migration"


def upgrade() -> None:
    with op.batch_alter_table("reserves") as batch:
        batch.add_column(sa.Column("reason", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("claim_milestones") as batch:
        batch.create_index("ix_milestones_product_outcome", ["product_code", "outcome"])
    op.execute(
        "INSERT INTO reserves (claim_id, amount, basis, set_at, set_by, reason) "
        "SELECT c.id, c.claimed_amount, 'product_rule', c.reported_at, "
        f"'{MIGRATED}', '立案估损：索赔金额（迁移）/ claimed amount (migrated)' FROM claims c "
        f"WHERE c.status NOT IN ('reported', 'reopened') AND c.status NOT IN {SETTLED} "
        "AND NOT EXISTS (SELECT 1 FROM reserves r WHERE r.claim_id = c.id)"
    )
    op.execute(
        "INSERT INTO reserves (claim_id, amount, basis, set_at, set_by, reason) "
        f"SELECT c.id, 0, 'released', c.updated_at, '{MIGRATED}', 'closed' FROM claims c "
        f"WHERE c.status IN {SETTLED} AND (SELECT r.amount FROM reserves r "
        "WHERE r.claim_id = c.id ORDER BY r.id DESC LIMIT 1) <> 0"
    )


def downgrade() -> None:
    op.execute(f"DELETE FROM reserves WHERE set_by = '{MIGRATED}'")
    with op.batch_alter_table("claim_milestones") as batch:
        batch.drop_index("ix_milestones_product_outcome")
    with op.batch_alter_table("reserves") as batch:
        batch.drop_column("reason")
