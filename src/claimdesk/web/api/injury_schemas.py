"""Schemas of the 人伤 API: the injured on an auto claim, bill lines, visits, settlement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, Field, StringConstraints

from claimdesk.domain.auto_injury import (
    DeathDisabilityEntry,
    FollowUpVisit,
    InjuredRole,
    InjuryBillLine,
    InjuryFile,
    InjurySettlement,
)
from claimdesk.web.api.schemas import Code, MoneyIn, SaneDate, Strict, Text, ascii_amount

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
IdNumber = Annotated[str, StringConstraints(strip_whitespace=True, max_length=18)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]


class InjuredIn(Strict):
    name: Name
    role: InjuredRole
    id_number: IdNumber = ""


class InjuryLineIn(Strict):
    line_type: Code
    amount: MoneyIn
    self_funded: MoneyIn = Decimal("0.00")
    name: Short = ""


class FollowUpIn(Strict):
    visited_on: SaneDate
    hospital_code: Code
    note: Text


class InjurySettlementIn(Strict):
    amount: MoneyIn
    signed_on: SaneDate
    parties: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]


class DeathDisabilityItemIn(Strict):
    """死亡伤残 item: the engine computes standard × quantity × ratio."""

    kind: Code
    basis: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
    standard: MoneyIn
    quantity: Annotated[
        Decimal, BeforeValidator(ascii_amount), Field(gt=0, le=10000, decimal_places=2)
    ]
    ratio: Annotated[
        Decimal, BeforeValidator(ascii_amount), Field(gt=0, le=1, decimal_places=4)
    ] = Decimal("1")


class DeathDisabilityItemOut(BaseModel):
    id: int | None
    kind: str
    basis: str
    standard: str
    quantity: str
    ratio: str

    @classmethod
    def of(cls, item: DeathDisabilityEntry) -> DeathDisabilityItemOut:
        return cls(id=item.id, kind=str(item.kind), basis=item.basis,
                   standard=f"{item.standard:.2f}", quantity=f"{item.quantity.normalize():f}",
                   ratio=f"{item.ratio.normalize():f}")  # fmt: skip


class InjuryLineOut(BaseModel):
    id: int | None
    line_type: str
    name: str
    amount: str
    self_funded: str

    @classmethod
    def of(cls, line: InjuryBillLine) -> InjuryLineOut:
        return cls(id=line.id, line_type=line.line_type, name=line.name,
                   amount=f"{line.amount:.2f}", self_funded=f"{line.self_funded:.2f}")  # fmt: skip


class FollowUpOut(BaseModel):
    id: int | None
    visited_on: dt.date
    hospital_name: str
    note: str
    recorded_by: str

    @classmethod
    def of(cls, visit: FollowUpVisit) -> FollowUpOut:
        return cls(id=visit.id, visited_on=visit.visited_on, hospital_name=visit.hospital_name,
                   note=visit.note, recorded_by=visit.recorded_by)  # fmt: skip


class InjurySettlementOut(BaseModel):
    amount: str
    signed_on: dt.date
    parties: str
    recorded_by: str
    recorded_at: dt.datetime

    @classmethod
    def of(cls, settlement: InjurySettlement) -> InjurySettlementOut:
        return cls(amount=f"{settlement.amount:.2f}", signed_on=settlement.signed_on,
                   parties=settlement.parties, recorded_by=settlement.recorded_by,
                   recorded_at=settlement.recorded_at)  # fmt: skip


class InjuredOut(BaseModel):
    """The ID number is always masked here (110101********1234)."""

    id: int | None
    claim_id: int
    name: str
    role: str
    id_number: str
    lines: list[InjuryLineOut] = []
    visits: list[FollowUpOut] = []
    settlement: InjurySettlementOut | None = None
    death_disability_items: list[DeathDisabilityItemOut] = []

    @classmethod
    def of(cls, found: InjuryFile) -> InjuredOut:
        person = found.person
        return cls(
            id=person.id, claim_id=person.claim_id, name=person.name, role=str(person.role),
            id_number=person.masked_id, lines=[InjuryLineOut.of(line) for line in found.lines],
            visits=[FollowUpOut.of(visit) for visit in found.visits],
            settlement=None if found.settlement is None
            else InjurySettlementOut.of(found.settlement),
            death_disability_items=[DeathDisabilityItemOut.of(i) for i in found.death_disability],
        )  # fmt: skip
