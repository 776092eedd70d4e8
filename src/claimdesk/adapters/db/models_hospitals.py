"""Tables of the hospital registry (医院目录): hospitals, their aliases, their designations.

Imported by models.py so Alembic sees them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claimdesk.adapters.db.models_base import Base
from claimdesk.adapters.db.types import UTCDateTime


class HospitalRow(Base):
    __tablename__ = "hospitals"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    level: Mapped[int] = mapped_column(Integer)  # 0 未定级, 1–3 一级 … 三级
    grade: Mapped[str] = mapped_column(String(10), default="")  # a 甲等, b 乙等, c 丙等, special
    region: Mapped[str] = mapped_column(String(40))
    public: Mapped[bool] = mapped_column(Boolean)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    aliases: Mapped[list[HospitalAliasRow]] = relationship(
        order_by="HospitalAliasRow.position", cascade="all, delete-orphan"
    )
    designations: Mapped[list[HospitalDesignationRow]] = relationship(
        order_by="HospitalDesignationRow.id", cascade="all, delete-orphan"
    )


class HospitalAliasRow(Base):
    __tablename__ = "hospital_aliases"
    id: Mapped[int] = mapped_column(primary_key=True)
    hospital_id: Mapped[int] = mapped_column(ForeignKey("hospitals.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    alias: Mapped[str] = mapped_column(String(200), index=True)


class HospitalDesignationRow(Base):
    """指定医院: for every policy of a product (policy_no '') or for one policy only."""

    __tablename__ = "hospital_designations"
    __table_args__ = (UniqueConstraint("hospital_id", "product_code", "policy_no"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    hospital_id: Mapped[int] = mapped_column(ForeignKey("hospitals.id"), index=True)
    product_code: Mapped[str] = mapped_column(String(60))
    policy_no: Mapped[str] = mapped_column(String(40), default="")
