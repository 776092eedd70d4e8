"""The auto settlement request as plain frozen dataclasses (the engine's input, no framework).

Shaped so the stored records map onto it directly: a signed survey (`SurveyRecord`: parts
with repair/replace, labour, salvage) is a `Survey`, tender quotes (`TenderQuote`) are
`Quote`s, and the partners' price agreements are `PriceAgreement`s.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from claimdesk.domain.auto_injury import DeathDisabilityKind, InjuredRole
from claimdesk.rules.model import Policy


class SalvageHandling(StrEnum):
    DEDUCTED = "deducted"  # left with the insured, its value deducted from the payment
    TAKEN = "taken"  # taken by the insurer and sold; the proceeds are a recovery


@dataclass(frozen=True, slots=True)
class SurveyLine:
    """One parts-and-labour line of the assessment (定损单)."""

    line_id: str
    part_code: str
    action: str  # repair | replace
    parts: Decimal | None  # None: the agreed price (价格协议) is the default price
    labour: Decimal


@dataclass(frozen=True, slots=True)
class Survey:
    signed: bool  # the customer signed the assessment
    lines: tuple[SurveyLine, ...]
    salvage_value: Decimal = Decimal("0.00")
    salvage_handling: SalvageHandling = SalvageHandling.DEDUCTED
    total_loss: bool = False  # declared total loss (盗抢, 火灾 …), not computed


@dataclass(frozen=True, slots=True)
class Quote:
    """A competitive quote (招标定损); `compliant`: an agreed partner, the surveyed scope."""

    repair_shop: str
    amount: Decimal
    compliant: bool


@dataclass(frozen=True, slots=True)
class Assessment:
    """One damaged vehicle: the estimate at report, the survey, re-survey and tender."""

    vehicle_model: str
    survey: Survey
    reported_estimate: Decimal | None = None
    resurvey: Survey | None = None
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True, slots=True)
class PriceAgreement:
    """玻璃价格协议 and other agreed part prices, valid from/to (inclusive)."""

    part_code: str
    vehicle_model: str
    agreed_price: Decimal
    valid_from: dt.date
    valid_to: dt.date


@dataclass(frozen=True, slots=True)
class ThirdParty:
    """Another party's losses in this accident; `vehicle`: a motor vehicle with 交强险."""

    party_id: str
    vehicle: bool
    at_fault: bool
    vehicle_damage: Assessment | None = None
    property_damage: Decimal = Decimal("0.00")
    medical: Decimal = Decimal("0.00")
    death_disability: Decimal = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class Accident:
    date: dt.date
    liability_share: Decimal  # 责任比例 from the traffic police decision, 0 to 1
    mutual_collision_agreed: bool = False  # the parties chose 互碰自赔


@dataclass(frozen=True, slots=True)
class Vehicle:
    model: str
    new_price: Decimal | None = None  # 新车购置价, needed for a total loss
    months_in_use: int = 0


@dataclass(frozen=True, slots=True)
class Recovery:
    """Money back after payment: subrogation (代位求偿) or salvage sale proceeds."""

    recovery_id: str
    kind: str  # subrogation | salvage_sale
    received: Decimal


@dataclass(frozen=True, slots=True)
class Incurred:
    previously_paid: Decimal = Decimal("0.00")
    reserve: Decimal = Decimal("0.00")
    recoveries: tuple[Recovery, ...] = ()


@dataclass(frozen=True, slots=True)
class MedicalLine:
    """One line of an injured party's medical bills, in the health lines' fee types;
    `self_funded`: the part outside the social-insurance scope (医保外自费)."""

    line_id: str
    type: str
    amount: Decimal
    self_funded: Decimal = Decimal("0.00")
    name: str = ""


@dataclass(frozen=True, slots=True)
class OneOffSettlement:
    """人伤一次性了断: one agreed amount settles everything owed to the injured party."""

    amount: Decimal
    signed_on: dt.date


@dataclass(frozen=True, slots=True)
class DeathDisabilityItem:
    """One 死亡伤残 compensation item with its basis: standard × quantity × ratio (e.g. 残疾
    赔偿金 = 人均可支配收入 46,000.00/年 × 20 年 × 伤残赔偿指数 10%)."""

    item_id: str
    kind: DeathDisabilityKind
    basis: str
    standard: Decimal
    quantity: Decimal
    ratio: Decimal = Decimal("1")


@dataclass(frozen=True, slots=True)
class InjuredParty:
    party_id: str
    role: InjuredRole
    medical_lines: tuple[MedicalLine, ...] = ()
    death_disability: Decimal = Decimal("0.00")  # 死亡伤残 as one figure (older requests)
    settlement: OneOffSettlement | None = None
    death_disability_items: tuple[DeathDisabilityItem, ...] = ()  # itemised, with basis


@dataclass(frozen=True, slots=True)
class AutoRequest:
    product: str
    claim_id: str
    policy: Policy
    accident: Accident
    vehicle: Vehicle
    compulsory_policy: Policy | None = None  # for a commercial product: our 交强险 policy
    own_damage: Assessment | None = None
    third_parties: tuple[ThirdParty, ...] = ()
    price_agreements: tuple[PriceAgreement, ...] = ()
    incurred: Incurred = field(default_factory=Incurred)
    injured: tuple[InjuredParty, ...] = ()
