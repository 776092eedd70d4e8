"""JSON schemas of the API: validated at the edge, translated explicitly to domain objects."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from claimdesk.contract.field_types import ParameterField
from claimdesk.domain.claim import (
    AccidentFacts,
    AccidentOutcome,
    BillLine,
    Claim,
    ClaimStatus,
    Visit,
)
from claimdesk.domain.errors import DomainError, ErrorCode
from claimdesk.domain.identity import check_bank_account, check_id_number, check_phone
from claimdesk.domain.policy import InsuredPerson, Policy
from claimdesk.domain.refusals import MESSAGES


def ascii_amount(raw: object) -> object:
    """Decimal("１２０") is 120: full-width digits are refused with their own code, never read
    silently (issue 11)."""
    if isinstance(raw, str) and not raw.isascii():
        zh, en = MESSAGES[ErrorCode.AMOUNT_NOT_ASCII_DIGITS]
        text = raw[:30]
        message = f"{zh.format(text=text)} / {en.format(text=text)}"
        raise PydanticCustomError(str(ErrorCode.AMOUNT_NOT_ASCII_DIGITS), message)
    return raw


MoneyIn = Annotated[
    Decimal, BeforeValidator(ascii_amount), Field(ge=0, max_digits=14, decimal_places=2)
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
SaneDate = Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2100, 12, 31))]


def _checked(check: Callable[[str], str], value: str) -> str:
    """Turn a domain check into a pydantic error that names the field in both languages."""
    try:
        return check(value)
    except DomainError as error:
        raise ValueError(f"{error.message_zh} / {error.message_en}") from error


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BillLineIn(Strict):
    line_id: Code
    type: Code
    name: Annotated[str, StringConstraints(max_length=200)] = ""
    amount: MoneyIn
    fund_paid: MoneyIn = Decimal("0.00")
    category_self_pay: MoneyIn = Decimal("0.00")
    self_funded: MoneyIn = Decimal("0.00")
    self_pay: MoneyIn = Decimal("0.00")
    auxiliary: bool = False
    days_supply: Annotated[int, Field(ge=0, le=3650)] | None = None
    sessions: Annotated[int, Field(ge=0, le=1000)] | None = None

    @model_validator(mode="after")
    def _parts_add_up(self) -> BillLineIn:
        parts = self.fund_paid + self.category_self_pay + self.self_funded + self.self_pay
        if parts != self.amount:
            raise ValueError(
                f"amount {self.amount} ≠ fund_paid+category_self_pay+self_funded+self_pay {parts}"
                f"（金额与各部分之和不符）"
            )
        return self

    def to_domain(self) -> BillLine:
        return BillLine(
            line_ref=self.line_id,
            type=self.type,
            name=self.name,
            amount=self.amount,
            fund_paid=self.fund_paid,
            category_self_pay=self.category_self_pay,
            self_funded=self.self_funded,
            self_pay=self.self_pay,
            auxiliary=self.auxiliary,
            days_supply=self.days_supply,
            sessions=self.sessions,
        )


class HospitalIn(Strict):
    """The hospital by its registry code (医院目录, GET /api/hospitals?q=) or by its name or
    alias. `designated`, `level` and `region` are accepted for older clients but ignored: they
    come from the registry; a hospital not found there is stored as not in the registry."""

    code: Code | None = None
    name: Annotated[str, StringConstraints(max_length=200)] = ""
    designated: bool | None = None  # ignored (registry)
    level: Annotated[int, Field(ge=0, le=3)] | None = None  # ignored (registry)
    ward: Literal["general", "joint_ward", "family_bed"] = "general"
    region: Annotated[str, StringConstraints(max_length=40)] | None = None  # ignored (registry)

    @model_validator(mode="after")
    def _named(self) -> HospitalIn:
        if not self.code and not self.name.strip():
            raise ValueError("医院编码或名称必填 / give the hospital's registry code or its name")
        return self


class ReceiptIn(Strict):
    number: Annotated[str, StringConstraints(max_length=60)] = ""
    original: bool = True
    handwritten: bool = False


class VisitIn(Strict):
    visit_id: Code
    kind: Literal["outpatient", "emergency", "inpatient"]
    date: SaneDate
    discharge_date: SaneDate | None = None
    hospital: HospitalIn
    diagnosis: Annotated[str, StringConstraints(max_length=200)] = ""
    service: Code | None = None
    rescue: bool = False
    other_payer_paid: MoneyIn = Decimal("0.00")
    receipt: ReceiptIn = ReceiptIn()
    lines: Annotated[list[BillLineIn], Field(max_length=500)] = []

    def to_domain(self) -> Visit:
        return Visit(
            visit_ref=self.visit_id,
            kind=self.kind,
            date=self.date,
            discharge_date=self.discharge_date,
            hospital_code=self.hospital.code or "",
            hospital_name=self.hospital.name,
            designated=False,  # resolved against the registry when the claim is reported
            ward=self.hospital.ward,
            diagnosis=self.diagnosis,
            service=self.service,
            rescue=self.rescue,
            other_payer_paid=self.other_payer_paid,
            receipt_number=self.receipt.number,
            receipt_original=self.receipt.original,
            receipt_handwritten=self.receipt.handwritten,
            lines=tuple(line.to_domain() for line in self.lines),
        )


class AccidentIn(Strict):
    """意外事故: `cause` is one of the product's exclusion causes (责任免除) when one applies."""

    date: SaneDate
    place: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""
    cause: Code | None = None
    description: Text = ""

    def to_domain(self) -> AccidentFacts:
        return AccidentFacts(self.date, self.place, self.cause, self.description)


