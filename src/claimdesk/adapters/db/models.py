"""SQLAlchemy 2 tables. Repositories translate these rows to and from domain dataclasses."""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    literal_column,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnClause

# Tables of the workflow areas live in sibling modules; importing them registers them on Base.
from claimdesk.adapters.db import (  # noqa: F401
    models_archive,
    models_auto,
    models_auto_settlement,
    models_complaints,
    models_estimates,
    models_fraud,
    models_hospitals,
    models_injuries,
    models_jobs,
    models_management,
    models_materials,
    models_outbox,
    models_partners,
    models_payments,
    models_portal,
    models_read_side,
    models_reserves,
    models_security,
    models_service_desk,
    models_tasks,
    models_verification,
)
from claimdesk.adapters.db.models_base import Base
from claimdesk.adapters.db.types import Money, UTCDateTime

__all__ = ["Base"]


class UserRow(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    insured_person_id: Mapped[int | None] = mapped_column(ForeignKey("insured_persons.id"))
    language: Mapped[str] = mapped_column(String(5), default="zh")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Lines of business this user's queue takes (None: all); assignment filters on it.
    lines_of_business: Mapped[list[str] | None] = mapped_column(JSON)
    # Bumped by "sign out everywhere" (and by a browser sign-out): sessions carrying an older
    # generation are no longer accepted.
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(120))


