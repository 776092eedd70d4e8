"""审核录入: each correction of a visit or bill line, with the value it replaced.

The visits and bill_lines rows hold the verified values; these rows keep what was submitted.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from claimdesk.adapters.db.models_base import Base
from claimdesk.adapters.db.types import UTCDateTime


class ClaimCorrectionRow(Base):
    __tablename__ = "claim_corrections"
    __table_args__ = (Index("ix_claim_corrections_claim", "claim_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    visit_ref: Mapped[str] = mapped_column(String(40))
    line_ref: Mapped[str] = mapped_column(String(40), default="")  # "" = the visit itself
    field: Mapped[str] = mapped_column(String(40))
    submitted: Mapped[str] = mapped_column(Text)
    verified: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    by_user: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
