"""Pydantic schemas of the adjudication contract: validate at the edge, then hand the engine
plain dataclasses. Errors name the field, e.g. `visits[0].lines[1].amount`."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from claimdesk.rules import model
from claimdesk.rules.contract_types import (
    AccumulatorValue,
    ContractDate,
    Money,
    ParameterField,
)
from claimdesk.rules.errors import InvalidRequest
from claimdesk.rules.validation_messages import field_path, message_zh

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


def parse_request(payload: Any) -> model.ClaimRequest:
    """Validate a request dict; raise `InvalidRequest` naming the first bad field."""
    try:
        request = RequestIn.model_validate(payload)
    except ValidationError as error:
        first = error.errors()[0]
        where = field_path(first["loc"], first["type"])
        raise InvalidRequest(where, first["msg"], message_zh(first)) from None
    check_cross_fields(request)
    from claimdesk.rules.contract_mapping import to_domain

    return to_domain(request)


def check_cross_fields(request: RequestIn) -> None:
    if request.policy.period_end < request.policy.period_start:
        raise InvalidRequest("policy.period_end", "before period_start", "保险止期早于起期")
    for index, visit in enumerate(request.visits):
        if visit.discharge_date is not None and visit.discharge_date < visit.date:
            raise InvalidRequest(
                f"visits[{index}].discharge_date", "before the visit date", "出院日期早于入院日期"
            )
    grades = request.outcome.disability_grades if request.outcome else []
    for index, grade in enumerate(grades):
        if not 1 <= grade <= 10:
            where = f"outcome.disability_grades[{index}]"
            raise InvalidRequest(where, "grade must be 1 to 10", "伤残等级须为1至10级")


def loads(text: str) -> Any:
    """JSON with numbers read as exact decimals, never binary floats."""
    import json
    from decimal import Decimal

    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise InvalidRequest(
            "<request>", f"not valid JSON: {error}", "不是有效的 JSON", "INVALID_JSON"
        ) from None
