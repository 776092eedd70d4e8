"""人伤 (bodily injury) on an auto claim: the injured, their medical bill lines, follow-up
visits (跟踪探视) and the one-off settlement agreement (人伤一次性了断), as stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from claimdesk.domain.pii import mask_id_number


class DeathDisabilityKind(StrEnum):
    """死亡伤残 compensation items (交强险条款 死亡伤残赔偿限额项下; 最高人民法院《关于审理
    人身损害赔偿案件适用法律若干问题的解释》): what the death/disability section pays."""

    FUNERAL = "funeral"  # 丧葬费: 6 months of the average wage
    DEATH_COMPENSATION = "death_compensation"  # 死亡赔偿金: disposable income × 20 years
    DISABILITY_COMPENSATION = "disability_compensation"  # 残疾赔偿金: income × years × grade
    DEPENDANT_LIVING = "dependant_living"  # 被扶养人生活费
    LOST_EARNINGS = "lost_earnings"  # 误工费
    NURSING = "nursing"  # 护理费
    TRANSPORT = "transport"  # 交通费
    ACCOMMODATION = "accommodation"  # 住宿费
    DISABILITY_AIDS = "disability_aids"  # 残疾辅助器具费
    REHABILITATION = "rehabilitation"  # 康复费
    MENTAL_DISTRESS = "mental_distress"  # 精神损害抚慰金


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
    death_disability: tuple[DeathDisabilityEntry, ...] = ()


@dataclass(frozen=True)
class DeathDisabilityEntry:
    """One 死亡伤残 item as recorded: the standard it rests on (e.g. the province's per-capita
    disposable income per year), the quantity (years, months, days) and the ratio (伤残赔偿
    指数, 1 for a death); the engine computes standard × quantity × ratio."""

    id: int | None
    person_id: int
    kind: DeathDisabilityKind
    basis: str  # where the standard comes from, e.g. "2025年湖南省城镇居民人均可支配收入"
    standard: Decimal
    quantity: Decimal
    ratio: Decimal
    recorded_by: str
    recorded_at: datetime
