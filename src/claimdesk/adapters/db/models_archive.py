"""Tables of the archive (档案管理): records, their items (保管期限), borrowing, destruction.

Imported by models.py so Alembic sees them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claimdesk.adapters.db.models_base import Base
from claimdesk.adapters.db.types import UTCDateTime


class ArchiveRecordRow(Base):
    __tablename__ = "archive_records"
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), unique=True)
    archive_number: Mapped[str] = mapped_column(String(40), unique=True)
    archived_at: Mapped[datetime] = mapped_column(UTCDateTime())
    archived_by: Mapped[str] = mapped_column(String(64))
    paper_due: Mapped[date] = mapped_column(Date, index=True)
    paper_filed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    location: Mapped[str] = mapped_column(String(200), default="")
    items: Mapped[list[ArchiveItemRow]] = relationship(
        order_by="ArchiveItemRow.id", cascade="all, delete-orphan", lazy="selectin"
    )


class ArchiveItemRow(Base):
    __tablename__ = "archive_items"
    __table_args__ = (
        UniqueConstraint("archive_id", "kind", name="uq_archive_items_kind"),
        Index("ix_archive_items_retain_until", "retain_until"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    archive_id: Mapped[int] = mapped_column(ForeignKey("archive_records.id"))
    kind: Mapped[str] = mapped_column(String(40))
    retain_until: Mapped[date] = mapped_column(Date)
    destroyed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    destroyed_by: Mapped[str] = mapped_column(String(64), default="")


class ArchiveBorrowRow(Base):
    __tablename__ = "archive_borrows"
    id: Mapped[int] = mapped_column(primary_key=True)
    archive_id: Mapped[int] = mapped_column(ForeignKey("archive_records.id"), index=True)
    requested_by: Mapped[str] = mapped_column(String(64))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(Text)
    due_back: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), index=True)
    decided_by: Mapped[str] = mapped_column(String(64), default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class ArchiveDestructionRow(Base):
    __tablename__ = "archive_destructions"
    id: Mapped[int] = mapped_column(primary_key=True)
    archive_id: Mapped[int] = mapped_column(ForeignKey("archive_records.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    requested_by: Mapped[str] = mapped_column(String(64))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    decided_by: Mapped[str] = mapped_column(String(64), default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    files_deleted: Mapped[int] = mapped_column(Integer, default=0)
