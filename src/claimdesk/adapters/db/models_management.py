"""Tables of management reporting (issue 13): quality reviews of sampled closed claims (抽检).

Imported by models.py so Alembic sees them.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from claimdesk.adapters.db.models_base import Base
from claimdesk.adapters.db.types import Money, UTCDateTime


class QualityReviewRow(Base):
    """A reviewer's re-check of one closed claim (理赔质量抽检): score, error types, comment."""

    __tablename__ = "quality_reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), unique=True)
    month: Mapped[str] = mapped_column(String(7), index=True)  # the sample's closing month
    handler: Mapped[str] = mapped_column(String(64))  # username of the claim's handler
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    score: Mapped[int] = mapped_column(Integer)
    error_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    error_amount: Mapped[Decimal] = mapped_column(Money())
    comment: Mapped[str] = mapped_column(Text, default="")
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime())
