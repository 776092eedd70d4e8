"""预赔 estimates: one row per claim, the interval and its basis in words."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, String, Text
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
