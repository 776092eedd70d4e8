"""Payment instructions and bank batches (imported by models.py)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from claimdesk.adapters.db.models_base import Base
from claimdesk.adapters.db.types import Money, UTCDateTime


class PaymentInstructionRow(Base):
    __tablename__ = "payment_instructions"
    __table_args__ = (Index("ix_payment_status_batch", "status", "batch_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    amount: Mapped[Decimal] = mapped_column(Money())
    payee_name: Mapped[str] = mapped_column(String(100))
    payee_id_number: Mapped[str] = mapped_column(String(18))
    bank_account: Mapped[str] = mapped_column(String(32))
    bank_name: Mapped[str] = mapped_column(String(100))
    authorised_reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    released_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("payment_batches.id"))
    bank_reference: Mapped[str] = mapped_column(String(60), default="")
    failure_reason: Mapped[str] = mapped_column(Text, default="")


class PaymentBatchRow(Base):
    __tablename__ = "payment_batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    count: Mapped[int] = mapped_column(Integer)
    total: Mapped[Decimal] = mapped_column(Money())


class PayeeChangeRow(Base):
    """The insured's documented request to change the payee, and its maker-checker decision."""

    __tablename__ = "payee_change_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    payee_name: Mapped[str] = mapped_column(String(100))
    payee_id_number: Mapped[str] = mapped_column(String(18))
    bank_account: Mapped[str] = mapped_column(String(32))
    bank_name: Mapped[str] = mapped_column(String(100))
    authorised_reason: Mapped[str] = mapped_column(Text, default="")
    document_kind: Mapped[str] = mapped_column(String(30))
    document_name: Mapped[str] = mapped_column(String(255))
    document_type: Mapped[str] = mapped_column(String(60))
    document_size: Mapped[int] = mapped_column(Integer)
    document_sha256: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), index=True)
    requested_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    proposed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    proposed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    instruction_id: Mapped[int | None] = mapped_column(ForeignKey("payment_instructions.id"))
