"""Tables of anti-fraud (反欺诈): blacklist, red flags per claim, investigations, risk scores.

Imported by models.py so Alembic sees them.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from claimdesk.adapters.db.models_base import Base
from claimdesk.adapters.db.types import Money, UTCDateTime


class BlacklistEntryRow(Base):
    """道德风险黑名单 (seed 004 二.26): a person by ID number, valid for a period."""

    __tablename__ = "blacklist_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    id_number: Mapped[str] = mapped_column(String(18), index=True)
    name: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text, default="")
    valid_from: Mapped[date]
    valid_until: Mapped[date | None]
    added_by: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ClaimAssessmentRow(Base):
    """The latest red-flag routing of a claim (proceed / investigate / hard_stop)."""

    __tablename__ = "claim_assessments"
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), primary_key=True)
    routing: Mapped[str] = mapped_column(String(20))
    total_weight: Mapped[int] = mapped_column(Integer)
    assessed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ClaimFlagRow(Base):
    __tablename__ = "claim_flags"
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    weight: Mapped[int] = mapped_column(Integer)
    message_zh: Mapped[str] = mapped_column(Text)
    message_en: Mapped[str] = mapped_column(Text)
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class InvestigationRow(Base):
    __tablename__ = "investigations"
    __table_args__ = (Index("ix_investigations_status_assigned", "status", "assigned_to"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    referred_by: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(20))
    assigned_to: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(10))
    outcome: Mapped[str | None] = mapped_column(String(20))
    avoided_loss: Mapped[Decimal | None] = mapped_column(Money())
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by: Mapped[str] = mapped_column(String(64), default="")


class InvestigationNoteRow(Base):
    __tablename__ = "investigation_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    investigation_id: Mapped[int] = mapped_column(ForeignKey("investigations.id"), index=True)
    author: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class ClaimScoreRow(Base):
    """The learned risk score of a claim with its top reasons (ranked for investigators)."""

    __tablename__ = "claim_scores"
    __table_args__ = (Index("ix_claim_scores_score_claim", "risk_score", "claim_id"),)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), primary_key=True)
    risk_score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    scored_at: Mapped[datetime] = mapped_column(UTCDateTime())
