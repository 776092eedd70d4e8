"""Auto claims (车险): the report facts, the survey (查勘定损), tender quotes and the reserve."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from claimdesk.domain.errors import DomainError, ErrorCode


class SurveyKind(StrEnum):
    FIRST = "first"  # 第一现场查勘
    RESURVEY = "resurvey"  # 复勘 by another surveyor


class SurveyStatus(StrEnum):
    DISPATCHED = "dispatched"
    CONTACTED = "contacted"
    RECORDED = "recorded"
    SIGNED = "signed"  # the customer signed the assessment (定损单)


@dataclass(frozen=True)
class Vehicle:
    plate: str
    model: str = ""
    first_registered: date | None = None
    rare_model: bool = False


@dataclass(frozen=True)
class Driver:
    name: str
    licence_valid: bool = True


@dataclass(frozen=True)
class AutoIncident:
    """What the reporter tells us about the accident (报案); amounts are estimates in CNY."""

    accident_at: datetime
    place: str
    cause: str
    vehicle: Vehicle
    driver: Driver
    estimated_loss: Decimal
    description: str = ""
    handled_by_traffic_police: bool = False
    police_report_no: str = ""
    injury: bool = False
    property_damage: bool = False
    third_party_vehicles: tuple[Vehicle, ...] = ()
    movable: bool = True
    rear_damage_only: bool = False
    total_loss: bool = False
    out_of_town: bool = False
    on_public_road: bool = True
    vehicle_new: bool = False
    suspicions: tuple[str, ...] = ()

    @property
    def vehicle_damage_only(self) -> bool:
        """No injury and no other property damaged (车损案件, incl. 互碰自赔)."""
        return not self.injury and not self.property_damage


@dataclass(frozen=True)
class DispatchReason:
    """One matching first-scene survey rule, kept as shown at the time of the report."""

    code: str
    urgency: str
    message_zh: str
    message_en: str


@dataclass(frozen=True)
class AutoFile:
    """The auto part of a claim: the report, why a surveyor went, and the flags after it."""

    claim_id: int
    incident: AutoIncident
    reasons: tuple[DispatchReason, ...] = ()
    fast_track: bool = False
    large_case: bool = False
    resurvey_required: bool = False
    tender_required: bool = False


@dataclass(frozen=True)
class AssessmentItem:
    """One parts-and-labour line of the assessment (定损); action is repair or replace.

    part_code names the part in the price agreements (配件/玻璃价格协议); agreed_price is
    filled in when the survey is recorded; a line above it needs over_price_reason to sign.
    """

    part: str
    action: str
    amount: Decimal  # parts + labour
    reason: str = ""
    part_code: str = ""  # the product's parts catalogue (配件目录); settles the line
    labour: Decimal = Decimal("0.00")  # 工时费, included in amount
    agreed_price: Decimal | None = None  # 配件/玻璃价格协议 valid on the survey day
    over_price_reason: str = ""

    @property
    def over_agreed_price(self) -> bool:
        return self.agreed_price is not None and self.amount > self.agreed_price


@dataclass(frozen=True)
class Salvage:
    description: str
    value: Decimal


@dataclass(frozen=True)
class SurveyRecord:
    """What the surveyor records (查勘定损): facts, photos, lines, salvage, assessed loss."""

    scene_facts: str
    photo_ids: tuple[int, ...]
    items: tuple[AssessmentItem, ...]
    assessed_loss: Decimal
    salvage: Salvage | None = None
    repair_shop_id: int | None = None  # from the partner registry (合作修理厂)
    repair_shop: str = ""  # the shop's name; free text on older rows


@dataclass(frozen=True)
class Survey:
    id: int | None
    claim_id: int
    kind: SurveyKind
    surveyor_id: int
    status: SurveyStatus
    dispatched_at: datetime
    contact_due_at: datetime
    contact_at_risk_at: datetime
    contacted_at: datetime | None = None
    record: SurveyRecord | None = None
    recorded_at: datetime | None = None
    customer_signed_at: datetime | None = None
    signed_by: int | None = None
    contact_reached: bool | None = None  # the call got through (None: no call logged)
    appointment_at: datetime | None = None  # 约定查勘时间: the arrival deadline

    @property
    def is_open(self) -> bool:
        return self.status is not SurveyStatus.SIGNED


@dataclass(frozen=True)
class TenderQuote:
    """A competitive quote (招标定损) from a partner repair shop of the registry.

    compliance is the shop's standing when the quote was recorded (domain/partners.py
    `quote_compliance`); only a compliant quote can set the assessed loss.
    """

    repair_shop: str
    amount: Decimal
    note: str = ""
    repair_shop_id: int | None = None  # the partner registry's shop; None on older rows
    compliance: str = "compliant"

    @property
    def compliant(self) -> bool:
        return self.compliance == "compliant"


@dataclass(frozen=True)
class OpenAutoClaim:
    """A row of the open-claim list (未决赔案)."""

    claim_id: int
    claim_no: str
    status: str
    reported_at: datetime
    reserve: Decimal
    large_case: bool
    survey_status: str  # the newest survey's status, awaiting_dispatch or not_required
    survey_kind: str | None = None


class RepairBeforeReplace(DomainError):
    """以修为主: a replaced part or assembly without a reason (seed 000 工作规范 9.4)."""

    code = ErrorCode.REPAIR_BEFORE_REPLACE


class SameSurveyorResurvey(DomainError):
    code = ErrorCode.SAME_SURVEYOR_RESURVEY


class SurveyOutOfOrder(DomainError):
    """A survey step asked for at the wrong moment (e.g. signing before the record)."""

    code = ErrorCode.SURVEY_OUT_OF_ORDER


class ResurveyRequired(DomainError):
    code = ErrorCode.RESURVEY_REQUIRED

    def __init__(self) -> None:
        super().__init__(
            "定损金额达到复勘标准，须另一名查勘员复勘并经客户签字后方可核赔",
            "The assessed loss needs a re-survey by another surveyor, signed, before approval",
            field="to",
        )


class TenderRequired(DomainError):
    code = ErrorCode.TENDER_REQUIRED

    def __init__(self, needed: int, have: int) -> None:
        super().__init__(
            f"定损金额达到招标定损标准，核赔前须录入至少 {needed} 家修理厂报价（现有 {have} 家）",
            f"The assessed loss needs competitive quotes from at least {needed} repair shops"
            f" before approval ({have} recorded)",
            field="to",
        )
