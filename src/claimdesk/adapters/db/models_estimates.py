"""预赔 estimates: the latest per claim, the interval and its basis in words; and every
estimate of the claim (the first and each revision) in the history."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from claimdesk.adapters.db.models_base import Base
from claimdesk.adapters.db.types import Money, UTCDateTime


class ClaimEstimateRow(Base):
    __tablename__ = "claim_estimates"
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), primary_key=True)
    low: Mapped[Decimal] = mapped_column(Money())
    median: Mapped[Decimal] = mapped_column(Money())
    high: Mapped[Decimal] = mapped_column(Money())
    method: Mapped[str] = mapped_column(String(20))
    basis_zh: Mapped[str] = mapped_column(Text)
    basis_en: Mapped[str] = mapped_column(Text)
    estimated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revision: Mapped[int] = mapped_column(Integer, server_default="1")
    trigger_code: Mapped[str] = mapped_column(String(20), server_default="report")


class ClaimEstimateHistoryRow(Base):
    __tablename__ = "claim_estimate_history"
    __table_args__ = (UniqueConstraint("claim_id", "revision", name="uq_claim_estimate_revision"),)
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    revision: Mapped[int] = mapped_column(Integer)
    trigger_code: Mapped[str] = mapped_column(String(20))
    low: Mapped[Decimal] = mapped_column(Money())
    median: Mapped[Decimal] = mapped_column(Money())
    high: Mapped[Decimal] = mapped_column(Money())
    method: Mapped[str] = mapped_column(String(20))
    basis_zh: Mapped[str] = mapped_column(Text)
    basis_en: Mapped[str] = mapped_column(Text)
    estimated_at: Mapped[datetime] = mapped_column(UTCDateTime())
