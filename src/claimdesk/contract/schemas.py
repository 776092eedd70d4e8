"""Pydantic schemas of the adjudication contract's request: validation at the JSON edge only.

The engine never sees these: `request_json.parse_request` maps them to `rules.model`."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from claimdesk.contract.field_types import (
    AccumulatorValue,
    ContractDate,
    Money,
    ParameterField,
)

ZERO_TEXT = "0.00"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


class LineIn(Strict):
    line_id: str = Field(min_length=1)
    type: str = Field(min_length=1)
    name: str = ""
    auxiliary: bool = False
    days_supply: int | None = Field(default=None, ge=0, le=3650)
    sessions: int | None = Field(default=None, ge=0, le=1000)
    amount: Money
    fund_paid: Money = ZERO_TEXT  # type: ignore[assignment]
    category_self_pay: Money = ZERO_TEXT  # type: ignore[assignment]
    self_funded: Money = ZERO_TEXT  # type: ignore[assignment]
    self_pay: Money = ZERO_TEXT  # type: ignore[assignment]

    @model_validator(mode="after")
    def parts_add_up(self) -> LineIn:
        parts = self.fund_paid + self.category_self_pay + self.self_funded + self.self_pay
        if parts != self.amount:
            raise PydanticCustomError(
                "parts_do_not_add_up",
                "amount {amount} is not the sum of its parts {parts}",
                {"amount": str(self.amount), "parts": str(parts)},
            )
        return self


class HospitalIn(Strict):
    code: str
    name: str = ""
    designated: bool
    level: int = Field(ge=0, le=3)
    ward: Literal["general", "joint_ward", "family_bed"] = "general"
    region: str
    public: bool = True


class ReceiptIn(Strict):
    number: str
    original: bool
    handwritten: bool


class VisitIn(Strict):
    visit_id: str = Field(min_length=1)
    kind: str
    date: ContractDate
    discharge_date: ContractDate | None = None
    hospital: HospitalIn
    diagnosis: str = ""
    service: str | None = None
    rescue: bool = False
    social_security_card: bool = True
    other_payer_paid: Money = ZERO_TEXT  # type: ignore[assignment]
    receipt: ReceiptIn | None
    lines: list[LineIn]


class PolicyIn(Strict):
    policy_no: str
    period_start: ContractDate
    period_end: ContractDate
    parameters: dict[str, ParameterField] = {}


class InsuredIn(Strict):
    insured_id: str
    blacklisted: bool = False
    conditions: list[str] = []
    social_insurance: bool = True
    minor: bool = False


class AccidentIn(Strict):
    date: ContractDate
    cause: str | None = None


class OutcomeIn(Strict):
    kind: Literal["death", "disability"]
    date: ContractDate
    disability_grades: list[int] = Field(default=[], max_length=50)
    prior_disability_grade: int | None = Field(default=None, ge=1, le=10)


class RequestIn(Strict):
    product: str = Field(min_length=1)
    claim_id: str = Field(min_length=1)
    submitted_on: ContractDate
    policy: PolicyIn
    insured: InsuredIn
    history: dict[str, AccumulatorValue] = {}
    materials: list[str] = []
    visits: list[VisitIn] = []
    accident: AccidentIn | None = None
    outcome: OutcomeIn | None = None
