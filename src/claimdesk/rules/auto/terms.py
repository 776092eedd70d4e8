"""Auto product terms as typed, frozen data: what an auto product file says, validated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from claimdesk.rules.terms import Figure, Message


class Section(StrEnum):
    """The three separate limits of 交强险 (机动车交通事故责任强制保险条例 第二十三条)."""

    DEATH_DISABILITY = "death_disability"
    MEDICAL = "medical"
    PROPERTY_DAMAGE = "property_damage"


@dataclass(frozen=True, slots=True)
class SectionLimits:
    death_disability: Decimal
    medical: Decimal
    property_damage: Decimal

    def of(self, section: Section) -> Decimal:
        return Decimal(getattr(self, str(section)))


@dataclass(frozen=True, slots=True)
class LimitSchedule:
    """交强险 limits for policies starting on or after `effective_from` (per policy year)."""

    effective_from: dt.date
    with_fault: SectionLimits
    no_fault: SectionLimits
    clause: str


@dataclass(frozen=True, slots=True)
class CompulsoryTerms:
    schedules: tuple[LimitSchedule, ...]  # sorted by effective_from
    mutual_collision: bool  # 互碰自赔 offered
    no_fault_substitution: bool  # 无责代赔 offered

    def schedule_for(self, policy_start: dt.date) -> LimitSchedule | None:
        chosen = None
        for schedule in self.schedules:
            if schedule.effective_from <= policy_start:
                chosen = schedule
        return chosen


@dataclass(frozen=True, slots=True)
class VehicleDamageTerms:
    """车损险: sum insured, absolute deductible and rate, total loss against actual value."""

    cover: Figure | bool
    sum_insured: Figure
    deductible: Figure
    deductible_rate: Figure
    monthly_depreciation: Decimal
    max_depreciation: Decimal
    constructive_total_loss_ratio: Decimal


@dataclass(frozen=True, slots=True)
class ThirdPartyTerms:
    """第三者责任险: the limit per accident."""

    cover: Figure | bool
    limit: Figure


@dataclass(frozen=True, slots=True)
class OnBoardTerms:
    """车上人员责任险: per-seat limits per accident for the driver and for passengers, and
    the number of passenger seats insured (赔偿人数以投保座位数为限)."""

    cover: Figure | bool
    driver_limit: Figure
    passenger_limit: Figure
    passenger_seats: Figure


@dataclass(frozen=True, slots=True)
class InjuryReviewTerms:
    """人伤医疗费用审核: fee types never payable (不合理费用) and whether only costs within
    the social-insurance scope are (参照国家基本医疗保险标准核定); the health lines' rule."""

    excluded_fee_types: frozenset[str]
    social_insurance_scope: bool


@dataclass(frozen=True, slots=True)
class AutoProduct:
    code: str
    name_zh: str
    name_en: str
    currency: str
    parts: Mapping[str, str]  # part code -> Chinese name
    tender_from: Decimal  # 招标定损 threshold (seed 000 长沙中心 6)
    messages: Mapping[str, Message]
    compulsory_product: str | None = None  # the 交强险 this commercial product settles after
    compulsory: CompulsoryTerms | None = None
    vehicle_damage: VehicleDamageTerms | None = None
    third_party: ThirdPartyTerms | None = None
    injury_review: InjuryReviewTerms | None = None
    source: str = ""
    line_of_business: str = "auto"
    on_board: OnBoardTerms | None = None
