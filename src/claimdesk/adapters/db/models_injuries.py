"""Tables of 人伤 (bodily injury) on auto claims: the injured, their bill lines, follow-up
visits and one-off settlements. Imported by models.py so Alembic sees them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from claimdesk.adapters.db.models_base import Base
from claimdesk.adapters.db.types import Money, UTCDateTime


class InjuredPersonRow(Base):
    __tablename__ = "auto_injured_persons"
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(12))
    id_number: Mapped[str] = mapped_column(String(18), default="")
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class InjuryBillLineRow(Base):
    __tablename__ = "auto_injury_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("auto_injured_persons.id"), index=True)
    line_type: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200), default="")
    amount: Mapped[Decimal] = mapped_column(Money())
    self_funded: Mapped[Decimal] = mapped_column(Money())
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class FollowUpVisitRow(Base):
    __tablename__ = "auto_injury_visits"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("auto_injured_persons.id"), index=True)
    visited_on: Mapped[date]
    hospital_id: Mapped[int] = mapped_column(ForeignKey("hospitals.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class InjurySettlementRow(Base):
    __tablename__ = "auto_injury_settlements"
    person_id: Mapped[int] = mapped_column(ForeignKey("auto_injured_persons.id"), primary_key=True)
    amount: Mapped[Decimal] = mapped_column(Money())
    signed_on: Mapped[date]
    parties: Mapped[str] = mapped_column(String(500))
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DeathDisabilityItemRow(Base):
    """死亡伤残 items; `quantity` in hundredths (Money's fen), `ratio_bp` in 1/10,000."""

    __tablename__ = "auto_injury_dd_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("auto_injured_persons.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    basis: Mapped[str] = mapped_column(String(500))
    standard: Mapped[Decimal] = mapped_column(Money())
    quantity: Mapped[Decimal] = mapped_column(Money())
    ratio_bp: Mapped[int] = mapped_column(Integer)
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
