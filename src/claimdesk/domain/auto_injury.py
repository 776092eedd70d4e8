"""人伤 (bodily injury) on an auto claim: the injured, their medical bill lines, follow-up
visits (跟踪探视) and the one-off settlement agreement (人伤一次性了断), as stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from claimdesk.domain.pii import mask_id_number


class InjuredRole(StrEnum):
    """Who was hurt: 本车驾驶人, 本车乘客, or a third party (第三者)."""

    DRIVER = "driver"
    PASSENGER = "passenger"
    THIRD_PARTY = "third_party"


@dataclass(frozen=True)
class InjuredPerson:
    id: int | None
    claim_id: int
    name: str
    role: InjuredRole
    id_number: str
    recorded_by: str
    recorded_at: datetime

    @property
    def masked_id(self) -> str:
        return mask_id_number(self.id_number) if self.id_number else ""


@dataclass(frozen=True)
class InjuryBillLine:
    """One medical bill line; `self_funded`: the part outside the social-insurance scope."""

    id: int | None
    person_id: int
    line_type: str
    name: str
    amount: Decimal
    self_funded: Decimal
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class FollowUpVisit:
    """跟踪探视: a visit to the injured at a registry hospital, with what was seen."""

    id: int | None
    person_id: int
    visited_on: date
    hospital_id: int
    hospital_name: str
    note: str
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class InjurySettlement:
    """人伤一次性了断: the agreed amount settles everything owed to this person."""

    person_id: int
    amount: Decimal
    signed_on: date
    parties: str  # who signed: the injured (or guardian), the insured, the insurer
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class InjuryFile:
    """One injured person with everything recorded for them (the panel's and engine's view)."""

    person: InjuredPerson
    lines: tuple[InjuryBillLine, ...] = ()
    visits: tuple[FollowUpVisit, ...] = ()
    settlement: InjurySettlement | None = None
