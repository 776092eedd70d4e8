"""Policies (保单) and the persons they insure (被保险人)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Policy:
    id: int | None
    policy_no: str
    product_code: str
    policyholder: str
    period_start: date
    period_end: date
    line_of_business: str = "health"
    premium: Decimal = Decimal("0.00")  # written premium (保费) for the whole period
    # The schedule's figures the product's terms read (`{policy: name}`), e.g. the student
    # accident cover's sum_insured and disability_cover: amounts, ratios, flags, schedules.
    parameters: dict[str, Any] = field(default_factory=dict)

    def covers(self, on: date) -> bool:
        return self.period_start <= on <= self.period_end


@dataclass(frozen=True)
class InsuredPerson:
    id: int | None
    policy_id: int
    member_no: str
    name: str
    id_number: str
    phone: str = ""
    bank_account: str = ""
    bank_name: str = ""
    social_insurance: bool = True
    conditions: tuple[str, ...] = field(default_factory=tuple)