class OutcomeIn(Strict):
    """身故 or 伤残 after the accident; disability grades 1 (most severe) to 10."""

    kind: Literal["death", "disability"]
    date: SaneDate
    disability_grades: Annotated[
        list[Annotated[int, Field(ge=1, le=10)]], Field(max_length=20)
    ] = []
    prior_disability_grade: Annotated[int, Field(ge=1, le=10)] | None = None

    def to_domain(self) -> AccidentOutcome:
        return AccidentOutcome(self.kind, self.date, tuple(self.disability_grades),
                               self.prior_disability_grade)  # fmt: skip


class ReportClaimIn(Strict):
    policy_no: Code
    member_no: Code
    incident_date: SaneDate
    incident_description: Text = ""
    claimed_amount: MoneyIn = Decimal("0.00")
    visits: Annotated[list[VisitIn], Field(max_length=100)] = []
    accident: AccidentIn | None = None  # accident covers (学平险): required by their terms
    outcome: OutcomeIn | None = None  # lump-sum accident covers: death or disability


class TransitionIn(Strict):
    to: ClaimStatus
    reason: Text = ""
    version: Annotated[int, Field(ge=1, le=2**31 - 1)]
    # 拒赔 only: the reason codes and the policy clause the refusal notice cites.
    reason_codes: Annotated[list[Code], Field(max_length=20)] = []
    clause: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""


class MaterialIn(Strict):
    code: Code
    file_name: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    content_type: Literal["application/pdf", "image/jpeg", "image/png", "image/heic"]
    size: Annotated[int, Field(gt=0, le=20 * 1024 * 1024)]
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class BillLineOut(BaseModel):
    line_id: str
    type: str
    name: str
    amount: str
    fund_paid: str
    category_self_pay: str
    self_funded: str
    self_pay: str


class VisitOut(BaseModel):
    visit_id: str
    kind: str
    date: dt.date
    hospital_name: str
    hospital_code: str = ""  # empty: not in the registry (医院未在目录中)
    hospital_in_registry: bool = True
    designated: bool = False
    hospital_level: int = 0
    region: str = ""
    diagnosis: str
    total: str
    lines: list[BillLineOut]


class ClaimOut(BaseModel):
    id: int
    claim_no: str
    status: ClaimStatus
    version: int
    product_code: str
    line_of_business: str
    policy_id: int
    insured_person_id: int
    insured_name: str | None = None
    reported_at: dt.datetime
    incident_date: dt.date
    incident_description: str
    claimed_amount: str
    status_reason: str
    allowed_moves: list[ClaimStatus]
    visits: list[VisitOut]
    fast_track: bool = False
    difficult: bool = False
    accident: AccidentIn | None = None  # accident covers: as reported
    outcome: OutcomeIn | None = None


class ClaimPage(BaseModel):
    items: list[ClaimOut]
    next_cursor: str | None


class TimelineEventOut(BaseModel):
    at: dt.datetime
    actor: str
    action: str
    from_status: str | None
    to_status: str | None
    reason: str


