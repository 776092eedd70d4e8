"""Complaint cases (投诉处理): severity, root cause, stored due dates, answer, confirmation.

Imported by models.py so Alembic sees it. A portal complaint opens one case (portal_complaint_id).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from claimdesk.adapters.db.models_base import Base
from claimdesk.adapters.db.types import UTCDateTime


class ComplaintCaseRow(Base):
    __tablename__ = "complaint_cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    portal_complaint_id: Mapped[int | None] = mapped_column(
        ForeignKey("portal_complaints.id"), unique=True
    )
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), index=True)
    insured_person_id: Mapped[int | None] = mapped_column(index=True)
    channel: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    severity: Mapped[str] = mapped_column(String(10))
    root_cause: Mapped[str | None] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(10), index=True)
    internal_code: Mapped[str] = mapped_column(String(40))
    internal_due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    internal_at_risk_at: Mapped[datetime] = mapped_column(UTCDateTime())
    regulator_due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    regulator_at_risk_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    satisfied: Mapped[bool | None] = mapped_column(Boolean)
    customer_comment: Mapped[str] = mapped_column(Text, default="")
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