class ApiTokenRow(Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PolicyRow(Base):
    __tablename__ = "policies"
    id: Mapped[int] = mapped_column(primary_key=True)
    policy_no: Mapped[str] = mapped_column(String(40), unique=True)
    product_code: Mapped[str] = mapped_column(String(60))
    policyholder: Mapped[str] = mapped_column(String(200))
    period_start: Mapped[date]
    period_end: Mapped[date]
    line_of_business: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Written premium for the whole period; earned month by month pro rata (analytics/).
    premium: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0"), server_default="0")
    # The schedule's parameters (e.g. sum_insured) in the adjudication contract's JSON form.
    parameters: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class InsuredPersonRow(Base):
    __tablename__ = "insured_persons"
    __table_args__ = (UniqueConstraint("policy_id", "member_no"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("policies.id"), index=True)
    member_no: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(100), index=True)
    id_number: Mapped[str] = mapped_column(String(18), index=True)
    phone: Mapped[str] = mapped_column(String(20), default="")
    bank_account: Mapped[str] = mapped_column(String(32), default="")
    bank_name: Mapped[str] = mapped_column(String(100), default="")
    social_insurance: Mapped[bool] = mapped_column(Boolean, default=True)
    conditions: Mapped[list[str]] = mapped_column(JSON, default=list)


class ClaimRow(Base):
    __tablename__ = "claims"
    __table_args__ = (
        Index("ix_claims_status_id", "status", "id"),
        Index("ix_claims_incident_date", "incident_date"),  # loss ratio by accident month
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_no: Mapped[str] = mapped_column(String(20), unique=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("policies.id"), index=True)
    insured_person_id: Mapped[int] = mapped_column(ForeignKey("insured_persons.id"), index=True)
    product_code: Mapped[str] = mapped_column(String(60))
    line_of_business: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    status_reason: Mapped[str] = mapped_column(Text, default="")
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reported_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    incident_date: Mapped[date]
    incident_description: Mapped[str] = mapped_column(Text, default="")
    claimed_amount: Mapped[Decimal] = mapped_column(Money())
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    fast_track: Mapped[bool] = mapped_column(Boolean, default=False)
    adjudicated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    difficult: Mapped[bool] = mapped_column(Boolean, default=False)
    difficult_reason: Mapped[str] = mapped_column(Text, default="")
    # 核赔: all three set together, or none (not yet approved).
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_amount: Mapped[Decimal | None] = mapped_column(Money())
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # 拒赔: a denial exists when its clause is not NULL (the clause may be empty text).
    denial_reason_codes: Mapped[list[str] | None] = mapped_column(JSON)
    denial_clause: Mapped[str | None] = mapped_column(Text)
    # Accident covers: the accident (date, place, cause, description) and its outcome, as
    # reported; NULL for health and auto claims.
    accident: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    accident_outcome: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Moved by database triggers on every write to what the API's claim answer reads (the
    # row, its visits and lines, the insured's name): never written by the application
    # (migration 9c4e1f7a2d60, web/claim_answers.py).
    revision: Mapped[int] = mapped_column(Integer, server_default="0")
    visits: Mapped[list[VisitRow]] = relationship(
        back_populates="claim", order_by="VisitRow.position", cascade="all, delete-orphan"
    )
    adjusters: Mapped[list[ClaimAdjusterRow]] = relationship(
        order_by="ClaimAdjusterRow.position", cascade="all, delete-orphan"
    )


class RevisionClockRow(Base):
    """SQLite's source of revisions for claims and tasks (one row; PostgreSQL uses the
    sequence `revisions`): a revision is never given twice."""

    __tablename__ = "revision_clock"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(Integer)


class ClaimAdjusterRow(Base):
    """Who overrode a claim's amounts (maker-checker), in the order they first did."""

    __tablename__ = "claim_adjusters"
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class VisitRow(Base):
    __tablename__ = "visits"
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    visit_ref: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    date: Mapped[dt.date]
    discharge_date: Mapped[dt.date | None]
    hospital_code: Mapped[str] = mapped_column(String(40))
    hospital_name: Mapped[str] = mapped_column(String(200))
    designated: Mapped[bool] = mapped_column(Boolean)
    hospital_level: Mapped[int] = mapped_column(Integer)
    ward: Mapped[str] = mapped_column(String(20))
    region: Mapped[str] = mapped_column(String(40))
    diagnosis: Mapped[str] = mapped_column(String(200))
    service: Mapped[str | None] = mapped_column(String(40))
    rescue: Mapped[bool] = mapped_column(Boolean)
    other_payer_paid: Mapped[Decimal] = mapped_column(Money())
    receipt_number: Mapped[str] = mapped_column(String(60))
    receipt_original: Mapped[bool] = mapped_column(Boolean)
    receipt_handwritten: Mapped[bool] = mapped_column(Boolean)
    claim: Mapped[ClaimRow] = relationship(back_populates="visits")
    lines: Mapped[list[BillLineRow]] = relationship(
        order_by="BillLineRow.position", cascade="all, delete-orphan"
    )


# The duplicate-invoice scan's two lookups (fraud_repository.invoice_query), indexed on the
# very expressions it compares: the normalised receipt number, and the day + hospital (its
# code, else its name). Without them every report scanned `visits` (issue 17).
# The constants are literals, not parameters: SQLite uses an expression index only for the
# same expression, and a bound parameter is not the same as the index's literal.
SPACE: ColumnClause[str] = literal_column("' '")
EMPTY: ColumnClause[str] = literal_column("''")
RECEIPT_KEY = func.upper(func.replace(VisitRow.receipt_number, SPACE, EMPTY))
VISIT_HOSPITAL = func.coalesce(func.nullif(VisitRow.hospital_code, EMPTY), VisitRow.hospital_name)
Index("ix_visits_receipt_key", RECEIPT_KEY)
Index("ix_visits_date_hospital", VisitRow.date, VISIT_HOSPITAL)


class BillLineRow(Base):
    __tablename__ = "bill_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    line_ref: Mapped[str] = mapped_column(String(40))
    type: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    amount: Mapped[Decimal] = mapped_column(Money())
    fund_paid: Mapped[Decimal] = mapped_column(Money())
    category_self_pay: Mapped[Decimal] = mapped_column(Money())
    self_funded: Mapped[Decimal] = mapped_column(Money())
    self_pay: Mapped[Decimal] = mapped_column(Money())
    auxiliary: Mapped[bool] = mapped_column(Boolean)
    days_supply: Mapped[int | None]
    sessions: Mapped[int | None]


class MaterialRow(Base):
    __tablename__ = "materials"
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    code: Mapped[str] = mapped_column(String(60))
    file_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(20), default="received")
    note: Mapped[str] = mapped_column(Text, default="")


class AuditRecordRow(Base):
    __tablename__ = "audit_records"
    __table_args__ = (
        Index("ix_audit_entity", "entity_type", "entity_id"),
        # The staff KPIs' closings and reopenings of a month (action, then time).
        Index("ix_audit_action_at", "action", "at"),
    )
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(40))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHeadRow(Base):
    """One row: the last sequence and hash, so deleting the newest records is caught too."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class IdempotencyKeyRow(Base):
    __tablename__ = "idempotency_keys"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ClaimNumberSequenceRow(Base):
    __tablename__ = "claim_number_sequences"
    day: Mapped[str] = mapped_column(String(8), primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class AdjudicationRow(Base):
    """Every engine run on a stored claim; the newest active one is the claim's adjudication."""

    __tablename__ = "adjudications"
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    by_user: Mapped[str] = mapped_column(String(64))
    product_code: Mapped[str] = mapped_column(String(60))
    decision: Mapped[str] = mapped_column(String(30))
    engine_payable: Mapped[Decimal] = mapped_column(Money())
    payable: Mapped[Decimal] = mapped_column(Money())
    request: Mapped[dict[str, Any]] = mapped_column(JSON)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    overrides: Mapped[list[LineOverrideRow]] = relationship(order_by="LineOverrideRow.id")


class LineOverrideRow(Base):
    __tablename__ = "line_overrides"
    id: Mapped[int] = mapped_column(primary_key=True)
    adjudication_id: Mapped[int] = mapped_column(ForeignKey("adjudications.id"), index=True)
    visit_id: Mapped[str] = mapped_column(String(40))
    line_id: Mapped[str] = mapped_column(String(40))
    engine_payable: Mapped[Decimal] = mapped_column(Money())
    payable: Mapped[Decimal] = mapped_column(Money())
    reason: Mapped[str] = mapped_column(Text)
    by_user: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class LedgerEntryRow(Base):
    """Benefit ledger: per-claim accumulator deltas; a reversal is a booking with signs flipped."""

    __tablename__ = "benefit_ledger"
    __table_args__ = (Index("ix_ledger_insured_policy", "insured_person_id", "policy_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    insured_person_id: Mapped[int] = mapped_column(ForeignKey("insured_persons.id"))
    policy_id: Mapped[int] = mapped_column(ForeignKey("policies.id"))
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    adjudication_id: Mapped[int | None] = mapped_column(ForeignKey("adjudications.id"))
    kind: Mapped[str] = mapped_column(String(10))
    deltas: Mapped[dict[str, Any]] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
