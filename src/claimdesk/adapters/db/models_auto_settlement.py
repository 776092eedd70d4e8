"""Tables of the auto settlement (车险理算): the liability decision and the engine runs.

Imported by models.py so Alembic sees them.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from claimdesk.adapters.db.models_base import Base
from claimdesk.adapters.db.types import Money, UTCDateTime


class AutoLiabilityRow(Base):
    """责任比例 (a ratio, 4 places) and the 交强险 handling, one row per claim."""

    __tablename__ = "auto_liabilities"
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), primary_key=True)
    share: Mapped[Decimal] = mapped_column(Numeric(5, 4))
    handling: Mapped[str] = mapped_column(String(20))
    decision_no: Mapped[str] = mapped_column(String(60), default="")
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AutoSettlementRow(Base):
    """Every auto engine run on a stored claim; the newest active one is the claim's."""

    __tablename__ = "auto_settlements"
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    by_user: Mapped[str] = mapped_column(String(64))
    product_code: Mapped[str] = mapped_column(String(60))
    decision: Mapped[str] = mapped_column(String(30))
    payable: Mapped[Decimal] = mapped_column(Money())
    request: Mapped[dict[str, Any]] = mapped_column(JSON)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
