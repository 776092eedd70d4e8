"""the duplicate-invoice scan's lookups indexed (issue 17)

Every report looks for earlier visits with the same normalised receipt number, or the same
day and hospital (its code, else its name). Both were expressions inside one `OR`: each
report scanned `visits`. Two expression indexes on the very expressions the scan compares
(`fraud_repository.invoice_query`, now a UNION of one lookup per key); SQLite and PostgreSQL
both index expressions.

Revision ID: 3d7a9b1c5e02
Revises: 9c4e1f7a2d60
Create Date: 2026-12-03 21:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "3d7a9b1c5e02"
down_revision = "9c4e1f7a2d60"
branch_labels = None
depends_on = None

RECEIPT_KEY = sa.text("upper(replace(receipt_number, ' ', ''))")
VISIT_HOSPITAL = sa.text("coalesce(nullif(hospital_code, ''), hospital_name)")


def upgrade() -> None:
    op.create_index("ix_visits_receipt_key", "visits", [RECEIPT_KEY], unique=False)
    op.create_index("ix_visits_date_hospital", "visits", ["date", VISIT_HOSPITAL], unique=False)


def downgrade() -> None:
    op.drop_index("ix_visits_date_hospital", table_name="visits")
    op.drop_index("ix_visits_receipt_key", table_name="visits")
