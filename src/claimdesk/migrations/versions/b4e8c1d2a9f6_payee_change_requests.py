"""payee change requests (the insured's documented request, maker-checked by finance)

Revision ID: b4e8c1d2a9f6
Revises: a3c8e5f1d2b6
Create Date: 2026-12-02 13:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from claimdesk.adapters.db.types import UTCDateTime

revision = "b4e8c1d2a9f6"
down_revision = "a3c8e5f1d2b6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payee_change_requests",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("claim_id", sa.Integer(), sa.ForeignKey("claims.id"), nullable=False),
        sa.Column("payee_name", sa.String(100), nullable=False),
        sa.Column("payee_id_number", sa.String(18), nullable=False),
        sa.Column("bank_account", sa.String(32), nullable=False),
        sa.Column("bank_name", sa.String(100), nullable=False),
        sa.Column("authorised_reason", sa.Text(), nullable=False),
        sa.Column("document_kind", sa.String(30), nullable=False),
        sa.Column("document_name", sa.String(255), nullable=False),
        sa.Column("document_type", sa.String(60), nullable=False),
        sa.Column("document_size", sa.Integer(), nullable=False),
        sa.Column("document_sha256", sa.String(64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("requested_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("requested_at", UTCDateTime(), nullable=False),
        sa.Column("proposed_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("proposed_at", UTCDateTime(), nullable=True),
        sa.Column("decided_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=False),
        sa.Column(
            "instruction_id", sa.Integer(), sa.ForeignKey("payment_instructions.id"), nullable=True
        ),
    )
    op.create_index("ix_payee_change_requests_claim_id", "payee_change_requests", ["claim_id"])
    op.create_index("ix_payee_change_requests_status", "payee_change_requests", ["status"])


def downgrade() -> None:
    op.drop_index("ix_payee_change_requests_status", "payee_change_requests")
    op.drop_index("ix_payee_change_requests_claim_id", "payee_change_requests")
    op.drop_table("payee_change_requests")
