"""The claim (赔案): lifecycle state, visits with bill lines (health), incident (auto/accident)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from claimdesk.domain.errors import ErrorCode
from claimdesk.domain.refusals import Refused
from claimdesk.domain.users import Permission, User


class ClaimStatus(StrEnum):
    REPORTED = "reported"
    ACCEPTED = "accepted"
    MATERIALS_PENDING = "materials_pending"
    UNDER_REVIEW = "under_review"
    INVESTIGATION = "investigation"
    ADJUDICATED = "adjudicated"
    APPROVED = "approved"
    PAYMENT_PENDING = "payment_pending"
    PAID = "paid"
    CLOSED = "closed"
    ARCHIVED = "archived"
    DENIED = "denied"
    WITHDRAWN = "withdrawn"
    REOPENED = "reopened"


class LineOfBusiness(StrEnum):
    HEALTH = "health"
    ACCIDENT = "accident"
    AUTO = "auto"


@dataclass(frozen=True)
class BillLine:
    line_ref: str
    type: str
    name: str
    amount: Decimal
    fund_paid: Decimal = Decimal("0.00")
    category_self_pay: Decimal = Decimal("0.00")
    self_funded: Decimal = Decimal("0.00")
    self_pay: Decimal = Decimal("0.00")
    auxiliary: bool = False
    days_supply: int | None = None
    sessions: int | None = None

    def __post_init__(self) -> None:
        parts = self.fund_paid + self.category_self_pay + self.self_funded + self.self_pay
        # 产品条款 1: a line arrives split into four parts that must add up to its amount.
        if parts != self.amount:
            raise Refused(
                ErrorCode.BILL_LINE_PARTS_MISMATCH,
                field=f"lines.{self.line_ref}.amount",
                line_ref=self.line_ref,
                parts=parts,
                amount=self.amount,
            )


@dataclass(frozen=True)
class Visit:
    visit_ref: str
    kind: str
    date: dt.date
    hospital_code: str
    hospital_name: str
    diagnosis: str
    lines: tuple[BillLine, ...] = ()
    discharge_date: dt.date | None = None
    designated: bool = True
    hospital_level: int = 3
    ward: str = "general"
    region: str = "shanghai"
    service: str | None = None
    rescue: bool = False
    other_payer_paid: Decimal = Decimal("0.00")
    receipt_number: str = ""
    receipt_original: bool = True
    receipt_handwritten: bool = False

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))


@dataclass(frozen=True)
class AccidentFacts:
    """意外事故: what the accident-cover terms need; `cause` is the product's exclusion code
    (责任免除) when one applies, else None."""

    date: dt.date
    place: str = ""
    cause: str | None = None
    description: str = ""


@dataclass(frozen=True)
class AccidentOutcome:
    """身故 or 伤残 after the accident; grades by JR/T 0083-2013 (1 = most severe)."""

    kind: str  # "death" or "disability"
    date: dt.date
    disability_grades: tuple[int, ...] = ()
    prior_disability_grade: int | None = None


@dataclass(frozen=True)
class Approval:
    """核赔通过: who signed, for how much (the payment ceiling) and when."""

    approved_by: int
    amount: Decimal
    at: datetime


@dataclass(frozen=True)
class Denial:
    """拒赔: the reason codes and the policy clause (保险法 第二十四条 refusal notice)."""

    reason_codes: tuple[str, ...]
    clause: str


@dataclass(frozen=True)
class Claim:
    id: int | None
    claim_no: str
    policy_id: int
    insured_person_id: int
    product_code: str
    line_of_business: LineOfBusiness
    status: ClaimStatus
    reported_at: datetime
    reported_by: int
    incident_date: date
    incident_description: str = ""
    claimed_amount: Decimal = Decimal("0.00")
    visits: tuple[Visit, ...] = ()
    version: int = 1
    status_reason: str = ""
    updated_at: datetime | None = None
    fast_track: bool = False  # 小额快赔, decided when the claim is reported
    adjudicated_by: int | None = None  # the last user whose move ran the engine
    adjusted_by: tuple[int, ...] = ()  # who overrode amounts, in the order they first did
    difficult: bool = False  # 疑难案件: a panel, not one approver, decides
    difficult_reason: str = ""
    approval: Approval | None = None
    denial: Denial | None = None
    accident: AccidentFacts | None = None  # accident covers (学平险): the accident reported
    outcome: AccidentOutcome | None = None  # lump-sum accident covers: death or disability

    @property
    def makers(self) -> frozenset[int]:
        """Who adjudicated or adjusted the claim: they may not approve it (maker-checker)."""
        ids = {*self.adjusted_by, self.adjudicated_by}
        return frozenset(i for i in ids if i is not None)

    @property
    def billed_total(self) -> Decimal:
        return sum((visit.total for visit in self.visits), Decimal("0.00"))


@dataclass(frozen=True)
class Material:
    id: int | None
    claim_id: int
    code: str
    file_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_by: int
    uploaded_at: datetime
    status: str = "received"
    note: str = ""


# A file declared by its metadata only (JSON API, no content uploaded): listed, never counted
# on the checklist and never served, since its sha256 was not computed by us (issue 11).
MATERIAL_DECLARED = "declared"
MATERIAL_REJECTED = "rejected"


def satisfies_checklist(material: Material) -> bool:
    """Only a stored file whose content was uploaded and checked (type by magic bytes, sha256
    computed on upload), and not rejected by a reviewer, satisfies a checklist item."""
    return material.status not in (MATERIAL_DECLARED, MATERIAL_REJECTED)


def can_see_claim(user: User, claim: Claim) -> bool:
    """Staff see every claim; a customer sees only claims on their own insured record."""
    if user.can(Permission.READ_ALL_CLAIMS):
        return True
    own = claim.insured_person_id == user.insured_person_id
    return own and user.can(Permission.READ_OWN_CLAIMS)


def claim_number(day: date, sequence: int) -> str:
    """Human-readable, unique: LP + report date + 6-digit daily sequence (LP20260601000042)."""
    return f"LP{day:%Y%m%d}{sequence:06d}"


def incident_refusal(
    incident: date, reported_on: date, period_start: date, period_end: date
) -> str | None:
    """Is the incident date plausible (issue 11)? None, or the refusal's code.

    An incident after the day it is reported cannot have happened; every product covers
    incidents in the policy period only, so an incident outside it is refused at intake. Late
    *reporting* of an incident in the period stays possible (the engine judges it against the
    product's claim deadline, CLAIM_TIME_BARRED), as does treatment after the period's end.
    """
    if incident > reported_on:
        return "INCIDENT_AFTER_REPORT"
    if not period_start <= incident <= period_end:
        return "INCIDENT_OUTSIDE_POLICY_PERIOD"
    return None
