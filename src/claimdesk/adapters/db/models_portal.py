"""Tables of the customer portal: complaints (投诉) and satisfaction ratings (满意度评价).

Imported by models.py so Alembic sees them. A later issue expands complaints (SLA, handling).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from claimdesk.adapters.db.models_base import Base
from claimdesk.adapters.db.types import UTCDateTime


class ComplaintRow(Base):
    __tablename__ = "portal_complaints"
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20), default="open")


class RatingRow(Base):
    """One rating per claim (the survey after closing, seed 002 客户服务)."""

    __tablename__ = "portal_ratings"
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), primary_key=True)
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
