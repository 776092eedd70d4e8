"""archive records, borrowing and destruction (档案管理)

Closed claims archived before this revision get their record, with the retention dates the
shipped rules give from the day they were archived.

Revision ID: a7c41e2d9b63
Revises: b14a7d0c5e21
Create Date: 2026-12-02 09:00:00
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

from claimdesk.adapters.db.types import UTCDateTime
from claimdesk.workflow.retention import archive_items, default_retention, paper_due

revision = "a7c41e2d9b63"
down_revision = "b14a7d0c5e21"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "archive_records",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("claim_id", sa.Integer(), sa.ForeignKey("claims.id"), nullable=False,
                  unique=True),
        sa.Column("archive_number", sa.String(40), nullable=False, unique=True),
        sa.Column("archived_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("archived_by", sa.String(64), nullable=False),
        sa.Column("paper_due", sa.Date(), nullable=False, index=True),
        sa.Column("paper_filed_on", sa.Date(), nullable=True),
        sa.Column("location", sa.String(200), nullable=False, server_default=""),
    )  # fmt: skip
    op.create_table(
        "archive_items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("archive_id", sa.Integer(), sa.ForeignKey("archive_records.id"), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("retain_until", sa.Date(), nullable=False),
        sa.Column("destroyed_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("destroyed_by", sa.String(64), nullable=False, server_default=""),
        sa.UniqueConstraint("archive_id", "kind", name="uq_archive_items_kind"),
    )
    op.create_index("ix_archive_items_retain_until", "archive_items", ["retain_until"])
    op.create_table(
        "archive_borrows",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("archive_id", sa.Integer(), sa.ForeignKey("archive_records.id"), nullable=False,
                  index=True),
        sa.Column("requested_by", sa.String(64), nullable=False),
        sa.Column("requested_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("due_back", sa.Date(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("decided_by", sa.String(64), nullable=False, server_default=""),
        sa.Column("decided_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("returned_at", UTCDateTime(timezone=True), nullable=True),
    )  # fmt: skip
    op.create_table(
        "archive_destructions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("archive_id", sa.Integer(), sa.ForeignKey("archive_records.id"), nullable=False,
                  index=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("requested_by", sa.String(64), nullable=False),
        sa.Column("requested_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("decided_by", sa.String(64), nullable=False, server_default=""),
        sa.Column("decided_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("files_deleted", sa.Integer(), nullable=False, server_default="0"),
    )  # fmt: skip
    _backfill()


def _backfill() -> None:
    """A record for every claim archived before this revision."""
    bind = op.get_bind()
    rules = default_retention()
    claims = bind.execute(
        sa.text("SELECT id, claim_no, incident_date, updated_at FROM claims "
                "WHERE status = 'archived' ORDER BY id")
    ).all()  # fmt: skip
    records = sa.table(
        "archive_records", sa.column("id", sa.Integer()), sa.column("claim_id", sa.Integer()),
        sa.column("archive_number", sa.String()), sa.column("archived_at", UTCDateTime()),
        sa.column("archived_by", sa.String()), sa.column("paper_due", sa.Date()),
        sa.column("location", sa.String()),
    )  # fmt: skip
    items = sa.table(
        "archive_items", sa.column("archive_id", sa.Integer()), sa.column("kind", sa.String()),
        sa.column("retain_until", sa.Date()), sa.column("destroyed_by", sa.String()),
    )  # fmt: skip
    for claim_id, claim_no, incident, updated in claims:
        archived_at = _aware(updated)
        record_id = bind.execute(
            records.insert().values(
                claim_id=claim_id, archive_number=f"DA{claim_no}", archived_at=archived_at,
                archived_by="migration", paper_due=paper_due(_day(incident), rules), location="",
            ).returning(records.c.id)
        ).scalar_one()  # fmt: skip
        for item in archive_items(archived_at.date(), rules):
            bind.execute(
                items.insert().values(
                    archive_id=record_id,
                    kind=str(item.kind),
                    retain_until=item.retain_until,
                    destroyed_by="",
                )
            )


def _aware(value: datetime | str) -> datetime:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _day(value: date | str) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def downgrade() -> None:
    op.drop_table("archive_destructions")
    op.drop_table("archive_borrows")
    op.drop_index("ix_archive_items_retain_until", table_name="archive_items")
    op.drop_table("archive_items")
    op.drop_table("archive_records")
