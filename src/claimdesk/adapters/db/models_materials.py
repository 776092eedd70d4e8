"""Tables of materials follow-up: notices, stored deadlines, escalations, calendar overrides.

Imported by models.py so Alembic sees them. Material files use the existing `materials` table.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from claimdesk.adapters.db.models_base import Base
from claimdesk.adapters.db.types import UTCDateTime


class NoticeRow(Base):
    """A notice to the customer: every missing item at once (一次性告知), or a refusal."""

    __tablename__ = "notices"
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    channel: Mapped[str] = mapped_column(String(20), default="in_app")


class ClaimDeadlineRow(Base):
    """A time limit (时效) of one claim: due dates computed once, closed when the step is done."""

    __tablename__ = "claim_deadlines"
    __table_args__ = (
        Index("ix_claim_deadlines_open", "done_at", "cancelled_at"),
        # The SLA report's open figures read the index alone (read-side, issue 17).
        Index(
            "ix_claim_deadlines_open_cover",
            *("done_at", "cancelled_at", "code", "paused_since", "due_at", "at_risk_at"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    at_risk_at: Mapped[datetime] = mapped_column(UTCDateTime())
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    breached_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The step no longer applies (e.g. payment after a denial): not counted in compliance.
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Awaiting the claimant's materials (保险法司法解释（二）第十五条): not counted.
    paused_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    paused_days: Mapped[int] = mapped_column(Integer, default=0)
    uncertain_years: Mapped[list[int]] = mapped_column(JSON, default=list)


class EscalationRow(Base):
    """One escalation per deadline, raised by the SLA sweep when it is at risk or breached."""

    __tablename__ = "escalations"
    id: Mapped[int] = mapped_column(primary_key=True)
    deadline_id: Mapped[int] = mapped_column(ForeignKey("claim_deadlines.id"), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CalendarOverrideRow(Base):
    """The admin's extra holidays and make-up working days; they win over the official data."""

    __tablename__ = "calendar_overrides"
    day: Mapped[date] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")
