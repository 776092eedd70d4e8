"""Tables of auto partners (合作机构), price agreements, salvage handling and recoveries.

Imported by models.py so Alembic sees them.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from claimdesk.adapters.db.models_base import Base
from claimdesk.adapters.db.types import Money, UTCDateTime


class PartnerRow(Base):
    """A repair shop, loss assessor (公估) or towing provider; names are unique per kind."""

    __tablename__ = "partners"
    __table_args__ = (UniqueConstraint("kind", "name", name="uq_partners_kind_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(100), default="")
    contact: Mapped[str] = mapped_column(String(200), default="")
    agreement_no: Mapped[str] = mapped_column(String(60), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    level: Mapped[str | None] = mapped_column(String(4))
    shop_type: Mapped[str | None] = mapped_column(String(20))
    fee: Mapped[Decimal | None] = mapped_column(Money())


class PriceAgreementRow(Base):
    """An agreed price for a part code on a vehicle model (配件/玻璃价格协议)."""

    __tablename__ = "price_agreements"
    __table_args__ = (Index("ix_price_agreements_part_model", "part_code", "vehicle_model"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    part_code: Mapped[str] = mapped_column(String(40))
    part_name: Mapped[str] = mapped_column(String(200), default="")
    vehicle_model: Mapped[str] = mapped_column(String(100))
    agreed_price: Mapped[Decimal] = mapped_column(Money())
    valid_from: Mapped[date]
    valid_to: Mapped[date]


class SalvageHandlingRow(Base):
    """How a claim's salvage (残值) was handled: deducted or sold, and its sign-off."""

    __tablename__ = "salvage_handlings"
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), primary_key=True)
    description: Mapped[str] = mapped_column(String(500))
    value: Mapped[Decimal] = mapped_column(Money())
    method: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(12))
    buyer: Mapped[str] = mapped_column(String(200), default="")
    sale_price: Mapped[Decimal | None] = mapped_column(Money())
    sold_on: Mapped[date | None]
    recovery_id: Mapped[int | None] = mapped_column(ForeignKey("recoveries.id"))
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    signed_off_by: Mapped[str | None] = mapped_column(String(64))
    signed_off_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class RecoveryRow(Base):
    """A recovery case (追偿): subrogation, or the proceeds of a salvage sale."""

    __tablename__ = "recoveries"
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    against: Mapped[str] = mapped_column(String(200))
    against_insurer: Mapped[str] = mapped_column(String(200), default="")
    amount_claimed: Mapped[Decimal] = mapped_column(Money())
    written_off: Mapped[bool] = mapped_column(Boolean, default=False)
    write_off_reason: Mapped[str] = mapped_column(Text, default="")
    opened_by: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())


class RecoveryReceiptRow(Base):
    """One amount received on a recovery case, with the day it came in."""

    __tablename__ = "recovery_receipts"
    id: Mapped[int] = mapped_column(primary_key=True)
    recovery_id: Mapped[int] = mapped_column(ForeignKey("recoveries.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money())
    received_on: Mapped[date]
    recorded_by: Mapped[str] = mapped_column(String(64))
