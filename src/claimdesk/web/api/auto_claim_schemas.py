"""JSON schemas of the auto-claims API (车险): validated at the edge, translated explicitly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, Field, StringConstraints

from claimdesk.domain.auto_claim import (
    AssessmentItem,
    AutoIncident,
    Driver,
    Salvage,
    SurveyRecord,
    TenderQuote,
    Vehicle,
)
from claimdesk.services.auto.use_cases import AutoClaimReport
from claimdesk.web.api.auto_settlement_schemas import LiabilityOut, SettlementOut
from claimdesk.web.api.schemas import Code, MoneyIn, SaneDate, Strict, Text
from claimdesk.web.params import BodyId
from claimdesk.workflow.survey_dispatch import AccidentCause

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Plate = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=20)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
# A material id from the files API (another area); stored as given.
PhotoId = BodyId


class VehicleIn(Strict):
    plate: Plate
    model: Annotated[str, StringConstraints(max_length=100)] = ""
    first_registered: SaneDate | None = None
    rare_model: bool = False

    def to_domain(self) -> Vehicle:
        return Vehicle(self.plate, self.model, self.first_registered, self.rare_model)


class DriverIn(Strict):
    name: Name
    licence_valid: bool = True


class PoliceReportIn(Strict):
    handled_by_traffic_police: bool = False
    report_no: Annotated[str, StringConstraints(max_length=60)] = ""


class AutoReportIn(Strict):
    policy_no: Code
    member_no: Code
    accident_at: AwareDatetime
    place: Name
    cause: AccidentCause
    description: Text = ""
    vehicle: VehicleIn
    driver: DriverIn
    police: PoliceReportIn = PoliceReportIn()
    injuries: bool = False
    property_damage: bool = False
    third_parties: list[VehicleIn] = Field(default_factory=list, max_length=20)
    movable: bool = True
    rear_damage_only: bool = False
    total_loss: bool = False
    out_of_town: bool = False
    on_public_road: bool = True
    vehicle_new: bool = False
    estimated_loss: MoneyIn = Decimal("0.00")
    suspicions: list[Note] = Field(default_factory=list, max_length=20)

    def to_domain(self) -> AutoClaimReport:
        incident = AutoIncident(
            accident_at=self.accident_at,
            place=self.place,
            cause=str(self.cause),
            vehicle=self.vehicle.to_domain(),
            driver=Driver(self.driver.name, self.driver.licence_valid),
            estimated_loss=self.estimated_loss,
            description=self.description,
            handled_by_traffic_police=self.police.handled_by_traffic_police,
            police_report_no=self.police.report_no,
            injury=self.injuries,
            property_damage=self.property_damage,
            third_party_vehicles=tuple(v.to_domain() for v in self.third_parties),
            movable=self.movable,
            rear_damage_only=self.rear_damage_only,
            total_loss=self.total_loss,
            out_of_town=self.out_of_town,
            on_public_road=self.on_public_road,
            vehicle_new=self.vehicle_new,
            suspicions=tuple(self.suspicions),
        )
        return AutoClaimReport(self.policy_no, self.member_no, incident)


class AssessmentItemIn(Strict):
    part: Name
    action: Literal["repair", "replace", "replace_assembly"]
    amount: MoneyIn  # parts + labour
    reason: Text = ""
    # The parts catalogue / price agreements' part code (配件/玻璃价格协议); empty: free text.
    part_code: Annotated[str, StringConstraints(strip_whitespace=True, max_length=60)] = ""
    labour: MoneyIn = Decimal("0.00")
    over_price_reason: Text = ""

    def to_domain(self) -> AssessmentItem:
        return AssessmentItem(
            self.part,
            self.action,
            self.amount,
            self.reason,
            self.part_code,
            self.labour,
            over_price_reason=self.over_price_reason,
        )


class SalvageIn(Strict):
    description: Note
    value: MoneyIn


class SurveyIn(Strict):
    scene_facts: Text = ""
    photo_ids: list[PhotoId] = Field(default_factory=list, max_length=200)
    items: list[AssessmentItemIn] = Field(default_factory=list, max_length=200)
    salvage: SalvageIn | None = None
    assessed_loss: MoneyIn
    repair_shop_id: BodyId | None = None  # a repair shop of the partner registry
    repair_shop: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""

    def to_domain(self) -> SurveyRecord:
        items = tuple(i.to_domain() for i in self.items)
        salvage = None if self.salvage is None else Salvage(**self.salvage.model_dump())
        return SurveyRecord(
            self.scene_facts,
            tuple(self.photo_ids),
            items,
            self.assessed_loss,
            salvage,
            self.repair_shop_id,
            self.repair_shop,
        )


class ContactIn(Strict):
    """The contact call: reached or not, and the survey appointment agreed (到达时限)."""

    reached: bool = True
    appointment_at: AwareDatetime | None = None


class ResurveyIn(Strict):
    surveyor_id: BodyId | None = None


class QuoteIn(Strict):
    repair_shop_id: BodyId  # a repair shop of the partner registry (合作修理厂), never free text
    amount: MoneyIn
    note: Text = ""


class QuotesIn(Strict):
    quotes: Annotated[list[QuoteIn], Field(min_length=3, max_length=20)]

    def to_domain(self) -> tuple[TenderQuote, ...]:
        return tuple(TenderQuote("", q.amount, q.note, q.repair_shop_id) for q in self.quotes)


class DispatchReasonOut(BaseModel):
    code: str
    urgency: str
    message_zh: str
    message_en: str


class AssessmentItemOut(BaseModel):
    part: str
    action: str
    amount: str
    reason: str
    part_code: str = ""
    labour: str = "0.00"
    agreed_price: str | None = None
    over_agreed_price: bool = False
    over_price_reason: str = ""


class SurveyOut(BaseModel):
    id: int
    kind: str
    status: str
    surveyor_id: int
    dispatched_at: dt.datetime
    contact_due_at: dt.datetime
    contacted_at: dt.datetime | None
    contact_status: str
    scene_facts: str = ""
    photo_ids: list[int] = []
    items: list[AssessmentItemOut] = []
    salvage_description: str | None = None
    salvage_value: str | None = None
    repair_shop_id: int | None = None
    repair_shop: str = ""
    assessed_loss: str | None = None
    recorded_at: dt.datetime | None = None
    customer_signed_at: dt.datetime | None = None


class QuoteOut(BaseModel):
    repair_shop: str
    amount: str
    note: str
    repair_shop_id: int | None = None
    compliance: str = "compliant"  # the shop's standing when the quote was recorded


class VehicleOut(BaseModel):
    plate: str
    model: str
    first_registered: dt.date | None


class ResurveyComparisonOut(BaseModel):
    """复勘偏差: the first survey's and the re-survey's assessed loss, and the difference."""

    first: str
    resurvey: str
    deviation: str


class AutoClaimOut(BaseModel):
    id: int
    claim_no: str
    status: str
    version: int
    policy_id: int
    insured_person_id: int
    reported_at: dt.datetime
    accident_at: dt.datetime
    place: str
    cause: str
    plate: str
    vehicle: VehicleOut
    estimated_loss: str
    dispatch_reasons: list[DispatchReasonOut]
    fast_track: bool
    large_case: bool
    resurvey_required: bool
    tender_required: bool
    surveys: list[SurveyOut]
    quotes: list[QuoteOut]
    reserve: str | None
    resurvey: ResurveyComparisonOut | None = None
    liability: LiabilityOut | None = None
    settlement: SettlementOut | None = None


class OpenClaimOut(BaseModel):
    claim_id: int
    claim_no: str
    status: str
    reserve: str
    age_days: int
    large_case: bool
    survey_status: str
    survey_kind: str | None


class OpenClaimPage(BaseModel):
    items: list[OpenClaimOut]
    next_cursor: str | None


class ReserveOut(BaseModel):
    amount: str
    basis: str
    set_at: dt.datetime
    set_by: str
