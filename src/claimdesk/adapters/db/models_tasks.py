"""Tables of the work queues and approval authority (imported by models.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from claimdesk.adapters.db.models_base import Base
from claimdesk.adapters.db.types import UTCDateTime


class TaskRow(Base):
    __tablename__ = "tasks"
    __table_args__ = (
        # My queue's keyset order: a page is read from the index, not sorted (issue 17).
        Index("ix_tasks_assignee_status_due", "assignee_id", "status", "due_at", "id"),
        Index("ix_tasks_claim_status", "claim_id", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    kind: Mapped[str] = mapped_column(String(30))
    role: Mapped[str] = mapped_column(String(20))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    required_level: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    # Moved by database triggers on every write to the row: never written by the application
    # (migration 9c4e1f7a2d60, web/claim_answers.py: my queue's kept tasks).
    revision: Mapped[int] = mapped_column(Integer, server_default="0")


class ApproverProfileRow(Base):
    """核赔权限: an approver's level and limit per line of business (null limit = unlimited)."""

    __tablename__ = "approver_profiles"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    level: Mapped[int] = mapped_column(Integer)
    limits: Mapped[dict[str, Any]] = mapped_column(JSON)


class PanelVoteRow(Base):
    """疑难案件: each panel member's vote and reason on a difficult case."""

    __tablename__ = "panel_votes"
    __table_args__ = (UniqueConstraint("claim_id", "approver_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    approver_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    vote: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text)
    clause: Mapped[str] = mapped_column(String(200), default="")
    cast_at: Mapped[datetime] = mapped_column(UTCDateTime())
