"""Tables of auto claims (车险): reports, surveys, assessment lines, tender quotes
(the reserve history of every line: models_reserves.py).

Imported by models.py so Alembic sees them.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from claimdesk.adapters.db.models_base import Base
from claimdesk.adapters.db.types import Money, UTCDateTime


class AutoReportRow(Base):
    """The auto part of a claim (报案 facts), the dispatch reasons and the flags after survey."""

    __tablename__ = "auto_reports"
    __table_args__ = (Index("ix_auto_reports_plate", "vehicle_plate"),)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), primary_key=True)
    accident_at: Mapped[datetime] = mapped_column(UTCDateTime())
    place: Mapped[str] = mapped_column(String(200))
    cause: Mapped[str] = mapped_column(String(30))
    description: Mapped[str] = mapped_column(Text, default="")
    vehicle_plate: Mapped[str] = mapped_column(String(20))
    vehicle_model: Mapped[str] = mapped_column(String(100), default="")
    first_registered: Mapped[date | None]
    rare_model: Mapped[bool] = mapped_column(Boolean, default=False)
    vehicle_new: Mapped[bool] = mapped_column(Boolean, default=False)
    driver_name: Mapped[str] = mapped_column(String(100))
    driver_licence_valid: Mapped[bool] = mapped_column(Boolean, default=True)
    handled_by_traffic_police: Mapped[bool] = mapped_column(Boolean, default=False)
    police_report_no: Mapped[str] = mapped_column(String(60), default="")
    injury: Mapped[bool] = mapped_column(Boolean, default=False)
    property_damage: Mapped[bool] = mapped_column(Boolean, default=False)
    third_party_vehicles: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    movable: Mapped[bool] = mapped_column(Boolean, default=True)
    rear_damage_only: Mapped[bool] = mapped_column(Boolean, default=False)
    total_loss: Mapped[bool] = mapped_column(Boolean, default=False)
    out_of_town: Mapped[bool] = mapped_column(Boolean, default=False)
    on_public_road: Mapped[bool] = mapped_column(Boolean, default=True)
    estimated_loss: Mapped[Decimal] = mapped_column(Money())
    suspicions: Mapped[list[str]] = mapped_column(JSON, default=list)
    dispatch_reasons: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    fast_track: Mapped[bool] = mapped_column(Boolean, default=False)
    large_case: Mapped[bool] = mapped_column(Boolean, default=False)
    resurvey_required: Mapped[bool] = mapped_column(Boolean, default=False)
    tender_required: Mapped[bool] = mapped_column(Boolean, default=False)


class SurveyRow(Base):
    """One survey (查勘定损) or re-survey (复勘) with its 10-minute contact deadline."""

    __tablename__ = "surveys"
    __table_args__ = (Index("ix_surveys_surveyor_status", "surveyor_id", "status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    surveyor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(12))
    dispatched_at: Mapped[datetime] = mapped_column(UTCDateTime())
    contact_due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    contact_at_risk_at: Mapped[datetime] = mapped_column(UTCDateTime())
    contacted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    scene_facts: Mapped[str] = mapped_column(Text, default="")
    photo_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    salvage_description: Mapped[str | None] = mapped_column(String(500))
    salvage_value: Mapped[Decimal | None] = mapped_column(Money())
    repair_shop_id: Mapped[int | None] = mapped_column(
        ForeignKey("partners.id", name="fk_surveys_repair_shop_id_partners")
    )
    repair_shop: Mapped[str] = mapped_column(String(200), default="")
    assessed_loss: Mapped[Decimal | None] = mapped_column(Money())
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    customer_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    signed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    contact_reached: Mapped[bool | None] = mapped_column(Boolean)
    appointment_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AssessmentLineRow(Base):
    """A parts-and-labour line of a survey's assessment (以修为主: replace needs a reason)."""

    __tablename__ = "assessment_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    part: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(20))
    amount: Mapped[Decimal] = mapped_column(Money())
    reason: Mapped[str] = mapped_column(Text, default="")
    part_code: Mapped[str] = mapped_column(String(60), default="", server_default="")
    labour: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0.00"), server_default="0")
    agreed_price: Mapped[Decimal | None] = mapped_column(Money())
    over_price_reason: Mapped[str] = mapped_column(Text, default="")


class TenderQuoteRow(Base):
    """A competitive quote (招标定损) from a partner repair shop."""

    __tablename__ = "tender_quotes"
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    repair_shop: Mapped[str] = mapped_column(String(200))
    amount: Mapped[Decimal] = mapped_column(Money())
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    repair_shop_id: Mapped[int | None] = mapped_column(
        ForeignKey("partners.id", name="fk_tender_quotes_repair_shop_id_partners")
    )
    compliance: Mapped[str] = mapped_column(
        String(20), default="compliant", server_default="compliant"
    )
