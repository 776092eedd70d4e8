"""Read-side tables (imported by models.py): the claim milestones projection and the stored
monthly 理赔时效监测表 reports."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from claimdesk.adapters.db.models_base import Base
from claimdesk.adapters.db.types import Money, UTCDateTime


class ClaimMilestoneRow(Base):
    """One row per claim, kept by the audit store in the transaction of every claim record.

    `reported_month` / `closed_month` are the Beijing-time months ('YYYY-MM'), so monthly
    figures group on a plain indexed column on both SQLite and PostgreSQL.
    """

    __tablename__ = "claim_milestones"
    __table_args__ = (
        # Covers the dashboard's volume figure (count and paid per line and month).
        Index(
            "ix_milestones_reported_month_line", "reported_month", "line_of_business", "paid_amount"
        ),
        Index("ix_milestones_closed_month_line", "closed_month", "line_of_business"),
        Index("ix_milestones_product_outcome", "product_code", "outcome"),
        Index("ix_milestones_open_reported", "closed_at", "reported_at"),
        # Open-claim aging reads the index alone (booked_reserve: no seek into reserves).
        Index(
            "ix_milestones_open_cover",
            "closed_at",
            "reported_at",
            "claimed_amount",
            "booked_reserve",
        ),
    )
    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claims.id"), primary_key=True, autoincrement=False
    )
    claim_no: Mapped[str] = mapped_column(String(20))
    product_code: Mapped[str] = mapped_column(String(60))
    line_of_business: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reported_month: Mapped[str] = mapped_column(String(7))
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    registered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    materials_complete_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    adjudicated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_month: Mapped[str | None] = mapped_column(String(7))
    outcome: Mapped[str | None] = mapped_column(String(20))
    claimed_amount: Mapped[Decimal] = mapped_column(Money())
    paid_amount: Mapped[Decimal] = mapped_column(Money())  # confirmed (到账) payments only
    handler: Mapped[str | None] = mapped_column(String(64))
    # 未结案原因 set by staff for the current state (a move clears it); None: the state's own.
    open_reason: Mapped[str | None] = mapped_column(String(30))
    open_reason_note: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The newest row of the claim's reserve history (None before registration), kept by the
    # audit append and by SqlReserves.add; the accident month (incident_date's 'YYYY-MM').
    booked_reserve: Mapped[Decimal | None] = mapped_column(Money(), nullable=True)
    accident_month: Mapped[str | None] = mapped_column(String(7), nullable=True)
    # Each instant above as integer microseconds since 1970-01-01 UTC (`<name>_us`), kept by
    # the audit append: the monitoring table's arithmetic reads integers instead of turning
    # 118,000 rows' stored text / timestamps into numbers on every run.
    reported_at_us: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    accepted_at_us: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    registered_at_us: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    materials_complete_at_us: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    adjudicated_at_us: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    approved_at_us: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    paid_at_us: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    closed_at_us: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


# The instants kept beside their integer microseconds (`<name>_us`).
INSTANTS = ("reported_at", "accepted_at", "registered_at", "materials_complete_at",
            "adjudicated_at", "approved_at", "paid_at", "closed_at")  # fmt: skip


class MonitoringReportRow(Base):
    """A generated monthly 理赔时效监测表: its figures as generated, and its submission."""

    __tablename__ = "monitoring_reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7), unique=True)
    generated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    generated_by: Mapped[str] = mapped_column(String(64))
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submitted_by: Mapped[str | None] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)


# The dashboard's stages (analytics/dashboard_queries.STAGES): the time a claim spent in each
# status, from the milestone that entered it to the one that left it.
TOTAL_STAGES = (
    ("reported", "reported_at", "accepted_at"),
    ("accepted", "accepted_at", "materials_complete_at"),
    ("under_review", "materials_complete_at", "adjudicated_at"),
    ("adjudicated", "adjudicated_at", "approved_at"),
    ("approved", "approved_at", "paid_at"),
)


class ClaimMonthTotalRow(Base):
    """Pre-aggregated claim_milestones per line and Beijing report month, kept by the audit
    append (adapters/db/milestones.py) in the same transaction as the milestone row: claims,
    confirmed payments, and per stage the claims that passed it and their total time in it
    (microseconds, exact). The dashboard reads these few hundred rows instead of the claims."""

    __tablename__ = "claim_month_totals"
    line_of_business: Mapped[str] = mapped_column(String(20), primary_key=True)
    reported_month: Mapped[str] = mapped_column(String(7), primary_key=True)
    claims: Mapped[int] = mapped_column(BigInteger, default=0)
    paid: Mapped[int] = mapped_column(BigInteger, default=0)  # fen
    reported_n: Mapped[int] = mapped_column(BigInteger, default=0)
    reported_us: Mapped[int] = mapped_column(BigInteger, default=0)
    accepted_n: Mapped[int] = mapped_column(BigInteger, default=0)
    accepted_us: Mapped[int] = mapped_column(BigInteger, default=0)
    under_review_n: Mapped[int] = mapped_column(BigInteger, default=0)
    under_review_us: Mapped[int] = mapped_column(BigInteger, default=0)
    adjudicated_n: Mapped[int] = mapped_column(BigInteger, default=0)
    adjudicated_us: Mapped[int] = mapped_column(BigInteger, default=0)
    approved_n: Mapped[int] = mapped_column(BigInteger, default=0)
    approved_us: Mapped[int] = mapped_column(BigInteger, default=0)
    # Claims not settled (status not in case_reserves.SETTLED) and their case reserve (fen).
    open_claims: Mapped[int] = mapped_column(BigInteger, default=0)
    case_reserve: Mapped[int] = mapped_column(BigInteger, default=0)


class SlaMonthTotalRow(Base):
    """Closed time limits per code and Beijing month of completion, kept by the tracking
    repository when a deadline is saved (closed deadlines never change afterwards): the SLA
    report sums these instead of reading every stored deadline."""

    __tablename__ = "sla_month_totals"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    done_month: Mapped[str] = mapped_column(String(7), primary_key=True)
    closed: Mapped[int] = mapped_column(BigInteger, default=0)
    met: Mapped[int] = mapped_column(BigInteger, default=0)


class LossMonthTotalRow(Base):
    """Claims per line, product and accident month (incident_date) with their confirmed
    payments and case reserves (fen), kept with claim_month_totals from the milestone row: the
    loss ratio's incurred side without a pass over the month's claims."""

    __tablename__ = "loss_month_totals"
    line_of_business: Mapped[str] = mapped_column(String(20), primary_key=True)
    product_code: Mapped[str] = mapped_column(String(60), primary_key=True)
    accident_month: Mapped[str] = mapped_column(String(7), primary_key=True)
    claims: Mapped[int] = mapped_column(BigInteger, default=0)
    paid: Mapped[int] = mapped_column(BigInteger, default=0)
    case_reserve: Mapped[int] = mapped_column(BigInteger, default=0)


class PaidTriangleTotalRow(Base):
    """Confirmed payments (fen) per line, Beijing report month of the claim and Beijing month
    of payment (released_at, else created_at), kept by SqlPayments when an instruction enters
    or leaves the paid status: the IBNR paid triangle without a pass over every payment."""

    __tablename__ = "paid_triangle_totals"
    line_of_business: Mapped[str] = mapped_column(String(20), primary_key=True)
    reported_month: Mapped[str] = mapped_column(String(7), primary_key=True)
    paid_month: Mapped[str] = mapped_column(String(7), primary_key=True)
    payments: Mapped[int] = mapped_column(BigInteger, default=0)
    amount: Mapped[int] = mapped_column(BigInteger, default=0)
