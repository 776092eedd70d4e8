"""Case-reserve history (立案估损 / 未决赔款准备金) of every claim, whatever its line."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from claimdesk.adapters.db.models_base import Base
from claimdesk.adapters.db.types import Money, UTCDateTime


class ReserveRow(Base):
    """One reserve setting; the newest row per claim (highest id) is its reserve."""

    __tablename__ = "reserves"
    __table_args__ = (Index("ix_reserves_claim_id_id", "claim_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    amount: Mapped[Decimal] = mapped_column(Money())
    basis: Mapped[str] = mapped_column(String(20))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime())
    set_by: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, default="")