class PolicyIn(Strict):
    policy_no: Code
    product_code: Code
    policyholder: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
    ]
    period_start: SaneDate
    period_end: SaneDate
    line_of_business: Literal["health", "accident", "auto"] = "health"
    premium: MoneyIn = Decimal("0.00")
    # The schedule's figures the product reads (e.g. sum_insured, disability_cover).
    parameters: Annotated[dict[Code, ParameterField], Field(max_length=50)] = {}

    def to_domain(self) -> Policy:
        return Policy(
            None,
            self.policy_no,
            self.product_code,
            self.policyholder,
            self.period_start,
            self.period_end,
            self.line_of_business,
            self.premium,
            dict(self.parameters),
        )


class PolicyOut(BaseModel):
    id: int
    policy_no: str
    product_code: str
    policyholder: str
    period_start: dt.date
    period_end: dt.date
    line_of_business: str
    premium: Decimal = Decimal("0.00")


class InsuredIn(Strict):
    member_no: Code
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    id_number: Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True)]
    phone: Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)] = ""
    bank_account: Annotated[str, StringConstraints(strip_whitespace=True, max_length=32)] = ""
    bank_name: Annotated[str, StringConstraints(max_length=100)] = ""
    social_insurance: bool = True
    conditions: Annotated[list[Code], Field(max_length=50)] = []

    @field_validator("id_number")
    @classmethod
    def _valid_id_number(cls, value: str) -> str:
        return _checked(check_id_number, value)

    @field_validator("phone")
    @classmethod
    def _valid_phone(cls, value: str) -> str:
        return _checked(check_phone, value)

    @field_validator("bank_account")
    @classmethod
    def _valid_bank_account(cls, value: str) -> str:
        return _checked(check_bank_account, value)

    def to_domain(self, policy_id: int) -> InsuredPerson:
        return InsuredPerson(
            None,
            policy_id,
            self.member_no,
            self.name,
            self.id_number,
            self.phone,
            self.bank_account,
            self.bank_name,
            self.social_insurance,
            tuple(self.conditions),
        )


class InsuredOut(BaseModel):
    id: int
    member_no: str
    name: str
    id_number: str
    phone: str
    bank_account: str
    social_insurance: bool


class TokenIn(Strict):
    username: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    # Staff who enrolled a second factor: the authenticator's code or a recovery code.
    totp_code: Annotated[str, StringConstraints(max_length=20)] = ""


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    role: str


class ImportOut(BaseModel):
    created: int


def claim_out(claim: Claim, allowed_moves: list[ClaimStatus], insured_name: str | None) -> ClaimOut:
    assert claim.id is not None
    return ClaimOut(
        id=claim.id,
        claim_no=claim.claim_no,
        status=claim.status,
        version=claim.version,
        product_code=claim.product_code,
        line_of_business=claim.line_of_business,
        policy_id=claim.policy_id,
        insured_person_id=claim.insured_person_id,
        insured_name=insured_name,
        reported_at=claim.reported_at,
        incident_date=claim.incident_date,
        incident_description=claim.incident_description,
        claimed_amount=f"{claim.claimed_amount:.2f}",
        status_reason=claim.status_reason,
        allowed_moves=allowed_moves,
        fast_track=claim.fast_track,
        difficult=claim.difficult,
        visits=[_visit_out(visit) for visit in claim.visits],
        accident=AccidentIn.model_validate(asdict(claim.accident)) if claim.accident else None,
        outcome=OutcomeIn.model_validate(asdict(claim.outcome)) if claim.outcome else None,
    )


def _visit_out(visit: Visit) -> VisitOut:
    return VisitOut(
        visit_id=visit.visit_ref,
        kind=visit.kind,
        date=visit.date,
        hospital_name=visit.hospital_name,
        hospital_code=visit.hospital_code,
        hospital_in_registry=bool(visit.hospital_code),
        designated=visit.designated,
        hospital_level=visit.hospital_level,
        region=visit.region,
        diagnosis=visit.diagnosis,
        total=f"{visit.total:.2f}",
        lines=[
            BillLineOut(
                line_id=line.line_ref,
                type=line.type,
                name=line.name,
                amount=f"{line.amount:.2f}",
                fund_paid=f"{line.fund_paid:.2f}",
                category_self_pay=f"{line.category_self_pay:.2f}",
                self_funded=f"{line.self_funded:.2f}",
                self_pay=f"{line.self_pay:.2f}",
            )
            for line in visit.lines
        ],
    )
