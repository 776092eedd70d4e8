"""The adjudication request as plain frozen dataclasses (the engine's input, no framework)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

# Accumulator values: money (Decimal yuan) or a count (int), keyed by the product's names.
Accumulators = Mapping[str, Decimal | int]
# Policy parameters from the schedule: amounts, ratios, flags, or a nested schedule.
ParameterValue = Decimal | int | bool | str
Parameters = Mapping[str, "ParameterValue | Mapping[str, ParameterValue]"]


@dataclass(frozen=True, slots=True)
class Policy:
    policy_no: str
    period_start: dt.date
    period_end: dt.date
    parameters: Parameters = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Insured:
    insured_id: str
    blacklisted: bool = False
    conditions: frozenset[str] = frozenset()
    social_insurance: bool = True
    minor: bool = False


@dataclass(frozen=True, slots=True)
class Hospital:
    code: str
    name: str
    designated: bool
    level: int
    ward: str = "general"
    region: str = "shanghai"
    public: bool = True


@dataclass(frozen=True, slots=True)
class Receipt:
    number: str
    original: bool
    handwritten: bool


@dataclass(frozen=True, slots=True)
class Line:
    line_id: str
    type: str
    amount: Decimal
    fund_paid: Decimal
    category_self_pay: Decimal
    self_funded: Decimal
    self_pay: Decimal
    name: str = ""
    auxiliary: bool = False
    days_supply: int | None = None
    sessions: int | None = None


@dataclass(frozen=True, slots=True)
class Visit:
    visit_id: str
    kind: str
    date: dt.date
    hospital: Hospital
    lines: tuple[Line, ...]
    receipt: Receipt | None = None
    diagnosis: str = ""
    service: str | None = None
    rescue: bool = False
    other_payer_paid: Decimal = Decimal("0.00")
    discharge_date: dt.date | None = None
    social_security_card: bool = True


@dataclass(frozen=True, slots=True)
class Accident:
    """The accident behind an accident-cover claim; `cause` is an exclusion code or None."""

    date: dt.date
    cause: str | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """Death or disability after an accident; grades by JR/T 0083-2013 (1 = most severe)."""

    kind: str
    date: dt.date
    disability_grades: tuple[int, ...] = ()
    prior_disability_grade: int | None = None


@dataclass(frozen=True, slots=True)
class ClaimRequest:
    product: str
    claim_id: str
    submitted_on: dt.date
    policy: Policy
    insured: Insured
    history: Accumulators
    materials: frozenset[str]
    visits: tuple[Visit, ...] = ()
    accident: Accident | None = None
    outcome: Outcome | None = None
